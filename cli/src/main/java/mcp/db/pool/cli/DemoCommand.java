package mcp.db.pool.cli;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.DatabasePoolBuilder;
import mcp.db.pool.PoolConfig;
import mcp.db.pool.cli.database.PoolOpening;
import mcp.db.pool.cli.load.DemoTable;
import mcp.db.pool.cli.output.Format;
import mcp.db.pool.cli.output.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code demo}: the pool at work in a few seconds with nothing to set up. Several threads read and
 * update a small table through a pool smaller than the number of threads, so some of them wait,
 * while stderr shows progress and the pool's state; then stdout gets the summary.
 *
 * <p>The database is an in-memory H2 database unless {@code --url} or {@code DATABASE_URL} names
 * another; there the demo creates its own table ({@code mcp_pool_demo_<random>}) and drops it after.
 */
@Command(name = "demo", sortOptions = false,
    header = "Watch the pool at work on an embedded database (the default command).",
    description = {
        "Run a mixed read/write load (80%% reads) through a pool on an embedded H2 database, with live",
        "progress and the pool's state on stderr, then print a summary. Needs no setup.",
        "",
        "With --url or DATABASE_URL it runs on that database instead, in a table of its own",
        "(mcp_pool_demo_<random>) that it drops afterwards; POOL_* variables then apply too.",
        "On the embedded database the pool defaults to --pool-size 4 --max-overflow 2, fewer",
        "connections than threads, so you can watch callers wait."})
final class DemoCommand implements Callable<Integer> {
  private static final AtomicInteger RUNS = new AtomicInteger();

  private final CliContext context;

  @Spec
  CommandSpec spec;

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads. Default: ${DEFAULT-VALUE}.")
  int threads = 8;

  @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "How long the load runs (e.g. 500ms, 4s, 1m). Default: 4s.")
  Duration duration = Duration.ofSeconds(4);

  @Mixin
  ProgressOptions progress;

  @Mixin
  PoolOptions pool;

  @Mixin
  OutputOptions output;

  DemoCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws InterruptedException {
    Checks.threads(spec, threads);
    Checks.positive(spec, "--duration", duration);
    DatabasePoolBuilder builder;
    boolean embedded = !pool.hasDatabase(context);
    if (embedded) {
      // A database of its own per run, so runs in one JVM (the tests) never see each other's tables.
      builder = pool.apply(DatabasePool.builder()
          .url("jdbc:h2:mem:mcp-demo-" + RUNS.incrementAndGet())
          .poolSize(4).maxOverflow(2), context, "mcp-demo");
    } else {
      builder = pool.builder(context, "mcp-demo");
    }
    PoolConfig config = PoolOpening.validate(builder);
    context.err().println("demo: " + threads + " threads for " + Format.duration(duration) + " on "
        + config.displayUrl() + (embedded ? " (embedded H2; --url or DATABASE_URL to use your own database)" : ""));
    context.err().println("pool: poolSize " + config.poolSize() + ", maxOverflow " + config.maxOverflow()
        + ", poolTimeout " + Format.duration(config.poolTimeout()));
    LoadRun.Outcome outcome;
    try (DatabasePool db = PoolOpening.open(builder)) {
      DemoTable table = createTable(db, config);
      if (!embedded) context.err().println("demo: working in table " + table.name() + ", dropped at the end");
      try (Cleanup dropTable = () -> dropTable(db, config, table)) {
        outcome = LoadRun.run(context, progress.mode(context), "demo", db, table, threads, Duration.ZERO,
            duration, Duration.ZERO);
      }
    }
    if (output.json) {
      Map<String, Object> report = LoadReport.toMap("demo", config, outcome);
      context.out().println(Json.pretty(report));
    } else {
      context.out().println("Demo: " + threads + " threads, 80% reads / 20% updates, for " + Format.duration(duration)
          + " through a pool of " + config.poolSize() + " (+" + config.maxOverflow() + " overflow) on "
          + config.displayUrl());
      context.out().println();
      LoadReport.print(context.out(), outcome);
    }
    return 0;
  }

  /**
   * Creates the demo's table (also for {@code serve --load demo}).
   *
   * @throws CliException (exit 1) with the database's first line if it cannot
   */
  static DemoTable createTable(DatabasePool db, PoolConfig config) {
    try {
      return DemoTable.create(db);
    } catch (SQLException e) {
      throw CliException.runtime("cannot create the demo's table on " + config.displayUrl() + ": "
          + Format.firstLine(e.getMessage()), e);
    }
  }

  /**
   * Drops the demo's table.
   *
   * @throws CliException (exit 1) with the database's first line if it cannot
   */
  static void dropTable(DatabasePool db, PoolConfig config, DemoTable table) {
    try {
      table.drop(db);
    } catch (SQLException e) {
      throw CliException.runtime("cannot drop the demo's table " + table.name() + " on " + config.displayUrl()
          + " (drop it by hand): " + Format.firstLine(e.getMessage()), e);
    }
  }

  /**
   * Clean-up run by try-with-resources, which (unlike a {@code finally}) keeps a failure of the
   * body as the one reported and adds a failed clean-up to it as suppressed.
   */
  @FunctionalInterface
  interface Cleanup extends AutoCloseable {
    @Override
    void close();
  }
}
