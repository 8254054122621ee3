package mcp.db.pool.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import mcp.db.pool.PoolConfig;
import mcp.db.pool.cli.load.LatencyHistogram;
import mcp.db.pool.cli.load.Workload;
import mcp.db.pool.cli.output.Format;
import mcp.db.pool.cli.output.TextTable;

/**
 * The report that {@code demo} and {@code bench} print after a load: counts, throughput, errors,
 * how often callers waited for a connection, the pool's peaks, and the latency and wait
 * percentiles, as tables for people or as one JSON object ({@link #toMap}).
 */
final class LoadReport {
  private static final double[] QUANTILES = {0.50, 0.90, 0.99, 0.999};
  private static final String[] QUANTILE_NAMES = {"p50", "p90", "p99", "p99.9"};

  private LoadReport() {}

  /** Writes the report as tables, indented by two spaces. */
  static void print(PrintWriter out, LoadRun.Outcome outcome) {
    Workload.Result r = outcome.result();
    TextTable summary = new TextTable("result", "value");
    summary.row("operations", Format.count(r.operations()));
    if (r.operationsByKind().size() > 1) {
      r.operationsByKind().forEach((kind, n) -> summary.row("  " + kind, Format.count(n)));
    }
    summary.row("throughput", Format.rate(r.throughput()) + " ops/s");
    summary.row("errors", Format.count(r.errors()));
    r.errorsByKind().forEach((kind, n) -> summary.row("  " + kind, Format.count(n)));
    summary.row("borrows that waited >= 1 ms", Format.count(r.waited()) + " (" + Format.percent(r.waited(), r.operations()) + ")");
    summary.row("peak in use / waiting (sampled)", outcome.sampler().peakInUse() + " / " + outcome.sampler().peakWaiting());
    summary.row("connections opened / closed", outcome.stats().created() + " / " + outcome.stats().closed());
    summary.print(out, 2);
    out.println();
    TextTable times = new TextTable("time per operation", "p50", "p90", "p99", "p99.9", "max");
    times.row(percentileRow("latency (ask to give back)", r.latency()));
    times.row(percentileRow("wait for a connection", r.waitTime()));
    times.print(out, 2);
    if (r.lastError() != null) {
      out.println();
      out.println("  last error: " + r.lastError());
    }
  }

  private static Object[] percentileRow(String label, LatencyHistogram.Snapshot h) {
    Object[] row = new Object[QUANTILES.length + 2];
    row[0] = label;
    for (int i = 0; i < QUANTILES.length; i++) row[i + 1] = Format.nanos(h.percentile(QUANTILES[i]));
    row[row.length - 1] = Format.nanos(h.count() == 0 ? -1 : h.max());
    return row;
  }

  /** The report as a map for {@code --json}: times in milliseconds, counts as numbers. */
  static Map<String, Object> toMap(String command, PoolConfig config, LoadRun.Outcome outcome) {
    Workload.Result r = outcome.result();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("command", command);
    m.put("url", config.displayUrl());
    m.put("threads", r.threads());
    m.put("seconds", Math.round(r.elapsedNanos() / 1e6) / 1e3);
    m.put("operations", r.operations());
    m.put("operationsByKind", r.operationsByKind());
    m.put("throughput", Math.round(r.throughput() * 10) / 10.0);
    m.put("errors", r.errors());
    m.put("errorsByKind", r.errorsByKind());
    m.put("lastError", r.lastError());
    m.put("waited", r.waited());
    m.put("latencyMillis", percentiles(r.latency()));
    m.put("waitMillis", percentiles(r.waitTime()));
    Map<String, Object> pool = new LinkedHashMap<>();
    pool.put("poolSize", outcome.stats().poolSize());
    pool.put("maxOverflow", outcome.stats().maxOverflow());
    pool.put("poolTimeoutMillis", config.poolTimeout().toMillis());
    pool.put("peakInUse", outcome.sampler().peakInUse());
    pool.put("peakWaiting", outcome.sampler().peakWaiting());
    pool.put("peakSize", outcome.sampler().peakSize());
    pool.put("stats", outcome.stats().toMap());
    m.put("pool", pool);
    return m;
  }

  static Map<String, Object> percentiles(LatencyHistogram.Snapshot h) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < QUANTILES.length; i++) m.put(QUANTILE_NAMES[i], Format.millis(h.percentile(QUANTILES[i])));
    m.put("max", Format.millis(h.count() == 0 ? -1 : h.max()));
    return m;
  }
}
