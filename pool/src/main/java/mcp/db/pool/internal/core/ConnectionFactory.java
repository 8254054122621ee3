package mcp.db.pool.internal.core;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import mcp.db.pool.PoolConfig;
import mcp.db.pool.PoolConfigException;
import mcp.db.pool.internal.config.DatabaseKind;
import mcp.db.pool.internal.config.DriverMessageCleaner;
import mcp.db.pool.internal.proxy.ConnectionDefaults;

/**
 * Opens physical connections and brings them to the configured initial state. Stateless after
 * construction, so connector threads may call it concurrently.
 */
final class ConnectionFactory {
  private final PoolConfig config;
  private final DatabaseKind kind;
  private final Driver driver;
  private final Properties properties;
  private final DriverMessageCleaner messages;

  ConnectionFactory(PoolConfig config) {
    this.config = config;
    this.kind = DatabaseKind.fromJdbcUrl(config.jdbcUrl());
    this.driver = resolveDriver(config);
    this.properties = withConnectTimeout(config.driverProperties(), kind, config);
    this.messages = DriverMessageCleaner.forSecretsIn(properties, config.jdbcUrl());
  }

  DatabaseKind kind() {
    return kind;
  }

  /** Cleans the driver's messages of the secrets this factory hands the driver. */
  DriverMessageCleaner messages() {
    return messages;
  }

  /**
   * Opens one connection, applies the configured defaults and init SQL, and records its state.
   * Blocks for as long as the driver does: the pool bounds it by connectionTimeout itself
   * ({@link ConnectAttempt}); the driver's own timeouts set here only help it give up sooner.
   */
  OpenedConnection open() throws SQLException {
    Connection c = driver.connect(config.jdbcUrl(), properties);
    if (c == null) {
      throw new SQLException("The JDBC driver " + driver.getClass().getName()
          + " does not accept the URL " + config.displayUrl(), "08001");
    }
    try {
      return new OpenedConnection(c, initialize(c));
    } catch (SQLException | RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  private ConnectionDefaults initialize(Connection c) throws SQLException {
    if (c.getAutoCommit() != config.autoCommit()) {
      c.setAutoCommit(config.autoCommit());
    }
    if (config.readOnly()) {
      c.setReadOnly(true);
    }
    if (config.transactionIsolation() != null) {
      c.setTransactionIsolation(config.transactionIsolation());
    }
    if (config.catalog() != null) {
      c.setCatalog(config.catalog());
    }
    if (config.schema() != null) {
      c.setSchema(config.schema());
    }
    if (config.connectionInitSql() != null) {
      try (var st = c.createStatement()) {
        st.execute(config.connectionInitSql());
      }
      if (!c.getAutoCommit()) {
        c.commit();
      }
    }
    return new ConnectionDefaults(c.getAutoCommit(), readOnlyOf(c), c.getTransactionIsolation(),
        catalogOf(c), schemaOf(c), networkTimeoutOf(c));
  }

  private static boolean readOnlyOf(Connection c) {
    try {
      return c.isReadOnly();
    } catch (SQLException e) {
      return false;
    }
  }

  private static String catalogOf(Connection c) {
    try {
      return c.getCatalog();
    } catch (SQLException | RuntimeException e) {
      return null;
    }
  }

  private static String schemaOf(Connection c) {
    try {
      return c.getSchema();
    } catch (SQLException | AbstractMethodError | RuntimeException e) {
      return null;
    }
  }

  private static int networkTimeoutOf(Connection c) {
    try {
      return c.getNetworkTimeout();
    } catch (SQLFeatureNotSupportedException | AbstractMethodError e) {
      return 0;
    } catch (SQLException | RuntimeException e) {
      return 0;
    }
  }

  static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException | RuntimeException ignored) {
      // The connection is being discarded; there is nobody to tell.
    }
  }

  private static Driver resolveDriver(PoolConfig config) {
    String className = config.driverClassName();
    if (className != null) {
      try {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
          loader = ConnectionFactory.class.getClassLoader();
        }
        Class<?> type = Class.forName(className, true, loader);
        if (!Driver.class.isAssignableFrom(type)) {
          throw new PoolConfigException("driverClassName",
              "driverClassName " + className + " is not a java.sql.Driver");
        }
        return (Driver) type.getDeclaredConstructor().newInstance();
      } catch (ClassNotFoundException e) {
        throw new PoolConfigException("driverClassName", "driverClassName " + className
            + " was not found on the class path; add the JDBC driver's jar", e);
      } catch (ReflectiveOperationException | LinkageError e) {
        throw new PoolConfigException("driverClassName",
            "driverClassName " + className + " could not be instantiated: " + e, e);
      }
    }
    try {
      return DriverManager.getDriver(config.jdbcUrl());
    } catch (SQLException e) {
      throw new PoolConfigException("url", "No JDBC driver on the class path accepts the URL "
          + config.displayUrl() + "; add the driver's jar" + driverHint(config.jdbcUrl())
          + " or set driverClassName", e);
    }
  }

  private static String driverHint(String jdbcUrl) {
    switch (DatabaseKind.fromJdbcUrl(jdbcUrl)) {
      case POSTGRESQL: return " (org.postgresql:postgresql)";
      case MARIADB: return " (org.mariadb.jdbc:mariadb-java-client)";
      case MYSQL: return " (com.mysql:mysql-connector-j, or use a mariadb:// URL with the MariaDB driver)";
      case SQLITE: return " (org.xerial:sqlite-jdbc)";
      case H2: return " (com.h2database:h2)";
      default: return "";
    }
  }

  /**
   * Asks the driver to give up on a connection attempt after connectionTimeout too, unless the user
   * set its timeouts: PostgreSQL, MariaDB and MySQL only, the drivers whose properties we know. The
   * pool enforces connectionTimeout itself for every driver; a driver that gives up on its own
   * frees its connector thread and its socket at once, where an abandoned attempt holds them until
   * the driver returns.
   */
  private static Properties withConnectTimeout(Properties p, DatabaseKind kind, PoolConfig config) {
    long millis = config.connectionTimeout().toMillis();
    long seconds = Math.max(1, (millis + 999) / 1000);
    switch (kind) {
      case POSTGRESQL:
        p.putIfAbsent("connectTimeout", Long.toString(seconds));
        p.putIfAbsent("loginTimeout", Long.toString(seconds));
        break;
      case MARIADB:
      case MYSQL:
        p.putIfAbsent("connectTimeout", Long.toString(millis));
        break;
      default:
        break;
    }
    return p;
  }

  /** A freshly opened, initialised connection and the state it starts in. */
  static final class OpenedConnection {
    final Connection connection;
    final ConnectionDefaults defaults;

    OpenedConnection(Connection connection, ConnectionDefaults defaults) {
      this.connection = connection;
      this.defaults = defaults;
    }
  }
}
