package mcp.db.pool;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How the pool's size relates to what it delivered, from {@link DatabasePool#sizingReport()}:
 * throughput and latency measured at each poolSize the pool ran with recently, what automatic
 * sizing currently believes, and its recent decisions. {@link #toTable()} renders it for people.
 *
 * @param poolName the pool's name
 * @param takenAt when the report was made (the pool clock's wall time)
 * @param automatic whether automatic sizing is on ({@code autoSize})
 * @param poolSize poolSize now (during a probe, the probe's size)
 * @param minPoolSize the smallest size sizing may choose
 * @param maxPoolSize the largest size sizing may choose
 * @param chosenSize the size automatic sizing believes best now (not a probe); poolSize when it is off
 * @param state what automatic sizing is doing, in a few words ({@code "off"} when it is off)
 * @param noLoadHoldTime the lowest recent mean hold time: the database's response without
 *     queueing, as far as the pool has seen it; zero when not yet measured
 * @param peakThroughput the highest recent throughput, borrows completed per second
 * @param databaseConcurrency peak throughput times no-load hold time (Little's law): how many
 *     borrows the database served at once at its best; a lower bound for the best size
 * @param saturatedAt a size above which more connections recently bought no throughput; 0 when
 *     none is known
 * @param bySize what the pool measured at each poolSize in the recent history (about the last ten
 *     minutes of measurement windows), smallest size first
 * @param decisions the recent decisions that changed the size or froze it, oldest first, including
 *     those of {@link DatabasePool#optimizePoolSize(double)}
 */
public record SizingReport(
    String poolName,
    Instant takenAt,
    boolean automatic,
    int poolSize,
    int minPoolSize,
    int maxPoolSize,
    int chosenSize,
    String state,
    Duration noLoadHoldTime,
    double peakThroughput,
    double databaseConcurrency,
    int saturatedAt,
    List<SizeRow> bySize,
    List<SizingDecision> decisions) {

  /** Copies the lists so the report stays immutable. */
  public SizingReport {
    Objects.requireNonNull(poolName, "poolName");
    Objects.requireNonNull(takenAt, "takenAt");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(noLoadHoldTime, "noLoadHoldTime");
    bySize = List.copyOf(bySize);
    decisions = List.copyOf(decisions);
  }

  /**
   * What the pool measured while it ran with one poolSize.
   *
   * @param poolSize the size
   * @param measured how much time was measured at it
   * @param windows how many measurement windows that was
   * @param throughput borrows completed per second
   * @param meanHoldTime how long a caller held a connection, on average
   * @param meanWaitTime how long a borrow waited, on average (zero waits included)
   * @param meanInUse connections in use, averaged over time
   * @param meanWaiting callers waiting, averaged over time
   * @param utilization {@code meanInUse / poolSize}
   */
  public record SizeRow(
      int poolSize,
      Duration measured,
      int windows,
      double throughput,
      Duration meanHoldTime,
      Duration meanWaitTime,
      double meanInUse,
      double meanWaiting,
      double utilization) {

    /** Checks the fields. */
    public SizeRow {
      Objects.requireNonNull(measured, "measured");
      Objects.requireNonNull(meanHoldTime, "meanHoldTime");
      Objects.requireNonNull(meanWaitTime, "meanWaitTime");
    }

    /** What a caller saw per borrow: mean wait plus mean hold. */
    public Duration meanResponseTime() {
      return meanWaitTime.plus(meanHoldTime);
    }

    /** The row as a map with fixed keys, durations in milliseconds (fractional). */
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("poolSize", poolSize);
      m.put("seconds", measured.toNanos() / 1e9);
      m.put("windows", windows);
      m.put("throughput", throughput);
      m.put("meanHoldMs", meanHoldTime.toNanos() / 1e6);
      m.put("meanWaitMs", meanWaitTime.toNanos() / 1e6);
      m.put("meanResponseMs", meanResponseTime().toNanos() / 1e6);
      m.put("meanInUse", meanInUse);
      m.put("meanWaiting", meanWaiting);
      m.put("utilization", utilization);
      return m;
    }
  }

  /** The report as nested maps with fixed keys, durations in milliseconds, for JSON. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("poolName", poolName);
    m.put("takenAt", takenAt.toString());
    m.put("automatic", automatic);
    m.put("poolSize", poolSize);
    m.put("minPoolSize", minPoolSize);
    m.put("maxPoolSize", maxPoolSize);
    m.put("chosenSize", chosenSize);
    m.put("state", state);
    m.put("noLoadHoldMs", noLoadHoldTime.toNanos() / 1e6);
    m.put("peakThroughput", peakThroughput);
    m.put("databaseConcurrency", databaseConcurrency);
    m.put("saturatedAt", saturatedAt);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (SizeRow r : bySize) {
      rows.add(r.toMap());
    }
    m.put("bySize", rows);
    List<Map<String, Object>> ds = new ArrayList<>();
    for (SizingDecision d : decisions) {
      ds.add(d.toMap());
    }
    m.put("decisions", ds);
    return m;
  }

  /**
   * The report as text: a summary line, a table of throughput and latency against pool size (the
   * chosen size marked with {@code *}), then the recent decisions.
   */
  public String toTable() {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "Pool '%s' sizing: %s; poolSize %d (bounds %d..%d)%n", poolName,
        automatic ? "automatic, chosen size " + chosenSize + ", " + state : "manual", poolSize,
        minPoolSize, maxPoolSize));
    if (!noLoadHoldTime.isZero()) {
      out.append(String.format(Locale.ROOT, "no-load hold %s ms, peak throughput %.0f/s, database "
          + "concurrency %.1f%s%n", ms(noLoadHoldTime), peakThroughput, databaseConcurrency,
          saturatedAt > 0 ? ", saturated at " + saturatedAt : ""));
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"size", "seconds", "borrows/s", "hold ms", "wait ms", "response ms",
        "in use", "waiting", "utilisation"});
    for (SizeRow r : bySize) {
      rows.add(new String[] {
          r.poolSize() + (r.poolSize() == chosenSize ? "*" : ""),
          String.format(Locale.ROOT, "%.1f", r.measured().toNanos() / 1e9),
          String.format(Locale.ROOT, "%.0f", r.throughput()),
          ms(r.meanHoldTime()),
          ms(r.meanWaitTime()),
          ms(r.meanResponseTime()),
          String.format(Locale.ROOT, "%.1f", r.meanInUse()),
          String.format(Locale.ROOT, "%.1f", r.meanWaiting()),
          String.format(Locale.ROOT, "%.2f", r.utilization())});
    }
    if (bySize.isEmpty()) {
      out.append("(nothing measured yet)\n");
    } else {
      appendAligned(out, rows);
    }
    if (!decisions.isEmpty()) {
      out.append("recent decisions:\n");
      for (SizingDecision d : decisions) {
        out.append("  ").append(d.at()).append(' ').append(d.automatic() ? "" : "(optimizePoolSize) ")
            .append(d).append('\n');
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return toTable();
  }

  private static void appendAligned(StringBuilder out, List<String[]> rows) {
    int[] width = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        width[c] = Math.max(width[c], row[c].length());
      }
    }
    for (int r = 0; r < rows.size(); r++) {
      String[] row = rows.get(r);
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.length; c++) {
        if (c > 0) {
          line.append("  ");
        }
        line.append(" ".repeat(width[c] - row[c].length())).append(row[c]);
      }
      out.append(line).append('\n');
      if (r == 0) {
        int total = 0;
        for (int w : width) {
          total += w;
        }
        out.append("-".repeat(total + 2 * (width.length - 1))).append('\n');
      }
    }
  }

  private static String ms(Duration d) {
    double ms = d.toNanos() / 1e6;
    return String.format(Locale.ROOT, ms >= 10 ? "%.1f" : ms >= 0.1 ? "%.2f" : "%.3f", ms);
  }
}
