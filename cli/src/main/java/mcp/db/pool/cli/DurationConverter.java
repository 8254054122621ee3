package mcp.db.pool.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads durations the way {@code POOL_TIMEOUT} and the other environment variables are read: a
 * number of seconds ({@code 5}, {@code 0.5}) or a number with a unit {@code ms}, {@code s},
 * {@code m} or {@code h} ({@code 250ms}, {@code 2s}, {@code 1.5m}). Negative values are rejected;
 * whether zero is allowed is up to each option.
 */
public final class DurationConverter implements ITypeConverter<Duration> {
  private static final Pattern FORMAT = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*(ms|s|m|h)?");

  @Override
  public Duration convert(String text) {
    Matcher m = FORMAT.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new TypeConversionException("'" + text + "' is not a duration (write e.g. 500ms, 5s, 2m or 1h)");
    }
    BigDecimal amount = new BigDecimal(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    BigDecimal nanosPerUnit = BigDecimal.valueOf(switch (unit) {
      case "ms" -> 1_000_000L;
      case "m" -> 60_000_000_000L;
      case "h" -> 3_600_000_000_000L;
      default -> 1_000_000_000L;
    });
    BigDecimal nanos = amount.multiply(nanosPerUnit);
    if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new TypeConversionException("'" + text + "' is too long a duration");
    }
    return Duration.ofNanos(nanos.longValue());
  }
}
