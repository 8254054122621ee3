package mcp.db.pool.cli.tune;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SweepChartTest {
  private final List<SweepStep> steps = List.of(
      new SweepStep(1, "1", 1000, 800_000, 2_000_000, 1_000_000, 1000, 0, false),
      new SweepStep(2, "2", 1900, 500_000, 1_000_000, 100_000, 1900, 0, false));

  @Test
  void svgHasOneBarPerSizeAndBothLatencyLines() {
    SizeRecommendation rec = SizeRecommendation.choose(steps);
    String svg = SweepChart.svg("sweep <test>", steps, rec);
    assertThat(svg.split("<rect ", -1)).hasSizeGreaterThanOrEqualTo(1 + 1 + 2);
    assertThat(svg.split("<polyline ", -1)).hasSize(3);
    assertThat(svg).contains("sweep &lt;test&gt;").contains(">recommended<");
  }

  @Test
  void htmlMarksTheRecommendedRow() {
    SizeRecommendation rec = SizeRecommendation.choose(steps);
    String html = SweepChart.html("t", List.of("Database: x"), steps, rec);
    assertThat(html).contains("<tr class=\"recommended\"><td>2 (recommended)</td>").contains("Database: x");
  }

  @Test
  void axisTopsAreRoundNumbers() {
    assertThat(SweepChart.niceCeiling(0)).isEqualTo(1);
    assertThat(SweepChart.niceCeiling(3)).isEqualTo(5);
    assertThat(SweepChart.niceCeiling(1900)).isEqualTo(2000);
    assertThat(SweepChart.niceCeiling(0.07)).isEqualTo(0.1, org.assertj.core.data.Offset.offset(1e-12));
  }
}
