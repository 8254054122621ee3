package mcp.db.pool.support;

import java.util.Map;
import java.util.Objects;
import org.slf4j.event.Level;

/**
 * One captured log call.
 *
 * @param level the level
 * @param logger the logger's name
 * @param message the message with its {@code {}} placeholders filled in
 * @param throwable the attached throwable, or {@code null}
 * @param thread the name of the thread that logged
 * @param keyValues key-value pairs from the fluent API ({@code logger.atInfo().addKeyValue(...)}),
 *     in the order added; empty for classic calls
 */
public record LogLine(Level level, String logger, String message, Throwable throwable,
    String thread, Map<String, Object> keyValues) {

  /** Checks the components. */
  public LogLine {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(logger, "logger");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(keyValues, "keyValues");
  }

  /** Whether the message contains {@code text}. */
  public boolean contains(String text) {
    return message.contains(text);
  }

  /** Whether the throwable, or one of its causes, is a {@code type}. */
  public boolean hasThrowable(Class<? extends Throwable> type) {
    for (Throwable t = throwable; t != null; t = t.getCause()) {
      if (type.isInstance(t)) return true;
      if (t.getCause() == t) break;
    }
    return false;
  }

  /** {@code WARN [thread] logger - message {k=v} (throwable)}: one line for assertion messages. */
  @Override
  public String toString() {
    StringBuilder line = new StringBuilder()
        .append(level).append(" [").append(thread).append("] ").append(logger).append(" - ")
        .append(message);
    if (!keyValues.isEmpty()) line.append(' ').append(keyValues);
    if (throwable != null) line.append(" (").append(throwable).append(')');
    return line.toString();
  }
}
