package mcp.db.pool.cli;

import java.time.Duration;
import mcp.db.pool.DatabasePoolBuilder;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Which database, and how big a pool: {@code --url}, {@code --pool-size}, {@code --max-overflow},
 * {@code --pool-timeout}. Anything not given comes from the environment as
 * {@code DatabasePool.fromEnv()} reads it ({@code DATABASE_URL}, {@code POOL_SIZE}, ...), then from
 * the pool's defaults; options win over the environment.
 */
public final class PoolOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(names = "--url", paramLabel = "URL",
      description = "The database: a JDBC URL (jdbc:postgresql://host/db?user=u) or postgresql://user:password@host/db, "
          + "mariadb://..., sqlite:///file.db. Default: $DATABASE_URL.")
  String url;

  @Option(names = "--pool-size", paramLabel = "N", description = "Connections the pool keeps open. Default: $POOL_SIZE, else 5.")
  Integer poolSize;

  @Option(names = "--max-overflow", paramLabel = "N",
      description = "Extra connections opened when all are busy (-1 = no limit). Default: $MAX_OVERFLOW, else 10.")
  Integer maxOverflow;

  @Option(names = "--pool-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Longest a caller waits for a connection (e.g. 500ms, 5s). Default: $POOL_TIMEOUT, else 30s.")
  Duration poolTimeout;

  /** Whether a database was named, by {@code --url} or {@code DATABASE_URL}. */
  boolean hasDatabase(CliContext context) {
    return url != null || context.env("DATABASE_URL") != null;
  }

  /**
   * A builder holding the environment's settings overridden by the options, named {@code poolName}
   * unless {@code POOL_NAME} is set.
   *
   * @throws ParameterException (exit 2) if no database was named
   */
  DatabasePoolBuilder builder(CliContext context, String poolName) {
    if (!hasDatabase(context)) {
      throw new ParameterException(command.commandLine(), "no database given: use --url URL or set DATABASE_URL");
    }
    return apply(DatabasePoolBuilder.fromEnv(context.env()), context, poolName);
  }

  /** Applies the options (and {@code poolName}, unless {@code POOL_NAME} is set) to {@code builder}. */
  DatabasePoolBuilder apply(DatabasePoolBuilder builder, CliContext context, String poolName) {
    check("--pool-size", poolSize, 1);
    check("--max-overflow", maxOverflow, -1);
    if (poolTimeout != null && poolTimeout.isZero()) {
      throw new ParameterException(command.commandLine(), "--pool-timeout must be greater than 0 (the pool never waits forever)");
    }
    if (url != null) builder.url(url);
    if (poolSize != null) builder.poolSize(poolSize);
    if (maxOverflow != null) builder.maxOverflow(maxOverflow);
    if (poolTimeout != null) builder.poolTimeout(poolTimeout);
    if (context.env("POOL_NAME") == null) builder.poolName(poolName);
    return builder;
  }

  private void check(String option, Integer value, int min) {
    if (value != null && (value < min || value > 10_000)) {
      throw new ParameterException(command.commandLine(),
          option + " must be between " + min + " and 10000 but was " + value);
    }
  }
}
