package mcp.db.pool.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import mcp.db.pool.Session;
import mcp.db.pool.TransactionOptions;
import mcp.db.pool.TransactionOptions.Isolation;
import mcp.db.pool.TransactionOutcomeUnknownException;
import org.junit.jupiter.api.Test;

/**
 * What sessions must show on a database server, beyond {@link SessionContract}: real deadlocks
 * retried, a backend killed mid-transaction recovered from, a commit on a killed backend reported
 * as outcome-unknown, and the read-only and isolation options.
 */
abstract class ServerSessionContract extends SessionContract {

  /** The server's id of the session's connection (backend pid, connection id). */
  abstract long backendId(Session session) throws SQLException;

  /** Ends that backend from a second connection and waits until the server no longer lists it. */
  abstract void killBackend(long backendId) throws SQLException;

  @Test
  void deadlockBetweenTwoSessionsIsRetriedAndBothFinish() throws Exception {
    String pair = fx.table("pair", "id INT PRIMARY KEY, n INT NOT NULL");
    fx.run("INSERT INTO " + pair + " (id, n) VALUES (1, 0)", "INSERT INTO " + pair
        + " (id, n) VALUES (2, 0)");
    // Each session locks its first row, waits until the other holds its own, then asks for the
    // other's: a lock-order inversion the server must break by rolling one of them back.
    CyclicBarrier bothHoldTheirFirstLock = new CyclicBarrier(2);
    ExecutorService executor = Executors.newFixedThreadPool(2);
    try {
      Future<Integer> forward = executor.submit(() ->
          lockBothRows(pair, 1, 2, bothHoldTheirFirstLock));
      Future<Integer> backward = executor.submit(() ->
          lockBothRows(pair, 2, 1, bothHoldTheirFirstLock));
      int attempts = forward.get(60, TimeUnit.SECONDS) + backward.get(60, TimeUnit.SECONDS);
      assertThat(attempts).as("one of them ran twice").isEqualTo(3);
    } finally {
      executor.shutdownNow();
    }
    assertThat(fx.pool.getPoolStats().retries()).isEqualTo(1);
    assertThat(fx.count("SELECT sum(n) FROM " + pair)).as("both units of work finished")
        .isEqualTo(4);
  }

  /** Increments two rows in the given order; returns the attempts it took. */
  private int lockBothRows(String table, int first, int second, CyclicBarrier barrier)
      throws SQLException {
    AtomicInteger attempts = new AtomicInteger();
    fx.pool.useTransaction(session -> {
      int attempt = attempts.incrementAndGet();
      session.update("UPDATE " + table + " SET n = n + 1 WHERE id = ?", first);
      if (attempt == 1) await(barrier);
      session.update("UPDATE " + table + " SET n = n + 1 WHERE id = ?", second);
    });
    return attempts.get();
  }

  static void await(CyclicBarrier barrier) {
    try {
      barrier.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (BrokenBarrierException | TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void backendKilledMidTransactionLeavesNoPartialCommitAndRetrySucceeds() throws SQLException {
    List<Long> backends = new CopyOnWriteArrayList<>();
    fx.pool.useTransaction(session -> {
      int attempt = backends.size() + 1;
      backends.add(backendId(session));
      insert(session, attempt * 10 + 1, "attempt " + attempt);
      if (attempt == 1) killBackend(backends.get(0));
      insert(session, attempt * 10 + 2, "attempt " + attempt);
    });
    assertThat(backends).as("the retry ran on a fresh connection").hasSize(2)
        .doesNotHaveDuplicates();
    assertThat(fx.pool.getPoolStats().retries()).isEqualTo(1);
    assertThat(committedItems()).containsExactly("21:attempt 2", "22:attempt 2");
  }

  @Test
  void failureDuringCommitReportsOutcomeUnknown() throws SQLException {
    AtomicInteger calls = new AtomicInteger();
    Throwable thrown = catchThrowable(() ->
        fx.pool.useTransaction(session -> {
          calls.incrementAndGet();
          insert(session, 1, "maybe");
          // The backend is gone before COMMIT is sent, but the client cannot know whether the
          // COMMIT it then sends was applied: to it, the outcome is unknown.
          killBackend(backendId(session));
        }));
    assertThat(thrown).isInstanceOf(TransactionOutcomeUnknownException.class)
        .hasMessageContaining("unknown");
    assertThat(calls).as("never retried").hasValue(1);
    assertThat(fx.pool.getPoolStats().retries()).isZero();
    assertThat(committedItems()).as("the server rolled it back").isEmpty();
  }

  @Test
  void readOnlyTransactionRejectsWrites() throws SQLException {
    TransactionOptions readOnly = TransactionOptions.builder().readOnly(true).build();
    Throwable thrown = catchThrowable(() ->
        fx.pool.useTransaction(readOnly, session -> insert(session, 1, "refused")));
    assertThat(thrown).isInstanceOf(SQLException.class);
    assertThat(fx.pool.getPoolStats().retries()).isZero();
    assertThat(committedItems()).isEmpty();
    long rows = fx.pool.inTransaction(readOnly, session ->
        session.queryOne("SELECT count(*) FROM " + items, row -> row.getLong(1)));
    assertThat(rows).as("reads work").isZero();
  }

  @Test
  void readOnlySessionFromGetSessionRejectsWritesButReads() throws SQLException {
    fx.run("INSERT INTO " + items + " (id, name) VALUES (1, 'existing')");
    TransactionOptions readOnly = TransactionOptions.builder().readOnly(true).build();
    try (Session session = fx.pool.getSession(readOnly)) {
      assertThatThrownBy(() -> insert(session, 2, "refused")).isInstanceOf(SQLException.class);
      session.rollback();
      long rows = session.queryOne("SELECT count(*) FROM " + items, row -> row.getLong(1));
      assertThat(rows).as("reads work").isEqualTo(1);
    }
    assertThat(committedItems()).containsExactly("1:existing");
  }

  @Test
  void isolationOptionIsSetOnTheConnectionBeforeTheFirstStatement() throws SQLException {
    TransactionOptions serializable = TransactionOptions.builder()
        .isolation(Isolation.SERIALIZABLE).build();
    try (Session session = fx.pool.getSession(serializable)) {
      Connection connection = session.connection();
      assertThat(connection.getTransactionIsolation())
          .isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
      insert(session, 1, "serializable");
      session.commit();
    }
    assertThat(committedItems()).containsExactly("1:serializable");
  }
}
