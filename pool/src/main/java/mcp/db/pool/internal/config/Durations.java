package mcp.db.pool.internal.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;

/**
 * Reads and writes durations in the form used by environment variables and properties files: a
 * plain number is seconds ({@code 30}, {@code 0.5}); a number may instead carry one of the units
 * {@code ms}, {@code s}, {@code m} or {@code h} ({@code 250ms}, {@code 2m}). Units ignore case and
 * may be separated from the number by spaces. A leading minus sign is allowed; whether a negative
 * duration makes sense is for the setting's rule to decide.
 */
public final class Durations {

  /** The longest duration the pool can measure in nanoseconds (about 292 years). */
  public static final Duration MAX = Duration.ofNanos(Long.MAX_VALUE);

  /** The most negative duration the pool can measure in nanoseconds. */
  public static final Duration MIN = Duration.ofNanos(Long.MIN_VALUE);

  private static final BigDecimal NANOS_PER_MILLI = BigDecimal.valueOf(1_000_000L);
  private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);
  private static final BigDecimal NANOS_PER_MINUTE = BigDecimal.valueOf(60_000_000_000L);
  private static final BigDecimal NANOS_PER_HOUR = BigDecimal.valueOf(3_600_000_000_000L);

  private Durations() {}

  /**
   * Parses {@code text} as described in the class comment. Fractions below a nanosecond are
   * rounded to the nearest nanosecond.
   *
   * @param text the value, already trimmed or not
   * @return the duration
   * @throws IllegalArgumentException when the text is not a number with an optional known unit, or
   *     when it lies outside {@link #MIN}..{@link #MAX}
   */
  public static Duration parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    int unitStart = t.length();
    while (unitStart > 0 && Character.isLetter(t.charAt(unitStart - 1))) unitStart--;
    String unit = t.substring(unitStart);
    String number = t.substring(0, unitStart).trim();
    BigDecimal nanosPerUnit;
    switch (unit) {
      case "":
      case "s":
        nanosPerUnit = NANOS_PER_SECOND;
        break;
      case "ms":
        nanosPerUnit = NANOS_PER_MILLI;
        break;
      case "m":
        nanosPerUnit = NANOS_PER_MINUTE;
        break;
      case "h":
        nanosPerUnit = NANOS_PER_HOUR;
        break;
      default:
        throw new IllegalArgumentException("unknown unit \"" + unit + "\"");
    }
    if (!number.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)")) {
      throw new IllegalArgumentException("not a number");
    }
    BigDecimal nanos = new BigDecimal(number).multiply(nanosPerUnit).setScale(0, RoundingMode.HALF_UP);
    try {
      return Duration.ofNanos(nanos.longValueExact());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("out of range", e);
    }
  }

  /**
   * Formats a duration for messages in the same notation {@link #parse(String)} reads, using the
   * largest unit that shows it exactly: {@code 2h}, {@code 30m}, {@code 90s}, {@code 250ms}. A
   * duration with sub-millisecond parts is written in seconds with a fraction ({@code 0.0000005s}).
   *
   * @param d the duration; {@code null} renders as {@code null}
   * @return the formatted text
   */
  public static String format(Duration d) {
    if (d == null) return "null";
    if (d.isZero()) return "0s";
    BigDecimal nanos = new BigDecimal(d.getSeconds()).multiply(NANOS_PER_SECOND)
        .add(BigDecimal.valueOf(d.getNano()));
    if (isMultiple(nanos, NANOS_PER_HOUR)) return nanos.divide(NANOS_PER_HOUR).toPlainString() + "h";
    if (isMultiple(nanos, NANOS_PER_MINUTE)) return nanos.divide(NANOS_PER_MINUTE).toPlainString() + "m";
    if (isMultiple(nanos, NANOS_PER_SECOND)) return nanos.divide(NANOS_PER_SECOND).toPlainString() + "s";
    if (isMultiple(nanos, NANOS_PER_MILLI)) return nanos.divide(NANOS_PER_MILLI).toPlainString() + "ms";
    return nanos.divide(NANOS_PER_SECOND).stripTrailingZeros().toPlainString() + "s";
  }

  /** Whether {@code d} can be converted with {@link Duration#toNanos()} without overflow. */
  public static boolean fitsInNanos(Duration d) {
    return d.compareTo(MIN) >= 0 && d.compareTo(MAX) <= 0;
  }

  private static boolean isMultiple(BigDecimal value, BigDecimal unit) {
    return value.remainder(unit).signum() == 0;
  }
}
