package mcp.db.pool;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import mcp.db.pool.internal.http.Json;

/**
 * The result of {@link DatabasePool#checkHealth()}: a verdict and the figures behind it. Nothing in
 * it holds a password: error messages are cut to their first line and credentials are masked.
 *
 * @param poolName the pool's name
 * @param status UP, DEGRADED or DOWN
 * @param checkedAt when the check ran
 * @param reasons why the status is not UP, one short sentence each; empty when UP
 * @param databaseReachable whether the round trip to the database succeeded
 * @param roundTrip how long the round trip ({@code Connection.isValid}) took; {@code null} when no
 *     connection could be had for it
 * @param acquireTime how long getting a connection for the check took; {@code null} when none came
 * @param error why the round trip failed (first line, credentials masked), or {@code null}
 * @param size connections open
 * @param checkedOut connections lent to callers
 * @param waiting callers waiting for a connection
 * @param recentTimeouts callers that gave up after poolTimeout in the recent window
 * @param recentConnectFailures failed connection attempts in the recent window
 * @param recentErrorRate SQL errors per second over the recent window
 * @param window the recent window (about a minute)
 * @param circuitState the circuit breaker: {@code closed}, {@code open} or {@code half_open}
 */
public record HealthReport(
    String poolName,
    HealthStatus status,
    Instant checkedAt,
    List<String> reasons,
    boolean databaseReachable,
    Duration roundTrip,
    Duration acquireTime,
    String error,
    int size,
    int checkedOut,
    int waiting,
    long recentTimeouts,
    long recentConnectFailures,
    double recentErrorRate,
    Duration window,
    String circuitState) {

  /** Checks the required values and copies the reasons. */
  public HealthReport {
    Objects.requireNonNull(poolName, "poolName");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(checkedAt, "checkedAt");
    reasons = List.copyOf(reasons);
  }

  /** The report as an ordered map of JSON-ready values (durations in milliseconds). */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("pool", poolName);
    m.put("status", status.name());
    m.put("checked_at", checkedAt.toString());
    m.put("reasons", reasons);
    m.put("database_reachable", databaseReachable);
    m.put("round_trip_ms", roundTrip == null ? null : roundTrip.toNanos() / 1e6);
    m.put("acquire_ms", acquireTime == null ? null : acquireTime.toNanos() / 1e6);
    m.put("error", error);
    m.put("size", size);
    m.put("checkedout", checkedOut);
    m.put("waiting", waiting);
    m.put("recent_timeouts", recentTimeouts);
    m.put("recent_connect_failures", recentConnectFailures);
    m.put("recent_error_rate_per_s", recentErrorRate);
    m.put("window_s", window.toMillis() / 1000.0);
    m.put("circuit_state", circuitState);
    return m;
  }

  /** The report as a JSON object, the body of the HTTP {@code /health} endpoint for one pool. */
  public String toJson() {
    return Json.write(toMap());
  }
}
