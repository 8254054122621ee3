package mcp.db.pool.internal.metrics;

/**
 * What the statistics need to read from the pool engine at snapshot time. Implemented by the
 * engine; every method is lock-free and cheap.
 */
public interface PoolView {

  /** The pool's name. */
  String name();

  /** Current target size. */
  int poolSize();

  /** Current overflow limit; -1 = unbounded. */
  int maxOverflow();

  /** Callers waiting now. */
  int waiting();

  /** Connection attempts in progress. */
  int pendingConnects();

  /**
   * One pass over the connections: stores the number in use in {@code counts[0]} and the number
   * idle in {@code counts[1]}, and returns the earliest borrow time (pool clock nanos) among the
   * connections in use, or {@link Long#MAX_VALUE} when none is.
   */
  long scanEntries(int[] counts);

  /** The pool clock's current time in nanos. */
  long nanoTime();

  /** The pool clock's wall time in millis. */
  long currentTimeMillis();

  /** The circuit breaker's state: "closed", "open" or "half_open" ("closed" when it is off). */
  String circuitState();
}
