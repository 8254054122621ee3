package mcp.db.pool;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One metric of a pool, in a form any metrics library can take: what
 * {@link DatabasePool#collectMetrics()} returns and what the Prometheus and Micrometer modules
 * publish. Names and attributes follow the OpenTelemetry semantic conventions for database client
 * connection pools ({@code db.client.connection.*}) where they define the metric, and use the
 * {@code mcp.db.pool.*} namespace otherwise; docs/monitoring.md lists them all.
 *
 * <p>Counters and histograms are cumulative since the pool started; gauges and up-down counters
 * are values at the moment of collection.
 *
 * @param name the OpenTelemetry metric name, e.g. {@code db.client.connection.count}
 * @param kind the instrument kind
 * @param unit the UCUM unit: {@code s} for durations, {@code 1} for ratios, or an annotation such
 *     as {@code {connection}} for counts
 * @param description one sentence saying what it measures
 * @param points one point per distinct set of attributes
 */
public record MetricFamily(String name, Kind kind, String unit, String description, List<Point> points) {

  /** Checks the arguments and copies the points. */
  public MetricFamily {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(description, "description");
    points = List.copyOf(points);
  }

  /**
   * The name under the Prometheus conventions, as OpenTelemetry's Prometheus exporters derive it:
   * dots become underscores and the unit is appended ({@code _seconds} for {@code s}, {@code _ratio}
   * for a gauge in {@code 1}; annotations like {@code {connection}} add nothing). A counter's
   * samples add {@code _total}, a histogram's {@code _bucket}, {@code _sum} and {@code _count}.
   * Example: {@code db.client.connection.wait_time} becomes
   * {@code db_client_connection_wait_time_seconds}.
   */
  public String prometheusName() {
    String base = sanitize(name);
    String suffix = "";
    if ("s".equals(unit)) {
      suffix = "_seconds";
    } else if ("1".equals(unit) && kind != Kind.COUNTER) {
      suffix = "_ratio";
    }
    return base.endsWith(suffix) ? base : base + suffix;
  }

  /**
   * The Prometheus label for an attribute: the {@code db.client.connection.} prefix dropped and
   * dots made underscores, so {@code db.client.connection.state} becomes {@code state} and
   * {@code db.client.connection.pool.name} becomes {@code pool_name}.
   */
  public static String prometheusLabel(String attribute) {
    String a = attribute.startsWith("db.client.connection.")
        ? attribute.substring("db.client.connection.".length()) : attribute;
    return sanitize(a).replace(':', '_');
  }

  private static String sanitize(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':'
          || (c >= '0' && c <= '9' && i > 0);
      sb.append(ok ? c : '_');
    }
    return sb.toString();
  }

  /** OpenTelemetry instrument kinds; Prometheus renders both gauge kinds as gauges. */
  public enum Kind {
    /** A value sampled at collection time (utilisation, ages). */
    GAUGE,
    /** A count that goes up and down (connections in a state, callers waiting). */
    UP_DOWN_COUNTER,
    /** A count that only goes up, since the pool started. */
    COUNTER,
    /** A distribution of durations, in seconds, since the pool started. */
    HISTOGRAM
  }

  /**
   * One value of a metric.
   *
   * @param attributes attribute names (OpenTelemetry style, e.g. {@code db.client.connection.state})
   *     to values; always holds {@code db.client.connection.pool.name}
   * @param value the value; for a histogram, the sum of the recorded values
   * @param histogram the distribution when the metric is a {@link Kind#HISTOGRAM}, else {@code null}
   */
  public record Point(Map<String, String> attributes, double value, Histogram histogram) {
    /** Copies the attributes. */
    public Point {
      attributes = Map.copyOf(attributes);
    }
  }

  /**
   * A cumulative histogram with explicit bucket boundaries.
   *
   * @param count values recorded
   * @param sum their sum, in the metric's unit
   * @param upperBounds the finite bucket boundaries, ascending, in the metric's unit; the last
   *     bucket (+Inf) is implied
   * @param cumulativeCounts for each boundary, the number of values less than or equal to it
   */
  public record Histogram(long count, double sum, List<Double> upperBounds, List<Long> cumulativeCounts) {
    /** Checks that there is one count per boundary and copies both. */
    public Histogram {
      upperBounds = List.copyOf(upperBounds);
      cumulativeCounts = List.copyOf(cumulativeCounts);
      if (upperBounds.size() != cumulativeCounts.size()) {
        throw new IllegalArgumentException("upperBounds has " + upperBounds.size()
            + " elements but cumulativeCounts has " + cumulativeCounts.size());
      }
    }
  }
}
