package mcp.db.pool.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The lock-free histogram: bucket boundaries, percentiles, exported buckets, windowed maximum. */
@Tag("unit")
class LatencyHistogramTest {

  @Test
  void everyExportedBoundIsAnInternalBound() {
    for (long b : LatencyHistogram.EXPORTED_BOUNDS_NANOS) {
      assertThat(LatencyHistogram.BOUNDS).contains(b);
    }
  }

  @Test
  void valueGoesToTheFirstBucketWhoseBoundIsAtLeastIt() {
    long[] bounds = LatencyHistogram.BOUNDS;
    for (int i = 1; i < bounds.length - 1; i++) {
      assertThat(LatencyHistogram.bucketOf(bounds[i])).as("bound %d", bounds[i]).isEqualTo(i);
      assertThat(LatencyHistogram.bucketOf(bounds[i] + 1)).isEqualTo(i + 1);
    }
    assertThat(LatencyHistogram.bucketOf(0)).isZero();
    assertThat(LatencyHistogram.bucketOf(-5)).isZero();
    assertThat(LatencyHistogram.bucketOf(1)).isEqualTo(1);
    assertThat(LatencyHistogram.bucketOf(Long.MAX_VALUE)).isEqualTo(bounds.length - 1);
  }

  @Test
  void bucketSearchAgreesWithALinearScan() {
    Random random = new Random(42);
    for (int n = 0; n < 100_000; n++) {
      long v = (long) Math.pow(10, random.nextDouble() * 13);
      int linear = 0;
      while (LatencyHistogram.BOUNDS[linear] < v) {
        linear++;
      }
      assertThat(LatencyHistogram.bucketOf(v)).as("value %d", v).isEqualTo(linear);
    }
  }

  @Test
  void percentilesAreWithinTheBucketResolution() {
    LatencyHistogram h = new LatencyHistogram();
    for (int ms = 1; ms <= 1000; ms++) {
      h.record(ms * 1_000_000L);
    }
    long[] counts = new long[LatencyHistogram.BOUNDS.length];
    h.readCounts(counts);
    long max = h.peekEpochMax();
    assertThat(max).isEqualTo(1_000_000_000L);
    assertThat(LatencyHistogram.quantile(counts, 0.50, max) / 1e6).isCloseTo(500, within(50.0));
    assertThat(LatencyHistogram.quantile(counts, 0.95, max) / 1e6).isCloseTo(950, within(60.0));
    assertThat(LatencyHistogram.quantile(counts, 0.99, max) / 1e6).isCloseTo(990, within(60.0));
    assertThat(LatencyHistogram.quantile(counts, 1.0, max)).isEqualTo(max);
    assertThat(h.sumNanos()).isEqualTo(500_500L * 1_000_000L);
  }

  @Test
  void zerosAreCountedWithoutMovingTheSumOrMaximum() {
    LatencyHistogram h = new LatencyHistogram();
    h.recordZero();
    h.record(0);
    long[] counts = new long[LatencyHistogram.BOUNDS.length];
    h.readCounts(counts);
    assertThat(counts[0]).isEqualTo(2);
    assertThat(LatencyHistogram.total(counts)).isEqualTo(2);
    assertThat(h.sumNanos()).isZero();
    assertThat(LatencyHistogram.quantile(counts, 0.99, 0)).isZero();
  }

  @Test
  void exportedCumulativeCountsAreExactAtTheBounds() {
    LatencyHistogram h = new LatencyHistogram();
    h.record(1_000_000);     // exactly 1 ms: counts in le=0.001
    h.record(1_000_001);     // just above: le=0.005
    h.record(5_000_000);     // exactly 5 ms
    h.record(70_000_000_000L); // 70 s: only +Inf
    long[] counts = new long[LatencyHistogram.BOUNDS.length];
    h.readCounts(counts);
    long[] cumulative = LatencyHistogram.cumulativeAtExportedBounds(counts);
    int oneMs = Arrays.binarySearch(LatencyHistogram.EXPORTED_BOUNDS_NANOS, 1_000_000L);
    int fiveMs = Arrays.binarySearch(LatencyHistogram.EXPORTED_BOUNDS_NANOS, 5_000_000L);
    assertThat(cumulative[oneMs - 1]).isZero();
    assertThat(cumulative[oneMs]).isEqualTo(1);
    assertThat(cumulative[fiveMs]).isEqualTo(3);
    assertThat(cumulative[cumulative.length - 1]).isEqualTo(3);
  }

  @Test
  void epochMaximumResetsWhenTaken() {
    LatencyHistogram h = new LatencyHistogram();
    h.record(7_000);
    h.record(3_000);
    assertThat(h.takeEpochMax()).isEqualTo(7_000);
    assertThat(h.peekEpochMax()).isZero();
    h.record(2_000);
    assertThat(h.peekEpochMax()).isEqualTo(2_000);
  }

  @Test
  void concurrentRecordersLoseNothing() throws Exception {
    LatencyHistogram h = new LatencyHistogram();
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      int id = t;
      threads[t] = new Thread(() -> {
        for (int i = 1; i <= 50_000; i++) {
          h.record(i * 10L + id);
        }
      });
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    long[] counts = new long[LatencyHistogram.BOUNDS.length];
    h.readCounts(counts);
    assertThat(LatencyHistogram.total(counts)).isEqualTo(200_000);
    assertThat(h.peekEpochMax()).isEqualTo(500_003);
  }

  @Test
  void sqlStateClassIsTheFirstTwoCharactersOrUnknown() {
    assertThat(PoolMetrics.sqlStateClass("08006")).isEqualTo("08");
    assertThat(PoolMetrics.sqlStateClass("40001")).isEqualTo("40");
    assertThat(PoolMetrics.sqlStateClass(null)).isEqualTo("unknown");
    assertThat(PoolMetrics.sqlStateClass("x")).isEqualTo("unknown");
    assertThat(PoolMetrics.sqlStateClass("a\"9")).isEqualTo("unknown");
  }

  @Test
  void recentErrorMessagesKeepTheFirstLineWithoutCredentials() {
    String cleaned = RecentErrors.clean("could not connect to jdbc:postgresql://app:s3cret@db/x?password=hunter2\n"
        + "  Detail: Key (email)=(alice@example.com) already exists.");
    assertThat(cleaned).doesNotContain("s3cret").doesNotContain("hunter2").doesNotContain("alice");
    assertThat(cleaned).startsWith("could not connect to");
    assertThat(RecentErrors.clean("x".repeat(500))).hasSize(200);
  }
}
