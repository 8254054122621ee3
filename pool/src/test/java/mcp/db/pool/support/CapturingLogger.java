package mcp.db.pool.support;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;

/**
 * A logger that records each call into {@link CapturedLogs}. Classic calls arrive through
 * {@link #handleNormalizedLoggingCall}; fluent-API calls arrive whole through
 * {@link #log(LoggingEvent)}, which keeps their key-value pairs apart from the message.
 */
final class CapturingLogger extends LegacyAbstractLogger implements LoggingEventAware {
  private static final long serialVersionUID = 1L;

  CapturingLogger(String name) {
    this.name = name;
  }

  @Override public boolean isTraceEnabled() { return CapturedLogs.captures(Level.TRACE); }
  @Override public boolean isDebugEnabled() { return CapturedLogs.captures(Level.DEBUG); }
  @Override public boolean isInfoEnabled() { return CapturedLogs.captures(Level.INFO); }
  @Override public boolean isWarnEnabled() { return CapturedLogs.captures(Level.WARN); }
  @Override public boolean isErrorEnabled() { return CapturedLogs.captures(Level.ERROR); }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern,
      Object[] arguments, Throwable throwable) {
    record(level, pattern, arguments, throwable, Thread.currentThread().getName(), List.of());
  }

  @Override
  public void log(LoggingEvent event) {
    if (!CapturedLogs.captures(event.getLevel())) return;
    String thread = event.getThreadName() != null ? event.getThreadName()
        : Thread.currentThread().getName();
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    record(event.getLevel(), event.getMessage(), event.getArgumentArray(), event.getThrowable(),
        thread, pairs == null ? List.of() : pairs);
  }

  private void record(Level level, String pattern, Object[] arguments, Throwable throwable,
      String thread, List<KeyValuePair> pairs) {
    FormattingTuple formatted = MessageFormatter.arrayFormat(pattern, arguments);
    Throwable attached = throwable != null ? throwable : formatted.getThrowable();
    Map<String, Object> keyValues = new LinkedHashMap<>();
    for (KeyValuePair pair : pairs) {
      keyValues.put(pair.key, pair.value);
    }
    String message = formatted.getMessage() == null ? "null" : formatted.getMessage();
    CapturedLogs.add(new LogLine(level, name, message, attached, thread,
        keyValues.isEmpty() ? Map.of() : Collections.unmodifiableMap(keyValues)));
  }
}
