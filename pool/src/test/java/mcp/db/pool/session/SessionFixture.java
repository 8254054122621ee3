package mcp.db.pool.session;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.DatabasePoolBuilder;
import mcp.db.pool.internal.config.DatabaseKind;
import mcp.db.pool.internal.errors.SqlErrorRules;
import mcp.db.pool.support.TestDatabases;
import mcp.db.pool.support.TestServer;

/**
 * What the session integration tests run on: a {@link DatabasePool} of at most
 * {@code maxConnections} connections, and tables that are dropped on {@link #close()}, which also
 * closes the pool. Tests reach sessions only through the pool's public API
 * ({@code getSession}, {@code inTransaction}, {@code useTransaction}) and read retries from
 * {@code getPoolStats().retries()}, as a user would. The pool's transaction callbacks make
 * {@value #ATTEMPTS} attempts with the default backoff (at most 10 ms, then 20 ms), so retries stay
 * fast without a test hook; a test that needs another policy passes it in its
 * {@code TransactionOptions}.
 */
final class SessionFixture implements AutoCloseable {
  /** Attempts per transaction callback, set explicitly so no test depends on the default. */
  static final int ATTEMPTS = 3;

  /** Which errors the pool treats as transient or fatal; for assertions only. */
  final SqlErrorRules rules;
  /** The pool under test. */
  final DatabasePool pool;

  private final String url;
  private final Properties properties;
  private final List<String> tables = new ArrayList<>();

  private SessionFixture(String url, Properties properties, int maxConnections) {
    this.url = url;
    this.properties = properties;
    DatabasePoolBuilder builder = DatabasePool.builder().url(url)
        .poolName(TestDatabases.uniqueName("sessions")).poolSize(maxConnections).maxOverflow(0)
        .poolTimeout(Duration.ofSeconds(30)).transactionAttempts(ATTEMPTS);
    if (properties.getProperty("user") != null) builder.username(properties.getProperty("user"));
    if (properties.getProperty("password") != null) {
      builder.password(properties.getProperty("password"));
    }
    this.pool = builder.build();
    this.rules = SqlErrorRules.forKind(DatabaseKind.fromJdbcUrl(pool.config().jdbcUrl()));
  }

  static SessionFixture on(TestServer server, int maxConnections) {
    return new SessionFixture(server.url(), server.credentials(), maxConnections);
  }

  static SessionFixture onSqlite(int maxConnections) {
    return new SessionFixture(TestDatabases.sqliteUrl(), new Properties(), maxConnections);
  }

  /** Connections lent out now and not yet returned. */
  int checkedOut() {
    return pool.getPoolStats().checkedOut();
  }

  /** A connection of its own, outside the pool, in auto-commit mode: the "second connection". */
  Connection direct() throws SQLException {
    return DriverManager.getConnection(url, properties);
  }

  /** Runs statements on a direct connection. */
  void run(String... sql) throws SQLException {
    try (Connection c = direct(); Statement s = c.createStatement()) {
      for (String each : sql) s.execute(each);
    }
  }

  /** Creates a table with a unique name from {@code prefix} and {@code columns}; dropped on close. */
  String table(String prefix, String columns) throws SQLException {
    String name = TestDatabases.uniqueName(prefix);
    run("CREATE TABLE " + name + " (" + columns + ")");
    tables.add(name);
    return name;
  }

  /** A single long from a query on a direct connection. */
  long count(String sql) throws SQLException {
    try (Connection c = direct(); Statement s = c.createStatement();
        var rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  public void close() throws SQLException {
    try {
      for (String table : tables) run("DROP TABLE IF EXISTS " + table);
    } finally {
      pool.close();
    }
  }
}
