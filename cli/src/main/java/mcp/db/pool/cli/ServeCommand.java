package mcp.db.pool.cli;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.DatabasePoolBuilder;
import mcp.db.pool.PoolConfig;
import mcp.db.pool.PoolHttpServer;
import mcp.db.pool.cli.database.PoolOpening;
import mcp.db.pool.cli.load.DemoTable;
import mcp.db.pool.cli.load.Operation;
import mcp.db.pool.cli.load.PoolSampler;
import mcp.db.pool.cli.load.SqlStatements;
import mcp.db.pool.cli.load.Workload;
import mcp.db.pool.cli.output.Format;
import mcp.db.pool.cli.output.Json;
import mcp.db.pool.cli.output.ProgressLine;
import mcp.db.pool.cli.web.DashboardFeed;
import mcp.db.pool.cli.web.DashboardServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code serve}: opens a pool, optionally puts a load on it, and serves a live dashboard together
 * with the library's {@code /metrics} and {@code /health} until stopped (Ctrl-C) or until
 * {@code --duration} has passed. Listens on 127.0.0.1 unless {@code --bind} says otherwise.
 */
@Command(name = "serve", sortOptions = false,
    header = "Serve a live dashboard, /metrics and /health for a pool (with an optional load).",
    description = {
        "Open a pool, optionally run a load on it, and serve until Ctrl-C (or --duration):",
        "  /            a live dashboard: in use, idle, waiting and size over time, throughput and latency,",
        "               the wait-time histogram, errors, and sizing decisions (updates every second)",
        "  /api/stats   the dashboard's data as JSON",
        "  /metrics     Prometheus text, /health a JSON health check (200, or 503 when DOWN)",
        "Without --url or DATABASE_URL it runs the demo load on an embedded H2 database. With a database,",
        "it runs no load unless --sql (or --load demo) is given. Listens on 127.0.0.1 unless --bind says otherwise."})
final class ServeCommand implements Callable<Integer> {
  private static final AtomicInteger RUNS = new AtomicInteger();

  /** What load to run while serving. */
  enum LoadChoice { demo, sql, none }

  private final CliContext context;

  @Spec
  CommandSpec spec;

  @Option(names = "--port", paramLabel = "PORT", description = "TCP port; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
  int port = 8080;

  @Option(names = "--bind", paramLabel = "ADDRESS",
      description = "Address to listen on, e.g. 0.0.0.0 for every interface (anyone who can reach it sees the pool's "
          + "statistics). Default: ${DEFAULT-VALUE}.")
  String bind = "127.0.0.1";

  @Option(names = "--load", paramLabel = "KIND",
      description = "The load: demo (reads and updates a table of its own), sql (the --sql statements) or none. "
          + "Default: demo on the embedded database, sql when --sql is given, else none.")
  LoadChoice load;

  @Option(names = "--sql", paramLabel = "SQL", description = "A statement for the load; repeat to mix several.")
  List<String> sql = new ArrayList<>();

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads of the load. Default: ${DEFAULT-VALUE}.")
  int threads = 8;

  @Option(names = "--hold", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Keep each connection this long after the statement (e.g. 5ms). Default: 0.")
  Duration hold = Duration.ZERO;

  @Option(names = "--auto-size",
      description = "Let the pool size itself (autoSize) between $POOL_MIN_POOL_SIZE (else 1) and $POOL_MAX_POOL_SIZE "
          + "(else max(poolSize, 50)); the dashboard lists its decisions.")
  boolean autoSize;

  @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Stop after this long; 0 serves until Ctrl-C. Default: 0.")
  Duration duration = Duration.ZERO;

  @Option(names = "--progress", paramLabel = "MODE",
      description = "Progress on stderr: auto (a redrawn line on a terminal, else a line every few seconds), bar, "
          + "lines or none. Default: auto.")
  CliContext.ProgressChoice progress = CliContext.ProgressChoice.auto;

  @Mixin
  PoolOptions pool;

  @Mixin
  OutputOptions output;

  ServeCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65_535) {
      throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535 but was " + port);
    }
    Checks.threads(spec, threads);
    InetAddress address = bindAddress();
    boolean embedded = !pool.hasDatabase(context);
    LoadChoice chosen = load != null ? load : embedded ? LoadChoice.demo : sql.isEmpty() ? LoadChoice.none : LoadChoice.sql;
    if (chosen == LoadChoice.sql && sql.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "--load sql needs at least one --sql statement");
    }
    DatabasePoolBuilder builder = embedded
        ? pool.apply(DatabasePool.builder().url("jdbc:h2:mem:mcp-serve-" + RUNS.incrementAndGet())
            .poolSize(4).maxOverflow(2), context, "mcp-serve")
        : pool.builder(context, "mcp-serve");
    if (autoSize) builder.autoSize(true);
    PoolConfig config = PoolOpening.validate(builder);
    try (DatabasePool db = PoolOpening.open(builder)) {
      DemoTable table = chosen == LoadChoice.demo ? DemoCommand.createTable(db, config) : null;
      try (DemoCommand.Cleanup dropTable = () -> {
        if (table != null) DemoCommand.dropTable(db, config, table);
      }) {
        Operation operation = switch (chosen) {
          case demo -> table;
          case sql -> new SqlStatements(sql);
          case none -> null;
        };
        String loadText = switch (chosen) {
          case demo -> threads + " threads, 80% reads / 20% updates of table " + table.name();
          case sql -> threads + " threads running " + String.join(" | ", sql);
          case none -> "none";
        };
        serve(db, config, operation, loadText, new InetSocketAddress(address, port));
      }
    }
    return 0;
  }

  private InetAddress bindAddress() {
    try {
      return InetAddress.getByName(bind);
    } catch (UnknownHostException e) {
      throw new ParameterException(spec.commandLine(), "--bind: unknown host or address '" + bind + "'");
    }
  }

  private void serve(DatabasePool db, PoolConfig config, Operation operation, String loadText,
      InetSocketAddress address) throws InterruptedException {
    long servingSince = System.nanoTime();
    Workload workload = operation == null ? null : Workload.start(db, operation, threads, Duration.ZERO, duration, hold);
    PoolSampler sampler = new PoolSampler(db, workload, LoadRun.SAMPLE_INTERVAL, 1200);
    ProgressLine progressLine = new ProgressLine(context.err(), context.progressMode(progress), "serve",
        duration.isZero() ? null : duration, context.width());
    sampler.onSample(progressLine);
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    // Ctrl-C: let this thread shut down in order (load, servers, demo table, pool) before the JVM exits.
    Thread hook = new Thread(() -> {
      stop.countDown();
      try {
        stopped.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "mcp-cli-serve-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try (DashboardServer server = startServer(db, address, new DashboardFeed(db, sampler, workload, config.displayUrl(), loadText))) {
      context.err().println("serve: dashboard at " + server.uri() + "  (also " + server.uri() + "metrics, "
          + server.uri() + "health, " + server.uri() + "api/stats)");
      context.err().println("serve: pool " + config.poolSize() + " (+" + config.maxOverflow() + " overflow"
          + (config.autoSize() ? ", sizing itself between " + config.minPoolSize() + " and " + config.maxPoolSize() : "") + ") on "
          + config.displayUrl() + "; load: " + loadText + "; " + (duration.isZero() ? "Ctrl-C to stop" : "stopping after " + Format.duration(duration)));
      context.err().flush();
      sampler.start();
      awaitEnd(stop, workload);
    } finally {
      if (workload != null) workload.stop();
      sampler.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // The JVM is already shutting down: the hook is running and waits for "stopped".
      }
    }
    Workload.Result result = workload == null ? null : workload.await();
    progressLine.finish(sampler.sampleNow(), result == null ? 0 : result.throughput());
    report(config, sampler, result, System.nanoTime() - servingSince);
    stopped.countDown();
  }

  private DashboardServer startServer(DatabasePool db, InetSocketAddress address, DashboardFeed feed) {
    PoolHttpServer poolEndpoints;
    try {
      poolEndpoints = PoolHttpServer.start(PoolHttpServer.options().port(0), db);
    } catch (IOException e) {
      throw CliException.runtime("cannot start the pool's /metrics and /health endpoint: " + e.getMessage(), e);
    }
    try {
      return DashboardServer.start(address, feed, poolEndpoints);
    } catch (BindException e) {
      poolEndpoints.close();
      throw CliException.runtime("cannot listen on " + address.getAddress().getHostAddress() + ":" + address.getPort()
          + ": " + e.getMessage() + " (another program may use the port; pick another with --port, or --port 0 for any)", e);
    } catch (IOException e) {
      poolEndpoints.close();
      throw CliException.runtime("cannot start the dashboard on " + address + ": " + e.getMessage(), e);
    }
  }

  /** Waits for Ctrl-C, the end of --duration, or an interrupt (how tests stop it). */
  private void awaitEnd(CountDownLatch stop, Workload workload) throws InterruptedException {
    long deadline = duration.isZero() ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
    try {
      while (!stop.await(100, TimeUnit.MILLISECONDS)) {
        if (System.nanoTime() - deadline >= 0) return;
        if (workload != null && workload.isDone() && !duration.isZero()) return;
      }
    } catch (InterruptedException e) {
      // Stopping is what an interrupt asks for; the caller shuts everything down in order.
      context.err().println("serve: interrupted, stopping");
    }
  }

  private void report(PoolConfig config, PoolSampler sampler, Workload.Result result, long servedNanos) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("command", "serve");
    m.put("url", config.displayUrl());
    m.put("seconds", Math.round(servedNanos / 1e6) / 1e3);
    m.put("peakInUse", sampler.peakInUse());
    m.put("peakWaiting", sampler.peakWaiting());
    m.put("peakSize", sampler.peakSize());
    m.put("operations", result == null ? 0 : result.operations());
    m.put("errors", result == null ? 0 : result.errors());
    m.put("throughput", result == null ? 0 : Math.round(result.throughput() * 10) / 10.0);
    m.put("pool", sampler.lastStats().toMap());
    if (output.json) {
      context.out().println(Json.pretty(m));
    } else {
      context.out().println("Served " + Format.seconds(servedNanos) + " on " + config.displayUrl()
          + ": " + Format.count((long) m.get("operations")) + " operations (" + Format.rate((double) m.get("throughput"))
          + " ops/s), " + Format.count((long) m.get("errors")) + " errors; peak " + sampler.peakInUse() + " in use, "
          + sampler.peakWaiting() + " waiting, " + sampler.peakSize() + " open (sampled)");
    }
  }
}
