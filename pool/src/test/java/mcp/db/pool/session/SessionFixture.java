package mcp.db.pool.session;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.DatabasePoolBuilder;
import mcp.db.pool.RetryPolicy;
import mcp.db.pool.internal.config.DatabaseKind;
import mcp.db.pool.internal.errors.SqlErrorRules;
import mcp.db.pool.internal.session.Backoff;
import mcp.db.pool.internal.session.Sessions;
import mcp.db.pool.support.TestDatabases;
import mcp.db.pool.support.TestServer;

/**
 * What the session integration tests run on: a {@link DatabasePool} of at most
 * {@code maxConnections} connections, the {@link Sessions} over it with a retry counter, a record
 * of the backoff delays, a hook that runs before each backoff, and tables that are dropped on
 * {@link #close()}, which also closes the pool.
 */
final class SessionFixture implements AutoCloseable {
  final DatabaseKind kind;
  final SqlErrorRules rules;
  final LongAdder retries = new LongAdder();
  final Sessions sessions;
  /** Every backoff delay slept, in order. */
  final List<Duration> delays = new CopyOnWriteArrayList<>();
  /** Runs on the retrying thread before each backoff sleep; for tests that release a lock then. */
  volatile Runnable beforeBackoff = () -> {};

  private final String url;
  private final Properties properties;
  /** The pool under test. */
  final DatabasePool pool;
  private final List<String> tables = new ArrayList<>();

  private SessionFixture(String url, Properties properties, int maxConnections,
      RetryPolicy policy) {
    this.url = url;
    this.properties = properties;
    DatabasePoolBuilder builder = DatabasePool.builder().url(url)
        .poolName(TestDatabases.uniqueName("sessions")).poolSize(maxConnections).maxOverflow(0)
        .poolTimeout(Duration.ofSeconds(30));
    if (properties.getProperty("user") != null) builder.username(properties.getProperty("user"));
    if (properties.getProperty("password") != null) {
      builder.password(properties.getProperty("password"));
    }
    this.pool = builder.build();
    this.kind = DatabaseKind.fromJdbcUrl(pool.config().jdbcUrl());
    this.rules = SqlErrorRules.forKind(kind);
    Backoff backoff = new Backoff(delay -> {
      delays.add(delay);
      beforeBackoff.run();
      Backoff.THREAD_SLEEP.sleep(delay);
    }, Backoff.THREAD_LOCAL_RANDOM);
    this.sessions = new Sessions(pool, rules, retries, policy, backoff);
  }

  /** Fast retries for tests: 3 attempts, 5 ms base, 50 ms cap. */
  static RetryPolicy quickRetries(int maxAttempts) {
    return RetryPolicy.builder().maxAttempts(maxAttempts).baseDelay(Duration.ofMillis(5))
        .maxDelay(Duration.ofMillis(50)).build();
  }

  static SessionFixture on(TestServer server, int maxConnections, RetryPolicy policy) {
    Properties properties = server.credentials();
    return new SessionFixture(server.url(), properties, maxConnections, policy);
  }

  static SessionFixture onSqlite(int maxConnections, RetryPolicy policy) {
    return new SessionFixture(TestDatabases.sqliteUrl(), new Properties(), maxConnections,
        policy);
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
