package mcp.db.pool.internal.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mcp.db.pool.MetricFamily;
import mcp.db.pool.MetricFamily.Kind;
import mcp.db.pool.PoolStats;

/**
 * Every metric a pool publishes, by name, unit and meaning: the single list the HTTP endpoint, the
 * Prometheus module and the Micrometer module render. docs/monitoring.md mirrors it.
 *
 * <p>Names follow the OpenTelemetry semantic conventions for database client connection pools.
 * The pool's limit is published as {@code db.client.connection.limit}, the current name; the
 * conventions called it {@code db.client.connection.max} before late 2026.
 */
public final class MetricCatalog {
  /** Attribute naming the pool, required on every semantic-convention pool metric. */
  public static final String POOL_NAME = "db.client.connection.pool.name";
  /** Attribute of {@code db.client.connection.count}: {@code idle} or {@code used}. */
  public static final String STATE = "db.client.connection.state";
  /** Attribute of the closed-connections counter: the {@link CloseReason} label. */
  public static final String REASON = "reason";
  /** Attribute of the error counter: the SQLState class. */
  public static final String SQLSTATE_CLASS = "sqlstate_class";
  /** Attribute of the sizing-changes counter: {@code grow} or {@code shrink}. */
  public static final String DIRECTION = "direction";

  private static final double NANOS_PER_SECOND = 1e9;

  private MetricCatalog() {}

  /** Cumulative bucket counts (at {@link LatencyHistogram#BOUNDS}) and sum, nanos. */
  static final class Cumulative {
    final long[] counts;
    final long sumNanos;

    Cumulative(long[] counts, long sumNanos) {
      this.counts = counts;
      this.sumNanos = sumNanos;
    }
  }

  static List<MetricFamily> families(PoolStats s, Cumulative wait, Cumulative hold, Cumulative connect) {
    Map<String, String> pool = Map.of(POOL_NAME, s.poolName());
    List<MetricFamily> out = new ArrayList<>();

    out.add(new MetricFamily("db.client.connection.count", Kind.UP_DOWN_COUNTER, "{connection}",
        "The number of connections that are currently in the state given by db.client.connection.state.",
        List.of(point(pool, STATE, "idle", s.checkedIn()), point(pool, STATE, "used", s.checkedOut()))));
    out.add(single("db.client.connection.idle.max", Kind.UP_DOWN_COUNTER, "{connection}",
        "The maximum number of idle open connections allowed (poolSize).", pool, s.poolSize()));
    out.add(single("db.client.connection.idle.min", Kind.UP_DOWN_COUNTER, "{connection}",
        "The minimum number of idle open connections allowed (minIdle).", pool, s.minIdle()));
    if (s.maxOverflow() >= 0) {
      out.add(single("db.client.connection.limit", Kind.UP_DOWN_COUNTER, "{connection}",
          "The maximum number of open connections allowed (poolSize + maxOverflow); absent when "
              + "overflow is unbounded.", pool, (double) s.poolSize() + s.maxOverflow()));
    }
    out.add(single("db.client.connection.pending_requests", Kind.UP_DOWN_COUNTER, "{request}",
        "The number of callers currently waiting for a connection.", pool, s.waiting()));
    out.add(single("db.client.connection.timeouts", Kind.COUNTER, "{timeout}",
        "The number of callers that gave up waiting for a connection after poolTimeout.", pool,
        s.timeouts()));
    out.add(histogram("db.client.connection.create_time",
        "The time it took to open a new connection.", pool, connect));
    out.add(histogram("db.client.connection.wait_time",
        "The time it took to obtain a connection from the pool.", pool, wait));
    out.add(histogram("db.client.connection.use_time",
        "The time between borrowing a connection and returning it to the pool.", pool, hold));

    out.add(single("mcp.db.pool.connection.overflow", Kind.UP_DOWN_COUNTER, "{connection}",
        "Connections open above poolSize.", pool, s.overflow()));
    if (s.maxOverflow() >= 0) {
      out.add(single("mcp.db.pool.connection.overflow.limit", Kind.UP_DOWN_COUNTER, "{connection}",
          "Connections allowed above poolSize (maxOverflow); absent when unbounded.", pool,
          s.maxOverflow()));
    }
    out.add(single("mcp.db.pool.connection.pending_creates", Kind.UP_DOWN_COUNTER, "{connection}",
        "Connection attempts in progress.", pool, s.pendingConnects()));
    out.add(single("mcp.db.pool.connection.created", Kind.COUNTER, "{connection}",
        "Connections opened since the pool started.", pool, s.created()));
    List<MetricFamily.Point> closed = new ArrayList<>();
    for (CloseReason r : CloseReason.values()) {
      closed.add(point(pool, REASON, r.label(), s.closedByReason().getOrDefault(r.label(), 0L)));
    }
    out.add(new MetricFamily("mcp.db.pool.connection.closed", Kind.COUNTER, "{connection}",
        "Connections closed since the pool started, by reason.", closed));
    out.add(single("mcp.db.pool.connection.broken", Kind.COUNTER, "{connection}",
        "Connections found broken by a fatal error.", pool, s.broken()));
    out.add(single("mcp.db.pool.connection.create_failures", Kind.COUNTER, "{failure}",
        "Connection attempts that failed.", pool, s.connectFailures()));
    out.add(single("mcp.db.pool.connection.validation_failures", Kind.COUNTER, "{failure}",
        "Connections that failed pre-ping or keepalive validation.", pool, s.validationFailures()));
    out.add(single("mcp.db.pool.connection.use.oldest_age", Kind.GAUGE, "s",
        "How long the longest current borrow has lasted; 0 when none.", pool,
        s.oldestCheckout().toNanos() / NANOS_PER_SECOND));
    out.add(single("mcp.db.pool.connection.used.peak", Kind.GAUGE, "{connection}",
        "The most connections in use at once over the recent window (about a minute).", pool,
        s.peakCheckedOut()));
    out.add(single("mcp.db.pool.utilization", Kind.GAUGE, "1",
        "Connections in use divided by connections open, time-weighted over the recent window.",
        pool, s.utilization()));
    out.add(single("mcp.db.pool.transaction.retries", Kind.COUNTER, "{retry}",
        "Transaction callbacks retried after a transient failure.", pool, s.retries()));
    List<MetricFamily.Point> errors = new ArrayList<>();
    for (Map.Entry<String, Long> e : s.errorsBySqlStateClass().entrySet()) {
      errors.add(point(pool, SQLSTATE_CLASS, e.getKey(), e.getValue()));
    }
    out.add(new MetricFamily("mcp.db.pool.errors", Kind.COUNTER, "{error}",
        "SQL errors seen through the pool's connections, by SQLState class (first two characters).",
        errors));
    out.add(single("mcp.db.pool.circuit_breaker.open", Kind.GAUGE, "{state}",
        "1 while the circuit breaker is open or half open (the database is unreachable), else 0.",
        pool, "closed".equals(s.circuitState()) ? 0 : 1));

    PoolStats.Sizing sizing = s.sizing();
    out.add(single("mcp.db.pool.sizing.automatic", Kind.GAUGE, "{state}",
        "1 while automatic sizing (autoSize) owns the pool's size, else 0.", pool, sizing.automatic() ? 1 : 0));
    out.add(single("mcp.db.pool.sizing.chosen_size", Kind.UP_DOWN_COUNTER, "{connection}",
        "The pool size sizing considers best (not a probe's size); 0 while nothing has been chosen.", pool,
        sizing.chosenSize()));
    out.add(single("mcp.db.pool.sizing.estimated_concurrency", Kind.GAUGE, "{connection}",
        "Borrows the database served at once at its best: peak throughput times no-load hold time "
            + "(Little's law); 0 while unknown.", pool, sizing.estimatedConcurrency()));
    out.add(single("mcp.db.pool.sizing.no_load_hold_time", Kind.GAUGE, "s",
        "The lowest recent mean hold time, the database's response without queueing; 0 while unknown.",
        pool, sizing.noLoadHoldTime().toNanos() / NANOS_PER_SECOND));
    out.add(new MetricFamily("mcp.db.pool.sizing.changes", Kind.COUNTER, "{change}",
        "Times automatic sizing changed the size it considers best, by direction.",
        List.of(point(pool, DIRECTION, "grow", sizing.grows()), point(pool, DIRECTION, "shrink", sizing.shrinks()))));
    return out;
  }

  private static MetricFamily single(String name, Kind kind, String unit, String description,
      Map<String, String> pool, double value) {
    return new MetricFamily(name, kind, unit, description,
        List.of(new MetricFamily.Point(pool, value, null)));
  }

  private static MetricFamily.Point point(Map<String, String> pool, String key, String value, double v) {
    return new MetricFamily.Point(Map.of(POOL_NAME, pool.get(POOL_NAME), key, value), v, null);
  }

  private static MetricFamily histogram(String name, String description, Map<String, String> pool,
      Cumulative c) {
    long[] cumulative = LatencyHistogram.cumulativeAtExportedBounds(c.counts);
    List<Double> bounds = new ArrayList<>(cumulative.length);
    List<Long> counts = new ArrayList<>(cumulative.length);
    for (int i = 0; i < cumulative.length; i++) {
      bounds.add(LatencyHistogram.EXPORTED_BOUNDS_NANOS[i] / NANOS_PER_SECOND);
      counts.add(cumulative[i]);
    }
    long count = LatencyHistogram.total(c.counts);
    double sum = c.sumNanos / NANOS_PER_SECOND;
    return new MetricFamily(name, Kind.HISTOGRAM, "s", description,
        List.of(new MetricFamily.Point(pool, sum, new MetricFamily.Histogram(count, sum, bounds, counts))));
  }
}
