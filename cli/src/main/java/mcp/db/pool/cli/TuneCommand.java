package mcp.db.pool.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.DatabasePoolBuilder;
import mcp.db.pool.PoolConfig;
import mcp.db.pool.SizingDecision;
import mcp.db.pool.SizingReport;
import mcp.db.pool.cli.database.PoolOpening;
import mcp.db.pool.cli.load.SqlStatements;
import mcp.db.pool.cli.load.Workload;
import mcp.db.pool.cli.output.Format;
import mcp.db.pool.cli.output.Json;
import mcp.db.pool.cli.output.TextTable;
import mcp.db.pool.cli.tune.SizeRecommendation;
import mcp.db.pool.cli.tune.SweepChart;
import mcp.db.pool.cli.tune.SweepStep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tune}: runs the user's load at several fixed pool sizes, one after the other on one pool
 * (resized between steps, no overflow, so each step measures exactly that many connections), and
 * recommends a size with {@link SizeRecommendation}. Prints the table, and with {@code --chart}
 * writes the chart of throughput and latency against pool size as HTML, SVG or PNG.
 */
@Command(name = "tune", sortOptions = false,
    header = "Sweep pool sizes under your load and recommend one, with a chart.",
    description = {
        "Sweep pool sizes under your load and recommend one: for each size, resize the pool (no overflow),",
        "warm up, measure throughput and latency; then pick the smallest size within 5%% of the best",
        "throughput whose p99 latency is at most 1.2x the lowest. Then, unless --no-auto, the pool sizes",
        "itself (autoSize) under the same load and the table shows where it settled. Prints the table;",
        "--chart FILE also writes a chart of throughput and latency against pool size (.html, .svg, .png)."})
final class TuneCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec
  CommandSpec spec;

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads (the load's concurrency). Default: ${DEFAULT-VALUE}.")
  int threads = 16;

  @Option(names = "--sizes", paramLabel = "N[,N...]", split = ",",
      description = "Pool sizes to try. Default: 1, 2, 4, ... up to --threads, and --threads itself.")
  List<Integer> sizes = new ArrayList<>();

  @Option(names = "--step", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "How long to measure each size, after its warm-up. Default: 3s.")
  Duration step = Duration.ofSeconds(3);

  @Option(names = "--warmup", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Load run at each size before measuring (0 for none). Default: 1s.")
  Duration warmup = Duration.ofSeconds(1);

  @Option(names = "--sql", paramLabel = "SQL",
      description = "A statement of your load; repeat the option to mix several. Default: SELECT 1.")
  List<String> sql = new ArrayList<>();

  @Option(names = "--hold", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Keep each connection this long after the statement, like application work inside a "
          + "transaction (e.g. 5ms). Default: 0.")
  Duration hold = Duration.ZERO;

  @Option(names = "--auto", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "After the sweep, also let the pool size itself (autoSize) between the smallest and largest size "
          + "under the same load, and show where it settles. --no-auto skips it. Default: on.")
  boolean auto = true;

  @Option(names = "--auto-duration", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "How long automatic sizing may adjust the pool before its size is measured for --step. Default: 10s.")
  Duration autoDuration = Duration.ofSeconds(10);

  @Option(names = "--chart", paramLabel = "FILE",
      description = "Also write the chart to FILE: an .html page (chart and table), .svg or .png.")
  Path chart;

  @Mixin
  ProgressOptions progress;

  @Mixin
  PoolOptions pool;

  @Mixin
  OutputOptions output;

  TuneCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws InterruptedException {
    Checks.threads(spec, threads);
    Checks.positive(spec, "--step", step);
    Checks.positive(spec, "--auto-duration", autoDuration);
    if (pool.poolSize != null || pool.maxOverflow != null) {
      throw new ParameterException(spec.commandLine(), "tune sets the pool size itself; give the sizes to try with --sizes");
    }
    if (chart != null && !SweepChart.supports(chart)) {
      throw new ParameterException(spec.commandLine(), "--chart must name an .html, .svg or .png file but was " + chart);
    }
    List<Integer> plan = plannedSizes();
    List<String> statements = sql.isEmpty() ? List.of("SELECT 1") : sql;
    DatabasePoolBuilder builder = pool.builder(context, "mcp-tune").poolSize(plan.get(0)).maxOverflow(0);
    PoolConfig config = PoolOpening.validate(builder);
    context.err().println("tune: pool sizes " + join(plan) + ", each " + Format.duration(step)
        + (warmup.isZero() ? "" : " after " + Format.duration(warmup) + " warm-up") + ", " + threads
        + " threads on " + config.displayUrl()
        + (auto && plan.size() > 1 ? "; then automatic sizing for " + Format.duration(autoDuration) + " + " + Format.duration(step) : ""));
    List<SweepStep> steps = new ArrayList<>();
    String lastError = null;
    SqlStatements operation = new SqlStatements(statements);
    try (DatabasePool db = PoolOpening.open(builder)) {
      for (int i = 0; i < plan.size(); i++) {
        int size = plan.get(i);
        db.resizePool(size);
        awaitOpen(db, size);
        LoadRun.Outcome outcome = LoadRun.run(context, progress.mode(context),
            "tune size " + size + " (" + (i + 1) + "/" + plan.size() + ")", db, operation, threads, warmup, step, hold);
        Workload.Result r = outcome.result();
        if (r.lastError() != null) lastError = r.lastError();
        steps.add(step(size, Integer.toString(size), r, false));
      }
    }
    SizingReport automatic = null;
    if (auto && plan.size() > 1) {
      AutomaticRun run = runAutomatic(plan, operation);
      steps.add(run.step());
      automatic = run.report();
      if (run.lastError() != null) lastError = run.lastError();
    }
    if (steps.stream().filter(s -> !s.automatic()).allMatch(s -> s.operations() == 0)) {
      throw CliException.runtime("every operation failed at every pool size; the last error: " + lastError, null);
    }
    SizeRecommendation recommendation = SizeRecommendation.choose(steps);
    String title = "Pool size sweep: " + threads + " threads on " + config.displayUrl();
    if (chart != null) writeChart(title, config, statements, steps, recommendation);
    if (output.json) {
      context.out().println(Json.pretty(toMap(config, statements, steps, recommendation, automatic)));
    } else {
      print(config, statements, steps, recommendation, automatic);
    }
    return 0;
  }

  private static SweepStep step(int size, String label, Workload.Result r, boolean automatic) {
    return new SweepStep(size, label, r.throughput(), r.latency().percentile(0.50), r.latency().percentile(0.99),
        r.waitTime().percentile(0.99), r.operations(), r.errors(), automatic);
  }

  /**
   * The automatic run: a fresh pool with {@code autoSize} on, bounded by the sweep's smallest and
   * largest size and starting at the smallest, under the same load. It adjusts for
   * {@code --auto-duration} (not measured), then the size it is at is measured for {@code --step}.
   */
  private AutomaticRun runAutomatic(List<Integer> plan, SqlStatements operation) throws InterruptedException {
    int smallest = plan.get(0);
    int largest = plan.get(plan.size() - 1);
    DatabasePoolBuilder builder = pool.builder(context, "mcp-tune-auto").poolSize(smallest).maxOverflow(0)
        .autoSize(true).minPoolSize(smallest).maxPoolSize(largest);
    try (DatabasePool db = PoolOpening.open(builder)) {
      LoadRun.Outcome outcome = LoadRun.run(context, progress.mode(context),
          "tune auto " + smallest + "-" + largest, db, operation, threads, autoDuration, step, hold);
      SizingReport report = db.sizingReport();
      int settled = outcome.stats().poolSize();
      return new AutomaticRun(step(settled, "auto (" + settled + ")", outcome.result(), true), report,
          outcome.result().lastError());
    }
  }

  /** What automatic sizing did: its step for the table and chart, and the pool's own account. */
  private record AutomaticRun(SweepStep step, SizingReport report, String lastError) {}

  private List<Integer> plannedSizes() {
    TreeSet<Integer> plan = new TreeSet<>();
    if (sizes.isEmpty()) {
      for (int n = 1; n < threads; n *= 2) plan.add(n);
      plan.add(threads);
    } else {
      for (int n : sizes) {
        if (n < 1 || n > 10_000) {
          throw new ParameterException(spec.commandLine(), "--sizes must be between 1 and 10000 but had " + n);
        }
        plan.add(n);
      }
    }
    return new ArrayList<>(plan);
  }

  /** Gives a grown pool up to two seconds to open its connections, so the step does not time that. */
  private static void awaitOpen(DatabasePool db, int size) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (db.getPoolStats().size() < size && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(10);
    }
  }

  private void writeChart(String title, PoolConfig config, List<String> statements, List<SweepStep> steps,
      SizeRecommendation recommendation) {
    List<String> details = List.of(
        "Database: " + config.displayUrl(),
        "Load: " + threads + " threads running " + String.join(" | ", statements)
            + (hold.isZero() ? "" : ", holding each connection " + Format.duration(hold)),
        "Each size measured for " + Format.duration(step) + (warmup.isZero() ? "" : " after " + Format.duration(warmup) + " warm-up")
            + ", no overflow connections.");
    try {
      SweepChart.write(chart, title, details, steps, recommendation);
    } catch (IOException | RuntimeException e) {
      throw CliException.runtime("cannot write the chart to " + chart + ": " + e.getMessage(), e);
    }
    context.err().println("tune: chart written to " + chart);
  }

  private void print(PoolConfig config, List<String> statements, List<SweepStep> steps, SizeRecommendation rec,
      SizingReport automatic) {
    context.out().println("Tune: " + threads + " threads, " + Format.duration(step) + " per size on " + config.displayUrl());
    context.out().println("SQL: " + String.join(" | ", statements));
    context.out().println();
    TextTable table = new TextTable("pool size", "ops/s", "p50", "p99", "wait p99", "errors", "");
    for (SweepStep s : steps) {
      String note = s == rec.step() ? "<- recommended" : s == rec.best() ? "best throughput"
          : s.automatic() ? "automatic sizing, after " + Format.duration(autoDuration) : "";
      table.row(s.label(), Format.rate(s.throughput()), Format.nanos(s.latencyP50Nanos()),
          Format.nanos(s.latencyP99Nanos()), Format.nanos(s.waitP99Nanos()), Format.count(s.errors()), note);
    }
    table.print(context.out(), 2);
    context.out().println();
    context.out().println("Recommended poolSize: " + rec.step().poolSize() + " (" + rec.reason() + ")");
    if (automatic != null) {
      List<SizingDecision> decisions = automatic.decisions();
      context.out().println("Automatic sizing (autoSize, " + automatic.minPoolSize() + " to " + automatic.maxPoolSize()
          + ") settled on " + automatic.poolSize() + " (" + automatic.state() + "), after " + decisions.size()
          + (decisions.size() == 1 ? " decision" : " decisions")
          + (decisions.isEmpty() ? "" : "; the last: " + decisions.get(decisions.size() - 1)));
    }
  }

  private Map<String, Object> toMap(PoolConfig config, List<String> statements, List<SweepStep> steps,
      SizeRecommendation rec, SizingReport automatic) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("command", "tune");
    m.put("url", config.displayUrl());
    m.put("threads", threads);
    m.put("sql", statements);
    m.put("holdMillis", hold.toMillis());
    m.put("stepSeconds", step.toMillis() / 1000.0);
    m.put("warmupSeconds", warmup.toMillis() / 1000.0);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (SweepStep s : steps) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("poolSize", s.poolSize());
      row.put("automatic", s.automatic());
      row.put("throughput", Math.round(s.throughput() * 10) / 10.0);
      row.put("latencyP50Millis", Format.millis(s.latencyP50Nanos()));
      row.put("latencyP99Millis", Format.millis(s.latencyP99Nanos()));
      row.put("waitP99Millis", Format.millis(s.waitP99Nanos()));
      row.put("operations", s.operations());
      row.put("errors", s.errors());
      rows.add(row);
    }
    m.put("steps", rows);
    m.put("recommendedPoolSize", rec.step().poolSize());
    m.put("bestThroughputPoolSize", rec.best().poolSize());
    m.put("reason", rec.reason());
    m.put("automaticSizing", automatic == null ? null : automatic.toMap());
    m.put("chart", chart == null ? null : chart.toString());
    return m;
  }

  private static String join(List<Integer> sizes) {
    List<String> parts = new ArrayList<>();
    for (int n : sizes) parts.add(Integer.toString(n));
    return String.join(", ", parts);
  }
}
