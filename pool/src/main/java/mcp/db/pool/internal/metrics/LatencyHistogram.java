package mcp.db.pool.internal.metrics;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A distribution of durations in nanoseconds, recorded lock-free and without allocation.
 *
 * <h2>Buckets</h2>
 * Bucket 0 holds zero (a borrow that found an idle connection waited 0 ns). Then each decade from
 * 100 ns to 1000 s is split at the mantissas {@link #MANTISSAS} (1, 1.2, 1.4, ... 9), so a bucket is
 * at most 25% wider than its lower bound and every "1, 5 times a power of ten" boundary that the
 * exporters publish ({@link #EXPORTED_BOUNDS_NANOS}) is one of ours: exported bucket counts are exact.
 * A value {@code v} goes to the first bucket whose upper bound is {@code >= v} (Prometheus' "le"). The
 * last bucket is unbounded.
 *
 * <h2>Recording</h2>
 * One {@link LongAdder} per bucket, one for the sum. A recorder finds its bucket from the position
 * of the value's highest bit and then steps over at most a handful of bounds, so recording is a few
 * nanoseconds plus the adders' increments; under contention each adder spreads over cells.
 * {@link #epochMax} is read on every record but written only when a new maximum appears, so
 * concurrent recorders share its cache line read-only almost always.
 *
 * <h2>Races</h2>
 * A snapshot reads the adders one by one while recorders keep adding, so bucket counts and the sum
 * may disagree by the few values recorded during the read. Each adder is monotonic, so successive
 * snapshots never go backwards, which is what Prometheus counters need.
 */
final class LatencyHistogram {
  /** Mantissas that split each decade. */
  static final double[] MANTISSAS = {1.0, 1.2, 1.4, 1.6, 1.8, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0, 6.0, 7.0, 8.0, 9.0};

  /** Bucket upper bounds in nanos: 0, 100 ns ... 900 s, 1000 s, then unbounded. */
  static final long[] BOUNDS = buildBounds();

  /**
   * The boundaries the exporters publish (OpenTelemetry's 1-5 series, widened to 10 µs .. 60 s), in
   * nanos; each is one of {@link #BOUNDS}.
   */
  static final long[] EXPORTED_BOUNDS_NANOS = {
      10_000L, 50_000L, 100_000L, 500_000L,
      1_000_000L, 5_000_000L, 10_000_000L, 50_000_000L, 100_000_000L, 500_000_000L,
      1_000_000_000L, 5_000_000_000L, 10_000_000_000L, 60_000_000_000L};

  /** For each bit length k (value in [2^k, 2^(k+1))), the first bucket that may hold the value. */
  private static final int[] FIRST_BUCKET_BY_BIT = buildFirstBucketByBit();

  private final LongAdder[] counts = new LongAdder[BOUNDS.length];
  private final LongAdder sumNanos = new LongAdder();
  /** Largest value since the last {@link #takeEpochMax()}. */
  private final AtomicLong epochMax = new AtomicLong();

  LatencyHistogram() {
    for (int i = 0; i < counts.length; i++) {
      counts[i] = new LongAdder();
    }
  }

  private static long[] buildBounds() {
    int decades = 10; // 1e2 .. 1e11, each split by the mantissas
    long[] b = new long[1 + decades * MANTISSAS.length + 2];
    int i = 0;
    b[i++] = 0;
    long power = 100;
    for (int d = 0; d < decades; d++) {
      for (double m : MANTISSAS) {
        b[i++] = Math.round(m * power);
      }
      power *= 10;
    }
    b[i++] = power; // 1e12 ns = 1000 s
    b[i] = Long.MAX_VALUE;
    return b;
  }

  private static int[] buildFirstBucketByBit() {
    int[] first = new int[64];
    for (int k = 0; k < 64; k++) {
      long low = 1L << k; // for k = 63 this is negative; unused (values are non-negative)
      int i = 1;
      while (k < 63 && BOUNDS[i] < low) {
        i++;
      }
      first[k] = k < 63 ? i : BOUNDS.length - 1;
    }
    return first;
  }

  /** The bucket of a non-negative value. */
  static int bucketOf(long nanos) {
    if (nanos <= 0) {
      return 0;
    }
    int i = FIRST_BUCKET_BY_BIT[63 - Long.numberOfLeadingZeros(nanos)];
    while (BOUNDS[i] < nanos) {
      i++;
    }
    return i;
  }

  /** Records one value; negative values count as zero. */
  void record(long nanos) {
    if (nanos <= 0) {
      counts[0].increment();
      return;
    }
    counts[bucketOf(nanos)].increment();
    sumNanos.add(nanos);
    if (nanos > epochMax.get()) {
      raiseMax(nanos);
    }
  }

  /** Notes a value for the epoch maximum only (its count is kept elsewhere). */
  void noteMax(long nanos) {
    if (nanos > epochMax.get()) {
      raiseMax(nanos);
    }
  }

  /** Records a zero, the common case of a borrow that did not wait: one increment. */
  void recordZero() {
    counts[0].increment();
  }

  private void raiseMax(long nanos) {
    long m;
    while (nanos > (m = epochMax.get())) {
      if (epochMax.compareAndSet(m, nanos)) {
        return;
      }
    }
  }

  /** The largest value since the previous call, resetting it; for the windowed maximum. */
  long takeEpochMax() {
    return epochMax.getAndSet(0);
  }

  /** The largest value since the last {@link #takeEpochMax()}, without resetting. */
  long peekEpochMax() {
    return epochMax.get();
  }

  /** Copies the bucket counts (since start) into {@code out}, which has {@link #BOUNDS} length. */
  void readCounts(long[] out) {
    for (int i = 0; i < counts.length; i++) {
      out[i] = counts[i].sum();
    }
  }

  /** Sum of all recorded values since start, nanos. */
  long sumNanos() {
    return sumNanos.sum();
  }

  /** Count of recorded values in {@code counts}. */
  static long total(long[] counts) {
    long n = 0;
    for (long c : counts) {
      n += c;
    }
    return n;
  }

  /**
   * The {@code q}-quantile (0 &lt; q &le; 1) of the values counted in {@code counts}, interpolated
   * linearly inside its bucket and capped at {@code max}; 0 when nothing was counted.
   */
  static long quantile(long[] counts, double q, long max) {
    long total = total(counts);
    if (total == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(q * total));
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      long c = counts[i];
      if (c == 0) {
        continue;
      }
      if (seen + c >= rank) {
        if (i == 0) {
          return 0;
        }
        if (i == counts.length - 1) {
          return max;
        }
        long lower = BOUNDS[i - 1];
        long upper = BOUNDS[i];
        double fraction = (double) (rank - seen) / c;
        long v = lower + Math.round((upper - lower) * fraction);
        return max > 0 ? Math.min(v, max) : v;
      }
      seen += c;
    }
    return max;
  }

  /**
   * Cumulative counts at each of {@link #EXPORTED_BOUNDS_NANOS}: element {@code j} is the number of
   * values {@code <=} that bound.
   */
  static long[] cumulativeAtExportedBounds(long[] counts) {
    long[] out = new long[EXPORTED_BOUNDS_NANOS.length];
    long running = 0;
    int j = 0;
    for (int i = 0; i < counts.length && j < out.length; i++) {
      running += counts[i];
      while (j < out.length && BOUNDS[i] == EXPORTED_BOUNDS_NANOS[j]) {
        out[j++] = running;
      }
    }
    return out;
  }
}
