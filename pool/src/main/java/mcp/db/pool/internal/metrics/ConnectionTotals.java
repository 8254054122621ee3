package mcp.db.pool.internal.metrics;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The hot-path counts of every connection the pool has had, open or closed, read without locks.
 *
 * <h2>Design</h2>
 * Each open connection counts its own returns and zero-wait borrows ({@link EntryCounters}). When a
 * connection closes, {@link #fold} adds its counts to {@link #closed} (an immutable {@link Totals}
 * replaced by CAS) and marks its counters folded. A reading adds {@link #closed} to the counters of
 * every connection in the pool's list that is not marked folded.
 *
 * <p>Unchecked, a fold racing a reading breaks both promises: a reading that reads {@link #closed}
 * before a fold and the connection's mark after it misses the connection (the total goes
 * backwards), one that reads the counters before and {@link #closed} after counts it twice. So
 * folds and readings form a seqlock with many writers, in which writers never wait:
 * <ul>
 *   <li>a fold increments {@link #foldsStarted} before it touches the mark or {@link #closed}, and
 *       {@link #foldsFinished} after;
 *   <li>a reading reads {@link #foldsFinished}, then {@link #foldsStarted}; if they differ a fold is
 *       in progress and it tries again. If they are equal, every fold that had started has finished
 *       (and its writes are visible, through the volatile read of {@link #foldsFinished});
 *   <li>it then reads {@link #closed}, the pool's list, each connection's mark and counters, and
 *       keeps the result only if {@link #foldsStarted} has not changed since: no fold overlapped it,
 *       so each connection's counts were in exactly one of {@link #closed} and its own counters.
 *       The pool folds a connection before it removes it from its list, so a connection missing from
 *       the list was folded before the reading began.
 * </ul>
 * A reading that meets a fold {@value #READ_ATTEMPTS} times in a row (connections closing back to
 * back) returns {@link #lastGood} instead: the element-wise maximum of the readings that passed the
 * check, which is stale but never more than the true totals and never below a reading returned
 * earlier. Every reading that passes merges itself into {@link #lastGood} before it returns.
 *
 * <p>Benign races: a reading may miss the last increments of a borrow in progress (the counters are
 * opaque), and a connection added to the list after the reading read it is counted by the next one.
 * Neither makes a later reading smaller than an earlier one. The borrow/return path never touches
 * this class.
 */
final class ConnectionTotals {
  /** Readings tried before falling back to {@link #lastGood}. */
  static final int READ_ATTEMPTS = 16;

  /*
   * Invariant: foldsFinished <= foldsStarted, and a connection's counts are in `closed` if and only
   * if its counters are marked folded, at every moment when foldsStarted == foldsFinished.
   * Only fold() writes the three; they are changed in the order foldsStarted, then the mark and
   * `closed`, then foldsFinished.
   */
  private final AtomicLong foldsStarted = new AtomicLong();
  private final AtomicLong foldsFinished = new AtomicLong();
  /** Counts of connections closed so far; replaced by CAS, never mutated. */
  private final AtomicReference<Totals> closed = new AtomicReference<>(Totals.ZERO);
  /** Element-wise maximum of the readings that passed the check; only grows. */
  private final AtomicReference<Totals> lastGood = new AtomicReference<>(Totals.ZERO);

  /**
   * A connection is closing: adds its counters to the closed connections' totals, once (a second
   * call for the same counters does nothing). Lock-free; called when the connection is retired,
   * before it leaves the pool's list.
   */
  void fold(EntryCounters closing) {
    foldsStarted.incrementAndGet();
    try {
      if (closing.markFolded()) {
        Totals before;
        Totals after;
        do {
          before = closed.get();
          after = before.plus(closing);
        } while (!closed.compareAndSet(before, after));
      }
    } finally {
      foldsFinished.incrementAndGet();
    }
  }

  /**
   * The counts of every connection since the pool started: the closed ones' totals plus the
   * counters of the connections {@code view} lists (none when it is null). Lock-free; see the class
   * comment for what it guarantees.
   */
  Totals read(PoolView view) {
    for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
      long finished = foldsFinished.get();
      long started = foldsStarted.get();
      if (started != finished) {
        Thread.onSpinWait(); // a fold is between its two increments: microseconds at most
        continue;
      }
      Accumulator sum = new Accumulator(closed.get());
      if (view != null) {
        view.forEachEntryCounters(sum);
      }
      if (foldsStarted.get() == started) {
        return keep(sum.toTotals());
      }
    }
    return lastGood.get();
  }

  /** Merges a reading that passed the check into {@link #lastGood}; returns the reading. */
  private Totals keep(Totals reading) {
    Totals good;
    Totals merged;
    do {
      good = lastGood.get();
      if (reading.isCoveredBy(good)) {
        return reading; // a concurrent reading got further; nothing to add
      }
      merged = good.isCoveredBy(reading) ? reading : good.max(reading);
    } while (!lastGood.compareAndSet(good, merged));
    return reading;
  }

  /**
   * Hot-path counts: hold-time bucket counts ({@link LatencyHistogram#BOUNDS}), their sum in
   * nanos, and borrows that waited zero. Immutable.
   */
  static final class Totals {
    static final Totals ZERO = new Totals(new long[LatencyHistogram.BOUNDS.length], 0, 0);

    private final long[] hold;
    final long holdSumNanos;
    final long zeroWaits;

    private Totals(long[] hold, long holdSumNanos, long zeroWaits) {
      this.hold = hold;
      this.holdSumNanos = holdSumNanos;
      this.zeroWaits = zeroWaits;
    }

    /** Connections given back: the hold-time counts added up. */
    long returns() {
      return LatencyHistogram.total(hold);
    }

    /** Adds the hold-time bucket counts to {@code out}, bucket by bucket. */
    void addHoldCountsTo(long[] out) {
      for (int i = 0; i < hold.length; i++) {
        out[i] += hold[i];
      }
    }

    Totals plus(EntryCounters c) {
      Accumulator a = new Accumulator(this);
      c.addTo(a.hold, a.sums);
      return a.toTotals();
    }

    /** Whether every count here is at most the one in {@code other}. */
    boolean isCoveredBy(Totals other) {
      if (holdSumNanos > other.holdSumNanos || zeroWaits > other.zeroWaits) {
        return false;
      }
      for (int i = 0; i < hold.length; i++) {
        if (hold[i] > other.hold[i]) {
          return false;
        }
      }
      return true;
    }

    Totals max(Totals other) {
      long[] h = new long[hold.length];
      for (int i = 0; i < h.length; i++) {
        h[i] = Math.max(hold[i], other.hold[i]);
      }
      return new Totals(h, Math.max(holdSumNanos, other.holdSumNanos),
          Math.max(zeroWaits, other.zeroWaits));
    }

    @Override
    public String toString() {
      return "Totals[returns=" + returns() + ", holdSumNanos=" + holdSumNanos + ", zeroWaits="
          + zeroWaits + ", hold=" + Arrays.toString(hold) + "]";
    }
  }

  /** Adds up counters into fresh arrays, skipping folded ones; owned by one reading. */
  private static final class Accumulator implements java.util.function.Consumer<EntryCounters> {
    final long[] hold;
    /** Hold sum [0], zero-wait borrows [1], as {@link EntryCounters#addTo} takes them. */
    final long[] sums = new long[2];

    Accumulator(Totals base) {
      hold = base.hold.clone();
      sums[0] = base.holdSumNanos;
      sums[1] = base.zeroWaits;
    }

    @Override
    public void accept(EntryCounters c) {
      if (!c.isFolded()) {
        c.addTo(hold, sums);
      }
    }

    Totals toTotals() {
      return new Totals(hold, sums[0], sums[1]);
    }
  }
}
