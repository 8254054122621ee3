package mcp.db.pool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mcp.db.pool.cli.support.Cli;
import mcp.db.pool.cli.support.RealServers;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real browser: headless Chromium loads the page from {@code serve} on
 * 127.0.0.1, runs its script, and the rendered DOM must show the charts drawn with data and numbers
 * that change. Chromium is driven from the command line ({@code --dump-dom}, {@code --screenshot});
 * no WebDriver is needed.
 *
 * <p>Needs Debian's {@code chromium} (or {@code CHROMIUM=/path/to/chrome}). Without it the test is
 * skipped, except with {@code CI=true}, where it fails. With {@code -Ddashboard.screenshot=FILE}
 * it also saves a screenshot there (that is how {@code docs/dashboard.png} is made).
 */
@Tag("browser")
class DashboardBrowserTest {
  private static String chromium;

  @BeforeAll
  static void findChromium() {
    chromium = locateChromium();
    if (chromium == null) {
      String message = "headless Chromium is not installed (apt-get install chromium, or set CHROMIUM)";
      if (RealServers.isCi()) throw new IllegalStateException(message + "; it is required when CI=true");
      Assumptions.abort(message + "; skipping");
    }
  }

  @Test
  void chartsRenderAndUpdateWithLiveNumbers(@TempDir Path profile) throws Exception {
    Cli.Running serve = Cli.withEnv().start("serve", "--port", "0", "--threads", "4", "--progress", "none");
    try {
      URI page = URI.create(serve.awaitErr(ServeCommandTest.DASHBOARD_LINE, 30));
      Thread.sleep(1500); // a few samples, so the charts have lines to draw

      String first = dumpDom(page, profile.resolve("first"));
      // The page redrew itself from /api/stats more than once while the browser held it.
      assertThat(attribute(first, "data-renders")).as(first).isGreaterThanOrEqualTo(2);
      long firstSample = attribute(first, "data-sample");
      assertThat(firstSample).isPositive();
      assertThat(text(first, "sample")).isEqualTo(Long.toString(firstSample));
      assertThat(text(first, "updated")).isNotEqualTo("never");
      // Tiles hold numbers, not the "-" placeholder.
      for (String tile : List.of("in-use", "idle", "waiting", "size", "errors", "timeouts")) {
        assertThat(text(first, tile)).as(tile).matches("\\d+");
      }
      assertThat(text(first, "throughput")).matches("[0-9,]+");
      // Each chart is drawn: a polyline with several points per series, bars in the histogram.
      for (String series : List.of("in-use", "idle", "waiting", "size", "pool-size", "throughput", "p99")) {
        assertThat(points(first, series)).as(series).isGreaterThanOrEqualTo(2);
      }
      assertThat(first).contains("class=\"bucket\"").contains("SQL errors").contains("No changes: poolSize has stayed 4");
      assertThat(first).containsPattern("class=\"badge (UP|DEGRADED)\"");

      Thread.sleep(1500);
      String second = dumpDom(page, profile.resolve("second"));
      // Live: a later load shows later samples, more of them on the chart, and new numbers.
      assertThat(attribute(second, "data-sample")).isGreaterThan(firstSample);
      assertThat(points(second, "in-use")).isGreaterThan(points(first, "in-use"));
      assertThat(text(second, "updated")).isNotEqualTo(text(first, "updated"));

      String screenshot = System.getProperty("dashboard.screenshot");
      if (screenshot != null && !screenshot.isBlank()) {
        Path file = Path.of(screenshot).toAbsolutePath();
        run(List.of("--screenshot=" + file, "--window-size=1280,900", page.toString()), profile.resolve("shot"));
        assertThat(Files.size(file)).isGreaterThan(10_000);
      }
    } finally {
      serve.stop();
    }
  }

  private static String dumpDom(URI page, Path profile) throws IOException, InterruptedException {
    return run(List.of("--dump-dom", page.toString()), profile);
  }

  /** Runs headless Chromium with a fresh profile and a 4 s virtual-time budget; returns its stdout. */
  private static String run(List<String> args, Path profile) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + profile, "--virtual-time-budget=4000"));
    command.addAll(args);
    Path log = Files.createTempFile("chromium", ".log");
    try {
      Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(90, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("chromium did not finish in 90 s");
      }
      assertThat(p.exitValue()).as("chromium exit code; its log:\n" + Files.readString(log)).isZero();
      return new String(out, StandardCharsets.UTF_8);
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static long attribute(String dom, String name) {
    Matcher m = Pattern.compile(name + "=\"(\\d+)\"").matcher(dom);
    assertThat(m.find()).as(name + " in\n" + dom).isTrue();
    return Long.parseLong(m.group(1));
  }

  private static String text(String dom, String id) {
    Matcher m = Pattern.compile("id=\"" + id + "\"[^>]*>([^<]*)<").matcher(dom);
    assertThat(m.find()).as("#" + id + " in\n" + dom).isTrue();
    return m.group(1);
  }

  private static int points(String dom, String seriesClass) {
    Matcher m = Pattern.compile("class=\"series " + seriesClass + "\" points=\"([^\"]*)\"").matcher(dom);
    assertThat(m.find()).as("series " + seriesClass).isTrue();
    String points = m.group(1).trim();
    return points.isEmpty() ? 0 : points.split(" ").length;
  }

  private static String locateChromium() {
    String configured = System.getenv("CHROMIUM");
    if (configured != null && new File(configured).canExecute()) return configured;
    for (String name : List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")) {
      for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
        File candidate = new File(dir, name);
        if (candidate.canExecute()) return candidate.getPath();
      }
    }
    return null;
  }
}
