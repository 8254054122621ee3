package mcp.db.pool.internal.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One connection's share of the hot-path statistics: the hold times of its borrows (a histogram
 * with {@link LatencyHistogram}'s buckets, and their sum) and how many of its borrows waited zero.
 *
 * <h2>Why per connection</h2>
 * A connection has one owner at a time, so its owner can count with plain stores where a shared
 * counter needs an atomic read-modify-write on every borrow and return; those atomics were a
 * quarter of an uncontended borrow-and-return cycle. The pool sums the connections' counters (and
 * those of closed connections, folded into {@link PoolMetrics}) when a snapshot is taken.
 *
 * <h2>Threads</h2>
 * Written only by the connection's current borrower, between the claim that made it the owner and
 * the store that gives the connection back; those two accesses order one owner's writes before the
 * next owner's, so no increment is lost. Writes and reads are opaque (no tearing, no fences): a
 * snapshot may miss the last few increments of a borrow in progress, never more.
 *
 * <h2>Folding</h2>
 * When the connection closes, {@link ConnectionTotals#fold} adds its counts to the closed
 * connections' totals and sets {@link #folded} (once: a CAS); from then on readings skip these
 * counters. A borrower that still returns the connection afterwards (it was aborted at shutdown)
 * counts into nothing.
 */
public final class EntryCounters {
  private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);
  private static final VarHandle HOLD_SUM;
  private static final VarHandle ZERO_WAITS;
  private static final VarHandle FOLDED;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      HOLD_SUM = l.findVarHandle(EntryCounters.class, "holdSum", long.class);
      ZERO_WAITS = l.findVarHandle(EntryCounters.class, "zeroWaits", long.class);
      FOLDED = l.findVarHandle(EntryCounters.class, "folded", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final long[] holdCounts = new long[LatencyHistogram.BOUNDS.length];
  @SuppressWarnings("unused") // accessed through HOLD_SUM
  private long holdSum;
  @SuppressWarnings("unused") // accessed through ZERO_WAITS
  private long zeroWaits;
  /**
   * False while the connection is open; set by CAS, once, by the fold that adds these counts to the
   * closed connections' totals. Read and written only through {@link #FOLDED} (volatile), inside
   * {@link ConnectionTotals}' fold window, so a reading can tell which of the two holds them.
   */
  @SuppressWarnings("unused") // accessed through FOLDED
  private boolean folded;

  /** Marks the counters folded; true for the one caller that did, false if they were already. */
  boolean markFolded() {
    return FOLDED.compareAndSet(this, false, true);
  }

  /** Whether {@link #markFolded} has happened (a volatile read). */
  boolean isFolded() {
    return (boolean) FOLDED.getVolatile(this);
  }

  /** Owner only: a borrow of this connection that waited zero. */
  void recordZeroWait() {
    ZERO_WAITS.setOpaque(this, (long) ZERO_WAITS.getOpaque(this) + 1);
  }

  /** Owner only: this connection came back after {@code nanos} (negative counts as zero). */
  void recordHold(long nanos) {
    int i = LatencyHistogram.bucketOf(nanos);
    SLOT.setOpaque(holdCounts, i, (long) SLOT.getOpaque(holdCounts, i) + 1);
    if (nanos > 0) {
      HOLD_SUM.setOpaque(this, (long) HOLD_SUM.getOpaque(this) + nanos);
    }
  }

  /**
   * Adds the counts to {@code holdOut} (bucket by bucket) and to {@code totals}: hold sum at index
   * 0, zero-wait borrows at index 1.
   */
  void addTo(long[] holdOut, long[] totals) {
    for (int i = 0; i < holdOut.length; i++) {
      holdOut[i] += (long) SLOT.getOpaque(holdCounts, i);
    }
    totals[0] += (long) HOLD_SUM.getOpaque(this);
    totals[1] += (long) ZERO_WAITS.getOpaque(this);
  }
}
