package mcp.db.pool.cli.output;

import java.time.Duration;
import java.util.Locale;

/**
 * How the tool writes numbers for people: ASCII only (a terminal in the C locale cannot show "µ"),
 * thousands separated by commas, and durations in the largest unit that keeps two or three
 * significant digits.
 */
public final class Format {
  private Format() {}

  /** A count with thousands separators: {@code 12,345}. */
  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A rate, rounded to a whole number below 1000 only when it is large: {@code 12,345}, {@code 7.5}. */
  public static String rate(double perSecond) {
    if (Double.isNaN(perSecond) || Double.isInfinite(perSecond)) return "-";
    if (perSecond >= 100) return String.format(Locale.ROOT, "%,.0f", perSecond);
    return String.format(Locale.ROOT, "%.1f", perSecond);
  }

  /** A duration given in nanoseconds: {@code 850 ns}, {@code 85 us}, {@code 3.42 ms}, {@code 123 ms}, {@code 1.25 s}. */
  public static String nanos(long nanos) {
    if (nanos < 0) return "-";
    if (nanos < 1_000) return nanos + " ns";
    if (nanos < 1_000_000) return String.format(Locale.ROOT, "%.0f us", nanos / 1e3);
    if (nanos < 10_000_000) return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    if (nanos < 1_000_000_000) return String.format(Locale.ROOT, "%.0f ms", nanos / 1e6);
    if (nanos < 60_000_000_000L) return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    return String.format(Locale.ROOT, "%.1f min", nanos / 60e9);
  }

  /** A duration as people write it on the command line: {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1.5s}. */
  public static String duration(Duration d) {
    long millis = d.toMillis();
    if (millis % 3_600_000 == 0 && millis >= 3_600_000) return (millis / 3_600_000) + "h";
    if (millis % 60_000 == 0 && millis >= 60_000) return (millis / 60_000) + "m";
    if (millis % 1000 == 0) return (millis / 1000) + "s";
    if (millis < 1000) return millis + "ms";
    return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
  }

  /** Seconds with one decimal: {@code 3.4s}. */
  public static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.1fs", nanos / 1e9);
  }

  /** Milliseconds as a number with three decimals, for machine-readable output. */
  public static double millis(long nanos) {
    return nanos < 0 ? Double.NaN : Math.round(nanos / 1e3) / 1e3;
  }

  /** A percentage of {@code part} in {@code whole}, {@code 0%} when whole is zero. */
  public static String percent(double part, double whole) {
    if (whole <= 0) return "0%";
    double percent = 100.0 * part / whole;
    return String.format(Locale.ROOT, percent < 10 && part > 0 ? "%.1f%%" : "%.0f%%", percent);
  }

  /**
   * The first line of {@code message}, trimmed: drivers' messages often go on with the SQL or a
   * hint on further lines, and the tool's errors are one line. Empty for {@code null}.
   */
  public static String firstLine(String message) {
    if (message == null) return "";
    return message.lines().findFirst().orElse("").trim();
  }
}
