package mcp.db.pool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import mcp.db.pool.cli.support.Cli;
import mcp.db.pool.cli.support.RealServers;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser: Debian's headless Chromium, driven by Selenium through Debian's
 * chromedriver, opens the page that {@code serve} offers on 127.0.0.1 and the test watches that one
 * page while it runs: the charts are drawn (series with a drawn size, histogram bars of positive
 * height), the tiles show numbers from a running load, and both change as samples arrive, without
 * the page being loaded again.
 *
 * <p>Needs {@code chromium} and {@code chromedriver} ({@code apt-get install chromium chromium-driver};
 * or {@code CHROMIUM=/path/to/chrome} and {@code CHROMEDRIVER=/path/to/chromedriver}). Without them the
 * test is skipped, except with {@code CI=true}, where it fails. Both paths are given to Selenium, so
 * it never tries to download a browser or a driver.
 *
 * <p>{@code -Ddashboard.screenshot=FILE} also saves a screenshot of the same page, {@value #SHOT_AFTER_SECONDS}
 * seconds into the run, in a {@value #WIDTH}x{@value #HEIGHT} window: that is how {@code docs/dashboard.png}
 * is made, from the serve arguments {@link #SERVE} that docs/cli.md quotes.
 */
@Tag("browser")
class DashboardBrowserTest {
  /** The command behind the screenshot; docs/cli.md quotes it (with a fixed port). */
  static final List<String> SERVE = List.of("serve", "--port", "0", "--auto-size", "--threads", "12", "--hold", "3ms",
      "--progress", "none");
  static final int WIDTH = 1280;
  static final int HEIGHT = 1000;
  static final int SHOT_AFTER_SECONDS = 30;

  private static final List<String> SERIES = List.of("in-use", "idle", "waiting", "size", "pool-size", "throughput", "p50", "p99");
  private static final List<String> COUNT_TILES = List.of("in-use", "idle", "waiting", "size", "errors", "timeouts");

  private static String chromium;
  private static String chromedriver;

  @BeforeAll
  static void findBrowserAndDriver() {
    chromium = locate("CHROMIUM", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable");
    chromedriver = locate("CHROMEDRIVER", "chromedriver");
    if (chromium == null || chromedriver == null) {
      String message = (chromium == null ? "headless Chromium" : "chromedriver")
          + " is not installed (apt-get install chromium chromium-driver, or set CHROMIUM and CHROMEDRIVER)";
      if (RealServers.isCi()) throw new IllegalStateException(message + "; it is required when CI=true");
      Assumptions.abort(message + "; skipping");
    }
  }

  @Test
  void chartsRenderAndUpdateWithLiveNumbersInOneOpenPage() throws Exception {
    long started = System.nanoTime();
    Cli.Running serve = Cli.withEnv().start(SERVE.toArray(String[]::new));
    WebDriver browser = null;
    try {
      URI page = URI.create(serve.awaitErr(ServeCommandTest.DASHBOARD_LINE, 30));
      browser = openBrowser();
      browser.get(page.toString());
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(200));
      // Two redraws from /api/stats, from a sample late enough for every series to have two points.
      wait.until(b -> attribute(b, "data-renders") >= 2 && attribute(b, "data-sample") >= 3);
      script(browser, "window.openedOnce = 'this page';");

      // The charts are drawn: each series a polyline of several points with a size on screen.
      for (String chart : List.of("chart-connections", "chart-throughput", "chart-wait")) {
        Rectangle box = browser.findElement(By.id(chart)).getRect();
        assertThat(box.getWidth()).as(chart + " width").isGreaterThan(200);
        assertThat(box.getHeight()).as(chart + " height").isGreaterThan(100);
      }
      for (String series : SERIES) {
        assertThat(points(browser, series)).as(series + " points").isGreaterThanOrEqualTo(2);
        assertThat(number(script(browser, "return document.querySelector('polyline.series." + series
            + "').getBBox().width;"))).as(series + " drawn width").isPositive();
      }
      assertThat(number(script(browser,
          "return Math.max(...Array.from(document.querySelectorAll('#chart-wait rect.bucket'), r => r.getBBox().height));")))
          .as("tallest wait-histogram bar").isPositive();

      // The tiles hold numbers from the running load, not the "-" placeholders.
      for (String tile : COUNT_TILES) {
        assertThat(text(browser, tile)).as(tile).matches("[0-9,]+");
      }
      assertThat(count(text(browser, "size"))).as("open connections").isPositive();
      assertThat(count(text(browser, "throughput"))).as("throughput").isPositive();
      assertThat(text(browser, "p99")).matches("[0-9.]+ (us|ms|s)");
      assertThat(text(browser, "sample")).isEqualTo(Long.toString(attribute(browser, "data-sample")));
      assertThat(text(browser, "where")).startsWith("mcp-serve on jdbc:h2:mem:mcp-serve-").contains("load: 12 threads");
      assertThat(text(browser, "sizing-panel")).contains("Automatic sizing on (1 to 50)");
      wait.until(b -> b.findElement(By.id("health")).getDomAttribute("class").matches("badge (UP|DEGRADED)"));

      // Live: the same page, left open, shows later samples, longer lines and new numbers.
      long firstSample = attribute(browser, "data-sample");
      long firstRenders = attribute(browser, "data-renders");
      int firstPoints = points(browser, "in-use");
      String firstUpdated = text(browser, "updated");
      Set<String> throughputs = new LinkedHashSet<>();
      // The page polls every second; the server samples every half second.
      wait.until(b -> {
        throughputs.add(text(b, "throughput"));
        return attribute(b, "data-renders") >= firstRenders + 3;
      });
      assertThat(script(browser, "return window.openedOnce;")).as("the page was not loaded again").isEqualTo("this page");
      assertThat(attribute(browser, "data-sample")).isGreaterThanOrEqualTo(firstSample + 3);
      assertThat(points(browser, "in-use")).isGreaterThan(firstPoints);
      assertThat(text(browser, "updated")).isNotEqualTo(firstUpdated);
      assertThat(throughputs).as("throughput tile over three redraws").hasSizeGreaterThanOrEqualTo(2);

      String screenshot = System.getProperty("dashboard.screenshot");
      if (screenshot != null && !screenshot.isBlank()) {
        saveScreenshot(browser, wait, Path.of(screenshot).toAbsolutePath(), started);
      }
    } finally {
      if (browser != null) browser.quit();
      Cli.Result r = serve.stop();
      assertThat(r.exitCode()).as(r.toString()).isZero();
    }
  }

  /** Waits until the run is {@value #SHOT_AFTER_SECONDS} s old and the page has just redrawn, then shoots it. */
  private static void saveScreenshot(WebDriver browser, WebDriverWait wait, Path file, long started) throws Exception {
    long left = Duration.ofSeconds(SHOT_AFTER_SECONDS).toNanos() - (System.nanoTime() - started);
    if (left > 0) Thread.sleep(left / 1_000_000);
    long renders = attribute(browser, "data-renders");
    wait.until(b -> attribute(b, "data-renders") > renders);
    byte[] png = ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES);
    Files.createDirectories(file.getParent());
    Files.write(file, png);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(image.getWidth()).isEqualTo(WIDTH);
    assertThat(image.getHeight()).isEqualTo(HEIGHT);
  }

  private static WebDriver openBrowser() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium);
    // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
        "--force-device-scale-factor=1", "--window-size=" + WIDTH + "," + HEIGHT);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(chromedriver)).usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    // The viewport, not the window, is what a screenshot holds; make it exactly the documented size.
    Object outer = driver.executeScript("return [window.outerWidth - window.innerWidth, window.outerHeight - window.innerHeight];");
    List<?> chrome = (List<?>) outer;
    driver.manage().window().setSize(new Dimension(WIDTH + (int) number(chrome.get(0)), HEIGHT + (int) number(chrome.get(1))));
    return driver;
  }

  private static Object script(WebDriver browser, String js) {
    return ((JavascriptExecutor) browser).executeScript(js);
  }

  /** A numeric attribute of the page's body, set by the dashboard's script; 0 when absent. */
  private static long attribute(WebDriver browser, String name) {
    String value = browser.findElement(By.tagName("body")).getDomAttribute(name);
    return value == null || value.isEmpty() ? 0 : Long.parseLong(value);
  }

  private static String text(WebDriver browser, String id) {
    return browser.findElement(By.id(id)).getText().trim();
  }

  private static int points(WebDriver browser, String series) {
    String points = browser.findElement(By.cssSelector("polyline.series." + series)).getDomAttribute("points");
    return points == null || points.isBlank() ? 0 : points.trim().split("\\s+").length;
  }

  private static long count(String tile) {
    return Long.parseLong(tile.replace(",", ""));
  }

  private static double number(Object value) {
    return ((Number) value).doubleValue();
  }

  /** {@code $variable} if it names an executable, else the first of {@code names} on the PATH. */
  private static String locate(String variable, String... names) {
    String configured = System.getenv(variable);
    if (configured != null && new File(configured).canExecute()) return configured;
    List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)));
    dirs.add("/usr/bin");
    for (String name : names) {
      for (String dir : dirs) {
        File candidate = new File(dir, name);
        if (candidate.canExecute()) return candidate.getPath();
      }
    }
    return null;
  }
}
