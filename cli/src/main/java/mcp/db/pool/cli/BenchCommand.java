package mcp.db.pool.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.DatabasePoolBuilder;
import mcp.db.pool.PoolConfig;
import mcp.db.pool.cli.database.PoolOpening;
import mcp.db.pool.cli.load.SqlStatements;
import mcp.db.pool.cli.output.Format;
import mcp.db.pool.cli.output.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code bench}: a load of the user's SQL through the pool for a fixed time, with live progress on
 * stderr and a final report (throughput, latency and wait percentiles, waits, errors) on stdout.
 */
@Command(name = "bench", sortOptions = false,
    header = "Run a timed load through the pool and report throughput, latency and waits.",
    description = {
        "Run SQL through a pool from several threads for a fixed time, with live progress on stderr,",
        "then report throughput, latency and wait-for-a-connection percentiles, waits and errors.",
        "Each operation borrows a connection, runs one statement (picked at random among --sql),",
        "reads all its rows, optionally holds the connection (--hold), and gives it back."})
final class BenchCommand implements Callable<Integer> {
  private final CliContext context;

  @Spec
  CommandSpec spec;

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads. Default: ${DEFAULT-VALUE}.")
  int threads = 8;

  @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "How long to measure, after the warm-up (e.g. 30s, 2m). Default: 10s.")
  Duration duration = Duration.ofSeconds(10);

  @Option(names = "--warmup", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Load run before measuring, not counted (0 for none). Default: 1s.")
  Duration warmup = Duration.ofSeconds(1);

  @Option(names = "--sql", paramLabel = "SQL",
      description = "A statement to run; repeat the option to mix several. Default: SELECT 1.")
  List<String> sql = new ArrayList<>();

  @Option(names = "--hold", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Keep each connection this long after the statement, like application work inside a "
          + "transaction (e.g. 5ms). Default: 0.")
  Duration hold = Duration.ZERO;

  @Mixin
  ProgressOptions progress;

  @Mixin
  PoolOptions pool;

  @Mixin
  OutputOptions output;

  BenchCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws InterruptedException {
    Checks.threads(spec, threads);
    Checks.positive(spec, "--duration", duration);
    List<String> statements = sql.isEmpty() ? List.of("SELECT 1") : sql;
    if (statements.stream().anyMatch(String::isBlank)) {
      throw new ParameterException(spec.commandLine(), "--sql must not be blank");
    }
    DatabasePoolBuilder builder = pool.builder(context, "mcp-bench");
    PoolConfig config = PoolOpening.validate(builder);
    context.err().println("bench: " + threads + " threads for " + Format.duration(duration)
        + (warmup.isZero() ? "" : " (after " + Format.duration(warmup) + " warm-up)") + " on " + config.displayUrl()
        + ", pool " + config.poolSize() + " (+" + config.maxOverflow() + " overflow)");
    LoadRun.Outcome outcome;
    try (DatabasePool db = PoolOpening.open(builder)) {
      outcome = LoadRun.run(context, progress.mode(context), "bench", db, new SqlStatements(statements),
          threads, warmup, duration, hold);
    }
    if (outcome.result().operations() == 0 && outcome.result().errors() > 0) {
      throw CliException.runtime("every operation failed (" + Format.count(outcome.result().errors())
          + " errors); the last: " + outcome.result().lastError(), null);
    }
    if (output.json) {
      Map<String, Object> report = LoadReport.toMap("bench", config, outcome);
      report.put("sql", statements);
      report.put("holdMillis", hold.toMillis());
      context.out().println(Json.pretty(report));
    } else {
      context.out().println("Bench: " + threads + " threads for " + Format.duration(duration) + " on " + config.displayUrl()
          + ", pool of " + config.poolSize() + " (+" + config.maxOverflow() + " overflow)"
          + (hold.isZero() ? "" : ", holding each connection " + Format.duration(hold)));
      context.out().println("SQL: " + String.join(" | ", statements));
      context.out().println();
      LoadReport.print(context.out(), outcome);
    }
    return 0;
  }
}
