package mcp.db.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mcp.db.pool.support.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every database must show through the pool. Each subclass runs these against one real
 * database (H2, SQLite, PostgreSQL, MariaDB) and adds what only that database can show.
 *
 * <p>Besides the return path, every setting that a database can honour is checked here, so each of
 * the four shows it: pool size and overflow, the timeout and its message, recycling, pre-ping,
 * keepalive, idle timeout, connection init SQL, and the defaults for auto-commit, isolation,
 * read-only, catalog and schema. Time-driven settings run on a {@link ManualClock} with
 * housekeeping driven by the test. A test is guarded only where a database cannot do what the
 * setting asks (a catalog or schema to switch to, a read-only flag it keeps); the subclass says why.
 *
 * <p>"Session" below is what the database knows a connection by: a PostgreSQL backend, a MariaDB
 * connection id, an H2 session; SQLite has no server, so there it is the driver's connection
 * object, and "killing" it closes that object behind the pool's back.
 */
abstract class PoolContractTests {
  protected final List<DatabasePool> pools = new ArrayList<>();
  protected String table;

  /** A builder pointing at this test's database, with the right credentials. */
  protected abstract DatabasePoolBuilder builder();

  /** A direct (unpooled) connection to the same database, to check from outside the pool. */
  protected abstract Connection directConnection() throws SQLException;

  /** The isolation level this database does not start in, to prove it gets reset. */
  protected int nonDefaultIsolation() {
    return Connection.TRANSACTION_SERIALIZABLE;
  }

  /**
   * What the database knows the session behind a pooled connection by (see the class comment).
   * The result is handed back to {@link #sessionIsOpen} and {@link #killSession}.
   */
  protected abstract Object sessionId(Connection pooled) throws SQLException;

  /** Whether the database still has this session (asked from outside the pool). */
  protected abstract boolean sessionIsOpen(Object sessionId) throws SQLException;

  /**
   * Ends the session from outside the pool, as an administrator or a server restart would, and
   * returns once it is gone.
   */
  protected abstract void killSession(Object sessionId) throws SQLException;

  /**
   * A statement for {@code connectionInitSql} that changes something of the session, the query that
   * reads it back, and the value the query then returns.
   */
  protected record InitSqlProbe(String initSql, String query, String expected) {}

  /** See {@link InitSqlProbe}. */
  protected abstract InitSqlProbe initSqlProbe();

  /** Whether a connection's read-only flag can be set after it opened, and reads back as set. */
  protected boolean readOnlyIsAdjustable() {
    return true;
  }

  /**
   * Creates a catalog (database) other than the one connected to, that a connection can switch to
   * with {@code setCatalog}; {@code null} when the database cannot do that (the subclass says why).
   */
  protected String createCatalog() throws SQLException {
    return null;
  }

  /** Drops what {@link #createCatalog()} created. */
  protected void dropCatalog(String catalog) throws SQLException {
    throw new UnsupportedOperationException("no catalogs to drop");
  }

  /**
   * Creates a schema that a connection can switch to with {@code setSchema}; {@code null} when the
   * database has no schemas apart from catalogs (the subclass says why).
   */
  protected String createSchema() throws SQLException {
    return null;
  }

  /** Drops what {@link #createSchema()} created. */
  protected void dropSchema(String schema) throws SQLException {
    throw new UnsupportedOperationException("no schemas to drop");
  }

  protected DatabasePool open(DatabasePoolBuilder b) {
    DatabasePool p = b.build();
    pools.add(p);
    return p;
  }

  /** A pool on a manual clock whose housekeeping runs only when the test calls it. */
  protected DatabasePool openWithClock(DatabasePoolBuilder b, ManualClock clock) {
    DatabasePool p = TestPools.withClock(b, clock);
    pools.add(p);
    return p;
  }

  private Object borrowSession(DatabasePool pool) throws SQLException {
    try (Connection c = pool.getConnection()) {
      return sessionId(c);
    }
  }

  /** Waits up to five seconds for the database to drop a session the pool closed. */
  private boolean sessionCloses(Object sessionId) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (sessionIsOpen(sessionId)) {
      if (System.nanoTime() - deadline > 0) return false;
      Thread.sleep(20);
    }
    return true;
  }

  private static String queryOne(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      assertThat(rs.next()).as("a row from %s", sql).isTrue();
      return rs.getString(1);
    }
  }

  @BeforeEach
  void createTable() throws SQLException {
    table = TestDatabases.uniqueName("pooltest");
    try (Connection c = directConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, note VARCHAR(50))");
      if (!c.getAutoCommit()) {
        c.commit();
      }
    }
  }

  @AfterEach
  void dropTableAndClosePools() throws SQLException {
    pools.forEach(DatabasePool::close);
    try (Connection c = directConnection(); Statement st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + table);
      if (!c.getAutoCommit()) {
        c.commit();
      }
    }
  }

  private int rowsInTable() throws SQLException {
    try (Connection c = directConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  void queriesRunThroughPooledConnections() throws SQLException {
    DatabasePool pool = open(builder().poolSize(2));
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?)")) {
      ps.setInt(1, 1);
      ps.setString(2, "one");
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
    try (Connection c = pool.getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT note FROM " + table + " WHERE id = 1")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("one");
      assertThat(rs.getStatement()).isSameAs(st);
      assertThat(st.getConnection()).isSameAs(c);
    }
    assertThat(pool.getPoolStats().checkedOut()).isZero();
  }

  @Test
  void openTransactionIsRolledBackWhenTheConnectionIsReturned() throws SQLException {
    DatabasePool pool = open(builder().poolSize(1).maxOverflow(0));
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.executeUpdate("INSERT INTO " + table + " VALUES (1, 'uncommitted')");
      }
    }
    assertThat(rowsInTable()).isZero();
    try (Connection c = pool.getConnection()) {
      assertThat(c.getAutoCommit()).isTrue();
    }
  }

  @Test
  void sessionStateChangedByOneBorrowerIsResetForTheNext() throws SQLException {
    DatabasePool pool = open(builder().poolSize(1).maxOverflow(0));
    int defaultIsolation;
    boolean defaultReadOnly;
    try (Connection c = pool.getConnection()) {
      defaultIsolation = c.getTransactionIsolation();
      defaultReadOnly = c.isReadOnly();
      c.setAutoCommit(false);
      c.setTransactionIsolation(nonDefaultIsolation());
    }
    try (Connection c = pool.getConnection()) {
      assertThat(c.getAutoCommit()).isTrue();
      assertThat(c.getTransactionIsolation()).isEqualTo(defaultIsolation);
      assertThat(c.isReadOnly()).isEqualTo(defaultReadOnly);
    }
  }

  @Test
  void statementsLeftOpenAreClosedWhenTheConnectionIsReturned() throws SQLException {
    DatabasePool pool = open(builder().poolSize(1).maxOverflow(0));
    Statement leftOpen;
    PreparedStatement preparedLeftOpen;
    ResultSet resultLeftOpen;
    try (Connection c = pool.getConnection()) {
      leftOpen = c.createStatement();
      preparedLeftOpen = c.prepareStatement("SELECT id FROM " + table);
      resultLeftOpen = leftOpen.executeQuery("SELECT id FROM " + table);
    }
    assertThat(leftOpen.isClosed()).isTrue();
    assertThat(preparedLeftOpen.isClosed()).isTrue();
    assertThat(resultLeftOpen.isClosed()).isTrue();
  }

  @Test
  void closedConnectionRejectsUseAndSecondCloseIsHarmless() throws SQLException {
    DatabasePool pool = open(builder().poolSize(1).maxOverflow(0));
    Connection c = pool.getConnection();
    c.close();
    c.close();
    assertThat(c.isClosed()).isTrue();
    assertThatThrownBy(c::createStatement).isInstanceOf(SQLException.class)
        .hasMessageContaining("Connection is closed");
    assertThat(pool.getPoolStats().checkedOut()).isZero();
  }

  @Test
  void staleHandleCannotTouchTheNextBorrowersConnection() throws SQLException {
    DatabasePool pool = open(builder().poolSize(1).maxOverflow(0));
    Connection stale = pool.getConnection();
    stale.close();
    try (Connection next = pool.getConnection()) {
      assertThatThrownBy(() -> stale.setAutoCommit(false)).isInstanceOf(SQLException.class);
      assertThat(next.getAutoCommit()).isTrue();
      assertThat(next.isClosed()).isFalse();
    }
  }

  @Test
  void concurrentWorkersShareTheConnectionsWithoutLosingAnyWrite() throws Exception {
    DatabasePool pool = open(builder().poolSize(3).maxOverflow(2).poolTimeout(Duration.ofSeconds(30)));
    int threads = 6;
    int perThread = 25;
    ExecutorService ex = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int base = t * perThread;
        fs.add(ex.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            insertWithRetry(pool, base + i);
          }
          return null;
        }));
      }
      for (Future<?> f : fs) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      ex.shutdownNow();
    }
    assertThat(rowsInTable()).isEqualTo(threads * perThread);
    PoolStats stats = pool.getPoolStats();
    assertThat(stats.checkedOut()).isZero();
    assertThat(stats.size()).isLessThanOrEqualTo(5);
    assertThat(stats.created() - stats.closed()).isEqualTo(stats.size());
  }

  /** SQLite reports a busy database under concurrent writers; everyone else just inserts. */
  protected void insertWithRetry(DatabasePool pool, int id) throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " VALUES (?, 'x')")) {
      ps.setInt(1, id);
      ps.executeUpdate();
    }
  }

  // ---- settings ------------------------------------------------------------------------------

  @Test
  void overflowConnectionIsClosedWhenReturnedToAFullPool() throws Exception {
    DatabasePool pool = open(builder().poolSize(1).maxOverflow(1).minIdle(1));
    Connection first = pool.getConnection();
    Connection overflow = pool.getConnection();
    Object firstSession = sessionId(first);
    Object overflowSession = sessionId(overflow);
    assertThat(pool.getPoolStats().overflow()).isEqualTo(1);
    first.close();
    overflow.close(); // poolSize connections are idle already
    PoolStats stats = pool.getPoolStats();
    assertThat(stats.size()).isEqualTo(1);
    assertThat(stats.closedByReason()).containsEntry("overflow", 1L);
    assertThat(sessionCloses(overflowSession)).as("the overflow session ends").isTrue();
    assertThat(sessionIsOpen(firstSession)).as("the pooled session stays").isTrue();
  }

  @Test
  void timeoutMessageCarriesThePoolNameTimeoutAndCounts() throws SQLException {
    DatabasePool pool = open(builder().poolSize(1).maxOverflow(1).poolTimeout(Duration.ofMillis(300)));
    try (Connection a = pool.getConnection(); Connection b = pool.getConnection()) {
      long start = System.nanoTime();
      assertThatThrownBy(pool::getConnection).isInstanceOf(PoolTimeoutException.class)
          .hasMessageContaining(pool.getPoolName())
          .hasMessageContaining("300")
          .hasMessageContaining("size 2, in use 2, idle 0, overflow 1");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(5));
    }
  }

  @Test
  void recyclingReplacesTheConnectionAfterItsLifetime() throws Exception {
    ManualClock clock = new ManualClock();
    DatabasePool pool = openWithClock(builder().poolSize(1).maxOverflow(0)
        .poolRecycle(Duration.ofMinutes(30)).keepaliveTime(Duration.ZERO), clock);
    Object first = borrowSession(pool);
    clock.advance(Duration.ofMinutes(29));
    pool.runHousekeeping();
    assertThat(borrowSession(pool)).as("before its lifetime").isEqualTo(first);
    clock.advance(Duration.ofMinutes(2));
    pool.runHousekeeping();
    assertThat(pool.getPoolStats().closedByReason()).containsEntry("recycled", 1L);
    assertThat(sessionCloses(first)).as("the recycled session ends").isTrue();
    assertThat(borrowSession(pool)).isNotEqualTo(first);
  }

  @Test
  void prePingReplacesAConnectionKilledWhileIdleWithoutTheCallerSeeingAnError() throws Exception {
    ManualClock clock = new ManualClock();
    DatabasePool pool = openWithClock(builder().poolSize(1).maxOverflow(0)
        .keepaliveTime(Duration.ZERO).prePingAfterIdle(Duration.ofMillis(500)), clock);
    Object first = borrowSession(pool);
    killSession(first);
    clock.advance(Duration.ofSeconds(1));
    try (Connection c = pool.getConnection()) {
      assertThat(sessionId(c)).isNotEqualTo(first);
      assertThat(queryOne(c, "SELECT 1")).isEqualTo("1");
    }
    assertThat(pool.getPoolStats().validationFailures()).isEqualTo(1);
  }

  @Test
  void keepaliveFindsAndReplacesAnIdleConnectionKilledBehindThePoolsBack() throws Exception {
    ManualClock clock = new ManualClock();
    DatabasePool pool = openWithClock(builder().poolSize(1).maxOverflow(0)
        .keepaliveTime(Duration.ofMinutes(2)).idleTimeout(Duration.ZERO).poolRecycle(Duration.ZERO), clock);
    Object first = borrowSession(pool);
    killSession(first);
    clock.advance(Duration.ofMinutes(3));
    pool.runHousekeeping(); // no borrow in between: only keepalive can notice
    assertThat(pool.getPoolStats().closedByReason()).containsEntry("validation_failed", 1L);
    assertThat(borrowSession(pool)).isNotEqualTo(first);
  }

  @Test
  void idleConnectionsAboveMinIdleAreClosedAfterIdleTimeout() throws Exception {
    ManualClock clock = new ManualClock();
    DatabasePool pool = openWithClock(builder().poolSize(3).minIdle(1).maxOverflow(0)
        .idleTimeout(Duration.ofMinutes(1)).keepaliveTime(Duration.ZERO).poolRecycle(Duration.ZERO), clock);
    List<Connection> held = List.of(pool.getConnection(), pool.getConnection(), pool.getConnection());
    List<Object> sessions = new ArrayList<>();
    for (Connection c : held) {
      sessions.add(sessionId(c));
      c.close();
    }
    clock.advance(Duration.ofSeconds(50));
    pool.runHousekeeping();
    assertThat(pool.getPoolStats().size()).as("before idleTimeout").isEqualTo(3);
    clock.advance(Duration.ofSeconds(20));
    pool.runHousekeeping();
    assertThat(pool.getPoolStats().size()).isEqualTo(1);
    assertThat(pool.getPoolStats().closedByReason()).containsEntry("idle", 2L);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    long open;
    do {
      open = 0;
      for (Object s : sessions) {
        if (sessionIsOpen(s)) open++;
      }
    } while (open > 1 && System.nanoTime() - deadline < 0 && sleep20());
    assertThat(open).as("sessions the database still has").isEqualTo(1);
  }

  private static boolean sleep20() throws InterruptedException {
    Thread.sleep(20);
    return true;
  }

  @Test
  void connectionInitSqlRunsOnEveryNewConnection() throws SQLException {
    InitSqlProbe probe = initSqlProbe();
    String before;
    try (Connection direct = directConnection()) {
      before = queryOne(direct, probe.query());
    }
    assertThat(before).as("the probe's value without the init SQL").isNotEqualTo(probe.expected());
    DatabasePool pool = open(builder().poolSize(2).maxOverflow(0).connectionInitSql(probe.initSql()));
    try (Connection a = pool.getConnection(); Connection b = pool.getConnection()) {
      assertThat(sessionId(a)).isNotEqualTo(sessionId(b));
      assertThat(queryOne(a, probe.query())).isEqualTo(probe.expected());
      assertThat(queryOne(b, probe.query())).isEqualTo(probe.expected());
    }
  }

  @Test
  void configuredAutoCommitIsolationAndReadOnlyApplyToEveryNewConnectionAndComeBackAfterABorrowerChangedThem()
      throws SQLException {
    int driverIsolation;
    try (Connection direct = directConnection()) {
      driverIsolation = direct.getTransactionIsolation();
    }
    int configuredIsolation = nonDefaultIsolation();
    boolean readOnly = readOnlyIsAdjustable();
    DatabasePool pool = open(builder().poolSize(2).maxOverflow(0)
        .autoCommit(false).transactionIsolation(configuredIsolation).readOnly(readOnly));
    try (Connection a = pool.getConnection(); Connection b = pool.getConnection()) {
      for (Connection c : List.of(a, b)) {
        assertThat(c.getAutoCommit()).isFalse();
        assertThat(c.getTransactionIsolation()).isEqualTo(configuredIsolation);
        assertThat(c.isReadOnly()).isEqualTo(readOnly);
      }
      a.rollback(); // reading the isolation may have opened a transaction; some drivers refuse the changes inside one
      a.setAutoCommit(true);
      a.setTransactionIsolation(driverIsolation);
      if (readOnly) {
        a.setReadOnly(false);
      }
    }
    try (Connection a = pool.getConnection(); Connection b = pool.getConnection()) {
      for (Connection c : List.of(a, b)) {
        assertThat(c.getAutoCommit()).isFalse();
        assertThat(c.getTransactionIsolation()).isEqualTo(configuredIsolation);
        assertThat(c.isReadOnly()).isEqualTo(readOnly);
      }
    }
    assertThat(pool.getPoolStats().broken()).isZero();
  }

  /**
   * That a configured catalog applies to every new connection and comes back after a borrower
   * changed it. Not a test here: only databases with a second catalog to switch to declare one that
   * calls this (see {@link #createCatalog()}), so that no database reports it as skipped.
   */
  protected void checkConfiguredCatalogAppliesAndComesBack() throws SQLException {
    String catalog = createCatalog();
    try {
      String home;
      try (Connection direct = directConnection()) {
        home = direct.getCatalog();
      }
      DatabasePool pool = open(builder().poolSize(2).maxOverflow(0).catalog(catalog));
      try (Connection a = pool.getConnection(); Connection b = pool.getConnection()) {
        for (Connection c : List.of(a, b)) {
          assertThat(c.getCatalog()).isEqualTo(catalog);
        }
        a.setCatalog(home);
        assertThat(a.getCatalog()).isEqualTo(home);
      }
      try (Connection a = pool.getConnection(); Connection b = pool.getConnection()) {
        for (Connection c : List.of(a, b)) {
          assertThat(c.getCatalog()).isEqualTo(catalog);
        }
      }
    } finally {
      pools.forEach(DatabasePool::close);
      dropCatalog(catalog);
    }
  }

  /**
   * That a configured schema applies to every new connection and comes back after a borrower
   * changed it. As for the catalog, only databases with schemas declare a test that calls this.
   */
  protected void checkConfiguredSchemaAppliesAndComesBack() throws SQLException {
    String schema = createSchema();
    try {
      String home;
      try (Connection direct = directConnection()) {
        home = direct.getSchema();
      }
      DatabasePool pool = open(builder().poolSize(2).maxOverflow(0).schema(schema));
      try (Connection a = pool.getConnection(); Connection b = pool.getConnection()) {
        for (Connection c : List.of(a, b)) {
          assertThat(c.getSchema()).isEqualToIgnoringCase(schema);
        }
        a.setSchema(home);
        assertThat(a.getSchema()).isEqualTo(home);
      }
      try (Connection a = pool.getConnection(); Connection b = pool.getConnection()) {
        for (Connection c : List.of(a, b)) {
          assertThat(c.getSchema()).isEqualToIgnoringCase(schema);
        }
      }
    } finally {
      pools.forEach(DatabasePool::close);
      dropSchema(schema);
    }
  }
}
