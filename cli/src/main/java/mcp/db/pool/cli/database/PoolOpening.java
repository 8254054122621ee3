package mcp.db.pool.cli.database;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.DatabasePoolBuilder;
import mcp.db.pool.PoolConfig;
import mcp.db.pool.PoolConfigException;
import mcp.db.pool.PoolInitializationException;
import mcp.db.pool.cli.CliException;
import mcp.db.pool.cli.output.Format;

/**
 * Opens the pool a command works with and turns every way that can fail into a {@link CliException}
 * with one plain sentence: a bad setting or URL (exit 2, the pool's own message, which names the
 * setting), a URL that a bundled driver rejects as malformed (exit 2), no driver for the URL
 * (exit 2), or a database that cannot be reached (exit 1, explained by {@link ConnectionFailures}).
 *
 * <p>Drivers answer a URL they cannot parse the same way as one that is not theirs: pgjdbc's
 * {@code acceptsURL} is false for {@code jdbc:postgresql://h:abc/db}, so {@link DriverManager}
 * says "No suitable driver". The sub-protocols of the bundled drivers are therefore known here, and
 * a URL with one of them that no driver takes is malformed, not a missing driver.
 */
public final class PoolOpening {
  /** Sub-protocol of each bundled driver, and the form its URLs take. */
  private static final Map<String, BundledDriver> BUNDLED = Map.of(
      "postgresql", new BundledDriver("PostgreSQL", "org.postgresql.Driver", "jdbc:postgresql://host[:port]/database[?options]"),
      "mariadb", new BundledDriver("MariaDB", "org.mariadb.jdbc.Driver", "jdbc:mariadb://host[:port]/database[?options]"),
      "h2", new BundledDriver("H2", "org.h2.Driver", "jdbc:h2:mem:name, jdbc:h2:file-path or jdbc:h2:tcp://host[:port]/path"),
      "sqlite", new BundledDriver("SQLite", "org.sqlite.JDBC", "jdbc:sqlite:file-path or jdbc:sqlite::memory:"));

  private record BundledDriver(String product, String className, String form) {}

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
   * @throws CliException (exit 2) if a setting is bad, a bundled driver finds the URL malformed,
   *     or no driver accepts the URL
   */
  public static PoolConfig validate(DatabasePoolBuilder builder) {
    PoolConfig config;
    try {
      config = builder.buildConfig();
    } catch (PoolConfigException e) {
      throw new CliException(e.getMessage(), CliException.USAGE, e);
    }
    if (config.driverClassName() == null) {
      String url = config.jdbcUrl();
      BundledDriver bundled = BUNDLED.get(subprotocol(url));
      Driver driver;
      try {
        driver = DriverManager.getDriver(url);
      } catch (SQLException e) {
        if (bundled != null && isRegistered(bundled)) throw malformed(config, bundled, null, e);
        throw new CliException(ConnectionFailures.missingDriver(JdbcTarget.of(url)), CliException.USAGE, e);
      }
      if (bundled != null && driver.getClass().getName().equals(bundled.className())) {
        // Some drivers (MariaDB's) take any URL with their prefix and parse it only when asked;
        // asking now turns a bad port into a usage error instead of a failed connection.
        try {
          driver.getPropertyInfo(url, new Properties());
        } catch (SQLException | RuntimeException e) {
          throw malformed(config, bundled, e.getMessage(), e);
        }
      }
    }
    return config;
  }

  private static CliException malformed(PoolConfig config, BundledDriver bundled, String driverSays, Exception cause) {
    // The driver's words are kept only if they cannot be quoting the URL back, password and all.
    String said = driverSays == null || driverSays.isBlank() || driverSays.contains("@")
        || driverSays.toLowerCase(Locale.ROOT).contains("password") ? "" : " (" + Format.firstLine(driverSays) + ")";
    return new CliException("malformed URL: the bundled " + bundled.product() + " driver cannot read "
        + config.displayUrl() + said + "; the form is " + bundled.form(), CliException.USAGE, cause);
  }

  private static boolean isRegistered(BundledDriver bundled) {
    for (Driver d : Collections.list(DriverManager.getDrivers())) {
      if (d.getClass().getName().equals(bundled.className())) return true;
    }
    return false;
  }

  /** The part between {@code jdbc:} and the next colon, in lower case; empty if there is none. */
  private static String subprotocol(String jdbcUrl) {
    String lower = jdbcUrl.toLowerCase(Locale.ROOT);
    int colon = lower.indexOf(':', 5);
    return lower.startsWith("jdbc:") && colon > 5 ? lower.substring(5, colon) : "";
  }
}
