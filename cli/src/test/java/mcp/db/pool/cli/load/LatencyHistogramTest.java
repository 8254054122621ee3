package mcp.db.pool.cli.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  @Test
  void bucketBoundsCoverEveryValueWithinOneSixteenth() {
    Random random = new Random(42);
    for (int i = 0; i < 100_000; i++) {
      long value = (long) Math.pow(2, random.nextDouble() * 42);
      int bucket = LatencyHistogram.bucketOf(value);
      assertThat(LatencyHistogram.lowerBound(bucket)).isLessThanOrEqualTo(value);
      assertThat(LatencyHistogram.upperBound(bucket)).isGreaterThanOrEqualTo(value);
      long width = LatencyHistogram.upperBound(bucket) - LatencyHistogram.lowerBound(bucket) + 1;
      assertThat((double) width).isLessThanOrEqualTo(Math.max(1, value / 16.0) + 1);
    }
  }

  @Test
  void percentilesOfAKnownDistribution() {
    LatencyHistogram h = new LatencyHistogram();
    for (int i = 1; i <= 1000; i++) h.record(i * 1_000L); // 1 us .. 1 ms
    LatencyHistogram.Snapshot s = h.snapshot();
    assertThat(s.count()).isEqualTo(1000);
    assertThat(s.max()).isEqualTo(1_000_000);
    assertThat((double) s.percentile(0.50)).isCloseTo(500_000, org.assertj.core.data.Percentage.withPercentage(4));
    assertThat((double) s.percentile(0.99)).isCloseTo(990_000, org.assertj.core.data.Percentage.withPercentage(4));
    assertThat(s.percentile(1.0)).isLessThanOrEqualTo(s.max());
    assertThat(LatencyHistogram.Snapshot.empty().percentile(0.5)).isEqualTo(-1);
  }

  @Test
  void snapshotsMergeAndSubtract() {
    LatencyHistogram a = new LatencyHistogram();
    LatencyHistogram b = new LatencyHistogram();
    a.record(100);
    LatencyHistogram.Snapshot before = a.snapshot();
    a.record(5_000_000);
    b.record(200);
    LatencyHistogram.Snapshot merged = a.snapshot().plus(b.snapshot());
    assertThat(merged.count()).isEqualTo(3);
    assertThat(merged.max()).isEqualTo(5_000_000);
    LatencyHistogram.Snapshot since = a.snapshot().minus(before);
    assertThat(since.count()).isEqualTo(1);
    assertThat(since.countAtLeast(1_000_000)).isEqualTo(1);
  }

  @Test
  void decadesGroupValuesForTheChart() {
    LatencyHistogram h = new LatencyHistogram();
    h.record(500);            // below 1 us: first decade
    h.record(50_000);         // 10-100 us
    h.record(5_000_000_000L); // over a second: last decade
    long[] decades = h.snapshot().byDecade(3, 9);
    assertThat(decades).containsExactly(1, 1, 0, 0, 0, 0, 1);
  }
}
