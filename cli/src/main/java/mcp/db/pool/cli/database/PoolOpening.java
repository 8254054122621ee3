package mcp.db.pool.cli.database;

import java.sql.DriverManager;
import java.sql.SQLException;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.DatabasePoolBuilder;
import mcp.db.pool.PoolConfig;
import mcp.db.pool.PoolConfigException;
import mcp.db.pool.PoolInitializationException;
import mcp.db.pool.cli.CliException;

/**
 * Opens the pool a command works with and turns every way that can fail into a {@link CliException}
 * with one plain sentence: a bad setting or URL (exit 2, the pool's own message, which names the
 * setting), no driver for the URL (exit 2), or a database that cannot be reached (exit 1, explained
 * by {@link ConnectionFailures}).
 */
public final class PoolOpening {
  private PoolOpening() {}

  /**
   * Validates the settings, checks that a driver accepts the URL, and opens the pool.
   *
   * @throws CliException if any of that fails
   */
  public static DatabasePool open(DatabasePoolBuilder builder) {
    PoolConfig config = validate(builder);
    try {
      return builder.build();
    } catch (PoolConfigException e) {
      throw new CliException(e.getMessage(), CliException.USAGE, e);
    } catch (PoolInitializationException e) {
      throw CliException.runtime("cannot connect to " + config.displayUrl() + ": "
          + ConnectionFailures.explain(e, config.jdbcUrl(), config.username(), config.connectionTimeout()), e);
    }
  }

  /**
   * Validates the settings and checks that a driver accepts the URL, without connecting.
   *
   * @throws CliException (exit 2) if a setting is bad or no driver accepts the URL
   */
  public static PoolConfig validate(DatabasePoolBuilder builder) {
    PoolConfig config;
    try {
      config = builder.buildConfig();
    } catch (PoolConfigException e) {
      throw new CliException(e.getMessage(), CliException.USAGE, e);
    }
    if (config.driverClassName() == null) {
      try {
        DriverManager.getDriver(config.jdbcUrl());
      } catch (SQLException e) {
        throw new CliException(ConnectionFailures.missingDriver(JdbcTarget.of(config.jdbcUrl())), CliException.USAGE, e);
      }
    }
    return config;
  }
}
