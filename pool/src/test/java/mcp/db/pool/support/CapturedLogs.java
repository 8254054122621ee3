package mcp.db.pool.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.event.Level;

/**
 * Everything logged through SLF4J during the tests, captured by {@link CapturingLoggerProvider}, so a
 * test can assert on log lines:
 *
 * <pre>{@code
 * CapturedLogs.clear();
 * pool.close();
 * assertThat(CapturedLogs.matching("leak")).isEmpty();
 * assertThat(CapturedLogs.withThrowable(SQLException.class)).singleElement()
 *     .satisfies(line -> assertThat(line.level()).isEqualTo(Level.WARN));
 * }</pre>
 *
 * <p>The buffer is global to the JVM and filled by every thread (pool housekeeping threads too):
 * clear it at the start of a test and filter by something specific to it. It keeps the newest
 * {@value #CAPACITY} lines; older ones are dropped and counted in {@link #dropped()}.
 *
 * <p>Loggers capture {@code DEBUG} and above by default; set the system property
 * {@code mcp.test.log.level} (e.g. {@code -Dmcp.test.log.level=TRACE}) or call
 * {@link #captureLevel(Level)} to change it. Lines at {@code WARN} and above are also printed to
 * standard error, so they show in CI output.
 *
 * <p>Design: a lock-free queue with an approximate size counter; when a writer pushes the size past
 * the capacity it removes the oldest line. Racing writers may briefly hold a few more lines than the
 * capacity, which is harmless.
 */
public final class CapturedLogs {
  /** The most lines kept. */
  public static final int CAPACITY = 20_000;

  private static final Queue<LogLine> LINES = new ConcurrentLinkedQueue<>();
  private static final AtomicInteger SIZE = new AtomicInteger();
  private static final AtomicLong DROPPED = new AtomicLong();
  private static volatile Level captureLevel = initialLevel();

  private CapturedLogs() {}

  private static Level initialLevel() {
    String name = System.getProperty("mcp.test.log.level", "DEBUG").trim().toUpperCase(Locale.ROOT);
    try {
      return Level.valueOf(name);
    } catch (IllegalArgumentException e) {
      System.err.println("mcp.test.log.level=" + name + " is not a level; capturing DEBUG");
      return Level.DEBUG;
    }
  }

  /** Forgets every captured line and the dropped count. */
  public static void clear() {
    LINES.clear();
    SIZE.set(0);
    DROPPED.set(0);
  }

  /** All captured lines, oldest first. */
  public static List<LogLine> lines() {
    return new ArrayList<>(LINES);
  }

  /** The lines whose message contains {@code text}. */
  public static List<LogLine> matching(String text) {
    return select(line -> line.contains(text));
  }

  /** The lines at exactly this level. */
  public static List<LogLine> at(Level level) {
    return select(line -> line.level() == level);
  }

  /** The lines logged by this logger or one below it ({@code mcp.db.pool} covers the library). */
  public static List<LogLine> fromLogger(String name) {
    return select(line -> line.logger().equals(name) || line.logger().startsWith(name + "."));
  }

  /** The lines that carry a throwable. */
  public static List<LogLine> withThrowable() {
    return select(line -> line.throwable() != null);
  }

  /** The lines whose throwable, or one of its causes, is a {@code type}. */
  public static List<LogLine> withThrowable(Class<? extends Throwable> type) {
    return select(line -> line.hasThrowable(type));
  }

  /** The lines that satisfy {@code filter}. */
  public static List<LogLine> select(Predicate<? super LogLine> filter) {
    return LINES.stream().filter(filter).collect(Collectors.toList());
  }

  /** All lines, one per row, for an assertion message. */
  public static String dump() {
    return LINES.stream().map(LogLine::toString).collect(Collectors.joining("\n"));
  }

  /** How many old lines were dropped since the last {@link #clear()} to respect the capacity. */
  public static long dropped() {
    return DROPPED.get();
  }

  /** The least severe level captured. */
  public static Level captureLevel() {
    return captureLevel;
  }

  /** Captures {@code level} and everything more severe from now on, in every logger. */
  public static void captureLevel(Level level) {
    captureLevel = level;
  }

  static boolean captures(Level level) {
    return level.toInt() >= captureLevel.toInt();
  }

  static void add(LogLine line) {
    LINES.add(line);
    if (SIZE.incrementAndGet() > CAPACITY && LINES.poll() != null) {
      SIZE.decrementAndGet();
      DROPPED.incrementAndGet();
    }
    if (line.level().toInt() >= Level.WARN.toInt()) {
      System.err.println(line);
      if (line.throwable() != null) line.throwable().printStackTrace(System.err);
    }
  }
}
