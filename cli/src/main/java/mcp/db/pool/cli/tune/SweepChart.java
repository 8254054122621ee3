package mcp.db.pool.cli.tune;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import mcp.db.pool.cli.output.Format;
import mcp.db.pool.cli.tune.ChartCanvas.Anchor;

/**
 * The chart of a {@code tune} sweep: one bar per pool size for throughput (left axis) and two lines
 * for the median and 99th percentile latency (right axis), with the recommended size highlighted.
 * Written as a self-contained HTML page (the chart as inline SVG plus the table; no scripts, no
 * external files), as an SVG file, or as a PNG, chosen by the file's extension.
 */
public final class SweepChart {
  static final int WIDTH = 900;
  static final int HEIGHT = 500;

  private static final String BAR = "#9ecae1";
  private static final String BAR_RECOMMENDED = "#2171b5";
  private static final String BAR_AUTOMATIC = "#bcbddc";
  private static final String P50 = "#31a354";
  private static final String P99 = "#e6550d";
  private static final String GRID = "#e0e0e0";
  private static final String TEXT = "#333333";
  private static final String MUTED = "#777777";
  private static final int TICKS = 5;

  private SweepChart() {}

  /**
   * Writes the chart to {@code file}: {@code .html}/{@code .htm} a page with the chart and the
   * table, {@code .svg} the chart alone, {@code .png} the chart as an image.
   *
   * @param title the chart's title
   * @param details lines shown under the title on the HTML page (database, load, step length)
   * @throws IllegalArgumentException if the extension is none of these
   * @throws IOException if the file cannot be written
   */
  public static void write(Path file, String title, List<String> details, List<SweepStep> steps,
      SizeRecommendation recommendation) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".png")) {
      ImageCanvas canvas = new ImageCanvas(WIDTH, HEIGHT);
      draw(canvas, title, steps, recommendation);
      if (!ImageIO.write(canvas.image(), "png", file.toFile())) {
        throw new IOException("no PNG writer in this Java runtime");
      }
    } else if (name.endsWith(".svg")) {
      Files.writeString(file, svg(title, steps, recommendation), StandardCharsets.UTF_8);
    } else if (name.endsWith(".html") || name.endsWith(".htm")) {
      Files.writeString(file, html(title, details, steps, recommendation), StandardCharsets.UTF_8);
    } else {
      throw new IllegalArgumentException("the chart file must end in .html, .svg or .png: " + file);
    }
  }

  /** Whether {@code file} has an extension {@link #write} understands. */
  public static boolean supports(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".png") || name.endsWith(".svg") || name.endsWith(".html") || name.endsWith(".htm");
  }

  static String svg(String title, List<SweepStep> steps, SizeRecommendation recommendation) {
    SvgCanvas canvas = new SvgCanvas(WIDTH, HEIGHT);
    draw(canvas, title, steps, recommendation);
    return canvas.svg();
  }

  static String html(String title, List<String> details, List<SweepStep> steps, SizeRecommendation recommendation) {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        .append(SvgCanvas.escape(title)).append("</title>\n<style>\n")
        .append("body{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;color:#333;margin:2em auto;max-width:960px}\n")
        .append("h1{font-size:1.4em}.details{color:#666;margin:.2em 0}.recommendation{font-size:1.1em;margin:1em 0}\n")
        .append("table{border-collapse:collapse;margin-top:1em}th,td{padding:.3em .9em;border-bottom:1px solid #ddd;text-align:right}\n")
        .append("th:first-child,td:first-child{text-align:left}tr.recommended td{font-weight:bold;color:#2171b5}\n")
        .append("</style>\n</head>\n<body>\n<h1>").append(SvgCanvas.escape(title)).append("</h1>\n");
    for (String line : details) b.append("<p class=\"details\">").append(SvgCanvas.escape(line)).append("</p>\n");
    b.append("<p class=\"recommendation\">Recommended <code>poolSize</code>: <strong>")
        .append(recommendation.step().poolSize()).append("</strong>, ")
        .append(SvgCanvas.escape(recommendation.reason())).append(".</p>\n");
    b.append(svg(title, steps, recommendation));
    b.append("<table>\n<tr><th>pool size</th><th>throughput (ops/s)</th><th>p50</th><th>p99</th>")
        .append("<th>wait p99</th><th>operations</th><th>errors</th></tr>\n");
    for (SweepStep s : steps) {
      b.append(s == recommendation.step() ? "<tr class=\"recommended\">" : "<tr>")
          .append("<td>").append(SvgCanvas.escape(s.label())).append(s == recommendation.step() ? " (recommended)" : "")
          .append("</td><td>").append(Format.rate(s.throughput()))
          .append("</td><td>").append(Format.nanos(s.latencyP50Nanos()))
          .append("</td><td>").append(Format.nanos(s.latencyP99Nanos()))
          .append("</td><td>").append(Format.nanos(s.waitP99Nanos()))
          .append("</td><td>").append(Format.count(s.operations()))
          .append("</td><td>").append(Format.count(s.errors())).append("</td></tr>\n");
    }
    b.append("</table>\n<p class=\"details\">Written by mcp-db-pool tune on ")
        .append(ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME)).append(".</p>\n</body>\n</html>\n");
    return b.toString();
  }

  static void draw(ChartCanvas c, String title, List<SweepStep> steps, SizeRecommendation recommendation) {
    double left = 90;
    double right = WIDTH - 90;
    double top = 80;
    double bottom = HEIGHT - 90;
    c.text(WIDTH / 2.0, 32, title, 18, TEXT, Anchor.MIDDLE, true);
    c.text(WIDTH / 2.0, 54, "bars: throughput (left axis)   lines: latency p50 and p99 (right axis)", 12, MUTED,
        Anchor.MIDDLE, false);

    double maxThroughput = 0;
    double maxLatencyMillis = 0;
    for (SweepStep s : steps) {
      maxThroughput = Math.max(maxThroughput, s.throughput());
      maxLatencyMillis = Math.max(maxLatencyMillis, Math.max(0, s.latencyP99Nanos()) / 1e6);
    }
    double throughputAxis = niceCeiling(maxThroughput);
    double latencyAxis = niceCeiling(maxLatencyMillis);

    for (int i = 0; i <= TICKS; i++) {
      double y = bottom - (bottom - top) * i / TICKS;
      c.line(left, y, right, y, GRID, 1);
      c.text(left - 8, y + 4, tick(throughputAxis * i / TICKS), 11, MUTED, Anchor.END, false);
      c.text(right + 8, y + 4, tick(latencyAxis * i / TICKS) + " ms", 11, MUTED, Anchor.START, false);
    }
    c.text(left, top - 12, "ops/s", 12, TEXT, Anchor.END, true);
    c.text(right, top - 12, "latency", 12, TEXT, Anchor.START, true);
    c.line(left, bottom, right, bottom, TEXT, 1);

    int n = steps.size();
    double slot = (right - left) / Math.max(1, n);
    double[] xs = new double[n];
    double[] p50 = new double[n];
    double[] p99 = new double[n];
    for (int i = 0; i < n; i++) {
      SweepStep s = steps.get(i);
      double center = left + slot * (i + 0.5);
      double barWidth = Math.min(70, slot * 0.6);
      double barHeight = throughputAxis <= 0 ? 0 : (bottom - top) * s.throughput() / throughputAxis;
      boolean recommended = s == recommendation.step();
      String fill = recommended ? BAR_RECOMMENDED : s.automatic() ? BAR_AUTOMATIC : BAR;
      c.rect(center - barWidth / 2, bottom - barHeight, barWidth, barHeight, fill);
      c.text(center, bottom + 20, s.label(), 12, TEXT, Anchor.MIDDLE, recommended);
      if (recommended) {
        c.text(center, bottom - barHeight - 8, "recommended", 12, BAR_RECOMMENDED, Anchor.MIDDLE, true);
      }
      xs[i] = center;
      p50[i] = latencyY(s.latencyP50Nanos(), latencyAxis, top, bottom);
      p99[i] = latencyY(s.latencyP99Nanos(), latencyAxis, top, bottom);
    }
    c.polyline(xs, p50, P50, 2);
    c.polyline(xs, p99, P99, 2);
    for (int i = 0; i < n; i++) {
      c.circle(xs[i], p50[i], 4, P50);
      c.circle(xs[i], p99[i], 4, P99);
    }
    c.text(WIDTH / 2.0, bottom + 42, "pool size", 12, TEXT, Anchor.MIDDLE, true);

    double legendY = HEIGHT - 22;
    boolean anyAutomatic = steps.stream().anyMatch(SweepStep::automatic);
    double x = WIDTH / 2.0 - (anyAutomatic ? 340 : 260);
    x = legend(c, x, legendY, BAR, "throughput", true);
    x = legend(c, x, legendY, BAR_RECOMMENDED, "recommended size", true);
    if (anyAutomatic) x = legend(c, x, legendY, BAR_AUTOMATIC, "automatic sizing", true);
    x = legend(c, x, legendY, P50, "p50 latency", false);
    legend(c, x, legendY, P99, "p99 latency", false);
  }

  private static double legend(ChartCanvas c, double x, double y, String colour, String label, boolean box) {
    if (box) {
      c.rect(x, y - 10, 14, 12, colour);
    } else {
      c.line(x, y - 4, x + 14, y - 4, colour, 2);
      c.circle(x + 7, y - 4, 3.5, colour);
    }
    c.text(x + 20, y, label, 12, TEXT, Anchor.START, false);
    return x + 34 + label.length() * 7.0;
  }

  private static double latencyY(long nanos, double axisMillis, double top, double bottom) {
    if (nanos < 0 || axisMillis <= 0) return bottom;
    return bottom - (bottom - top) * (nanos / 1e6) / axisMillis;
  }

  /** The smallest 1, 2 or 5 times a power of ten that is at least {@code value} (1 for zero). */
  static double niceCeiling(double value) {
    if (value <= 0 || Double.isNaN(value)) return 1;
    double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
    double f = value / magnitude;
    double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
    return nice * magnitude;
  }

  private static String tick(double value) {
    if (value >= 100) return Format.count(Math.round(value));
    String s = String.format(Locale.ROOT, "%.3f", value);
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }
}
