package mcp.db.pool;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An immutable snapshot of a pool's state and counters, taken without locks by
 * {@link DatabasePool#getPoolStats()}. Counts of connections ({@code size}, {@code checkedOut},
 * {@code checkedIn}) are read one entry at a time while the pool keeps working, so under churn they
 * describe a moment that is a few microseconds wide; {@code checkedOut + checkedIn == size} holds in
 * every snapshot because both are counted from the same pass.
 *
 * @param poolName the pool's name
 * @param poolSize connections the pool keeps open (its current target)
 * @param maxOverflow connections allowed above poolSize; -1 = unbounded
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
 * @param timeouts callers that gave up after poolTimeout
 * @param closedByReason connections closed, by reason (recycled, idle, broken, ...)
 * @param errorsBySqlStateClass SQL errors seen through the pool's connections, by SQLState class
 */
public record PoolStats(
    String poolName,
    int poolSize,
    int maxOverflow,
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
    Map<String, Long> closedByReason,
    Map<String, Long> errorsBySqlStateClass) {

  /** Copies the maps so the snapshot stays immutable. */
  public PoolStats {
    closedByReason = Map.copyOf(closedByReason);
    errorsBySqlStateClass = Map.copyOf(errorsBySqlStateClass);
  }

  /**
   * The statistics under the product spec's names ({@code checkedout}, {@code checkedin},
   * {@code overflow}, ...), for tooling that expects SQLAlchemy's vocabulary.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("pool_name", poolName);
    m.put("pool_size", poolSize);
    m.put("max_overflow", maxOverflow);
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
    m.put("closed_by_reason", closedByReason);
    m.put("errors_by_sqlstate_class", errorsBySqlStateClass);
    return m;
  }
}
