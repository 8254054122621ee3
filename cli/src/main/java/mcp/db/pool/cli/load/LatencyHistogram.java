package mcp.db.pool.cli.load;

import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts durations in logarithmic buckets: each power of two is split into 16 equal sub-buckets, so
 * a value is known to within 1/16 (6.25%) of itself, from 1 ns up to 2^43 ns (about 2.4 hours) in
 * 640 counters. Larger values land in the last bucket.
 *
 * <p>Design: one writer per histogram. Each worker thread of a {@link Workload} owns one and is the
 * only thread that calls {@link #record(long)}; any thread may call {@link #snapshot()} at any time.
 * The counters are atomics so that a snapshot never sees a torn value, but since they have a
 * single writer the increments are uncontended. A snapshot taken while the worker records may
 * count a value in its bucket and not yet in {@code max}; that race is benign because the snapshot
 * only feeds progress displays and the final report is taken after the workers stop.
 */
public final class LatencyHistogram {
  static final int SUB_BITS = 4;
  static final int SUB_BUCKETS = 1 << SUB_BITS;
  static final int MAX_EXPONENT = 42;
  static final int BUCKETS = SUB_BUCKETS + (MAX_EXPONENT - SUB_BITS + 1) * SUB_BUCKETS;

  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
  /** Written only by the owning worker; volatile so snapshots read a recent value. */
  private volatile long max;

  /** Counts one duration (negative values count as zero). Only the owning thread may call it. */
  public void record(long nanos) {
    counts.incrementAndGet(bucketOf(nanos));
    if (nanos > max) max = nanos;
  }

  /** A copy of the counts as they are now. */
  public Snapshot snapshot() {
    return merge(List.of(this));
  }

  /**
   * The counts of all {@code histograms} together, as they are now; one array however many
   * histograms there are (a load may have thousands of workers).
   */
  public static Snapshot merge(List<LatencyHistogram> histograms) {
    long[] sum = new long[BUCKETS];
    long max = 0;
    for (LatencyHistogram h : histograms) {
      for (int i = 0; i < BUCKETS; i++) sum[i] += h.counts.get(i);
      max = Math.max(max, h.max);
    }
    return new Snapshot(sum, max);
  }

  static int bucketOf(long nanos) {
    if (nanos < SUB_BUCKETS) return (int) Math.max(0, nanos);
    int exponent = 63 - Long.numberOfLeadingZeros(nanos);
    if (exponent > MAX_EXPONENT) return BUCKETS - 1;
    int sub = (int) (nanos >>> (exponent - SUB_BITS)) & (SUB_BUCKETS - 1);
    return SUB_BUCKETS + (exponent - SUB_BITS) * SUB_BUCKETS + sub;
  }

  /** The smallest value that falls into {@code bucket}. */
  static long lowerBound(int bucket) {
    if (bucket < SUB_BUCKETS) return bucket;
    int exponent = (bucket - SUB_BUCKETS) / SUB_BUCKETS + SUB_BITS;
    int sub = (bucket - SUB_BUCKETS) % SUB_BUCKETS;
    return (long) (SUB_BUCKETS + sub) << (exponent - SUB_BITS);
  }

  /** The largest value that falls into {@code bucket}. */
  static long upperBound(int bucket) {
    return bucket == BUCKETS - 1 ? Long.MAX_VALUE : lowerBound(bucket + 1) - 1;
  }

  /**
   * Counts frozen at one moment. Snapshots add up ({@link #plus}) to merge the workers' histograms,
   * and subtract ({@link #minus}) to get what was recorded between two moments.
   */
  public static final class Snapshot {
    private final long[] counts;
    private final long max;
    private final long total;

    Snapshot(long[] counts, long max) {
      this.counts = counts;
      this.max = max;
      long sum = 0;
      for (long c : counts) sum += c;
      this.total = sum;
    }

    /** A snapshot with nothing recorded. */
    public static Snapshot empty() {
      return new Snapshot(new long[BUCKETS], 0);
    }

    /** How many values were recorded. */
    public long count() {
      return total;
    }

    /** The largest value recorded (exact), 0 when empty. */
    public long max() {
      return max;
    }

    /**
     * The value below which the fraction {@code q} of the recorded values fall, as the middle of
     * its bucket (within 3% of the truth) and never above {@link #max()}; -1 when empty.
     *
     * @param q between 0 and 1, e.g. 0.99 for the 99th percentile
     */
    public long percentile(double q) {
      if (total == 0) return -1;
      long rank = Math.max(1, (long) Math.ceil(q * total));
      long seen = 0;
      for (int i = 0; i < counts.length; i++) {
        seen += counts[i];
        if (seen >= rank) {
          long lower = lowerBound(i);
          long upper = i == BUCKETS - 1 ? max : upperBound(i);
          return Math.min(max, lower + (upper - lower) / 2);
        }
      }
      return max;
    }

    /** How many recorded values are at least {@code nanos} (counting whole buckets, so within 6%). */
    public long countAtLeast(long nanos) {
      long n = 0;
      for (int i = bucketOf(nanos); i < counts.length; i++) n += counts[i];
      return n;
    }

    /** Both snapshots' counts together. */
    public Snapshot plus(Snapshot other) {
      long[] sum = new long[BUCKETS];
      for (int i = 0; i < BUCKETS; i++) sum[i] = counts[i] + other.counts[i];
      return new Snapshot(sum, Math.max(max, other.max));
    }

    /**
     * What was recorded after {@code earlier} was taken. Its {@link #max()} is the largest bucket's
     * upper bound capped by this snapshot's max, since the exact maximum of an interval is not kept.
     */
    public Snapshot minus(Snapshot earlier) {
      long[] diff = new long[BUCKETS];
      int highest = -1;
      for (int i = 0; i < BUCKETS; i++) {
        diff[i] = Math.max(0, counts[i] - earlier.counts[i]);
        if (diff[i] > 0) highest = i;
      }
      long intervalMax = highest < 0 ? 0 : Math.min(max, upperBound(highest));
      return new Snapshot(diff, intervalMax);
    }

    /**
     * Counts grouped by decade for a chart: bucket {@code k} holds values from 10^k ns up to
     * (excluding) 10^(k+1) ns, the first bucket also everything below 1 us and the last everything
     * from {@code 10^(k)} up. Since histogram buckets do not align with decades, a value near a
     * decade boundary may be counted one decade off.
     *
     * @param fromExponent the first decade, e.g. 3 for 1 us
     * @param toExponent the last decade, e.g. 9 for 1 s and above
     */
    public long[] byDecade(int fromExponent, int toExponent) {
      long[] decades = new long[toExponent - fromExponent + 1];
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] == 0) continue;
        long middle = lowerBound(i) + (Math.min(upperBound(i), Long.MAX_VALUE / 2) - lowerBound(i)) / 2;
        int decade = middle <= 0 ? 0 : (int) Math.floor(Math.log10(middle));
        int slot = Math.max(fromExponent, Math.min(toExponent, decade)) - fromExponent;
        decades[slot] += counts[i];
      }
      return decades;
    }
  }
}
