package mcp.db.pool.internal.metrics;

import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import mcp.db.pool.PoolStats;

/**
 * The pool's counters and distributions. The engine calls the {@code record*} methods; the hot
 * path calls only {@link #recordBorrow} and {@link #recordReturn}, which must stay cheap and
 * lock-free. {@link #snapshot} builds the public {@link PoolStats}.
 */
public final class PoolMetrics {
  private final LongAdder created = new LongAdder();
  private final LongAdder broken = new LongAdder();
  private final LongAdder connectFailures = new LongAdder();
  private final LongAdder validationFailures = new LongAdder();
  private final LongAdder timeouts = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final EnumMap<CloseReason, LongAdder> closedBy = new EnumMap<>(CloseReason.class);
  private final ConcurrentHashMap<String, LongAdder> errorsByClass = new ConcurrentHashMap<>();

  public PoolMetrics() {
    for (CloseReason r : CloseReason.values()) {
      closedBy.put(r, new LongAdder());
    }
  }

  /** A borrow succeeded after waiting {@code waitNanos} (0 when an idle connection was at hand). */
  public void recordBorrow(long waitNanos) {
  }

  /** A connection came back after being held {@code holdNanos}. */
  public void recordReturn(long holdNanos) {
  }

  /** A connection was opened in {@code connectNanos}. */
  public void recordConnect(long connectNanos) {
    created.increment();
  }

  /** A connection attempt failed. */
  public void recordConnectFailure(Throwable error) {
    connectFailures.increment();
  }

  /** A caller gave up after poolTimeout. */
  public void recordTimeout() {
    timeouts.increment();
  }

  /** A connection failed pre-ping or keepalive validation. */
  public void recordValidationFailure() {
    validationFailures.increment();
  }

  /** A connection was found broken (a fatal error). */
  public void recordBroken() {
    broken.increment();
  }

  /** A physical connection was closed for {@code reason}. */
  public void recordClose(CloseReason reason) {
    closedBy.get(reason).increment();
  }

  /** An SQL error was seen through one of the pool's connections. */
  public void recordError(SQLException e) {
    String state = e.getSQLState();
    String cls = state == null || state.length() < 2 ? "unknown" : state.substring(0, 2);
    errorsByClass.computeIfAbsent(cls, k -> new LongAdder()).increment();
  }

  /** A transaction callback was retried after a transient failure. */
  public void recordRetry() {
    retries.increment();
  }

  /** The counter sessions increment per retry. */
  public LongAdder retryCounter() {
    return retries;
  }

  /** A lock-free snapshot. */
  public PoolStats snapshot(PoolView pool) {
    int[] counts = new int[2];
    pool.scanEntries(counts);
    int inUse = counts[0];
    int idle = counts[1];
    int size = inUse + idle;
    Map<String, Long> byReason = new TreeMap<>();
    long closedTotal = 0;
    for (Map.Entry<CloseReason, LongAdder> r : closedBy.entrySet()) {
      long n = r.getValue().sum();
      byReason.put(r.getKey().label(), n);
      closedTotal += n;
    }
    Map<String, Long> errors = new TreeMap<>();
    errorsByClass.forEach((k, v) -> errors.put(k, v.sum()));
    return new PoolStats(pool.name(), pool.poolSize(), pool.maxOverflow(), size, inUse, idle,
        Math.max(0, size - pool.poolSize()), pool.waiting(), pool.pendingConnects(), created.sum(),
        closedTotal, broken.sum(), connectFailures.sum(), validationFailures.sum(), timeouts.sum(),
        byReason, errors);
  }
}
