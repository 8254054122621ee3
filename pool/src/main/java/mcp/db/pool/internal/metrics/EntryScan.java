package mcp.db.pool.internal.metrics;

/**
 * What one pass over the pool's connections found; filled by {@link PoolView#scan}. A plain holder
 * owned by the thread taking a snapshot.
 */
public final class EntryScan {
  /** {@link #heldNanos} when the engine does not sum borrow times. */
  public static final long UNKNOWN = -1;

  /** Connections lent to callers. */
  public int inUse;
  /** Idle connections (including ones the housekeeper is checking). */
  public int idle;
  /** Earliest borrow time among connections in use (pool-clock nanos); MAX_VALUE when none. */
  public long oldestBorrowedAt = Long.MAX_VALUE;
  /** Sum over connections in use of (now - borrowedAt), nanos; {@link #UNKNOWN} if not summed. */
  public long heldNanos;

  /** Counts one connection in use, borrowed at {@code borrowedAt}, seen at {@code now}. */
  public void addInUse(long borrowedAt, long now) {
    inUse++;
    oldestBorrowedAt = Math.min(oldestBorrowedAt, borrowedAt);
    heldNanos += Math.max(0, now - borrowedAt);
  }

  /** Counts one idle connection. */
  public void addIdle() {
    idle++;
  }
}
