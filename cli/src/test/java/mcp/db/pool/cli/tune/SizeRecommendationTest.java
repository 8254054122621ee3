package mcp.db.pool.cli.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SizeRecommendationTest {
  private static SweepStep step(int size, double throughput, long p99Micros) {
    return new SweepStep(size, Integer.toString(size), throughput, p99Micros * 500, p99Micros * 1000, 0, 1000, 0, false);
  }

  @Test
  void smallestSizeOnThePlateauWins() {
    List<SweepStep> steps = List.of(step(1, 1000, 900), step(2, 1900, 500), step(4, 3000, 300),
        step(8, 3050, 290), step(16, 3020, 310));
    SizeRecommendation r = SizeRecommendation.choose(steps);
    assertThat(r.step().poolSize()).isEqualTo(4);
    assertThat(r.best().poolSize()).isEqualTo(8);
    assertThat(r.reason()).contains("within 5% of the best throughput");
  }

  @Test
  void sizeWhoseTailLatencyIsTooHighIsSkipped() {
    // Size 4 reaches the throughput but its p99 is 1.5x the lowest; 8 is the answer.
    List<SweepStep> steps = List.of(step(4, 2950, 450), step(8, 3000, 300), step(16, 2990, 320));
    assertThat(SizeRecommendation.choose(steps).step().poolSize()).isEqualTo(8);
  }

  @Test
  void withNoSizeMeetingBothTheLowestTailAmongTheFastestWins() {
    // The lowest p99 belongs to a slow size, so nothing near the best throughput is within 1.2x of it.
    List<SweepStep> steps = List.of(step(1, 500, 100), step(4, 3000, 400), step(8, 2980, 350));
    SizeRecommendation r = SizeRecommendation.choose(steps);
    assertThat(r.step().poolSize()).isEqualTo(8);
    assertThat(r.reason()).startsWith("no size was both");
  }

  @Test
  void automaticStepsAreShownButNeverRecommended() {
    SweepStep auto = new SweepStep(3, "auto (3)", 5000, 100, 100, 0, 1000, 0, true);
    List<SweepStep> steps = List.of(step(2, 2000, 300), step(4, 2100, 290), auto);
    assertThat(SizeRecommendation.choose(steps).step().automatic()).isFalse();
  }

  @Test
  void stepsWithoutOperationsAreIgnoredAndAllFailedIsAnError() {
    SweepStep failed = new SweepStep(1, "1", 0, -1, -1, -1, 0, 50, false);
    assertThat(SizeRecommendation.choose(List.of(failed, step(2, 100, 10))).step().poolSize()).isEqualTo(2);
    assertThatThrownBy(() -> SizeRecommendation.choose(List.of(failed))).isInstanceOf(IllegalArgumentException.class);
  }
}
