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

  /**
   * The number of connections in use, counted without allocating: the return path samples it for
   * the peak. The default goes through {@link #scanEntries}.
   */
  default int inUseCount() {
    int[] counts = new int[2];
    scanEntries(counts);
    return counts[0];
  }

  /** The pool clock's current time in nanos. */
  long nanoTime();

  /** The pool clock's wall time in millis. */
  long currentTimeMillis();

  /** The circuit breaker's state: "closed", "open" or "half_open" ("closed" when it is off). */
  String circuitState();

  /**
   * The minIdle the pool currently keeps (it may follow poolSize after a resize). The default
   * assumes the common setting, minIdle equal to poolSize; the engine overrides it.
   */
  default int currentMinIdle() {
    return poolSize();
  }

  /**
   * Calls {@code action} with the per-connection counters of every connection in the pool's list
   * (closing ones included; the caller skips those already folded). The default has none.
   */
  default void forEachEntryCounters(java.util.function.Consumer<EntryCounters> action) {}

  /**
   * One pass over the connections at pool-clock time {@code now}, filling {@code out}: the counts,
   * the earliest borrow time, and the sum over connections in use of {@code now - borrowedAt}
   * (which makes utilisation exact for long borrows). The default calls {@link #scanEntries} and
   * leaves the sum unknown; the engine overrides it with the same loop plus the sum.
   */
  default void scan(EntryScan out, long now) {
    int[] counts = new int[2];
    long oldest = scanEntries(counts);
    out.inUse = counts[0];
    out.idle = counts[1];
    out.oldestBorrowedAt = oldest;
    out.heldNanos = EntryScan.UNKNOWN;
  }
}
