package mcp.db.pool.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns JMH result files ({@code -rf csv}) into the Markdown tables of {@code docs/benchmarks.md}:
 * one column per pool and, where HikariCP ran, the ratio of our pool to it.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar mcp.db.pool.bench.Report benchmarks/results/jdk25-short/*.csv
 * }</pre>
 *
 * <p>Three tables: throughput (higher is better; ratio = mcp / hikari), allocation per operation
 * from {@code -prof gc} (lower is better; ratio = mcp / hikari), and the sample-mode percentiles of
 * the contended benchmark (lower is better).
 *
 * <p>When several files hold the same benchmark, pool and thread count (one file per round of
 * {@code run.sh}, which runs the pools fork by fork in turn), the cell is the median of those scores
 * with the lowest and highest in brackets, and the ratio is the ratio of the medians.
 */
public final class Report {
  private Report() {}

  /** One line of a JMH CSV file. */
  record Row(String benchmark, String metric, String mode, int threads, double score, double error,
      String unit, String pool) {}

  /** Prints the tables for the given CSV files. */
  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      System.err.println("usage: Report RESULT.csv...");
      System.exit(2);
    }
    List<Row> rows = new ArrayList<>();
    for (String file : args) rows.addAll(read(Path.of(file)));
    System.out.print(throughput(rows));
    System.out.print(allocation(rows));
    System.out.print(percentiles(rows));
  }

  static List<Row> read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty()) return List.of();
    List<String> header = split(lines.get(0));
    int poolColumn = header.indexOf("Param: pool");
    List<Row> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      List<String> cells = split(line);
      String name = cells.get(0);
      int colon = name.indexOf(':');
      String benchmark = shortName(colon < 0 ? name : name.substring(0, colon));
      String metric = colon < 0 ? "" : name.substring(colon + 1).replace("\u00b7", "");
      rows.add(new Row(benchmark, metric, cells.get(1), Integer.parseInt(cells.get(2)),
          number(cells.get(4)), number(cells.get(5)), cells.get(6),
          poolColumn < 0 ? "?" : cells.get(poolColumn)));
    }
    return rows;
  }

  static String throughput(List<Row> rows) {
    return table("Throughput (higher is better)", rows, r -> r.mode().equals("thrpt")
        && r.metric().isEmpty());
  }

  static String allocation(List<Row> rows) {
    return table("Allocation per operation, bytes (gc.alloc.rate.norm; lower is better)", rows,
        r -> r.metric().equals("gc.alloc.rate.norm"));
  }

  static String percentiles(List<Row> rows) {
    return table("Sampled operation time (lower is better)", rows, r -> r.mode().equals("sample")
        && (r.metric().equals("p0.50") || r.metric().equals("p0.99") || r.metric().equals("p0.999")
            || r.metric().equals("p1.00")));
  }

  /** A line of a table: one benchmark (and secondary metric) at one thread count. */
  record Line(String name, int threads, String unit) implements Comparable<Line> {
    @Override
    public int compareTo(Line other) {
      int byName = name.compareTo(other.name);
      return byName != 0 ? byName : Integer.compare(threads, other.threads);
    }
  }

  /** One Markdown table: a line per benchmark, metric and thread count, a column per pool. */
  private static String table(String title, List<Row> rows, Predicate<Row> keep) {
    Map<Line, Map<String, List<Row>>> lines = new TreeMap<>();
    Set<String> seen = new LinkedHashSet<>();
    for (Row row : rows) {
      if (!keep.test(row)) continue;
      Line line = new Line(row.benchmark() + (row.metric().isEmpty() ? "" : " " + row.metric()),
          row.threads(), row.unit());
      lines.computeIfAbsent(line, k -> new LinkedHashMap<>())
          .computeIfAbsent(row.pool(), k -> new ArrayList<>()).add(row);
      seen.add(row.pool());
    }
    if (lines.isEmpty()) return "";
    List<String> pools = new ArrayList<>(Pools.ALL);
    pools.retainAll(seen);
    for (String pool : seen) {
      if (!pools.contains(pool)) pools.add(pool); // e.g. mcp-nometrics, after the competitors
    }
    StringBuilder out = new StringBuilder("\n#### ").append(title).append("\n\n| benchmark | threads | unit |");
    for (String pool : pools) out.append(' ').append(pool).append(" |");
    // The ratio column: against HikariCP when it ran, else against our pool without statistics.
    String baseline = pools.contains("hikari") ? "hikari" : "mcp-nometrics";
    boolean ratio = pools.contains("mcp") && pools.contains(baseline);
    if (ratio) out.append(" mcp / ").append(baseline).append(" |");
    out.append("\n|---|---:|---|");
    out.append("---:|".repeat(pools.size() + (ratio ? 1 : 0))).append('\n');
    for (Map.Entry<Line, Map<String, List<Row>>> line : lines.entrySet()) {
      Line key = line.getKey();
      out.append("| ").append(key.name()).append(" | ").append(key.threads()).append(" | ")
          .append(key.unit()).append(" |");
      for (String pool : pools) {
        List<Row> runs = line.getValue().get(pool);
        out.append(' ').append(runs == null ? "" : format(runs)).append(" |");
      }
      if (ratio) {
        List<Row> mcp = line.getValue().get("mcp");
        List<Row> hikari = line.getValue().get(baseline);
        double base = hikari == null ? 0 : median(hikari);
        String value = mcp == null || base == 0 ? ""
            : String.format(Locale.ROOT, "%.2fx", median(mcp) / base);
        out.append(' ').append(value).append(" |");
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** One run: its score and error; several: their median, with the lowest and highest. */
  static String format(List<Row> runs) {
    if (runs.size() == 1) return format(runs.get(0));
    double[] scores = sortedScores(runs);
    return scoreText(median(scores)) + " (" + scoreText(scores[0]) + "-"
        + scoreText(scores[scores.length - 1]) + ")";
  }

  static double median(List<Row> runs) {
    return median(sortedScores(runs));
  }

  private static double median(double[] sorted) {
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  private static double[] sortedScores(List<Row> runs) {
    return runs.stream().mapToDouble(Row::score).sorted().toArray();
  }

  private static String format(Row row) {
    String score = scoreText(row.score());
    if (Double.isNaN(row.error()) || row.error() == 0) return score;
    return score + " ± " + scoreText(row.error());
  }

  private static String scoreText(double value) {
    if (value >= 100) return String.format(Locale.ROOT, "%,.0f", value);
    if (value >= 1) return String.format(Locale.ROOT, "%.2f", value);
    return String.format(Locale.ROOT, "%.3f", value);
  }

  private static String shortName(String benchmark) {
    String[] parts = benchmark.split("\\.");
    return parts.length < 2 ? benchmark : parts[parts.length - 2] + "." + parts[parts.length - 1];
  }

  private static double number(String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** Splits a JMH CSV line: comma-separated cells, some in double quotes. */
  static List<String> split(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    cells.add(cell.toString());
    return cells;
  }
}
