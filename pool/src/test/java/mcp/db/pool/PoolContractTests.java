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

  protected DatabasePool open(DatabasePoolBuilder b) {
    DatabasePool p = b.build();
    pools.add(p);
    return p;
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
}
