package mcp.db.pool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import mcp.db.pool.cli.support.Cli;
import mcp.db.pool.cli.support.JsonOutput;
import mcp.db.pool.cli.support.RealServers;
import mcp.db.pool.cli.support.RequiresPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tune}: the sweep, the recommendation and the charts. */
class TuneCommandTest {

  @Test
  void embeddedSweepPrintsTheTableAndWritesAnHtmlChart(@TempDir Path dir) throws IOException {
    Path chart = dir.resolve("tune.html");
    Cli.Result r = Cli.execute("tune", "--url", "jdbc:h2:mem:tune-h2", "--threads", "4", "--sizes", "1,4",
        "--step", "500ms", "--warmup", "100ms", "--hold", "2ms", "--auto-duration", "1s", "--chart", chart.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("pool size").contains("ops/s").contains("p99").contains("<- recommended")
        .contains("Recommended poolSize: ");
    assertThat(r.err()).contains("tune size 1 (1/2)").contains("tune size 4 (2/2)").contains("tune auto 1-4")
        .contains("chart written to");
    assertThat(r.out()).contains("auto (").contains("Automatic sizing (autoSize, 1 to 4) settled on ");
    String html = Files.readString(chart);
    assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg").contains("<rect").contains("<polyline")
        .contains("recommended").doesNotContain("<script").doesNotContain("http://cdn");
  }

  @Test
  void holdingConnectionsMakesTheLargerPoolFasterAndRecommended(@TempDir Path dir) throws IOException {
    // With 4 threads each holding a connection 10 ms, 4 connections do about four times the work of 1.
    Path png = dir.resolve("tune.png");
    Cli.Result r = Cli.execute("tune", "--url", "jdbc:h2:mem:tune-hold", "--threads", "4", "--sizes", "1,4",
        "--step", "600ms", "--warmup", "100ms", "--hold", "10ms", "--no-auto", "--chart", png.toString(), "--json",
        "--progress", "none");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonObject json = JsonOutput.parse(r);
    JsonArray steps = json.getAsJsonArray("steps");
    assertThat(steps).hasSize(2);
    assertThat(json.get("automaticSizing").isJsonNull()).isTrue();
    double one = steps.get(0).getAsJsonObject().get("throughput").getAsDouble();
    double four = steps.get(1).getAsJsonObject().get("throughput").getAsDouble();
    assertThat(four).isGreaterThan(2.5 * one);
    assertThat(json.get("recommendedPoolSize").getAsInt()).isEqualTo(4);
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(900);
    assertThat(image.getHeight()).isEqualTo(500);
  }

  @Test
  void svgChart(@TempDir Path dir) throws IOException {
    Path svg = dir.resolve("tune.svg");
    Cli.Result r = Cli.execute("tune", "--url", "jdbc:h2:mem:tune-svg", "--threads", "2", "--sizes", "1,2",
        "--step", "300ms", "--warmup", "0", "--no-auto", "--chart", svg.toString(), "--progress", "none");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(Files.readString(svg)).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").contains("pool size");
  }

  @Test
  void rejectsAChartItCannotWriteAndFixedSizes() {
    assertThat(Cli.execute("tune", "--url", "jdbc:h2:mem:t", "--chart", "out.gif").exitCode()).isEqualTo(2);
    Cli.Result fixed = Cli.execute("tune", "--url", "jdbc:h2:mem:t", "--pool-size", "5");
    assertThat(fixed.exitCode()).isEqualTo(2);
    assertThat(fixed.err()).contains("give the sizes to try with --sizes");
    assertThat(Cli.execute("tune", "--url", "jdbc:h2:mem:t", "--sizes", "0,4").exitCode()).isEqualTo(2);
  }

  @Test
  @RequiresPostgres
  void postgresEndToEnd() {
    RealServers.Server pg = RealServers.postgres();
    Cli.Result r = Cli.withEnv().credentials(pg).run("tune", "--url", pg.url(), "--threads", "4", "--sizes", "1,2,4",
        "--step", "700ms", "--warmup", "200ms", "--hold", "5ms", "--auto-duration", "3s", "--json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonObject json = JsonOutput.parse(r);
    JsonArray steps = json.getAsJsonArray("steps");
    assertThat(steps).hasSize(4); // three sizes, then automatic sizing
    for (var step : steps) {
      assertThat(step.getAsJsonObject().get("errors").getAsLong()).isZero();
      assertThat(step.getAsJsonObject().get("operations").getAsLong()).isPositive();
    }
    assertThat(steps.get(3).getAsJsonObject().get("automatic").getAsBoolean()).isTrue();
    assertThat(steps.get(3).getAsJsonObject().get("poolSize").getAsInt()).isBetween(1, 4);
    JsonObject automatic = json.getAsJsonObject("automaticSizing");
    assertThat(automatic.get("automatic").getAsBoolean()).isTrue();
    assertThat(automatic.get("maxPoolSize").getAsInt()).isEqualTo(4);
    assertThat(json.get("recommendedPoolSize").getAsInt()).isIn(2, 4);
  }
}
