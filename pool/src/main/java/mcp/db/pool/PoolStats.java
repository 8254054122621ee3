package mcp.db.pool;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable snapshot of a pool's state and counters, taken without locks by
 * {@link DatabasePool#getPoolStats()} while the pool keeps working.
 *
 * <p><b>Counts</b> ({@code size}, {@code checkedOut}, {@code checkedIn}) come from one pass over
 * the connections, so under churn they describe a moment a few microseconds wide, and
 * {@code checkedOut + checkedIn == size} holds in every snapshot. <b>Totals</b> ({@code created},
 * {@code timeouts}, ...) count since the pool started. <b>Recent</b> figures ({@code utilization},
 * {@code peakCheckedOut}, the {@link Timing}s, {@code recentTimeouts}, ...) cover the last
 * {@link #window()}: about the last minute, or since the pool started when it is younger, or since
 * the previous snapshot when snapshots are more than a minute apart.
 *
 * @param poolName the pool's name
 * @param takenAt when the snapshot was taken (the pool clock's wall time)
 * @param poolSize connections the pool keeps open (its current target)
 * @param maxOverflow connections allowed above poolSize; -1 = unbounded
 * @param minIdle idle connections the pool keeps open
 * @param size connections open now
 * @param checkedOut connections lent to callers now
 * @param checkedIn idle connections now
 * @param overflow connections open above poolSize now
 * @param waiting callers waiting for a connection now
 * @param pendingConnects connection attempts in progress
 * @param created connections opened since the pool started
 * @param closed connections closed since the pool started
 * @param broken connections found broken (a fatal error) since the pool started
 * @param connectFailures failed connection attempts since the pool started
 * @param validationFailures connections that failed pre-ping or keepalive validation
 * @param timeouts callers that gave up after poolTimeout since the pool started
 * @param retries transaction callbacks retried after a transient failure since the pool started
 * @param borrows connections lent to callers since the pool started, counted once each by the
 *     borrow's new owner; zero when hot-path recording is off ({@code -Dmcp.db.pool.metrics=false})
 * @param returns connections given back by callers since the pool started, counted once each;
 *     while no borrow or return is in progress, {@code borrows - returns == checkedOut}; zero when
 *     hot-path recording is off
 * @param closedByReason connections closed since the pool started, by reason ({@code recycled},
 *     {@code idle}, {@code broken}, {@code evicted}, {@code overflow}, {@code validation_failed},
 *     {@code leak}, {@code pool_closed}); every reason is present, zero or not
 * @param errorsBySqlStateClass SQL errors seen through the pool's connections since it started, by
 *     the first two characters of their SQLState ({@code "unknown"} when there was none)
 * @param recentErrors the last few SQL errors, oldest first, with secrets removed from the message
 * @param oldestCheckout how long the longest current borrow has lasted; zero when none
 * @param window how much time the recent figures cover
 * @param utilization in-use connections divided by open connections, averaged over time across the
 *     window, from 0 to 1
 * @param peakCheckedOut the most connections seen in use at once in the window (exact when a caller
 *     had to wait or a snapshot was taken at that moment; other short peaks are sampled)
 * @param recentTimeouts callers that gave up after poolTimeout in the window
 * @param recentErrorCount SQL errors seen in the window
 * @param recentConnectFailures failed connection attempts in the window
 * @param acquireWait how long borrows waited for a connection in the window
 * @param holdTime how long callers held connections, for those returned in the window
 * @param connectTime how long opening a connection took in the window
 * @param circuitState the circuit breaker: {@code closed}, {@code open} or {@code half_open}
 *     ({@code closed} when it is off)
 * @param sizing what pool sizing currently believes and last decided, as of its latest
 *     measurement window or {@link DatabasePool#optimizePoolSize(double)} call (so it may be a
 *     window, about two seconds, older than the rest of the snapshot)
 */
public record PoolStats(
    String poolName,
    Instant takenAt,
    int poolSize,
    int maxOverflow,
    int minIdle,
    int size,
    int checkedOut,
    int checkedIn,
    int overflow,
    int waiting,
    int pendingConnects,
    long created,
    long closed,
    long broken,
    long connectFailures,
    long validationFailures,
    long timeouts,
    long retries,
    long borrows,
    long returns,
    Map<String, Long> closedByReason,
    Map<String, Long> errorsBySqlStateClass,
    List<SqlError> recentErrors,
    Duration oldestCheckout,
    Duration window,
    double utilization,
    int peakCheckedOut,
    long recentTimeouts,
    long recentErrorCount,
    long recentConnectFailures,
    Timing acquireWait,
    Timing holdTime,
    Timing connectTime,
    String circuitState,
    Sizing sizing) {

  /** Copies the collections so the snapshot stays immutable. */
  public PoolStats {
    Objects.requireNonNull(poolName, "poolName");
    Objects.requireNonNull(sizing, "sizing");
    closedByReason = Map.copyOf(closedByReason);
    errorsBySqlStateClass = Map.copyOf(errorsBySqlStateClass);
    recentErrors = List.copyOf(recentErrors);
  }

  /** SQL errors seen through the pool's connections since it started, all classes together. */
  public long errors() {
    long n = 0;
    for (long c : errorsBySqlStateClass.values()) {
      n += c;
    }
    return n;
  }

  /**
   * The statistics under the product spec's names ({@code checkedout}, {@code checkedin},
   * {@code overflow}, ...), for tooling that expects SQLAlchemy's vocabulary. Durations are in
   * milliseconds (fractional), nested figures are maps, the recent errors a list of maps. The order
   * of the keys is fixed.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("pool_name", poolName);
    m.put("taken_at", takenAt.toString());
    m.put("pool_size", poolSize);
    m.put("max_overflow", maxOverflow);
    m.put("min_idle", minIdle);
    m.put("size", size);
    m.put("checkedout", checkedOut);
    m.put("checkedin", checkedIn);
    m.put("overflow", overflow);
    m.put("waiting", waiting);
    m.put("pending_connects", pendingConnects);
    m.put("created", created);
    m.put("closed", closed);
    m.put("broken", broken);
    m.put("connect_failures", connectFailures);
    m.put("validation_failures", validationFailures);
    m.put("timeouts", timeouts);
    m.put("retries", retries);
    m.put("borrows", borrows);
    m.put("returns", returns);
    m.put("errors", errors());
    m.put("closed_by_reason", closedByReason);
    m.put("errors_by_sqlstate_class", errorsBySqlStateClass);
    m.put("oldest_checkout_ms", millis(oldestCheckout));
    m.put("window_s", window.toMillis() / 1000.0);
    m.put("utilization", utilization);
    m.put("peak_checkedout", peakCheckedOut);
    m.put("recent_timeouts", recentTimeouts);
    m.put("recent_errors_count", recentErrorCount);
    m.put("recent_connect_failures", recentConnectFailures);
    m.put("acquire_wait_ms", acquireWait.toMap());
    m.put("hold_time_ms", holdTime.toMap());
    m.put("connect_time_ms", connectTime.toMap());
    m.put("circuit_state", circuitState);
    List<Map<String, Object>> errors = new ArrayList<>();
    for (SqlError e : recentErrors) {
      errors.add(e.toMap());
    }
    m.put("recent_errors", errors);
    m.put("sizing", sizing.toMap());
    return m;
  }

  private static double millis(Duration d) {
    return d.toNanos() / 1_000_000.0;
  }

  /**
   * Percentiles of a duration over the recent window. Each is interpolated inside a bucket at most
   * 25% wide, so it is within a few percent of the exact value; {@code max} is exact.
   *
   * @param count values recorded in the window
   * @param p50 the median; zero when nothing was recorded
   * @param p95 the 95th percentile
   * @param p99 the 99th percentile
   * @param max the largest value
   */
  public record Timing(long count, Duration p50, Duration p95, Duration p99, Duration max) {
    /** No values. */
    public static final Timing EMPTY = new Timing(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    /** Checks that no value is null. */
    public Timing {
      Objects.requireNonNull(p50, "p50");
      Objects.requireNonNull(p95, "p95");
      Objects.requireNonNull(p99, "p99");
      Objects.requireNonNull(max, "max");
    }

    /** {@code count}, then {@code p50}, {@code p95}, {@code p99}, {@code max} in milliseconds. */
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("count", count);
      m.put("p50", millis(p50));
      m.put("p95", millis(p95));
      m.put("p99", millis(p99));
      m.put("max", millis(max));
      return m;
    }
  }

  /**
   * What pool sizing believes and decided, published by sizing when the pool starts, after each
   * measurement window (about every two seconds) and after each
   * {@link DatabasePool#optimizePoolSize(double)}, and copied into every snapshot. {@link DatabasePool#sizingReport()} has the full picture: the measurements by
   * size and the recent decisions.
   *
   * @param automatic whether automatic sizing ({@code autoSize}) is on
   * @param chosenSize the size sizing considers best: automatic sizing's choice (not a probe's
   *     size), or for a manual pool the size {@code optimizePoolSize} last chose; 0 while nothing has
   *     been chosen
   * @param state what automatic sizing is doing, in a few words; {@code "off"} when it is off
   * @param estimatedConcurrency how many borrows the database served at once at its best: peak
   *     throughput times {@code noLoadHoldTime} (Little's law); 0 while unknown
   * @param noLoadHoldTime the lowest recent mean hold time, the database's response without
   *     queueing; zero while unknown
   * @param grows times automatic sizing raised its chosen size since the pool started (probes and
   *     {@code optimizePoolSize} not counted)
   * @param shrinks times automatic sizing lowered its chosen size since the pool started (probes and
   *     {@code optimizePoolSize} not counted)
   * @param lastDecision the latest decision that changed or froze the size, automatic or from
   *     {@code optimizePoolSize}; {@code null} when there was none
   */
  public record Sizing(
      boolean automatic,
      int chosenSize,
      String state,
      double estimatedConcurrency,
      Duration noLoadHoldTime,
      long grows,
      long shrinks,
      SizingDecision lastDecision) {

    /**
     * What a snapshot shows before sizing has published anything: not automatic, nothing chosen,
     * nothing estimated, no decision.
     */
    public static final Sizing OFF = new Sizing(false, 0, "off", 0, Duration.ZERO, 0, 0, null);

    /** Checks that {@code state} and {@code noLoadHoldTime} are not null. */
    public Sizing {
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(noLoadHoldTime, "noLoadHoldTime");
    }

    /**
     * {@code automatic}, {@code chosen_size}, {@code state}, {@code estimated_concurrency},
     * {@code no_load_hold_time_ms}, {@code grows}, {@code shrinks}, and {@code last_decision} (the
     * decision's {@link SizingDecision#toMap()}, or null).
     */
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("automatic", automatic);
      m.put("chosen_size", chosenSize);
      m.put("state", state);
      m.put("estimated_concurrency", estimatedConcurrency);
      m.put("no_load_hold_time_ms", millis(noLoadHoldTime));
      m.put("grows", grows);
      m.put("shrinks", shrinks);
      m.put("last_decision", lastDecision == null ? null : lastDecision.toMap());
      return m;
    }
  }

  /**
   * One SQL error seen through the pool's connections.
   *
   * @param at when it was seen
   * @param sqlState its SQLState, or {@code null} when the driver gave none
   * @param vendorCode the driver's vendor error code
   * @param message its first line, at most 200 characters, with passwords and URL credentials
   *     removed; details a database appends on later lines (which may quote row values) are dropped
   */
  public record SqlError(Instant at, String sqlState, int vendorCode, String message) {
    /** {@code at} (ISO-8601), {@code sqlstate}, {@code vendor_code}, {@code message}. */
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("at", at.toString());
      m.put("sqlstate", sqlState);
      m.put("vendor_code", vendorCode);
      m.put("message", message);
      return m;
    }
  }
}
