package mcp.db.pool.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mcp.db.pool.QueryResult;
import mcp.db.pool.RowMapper;
import mcp.db.pool.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every database must show of sessions and transaction callbacks: commit and rollback as
 * seen from a second connection, the convenience methods, savepoints, and a session shared by
 * eight threads. Each subclass names its database; the server-only failures (deadlocks, killed
 * backends) are in {@link ServerSessionContract}. After every test all connections are back.
 */
abstract class SessionContract {
  /** The fixture of the running test. */
  SessionFixture fx;
  /** A table {@code (id INT PRIMARY KEY, name VARCHAR(200))}, empty at the start of each test. */
  String items;

  /** A new fixture for the database under test. */
  abstract SessionFixture openFixture() throws SQLException;

  @BeforeEach
  void openFixtureAndTable() throws SQLException {
    fx = openFixture();
    items = fx.table("items", "id INT PRIMARY KEY, name VARCHAR(200)");
  }

  @AfterEach
  void everyConnectionIsBackAndTablesAreDropped() throws SQLException {
    try {
      assertThat(fx.checkedOut()).as("connections still checked out").isZero();
    } finally {
      fx.close();
    }
  }

  /** The rows of {@code items} as a second connection sees them, as "id:name", by id. */
  List<String> committedItems() throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = fx.direct();
        PreparedStatement s = c.prepareStatement("SELECT id, name FROM " + items + " ORDER BY id");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) rows.add(rs.getInt(1) + ":" + rs.getString(2));
    }
    return rows;
  }

  int insert(Session session, int id, String name) throws SQLException {
    return session.update("INSERT INTO " + items + " (id, name) VALUES (?, ?)", id, name);
  }

  @Test
  void committedWorkIsVisibleToAnotherConnectionAndUncommittedWorkIsNot() throws SQLException {
    try (Session session = fx.pool.getSession()) {
      insert(session, 1, "one");
      assertThat(committedItems()).as("before commit").isEmpty();
      session.commit();
      assertThat(committedItems()).containsExactly("1:one");
      insert(session, 2, "two");
      assertThat(committedItems()).as("second transaction, before commit").containsExactly("1:one");
    }
    assertThat(committedItems()).as("close rolled back the second transaction")
        .containsExactly("1:one");
  }

  @Test
  void explicitRollbackUndoesOnlyTheCurrentTransaction() throws SQLException {
    try (Session session = fx.pool.getSession()) {
      insert(session, 1, "kept");
      session.commit();
      insert(session, 2, "undone");
      session.rollback();
      insert(session, 3, "also kept");
      session.commit();
    }
    assertThat(committedItems()).containsExactly("1:kept", "3:also kept");
  }

  @Test
  void callbackCommitsWhenItReturns() throws SQLException {
    int inserted = fx.pool.inTransaction(session ->
        insert(session, 1, "one") + insert(session, 2, "two"));
    assertThat(inserted).isEqualTo(2);
    assertThat(committedItems()).containsExactly("1:one", "2:two");
  }

  @Test
  void exceptionInCallbackRollsBackEverything() throws SQLException {
    IllegalStateException boom = new IllegalStateException("half way");
    Throwable thrown = catchThrowable(() ->
        fx.pool.useTransaction(session -> {
          insert(session, 1, "one");
          session.update("UPDATE " + items + " SET name = ? WHERE id = ?", "changed", 1);
          insert(session, 2, "two");
          throw boom;
        }));
    assertThat(thrown).isSameAs(boom);
    assertThat(committedItems()).isEmpty();
  }

  @Test
  void sqlErrorInCallbackRollsBackTheStatementsBeforeIt() throws SQLException {
    Throwable thrown = catchThrowable(() ->
        fx.pool.useTransaction(session -> {
          insert(session, 1, "one");
          insert(session, 1, "duplicate key");
        }));
    assertThat(thrown).isInstanceOf(SQLException.class);
    assertThat(fx.pool.getPoolStats().retries()).as("a constraint violation is not retried").isZero();
    assertThat(committedItems()).isEmpty();
  }

  @Test
  void parametersAreBoundNeverSplicedIntoTheSql() throws SQLException {
    String hostile = "x'); DELETE FROM " + items + "; --";
    fx.pool.useTransaction(session -> {
      insert(session, 1, "first");
      insert(session, 2, hostile);
      assertThat(session.queryOne("SELECT id FROM " + items + " WHERE name = ?",
          RowMapper.firstColumn(Integer.class), hostile)).isEqualTo(2);
    });
    assertThat(committedItems()).containsExactly("1:first", "2:" + hostile);
  }

  @Test
  void executeReturnsColumnsRowsAndAReadableTable() throws SQLException {
    try (Session session = fx.pool.getSession()) {
      QueryResult inserted = session.execute("INSERT INTO " + items + " (id, name) VALUES (?, ?)",
          1, "alice");
      assertThat(inserted.hasResultSet()).isFalse();
      assertThat(inserted.updateCount()).isEqualTo(1);
      insert(session, 2, null);

      QueryResult result = session.execute("SELECT id, name AS who FROM " + items
          + " ORDER BY id");
      assertThat(result.columns()).extracting(String::toLowerCase).containsExactly("id", "who");
      assertThat(result.rowCount()).isEqualTo(2);
      assertThat(((Number) result.get(0, "id")).intValue()).isEqualTo(1);
      assertThat(result.get(0, "who")).isEqualTo("alice");
      assertThat(result.get(1, "who")).isNull();
      assertThat(result).hasToString(String.join("\n",
          "id | who",
          "---+------",
          " 1 | alice",
          " 2 | NULL",
          "(2 rows)"));
    }
  }

  @Test
  void queryMapsRowsAndQueryOneAndQueryOptionalCheckTheCount() throws SQLException {
    try (Session session = fx.pool.getSession()) {
      insert(session, 1, "one");
      insert(session, 2, "two");
      RowMapper<String> name = row -> row.getInt("id") + "=" + row.getString("name");
      assertThat(session.query("SELECT id, name FROM " + items + " ORDER BY id", name))
          .containsExactly("1=one", "2=two");
      assertThat(session.query("SELECT id, name FROM " + items + " WHERE id > ?", name, 5))
          .isEmpty();
      assertThat(session.queryOne("SELECT id, name FROM " + items + " WHERE id = ?", name, 2))
          .isEqualTo("2=two");
      assertThat(session.queryOptional("SELECT id, name FROM " + items + " WHERE id = ?", name,
          3)).isEmpty();
      assertThatThrownBy(() -> session.queryOne("SELECT id, name FROM " + items, name))
          .isInstanceOf(SQLException.class).extracting("SQLState").isEqualTo("21000");
    }
  }

  @Test
  void batchRunsOneStatementPerParameterRow() throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 1; i <= 50; i++) rows.add(new Object[] {i, "item " + i});
    int[] counts = fx.pool.inTransaction(session ->
        session.batch("INSERT INTO " + items + " (id, name) VALUES (?, ?)", rows));
    assertThat(counts).hasSize(50);
    assertThat(fx.count("SELECT count(*) FROM " + items)).isEqualTo(50);
  }

  @Test
  void savepointRollsBackOnlyTheWorkAfterIt() throws SQLException {
    fx.pool.useTransaction(session -> {
      insert(session, 1, "before");
      Savepoint savepoint = session.savepoint();
      insert(session, 2, "after");
      session.rollbackTo(savepoint);
      Savepoint named = session.savepoint("second");
      insert(session, 3, "kept");
      session.releaseSavepoint(named);
    });
    assertThat(committedItems()).containsExactly("1:before", "3:kept");
  }

  @Test
  void rawConnectionWorksInTheSessionTransaction() throws SQLException {
    try (Session session = fx.pool.getSession()) {
      insert(session, 1, "via session");
      Connection raw = session.connection();
      assertThat(raw.getAutoCommit()).isFalse();
      try (PreparedStatement s = raw.prepareStatement("INSERT INTO " + items
          + " (id, name) VALUES (?, ?)")) {
        s.setInt(1, 2);
        s.setString(2, "via JDBC");
        s.executeUpdate();
      }
      assertThat(committedItems()).isEmpty();
      session.commit();
    }
    assertThat(committedItems()).containsExactly("1:via session", "2:via JDBC");
  }

  @Test
  void sessionSharedByEightThreadsStaysConsistent() throws Exception {
    String counter = fx.table("counter", "id INT PRIMARY KEY, n INT NOT NULL");
    fx.run("INSERT INTO " + counter + " (id, n) VALUES (1, 0)");
    int threads = 8;
    int perThread = 25;
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    try (Session session = fx.pool.getSession()) {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(executor.submit(() -> {
          start.await();
          int lastSeen = -1;
          for (int i = 0; i < perThread; i++) {
            session.update("UPDATE " + counter + " SET n = n + 1 WHERE id = 1");
            insert(session, thread * 1000 + i, "thread " + thread);
            int n = session.queryOne("SELECT n FROM " + counter + " WHERE id = 1",
                row -> row.getInt(1));
            assertThat(n).as("the counter only grows").isGreaterThan(lastSeen);
            lastSeen = n;
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) f.get(60, TimeUnit.SECONDS);
      assertThat(fx.count("SELECT count(*) FROM " + items)).as("before commit").isZero();
      session.commit();
    } finally {
      executor.shutdownNow();
    }
    assertThat(fx.count("SELECT n FROM " + counter + " WHERE id = 1"))
        .isEqualTo(threads * perThread);
    assertThat(fx.count("SELECT count(*) FROM " + items)).isEqualTo(threads * perThread);
  }
}
