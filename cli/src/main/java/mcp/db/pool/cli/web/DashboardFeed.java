package mcp.db.pool.cli.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.MetricFamily;
import mcp.db.pool.PoolStats;
import mcp.db.pool.SizingDecision;
import mcp.db.pool.SizingReport;
import mcp.db.pool.cli.load.LatencyHistogram;
import mcp.db.pool.cli.load.PoolSampler;
import mcp.db.pool.cli.load.Workload;
import mcp.db.pool.cli.output.Format;

/**
 * The body of {@code /api/stats}, which the dashboard page polls: the pool's statistics now
 * ({@link PoolStats#toMap()}), the sampled series (in use, idle, waiting, size, throughput and
 * latency over time), the wait-time histogram, errors, and the pool's sizing decisions.
 *
 * <p>The wait-time histogram is the pool's own ({@code db.client.connection.wait_time} from
 * {@link DatabasePool#collectMetrics()}), so it counts every borrow, not only the tool's load; when
 * the pool does not report one, the load's measurements are used instead. Sizing decisions come
 * from the pool's {@link DatabasePool#sizingReport()} (automatic sizing and
 * {@code optimizePoolSize}); a change of poolSize made otherwise (a resize) is seen in the samples.
 */
public final class DashboardFeed {
  static final String WAIT_TIME_METRIC = "db.client.connection.wait_time";

  private final DatabasePool pool;
  private final PoolSampler sampler;
  private final Workload workload;
  private final String displayUrl;
  private final String loadDescription;

  /**
   * @param pool the pool shown
   * @param sampler its sampler (already started)
   * @param workload the load on it, or {@code null} when the pool is served alone
   * @param displayUrl the database, password masked
   * @param loadDescription what the load does, for the page's header ("none" without one)
   */
  public DashboardFeed(DatabasePool pool, PoolSampler sampler, Workload workload, String displayUrl,
      String loadDescription) {
    this.pool = pool;
    this.sampler = sampler;
    this.workload = workload;
    this.displayUrl = displayUrl;
    this.loadDescription = loadDescription;
  }

  /** Everything the page shows, as JSON-ready maps and lists. */
  public Map<String, Object> snapshot() {
    PoolStats stats = pool.getPoolStats();
    List<PoolSampler.Sample> series = sampler.series();
    PoolSampler.Sample last = series.isEmpty() ? null : series.get(series.size() - 1);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sample", last == null ? 0 : last.sequence());
    m.put("time", Instant.now().toString());
    m.put("uptimeSeconds", last == null ? 0 : Math.round(last.sinceStartNanos() / 1e8) / 10.0);
    m.put("url", displayUrl);
    m.put("load", loadDescription);
    m.put("pool", stats.toMap());
    m.put("series", series(series));
    m.put("waitHistogram", waitHistogram());
    m.put("errors", errors(stats));
    m.put("sizing", sizing());
    m.put("sizingReport", sizingReport());
    m.put("workload", workload());
    return m;
  }

  private static List<Map<String, Object>> series(List<PoolSampler.Sample> samples) {
    List<Map<String, Object>> rows = new ArrayList<>(samples.size());
    for (PoolSampler.Sample s : samples) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("t", Math.round(s.sinceStartNanos() / 1e6) / 1e3);
      row.put("inUse", s.inUse());
      row.put("idle", s.idle());
      row.put("waiting", s.waiting());
      row.put("size", s.size());
      row.put("poolSize", s.poolSize());
      row.put("throughput", Math.round(s.throughput() * 10) / 10.0);
      row.put("p50", Format.millis(s.latencyP50Nanos()));
      row.put("p99", Format.millis(s.latencyP99Nanos()));
      row.put("waitP99", Format.millis(s.waitP99Nanos()));
      row.put("errors", s.errors());
      row.put("timeouts", s.timeouts());
      rows.add(row);
    }
    return rows;
  }

  /** Buckets of {@code {"le": label, "count": n}}, from the pool's histogram or else the load's. */
  Map<String, Object> waitHistogram() {
    Map<String, Object> m = new LinkedHashMap<>();
    MetricFamily.Histogram h = poolWaitHistogram();
    List<Map<String, Object>> buckets = new ArrayList<>();
    if (h != null) {
      m.put("source", "pool");
      m.put("count", h.count());
      long previous = 0;
      for (int i = 0; i < h.upperBounds().size(); i++) {
        long cumulative = h.cumulativeCounts().get(i);
        buckets.add(bucket("<= " + Format.nanos(Math.round(h.upperBounds().get(i) * 1e9)), cumulative - previous));
        previous = cumulative;
      }
      buckets.add(bucket("more", h.count() - previous));
    } else if (workload != null) {
      LatencyHistogram.Snapshot wait = workload.live().waitTime();
      m.put("source", "load");
      m.put("count", wait.count());
      long[] decades = wait.byDecade(3, 9);
      String[] labels = {"< 10 us", "< 100 us", "< 1 ms", "< 10 ms", "< 100 ms", "< 1 s", ">= 1 s"};
      for (int i = 0; i < decades.length; i++) buckets.add(bucket(labels[i], decades[i]));
    } else {
      m.put("source", "none");
      m.put("count", 0);
    }
    m.put("buckets", buckets);
    return m;
  }

  private MetricFamily.Histogram poolWaitHistogram() {
    for (MetricFamily family : pool.collectMetrics()) {
      if (WAIT_TIME_METRIC.equals(family.name()) && family.kind() == MetricFamily.Kind.HISTOGRAM) {
        for (MetricFamily.Point p : family.points()) {
          if (p.histogram() != null) return p.histogram();
        }
      }
    }
    return null;
  }

  private static Map<String, Object> bucket(String label, long count) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("le", label);
    b.put("count", count);
    return b;
  }

  private Map<String, Object> errors(PoolStats stats) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sqlErrors", stats.errors());
    m.put("timeouts", stats.timeouts());
    m.put("connectFailures", stats.connectFailures());
    m.put("broken", stats.broken());
    m.put("bySqlStateClass", stats.errorsBySqlStateClass());
    List<Map<String, Object>> recent = new ArrayList<>();
    for (PoolStats.SqlError e : stats.recentErrors()) recent.add(e.toMap());
    m.put("recent", recent);
    return m;
  }

  private List<Map<String, Object>> sizing() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (PoolSampler.SizeChange c : sampler.sizeChanges()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("t", Math.round(c.sinceStartNanos() / 1e6) / 1e3);
      row.put("at", Instant.ofEpochMilli(c.epochMillis()).toString());
      row.put("fromPoolSize", c.fromPoolSize());
      row.put("toPoolSize", c.toPoolSize());
      row.put("fromMaxOverflow", c.fromMaxOverflow());
      row.put("toMaxOverflow", c.toMaxOverflow());
      rows.add(row);
    }
    return rows;
  }

  /** The pool's own account of sizing: whether it sizes itself, what it is doing, its decisions. */
  private Map<String, Object> sizingReport() {
    SizingReport report = pool.sizingReport();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("automatic", report.automatic());
    m.put("state", report.state());
    m.put("poolSize", report.poolSize());
    m.put("chosenSize", report.chosenSize());
    m.put("minPoolSize", report.minPoolSize());
    m.put("maxPoolSize", report.maxPoolSize());
    List<Map<String, Object>> decisions = new ArrayList<>();
    List<SizingDecision> all = report.decisions();
    for (SizingDecision d : all.subList(Math.max(0, all.size() - 10), all.size())) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("at", d.at().toString());
      row.put("action", d.action().name());
      row.put("automatic", d.automatic());
      row.put("previousSize", d.previousSize());
      row.put("newSize", d.newSize());
      row.put("reason", d.reason());
      decisions.add(row);
    }
    m.put("decisions", decisions);
    return m;
  }

  private Map<String, Object> workload() {
    if (workload == null) return null;
    Workload.Live live = workload.live();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("threads", workload.threads());
    m.put("operations", live.operations());
    m.put("errors", live.errors());
    m.put("throughput", live.recordedNanos() <= 0 ? 0 : Math.round(live.operations() * 1e10 / live.recordedNanos()) / 10.0);
    m.put("latencyP99Millis", Format.millis(live.latency().percentile(0.99)));
    return m;
  }
}
