package mcp.db.pool.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import mcp.db.pool.QueryResult;
import mcp.db.pool.RetryPolicy;
import mcp.db.pool.RowMapper;
import mcp.db.pool.Session;
import mcp.db.pool.SessionClosedException;
import mcp.db.pool.TransactionOptions;
import mcp.db.pool.TransactionOptions.Isolation;
import mcp.db.pool.TransactionOutcomeUnknownException;
import mcp.db.pool.internal.config.DatabaseKind;
import mcp.db.pool.internal.config.DriverMessageCleaner;
import mcp.db.pool.internal.errors.SqlErrorRules;
import mcp.db.pool.internal.session.Backoff;
import mcp.db.pool.internal.session.Sessions;
import mcp.db.pool.support.CapturedLogs;
import mcp.db.pool.support.LogLine;
import mcp.db.pool.support.StubTest;
import mcp.db.pool.testkit.StubConnection;
import mcp.db.pool.testkit.StubDatabase;
import mcp.db.pool.testkit.StubResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Sessions and transaction callbacks on the stub driver: the transaction rules, which failures are
 * retried, cleanup, and the lock of a shared session. Fast and deterministic (no real sleeps: the
 * backoff records its delays instead). The same behaviour on real servers is proven by
 * {@link SessionPostgresTest}, {@link SessionMariaDbTest} and {@link SessionSqliteTest}.
 */
@StubTest
class SessionTest {
  private final StubDatabase db = StubDatabase.unique();
  private final FaultyDataSource faults = new FaultyDataSource(db.dataSource());
  private final LongAdder retries = new LongAdder();
  private final List<Duration> delays = new CopyOnWriteArrayList<>();
  /** The secret the pool's message cleaner knows, as if it were the pool's password. */
  private static final String SECRET = "s3cr3t-" + Long.toHexString(System.nanoTime());
  private final Sessions sessions = sessions(SqlErrorRules.forKind(DatabaseKind.POSTGRESQL),
      RetryPolicy.defaults(), delays::add);

  private Sessions sessions(SqlErrorRules rules, RetryPolicy policy, Backoff.Sleeper sleeper) {
    Properties driverProperties = new Properties();
    driverProperties.setProperty("password", SECRET);
    return new Sessions(faults.dataSource(), rules, retries, policy,
        DriverMessageCleaner.forSecretsIn(driverProperties, db.url()),
        new Backoff(sleeper, () -> 0.5));
  }

  @AfterEach
  void everyConnectionIsReturned() {
    assertThat(db.connectionsOpen()).as("connections still lent out").isZero();
    StubDatabase.remove(db.name());
  }

  // ---- Session: borrowing, commit, rollback, close ---------------------------------------------

  @Test
  void sessionBorrowsOnFirstUseAndReturnsOnClose() throws SQLException {
    try (Session session = sessions.open()) {
      assertThat(db.connectionsOpened()).isZero();
      session.update("UPDATE t SET x = 1");
      assertThat(db.connectionsOpen()).isEqualTo(1);
      session.update("UPDATE t SET x = 2");
      assertThat(db.connectionsOpened()).isEqualTo(1);
    }
    assertThat(db.connectionsOpen()).isZero();
  }

  @Test
  void sessionRunsItsStatementsWithAutoCommitOff() throws SQLException {
    try (Session session = sessions.open()) {
      session.update("UPDATE t SET x = 1");
      assertThat(stub(session).autoCommitState()).isFalse();
    }
  }

  @Test
  void closeRollsBackWorkThatWasNotCommitted() throws SQLException {
    try (Session session = sessions.open()) {
      session.update("UPDATE t SET x = 1");
    }
    assertThat(db.rollbacks()).isEqualTo(1);
    assertThat(db.commits()).isZero();
  }

  @Test
  void afterCommitTheSessionStartsANewTransactionOnTheSameConnection() throws SQLException {
    try (Session session = sessions.open()) {
      session.update("UPDATE t SET x = 1");
      session.commit();
      session.update("UPDATE t SET x = 2");
    }
    assertThat(db.commits()).isEqualTo(1);
    assertThat(db.rollbacks()).as("the second transaction, not committed").isEqualTo(1);
    assertThat(db.connectionsOpened()).isEqualTo(1);
  }

  @Test
  void closeAfterCommitSendsNoRollback() throws SQLException {
    try (Session session = sessions.open()) {
      session.update("UPDATE t SET x = 1");
      session.commit();
      session.commit();
    }
    assertThat(db.commits()).as("a second commit with nothing to commit is not sent").isEqualTo(1);
    assertThat(db.rollbacks()).isZero();
  }

  @Test
  void sessionThatNeverRanAStatementBorrowsNothing() throws SQLException {
    try (Session session = sessions.open()) {
      session.commit();
      session.rollback();
    }
    assertThat(db.connectionsOpened()).isZero();
  }

  @Test
  void closedSessionRejectsEveryCallWithAClearError() throws SQLException {
    Session session = sessions.open();
    session.update("UPDATE t SET x = 1");
    session.close();
    session.close();
    assertThat(session.isClosed()).isTrue();
    List<ThrowingCall> calls = List.of(
        () -> session.execute("SELECT 1"),
        () -> session.query("SELECT 1", RowMapper.firstColumn(Integer.class)),
        () -> session.queryOne("SELECT 1", RowMapper.firstColumn(Integer.class)),
        () -> session.queryOptional("SELECT 1", RowMapper.firstColumn(Integer.class)),
        () -> session.update("UPDATE t SET x = 1"),
        () -> session.batch("UPDATE t SET x = ?", List.<Object[]>of(new Object[] {1})),
        session::connection, session::commit, session::rollback, session::savepoint,
        () -> session.savepoint("s"));
    for (ThrowingCall call : calls) {
      assertThatThrownBy(call::run).isInstanceOf(SessionClosedException.class)
          .hasMessageContaining("Session is closed").extracting("SQLState").isEqualTo("08003");
    }
    assertThat(db.connectionsOpened()).isEqualTo(1);
  }

  @Test
  void statementsAndResultSetsAreClosedByTheSession() throws SQLException {
    db.result(StubResult.columns("id").row(1).row(2));
    try (Session session = sessions.open()) {
      session.execute("SELECT id FROM t");
      session.query("SELECT id FROM t", RowMapper.firstColumn(Integer.class));
      catchThrowable(() -> session.queryOptional("SELECT id FROM t WHERE id = ?",
          RowMapper.firstColumn(Integer.class), 1));
      session.update("UPDATE t SET x = ?", 1);
      session.batch("UPDATE t SET x = ?", List.of(new Object[] {1}, new Object[] {2}));
      catchThrowable(() -> session.queryOne("SELECT id FROM t", RowMapper.firstColumn(
          Integer.class)));
      assertThat(db.statementsOpen()).isZero();
    }
  }

  @Test
  void statementIsClosedWhenItFails() throws SQLException {
    db.failNextExecutions(1, FaultyDataSource.sqlState("23505"));
    try (Session session = sessions.open()) {
      assertThatThrownBy(() -> session.update("INSERT INTO t VALUES (1)"))
          .isInstanceOf(SQLException.class);
      assertThat(db.statementsOpen()).isZero();
    }
  }

  @Test
  void executeReturnsColumnLabelsAndRowsWithoutAMapper() throws SQLException {
    db.result(StubResult.columns("id", "name").row(1, "ann").row(2, null));
    try (Session session = sessions.open()) {
      QueryResult result = session.execute("SELECT id, name FROM t");
      assertThat(result.hasResultSet()).isTrue();
      assertThat(result.columns()).containsExactly("id", "name");
      assertThat(result.rows()).containsExactly(List.of(1, "ann"), Arrays.asList(2, null));
      assertThat(result.get(0, "NAME")).isEqualTo("ann");

      db.updateCount(3);
      QueryResult update = session.execute("UPDATE t SET x = ?", 1);
      assertThat(update.hasResultSet()).isFalse();
      assertThat(update.updateCount()).isEqualTo(3);
      assertThat(update).hasToString("(3 rows affected)");
    }
  }

  @Test
  void queryOneDemandsExactlyOneRowAndQueryOptionalAtMostOne() throws SQLException {
    RowMapper<Integer> id = RowMapper.firstColumn(Integer.class);
    try (Session session = sessions.open()) {
      db.result(StubResult.columns("id"));
      assertThatThrownBy(() -> session.queryOne("SELECT id FROM t", id))
          .isInstanceOf(SQLException.class).extracting("SQLState").isEqualTo("02000");
      assertThat(session.queryOptional("SELECT id FROM t", id)).isEmpty();

      db.result(StubResult.columns("id").row(7));
      assertThat(session.queryOne("SELECT id FROM t", id)).isEqualTo(7);
      assertThat(session.queryOptional("SELECT id FROM t", id)).contains(7);

      db.result(StubResult.columns("id").row(7).row(8));
      assertThatThrownBy(() -> session.queryOne("SELECT id FROM t", id))
          .isInstanceOf(SQLException.class).extracting("SQLState").isEqualTo("21000");
      assertThatThrownBy(() -> session.queryOptional("SELECT id FROM t", id))
          .isInstanceOf(SQLException.class).extracting("SQLState").isEqualTo("21000");
    }
  }

  @Test
  void optionsSetIsolationAndReadOnlyOnTheBorrowedConnection() throws SQLException {
    TransactionOptions options = TransactionOptions.builder().isolation(Isolation.SERIALIZABLE)
        .readOnly(true).build();
    try (Session session = sessions.open(options)) {
      session.execute("SELECT 1");
      assertThat(stub(session).isolationState()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
      assertThat(stub(session).readOnlyState()).isTrue();
    }
  }

  @Test
  void savepointsAreSetAndRolledBackToOnTheSessionConnection() throws SQLException {
    try (Session session = sessions.open()) {
      session.update("UPDATE t SET x = 1");
      Savepoint savepoint = session.savepoint("before_second");
      session.update("UPDATE t SET x = 2");
      session.rollbackTo(savepoint);
      session.commit();
    }
    assertThat(db.commits()).isEqualTo(1);
    assertThat(db.rollbacks()).as("a savepoint rollback is not a transaction rollback").isZero();
  }

  @Test
  void failedRollbackOnALiveConnectionAbortsItAndIsReported() throws SQLException {
    faults.rollbackFailures.add(FaultyDataSource.sqlState("25P02"));
    Session session = sessions.open();
    session.update("UPDATE t SET x = 1");
    StubConnection stub = stub(session);
    assertThatThrownBy(session::close).isInstanceOf(SQLException.class)
        .extracting("SQLState").isEqualTo("25P02");
    assertThat(stub.isAborted()).as("aborted, never returned with an open transaction").isTrue();
  }

  @Test
  void failedRollbackOnABrokenConnectionIsNotReported() throws SQLException {
    Session session = sessions.open();
    session.update("UPDATE t SET x = 1");
    stub(session).kill();
    session.close();
    assertThat(session.isClosed()).isTrue();
  }

  // ---- Threads ---------------------------------------------------------------------------------

  @Test
  void sessionSharedByEightThreadsRunsTheirCallsOneAtATime() throws Exception {
    db.queryDelay(Duration.ofMillis(1));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (Session session = sessions.open()) {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < 10; i++) {
            session.queryOne("SELECT 1", RowMapper.firstColumn(Integer.class));
            session.update("UPDATE t SET x = ?", i);
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) f.get(30, TimeUnit.SECONDS);
      session.commit();
    } finally {
      pool.shutdownNow();
    }
    assertThat(db.peakActiveQueries()).as("queries running at once on one session").isEqualTo(1);
    assertThat(db.executions()).isEqualTo(160);
    assertThat(db.connectionsOpened()).isEqualTo(1);
    assertThat(db.commits()).isEqualTo(1);
  }

  @Test
  void closeFromAnotherThreadWaitsForTheRunningCallThenRejectsLaterOnes() throws Exception {
    db.queryDelay(Duration.ofMillis(200));
    Session session = sessions.open();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> running = pool.submit(() ->
          session.queryOne("SELECT 1", RowMapper.firstColumn(Integer.class)));
      while (db.activeQueries() == 0) Thread.onSpinWait();
      session.close();
      assertThat(running.get(10, TimeUnit.SECONDS)).as("the running query finished").isEqualTo(1);
      assertThatThrownBy(() -> session.execute("SELECT 1"))
          .isInstanceOf(SessionClosedException.class);
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- inTransaction: commit, rollback, cleanup ------------------------------------------------

  @Test
  void callbackResultIsReturnedOnceCommitted() throws SQLException {
    String result = sessions.inTransaction(TransactionOptions.defaults(), session -> {
      session.update("UPDATE t SET x = 1");
      return "done";
    });
    assertThat(result).isEqualTo("done");
    assertThat(db.commits()).isEqualTo(1);
    assertThat(db.rollbacks()).isZero();
  }

  @Test
  void useTransactionCommitsWorkWithoutAResult() throws SQLException {
    sessions.useTransaction(TransactionOptions.defaults(),
        session -> session.update("UPDATE t SET x = 1"));
    assertThat(db.commits()).isEqualTo(1);
  }

  @Test
  void runtimeExceptionInCallbackRollsBackAndIsRethrownUnchanged() {
    IllegalStateException boom = new IllegalStateException("boom");
    Throwable thrown = catchThrowable(() ->
        sessions.inTransaction(TransactionOptions.defaults(), session -> {
          session.update("UPDATE t SET x = 1");
          throw boom;
        }));
    assertThat(thrown).isSameAs(boom);
    assertThat(db.rollbacks()).isEqualTo(1);
    assertThat(db.commits()).isZero();
    assertThat(retries.sum()).isZero();
  }

  @Test
  void errorInCallbackStillRollsBackAndReturnsTheConnection() {
    AssertionError error = new AssertionError("an Error, not an Exception");
    Throwable thrown = catchThrowable(() ->
        sessions.useTransaction(TransactionOptions.defaults(), session -> {
          session.update("UPDATE t SET x = 1");
          throw error;
        }));
    assertThat(thrown).isSameAs(error);
    assertThat(db.rollbacks()).isEqualTo(1);
  }

  @Test
  void checkedExceptionThrownSneakilyStillReturnsTheConnection() {
    IOException sneaky = new IOException("not declared");
    Throwable thrown = catchThrowable(() ->
        sessions.useTransaction(TransactionOptions.defaults(), session -> {
          session.update("UPDATE t SET x = 1");
          throwUnchecked(sneaky);
        }));
    assertThat(thrown).isSameAs(sneaky);
    assertThat(db.rollbacks()).isEqualTo(1);
  }

  @Test
  void commitAndRollbackAreRefusedInsideATransactionCallback() {
    for (ThrowingSessionCall call : List.<ThrowingSessionCall>of(Session::commit,
        Session::rollback)) {
      Throwable thrown = catchThrowable(() ->
          sessions.useTransaction(TransactionOptions.defaults(), session -> {
            session.update("UPDATE t SET x = 1");
            call.run(session);
          }));
      assertThat(thrown).isInstanceOf(SQLException.class).hasMessageContaining("not allowed")
          .extracting("SQLState").isEqualTo("2D000");
    }
    assertThat(db.commits()).isZero();
    assertThat(retries.sum()).isZero();
  }

  @Test
  void callbackThatClosesItsSessionCommitsNothingAndIsTold() {
    Throwable thrown = catchThrowable(() ->
        sessions.useTransaction(TransactionOptions.defaults(), session -> {
          session.update("UPDATE t SET x = 1");
          session.close();
        }));
    assertThat(thrown).isInstanceOf(SessionClosedException.class)
        .hasMessageContaining("nothing was committed");
    assertThat(db.commits()).isZero();
    assertThat(retries.sum()).isZero();
  }

  @Test
  void sessionOfACallbackIsClosedAfterItReturns() throws SQLException {
    Session escaped = sessions.inTransaction(TransactionOptions.defaults(), session -> {
      session.update("UPDATE t SET x = 1");
      return session;
    });
    assertThat(escaped.isClosed()).isTrue();
    assertThatThrownBy(() -> escaped.update("UPDATE t SET x = 2"))
        .isInstanceOf(SessionClosedException.class)
        .hasMessageContaining("ends when the callback returns");
  }

  // ---- inTransaction: retries ------------------------------------------------------------------

  @Test
  void serializationFailureIsRetriedAndCounted() throws SQLException {
    db.failNextExecutions(1, FaultyDataSource.sqlState("40001"));
    AtomicInteger calls = new AtomicInteger();
    int result = sessions.inTransaction(TransactionOptions.defaults(), session -> {
      calls.incrementAndGet();
      return session.update("UPDATE t SET x = 1") + 42;
    });
    assertThat(result).isEqualTo(42);
    assertThat(calls).hasValue(2);
    assertThat(retries.sum()).isEqualTo(1);
    assertThat(db.rollbacks()).as("the failed attempt").isEqualTo(1);
    assertThat(db.commits()).isEqualTo(1);
  }

  @Test
  void retryLogLineShowsOnlyTheFailuresFirstLineWithThePoolsSecretsMasked() throws SQLException {
    CapturedLogs.clear();
    String marker = "retry-log-" + db.name();
    db.failNextExecutions(1, new SQLException("could not serialize access (" + marker
        + ") in ALTER ROLE app PASSWORD '" + SECRET + "'\nDETAIL: " + SECRET, "40001"));
    sessions.inTransaction(TransactionOptions.defaults(), session -> session.update("UPDATE t SET x = 1"));
    assertThat(retries.sum()).isEqualTo(1);
    List<LogLine> lines = CapturedLogs.matching(marker);
    assertThat(lines).as("the retry was logged").singleElement().satisfies(line -> {
      assertThat(line.message()).contains("Retrying transaction").contains("40001")
          .contains("PASSWORD '***'").doesNotContain(SECRET).doesNotContain("\n")
          .doesNotContain("DETAIL");
    });
  }

  @Test
  void deadlockAndLockWaitTimeoutAreRetriedOnMariaDb() throws SQLException {
    Sessions mariaDb = sessions(SqlErrorRules.forKind(DatabaseKind.MARIADB),
        RetryPolicy.builder().maxAttempts(5).build(), delays::add);
    List<SQLException> failures = List.of(
        new SQLException("Deadlock found when trying to get lock", "40001", 1213),
        new SQLException("Lock wait timeout exceeded", "HY000", 1205));
    AtomicInteger calls = new AtomicInteger();
    mariaDb.useTransaction(TransactionOptions.defaults(), session -> {
      session.update("UPDATE t SET x = 1");
      int call = calls.getAndIncrement();
      if (call < failures.size()) throw failures.get(call);
    });
    assertThat(calls).hasValue(3);
    assertThat(retries.sum()).isEqualTo(2);
  }

  @Test
  void deadlockOnPostgresIsRetried() throws SQLException {
    AtomicInteger calls = new AtomicInteger();
    sessions.useTransaction(TransactionOptions.defaults(), session -> {
      session.update("UPDATE t SET x = 1");
      if (calls.getAndIncrement() == 0) throw FaultyDataSource.sqlState("40P01");
    });
    assertThat(calls).hasValue(2);
    assertThat(retries.sum()).isEqualTo(1);
  }

  @Test
  void brokenConnectionBeforeCommitIsRetriedOnAnotherConnection() throws SQLException {
    List<Integer> connectionIds = new ArrayList<>();
    sessions.useTransaction(TransactionOptions.defaults(), session -> {
      StubConnection stub = stub(session);
      connectionIds.add(stub.id());
      if (connectionIds.size() == 1) stub.kill();
      session.update("UPDATE t SET x = 1");
    });
    assertThat(connectionIds).hasSize(2).doesNotHaveDuplicates();
    assertThat(retries.sum()).isEqualTo(1);
    assertThat(db.commits()).isEqualTo(1);
  }

  @Test
  void attemptsAreBoundedAndEarlierFailuresAreAttached() {
    AtomicInteger calls = new AtomicInteger();
    Throwable thrown = catchThrowable(() ->
        sessions.useTransaction(TransactionOptions.defaults(), session -> {
          session.update("UPDATE t SET x = 1");
          throw new SQLException("attempt " + calls.incrementAndGet(), "40001");
        }));
    assertThat(calls).as("default maxAttempts").hasValue(3);
    assertThat(retries.sum()).isEqualTo(2);
    assertThat(thrown).hasMessage("attempt 3");
    assertThat(thrown.getSuppressed()).extracting(Throwable::getMessage)
        .containsExactly("attempt 1", "attempt 2");
  }

  @Test
  void backoffIsFullJitterBelowADoublingCeiling() {
    Sessions fiveAttempts = sessions(SqlErrorRules.forKind(DatabaseKind.POSTGRESQL),
        RetryPolicy.builder().maxAttempts(5).baseDelay(Duration.ofMillis(10))
            .maxDelay(Duration.ofMillis(25)).build(), delays::add);
    catchThrowable(() -> fiveAttempts.useTransaction(TransactionOptions.defaults(), session -> {
      throw FaultyDataSource.sqlState("40001");
    }));
    // The injected random value is 0.5: half of 10, 20, then the 25 ms cap.
    assertThat(delays).containsExactly(Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofNanos(12_500_000), Duration.ofNanos(12_500_000));
  }

  @Test
  void retryPolicyOfTheOptionsOverridesThePoolDefault() {
    AtomicInteger calls = new AtomicInteger();
    TransactionOptions once = TransactionOptions.builder().retryPolicy(RetryPolicy.noRetry())
        .build();
    catchThrowable(() -> sessions.useTransaction(once, session -> {
      calls.incrementAndGet();
      throw FaultyDataSource.sqlState("40001");
    }));
    assertThat(calls).hasValue(1);
    assertThat(retries.sum()).isZero();
  }

  @Test
  void interruptDuringBackoffEndsTheRetriesAndKeepsTheInterruptStatus() {
    InterruptedException interrupt = new InterruptedException("stop");
    Sessions interrupted = sessions(SqlErrorRules.forKind(DatabaseKind.POSTGRESQL),
        RetryPolicy.defaults(), delay -> {
          throw interrupt;
        });
    AtomicInteger calls = new AtomicInteger();
    Throwable thrown = catchThrowable(() ->
        interrupted.useTransaction(TransactionOptions.defaults(), session -> {
          calls.incrementAndGet();
          throw FaultyDataSource.sqlState("40001");
        }));
    assertThat(Thread.interrupted()).as("interrupt status restored").isTrue();
    assertThat(calls).hasValue(1);
    assertThat(thrown).isInstanceOf(SQLException.class).hasSuppressedException(interrupt);
  }

  @Test
  void errorThatIsNeitherTransientNorFatalIsNotRetried() {
    AtomicInteger calls = new AtomicInteger();
    SQLException duplicate = FaultyDataSource.sqlState("23505");
    Throwable thrown = catchThrowable(() ->
        sessions.useTransaction(TransactionOptions.defaults(), session -> {
          calls.incrementAndGet();
          session.update("INSERT INTO t VALUES (1)");
          throw duplicate;
        }));
    assertThat(thrown).isSameAs(duplicate);
    assertThat(calls).hasValue(1);
    assertThat(db.rollbacks()).isEqualTo(1);
    assertThat(retries.sum()).isZero();
  }

  @Test
  void failureToBorrowAConnectionIsNotRetried() {
    db.failNextConnects(1);
    AtomicInteger calls = new AtomicInteger();
    Throwable thrown = catchThrowable(() ->
        sessions.useTransaction(TransactionOptions.defaults(), session -> {
          calls.incrementAndGet();
          session.update("UPDATE t SET x = 1");
        }));
    assertThat(thrown).isInstanceOf(SQLException.class).extracting("SQLState").isEqualTo("08001");
    assertThat(calls).hasValue(1);
    assertThat(retries.sum()).isZero();
  }

  @Test
  void outcomeUnknownOfANestedTransactionIsNotRetriedByTheOuterOne() {
    AtomicInteger calls = new AtomicInteger();
    Throwable thrown = catchThrowable(() ->
        sessions.useTransaction(TransactionOptions.defaults(), outer -> {
          calls.incrementAndGet();
          outer.update("UPDATE t SET x = 1");
          throw new TransactionOutcomeUnknownException(FaultyDataSource.sqlState("08006"));
        }));
    assertThat(thrown).isInstanceOf(TransactionOutcomeUnknownException.class);
    assertThat(calls).hasValue(1);
    assertThat(retries.sum()).isZero();
  }

  // ---- inTransaction: failures of COMMIT -------------------------------------------------------

  @Test
  void failureDuringCommitReportsOutcomeUnknown() {
    AtomicInteger calls = new AtomicInteger();
    Throwable thrown = catchThrowable(() ->
        sessions.useTransaction(TransactionOptions.defaults(), session -> {
          calls.incrementAndGet();
          session.update("INSERT INTO t VALUES (1)");
          // The connection breaks after the last statement, so COMMIT is what fails.
          stub(session).kill();
        }));
    assertThat(thrown).isInstanceOf(TransactionOutcomeUnknownException.class)
        .hasMessageContaining("outcome of COMMIT is unknown")
        .extracting("SQLState").isEqualTo("08007");
    assertThat(thrown.getCause()).isInstanceOf(SQLException.class)
        .extracting("SQLState").isEqualTo("08006");
    assertThat(calls).as("never retried").hasValue(1);
    assertThat(retries.sum()).isZero();
  }

  @Test
  void timeoutDuringCommitReportsOutcomeUnknown() {
    faults.commitFailures.add(new SQLTimeoutException("commit timed out", "57014"));
    Throwable thrown = catchThrowable(() ->
        sessions.useTransaction(TransactionOptions.defaults(),
            session -> session.update("INSERT INTO t VALUES (1)")));
    assertThat(thrown).isInstanceOf(TransactionOutcomeUnknownException.class)
        .hasCauseInstanceOf(SQLTimeoutException.class);
    assertThat(retries.sum()).isZero();
  }

  @Test
  void serializationFailureReportedByCommitIsADefiniteRollbackAndIsRetried() throws SQLException {
    faults.commitFailures.add(FaultyDataSource.sqlState("40001"));
    AtomicInteger calls = new AtomicInteger();
    sessions.useTransaction(TransactionOptions.defaults(), session -> {
      calls.incrementAndGet();
      session.update("INSERT INTO t VALUES (1)");
    });
    assertThat(calls).hasValue(2);
    assertThat(retries.sum()).isEqualTo(1);
    assertThat(db.commits()).isEqualTo(1);
  }

  @Test
  void otherErrorReportedByCommitIsRethrownWithoutRetry() {
    SQLException deferredConstraint = FaultyDataSource.sqlState("23503");
    faults.commitFailures.add(deferredConstraint);
    Throwable thrown = catchThrowable(() ->
        sessions.useTransaction(TransactionOptions.defaults(),
            session -> session.update("INSERT INTO t VALUES (1)")));
    assertThat(thrown).isSameAs(deferredConstraint);
    assertThat(retries.sum()).isZero();
  }

  @Test
  void runtimeExceptionFromTheDriverDuringCommitReportsOutcomeUnknown() {
    faults.commitFailures.add(new IllegalStateException("driver bug"));
    Throwable thrown = catchThrowable(() ->
        sessions.useTransaction(TransactionOptions.defaults(),
            session -> session.update("INSERT INTO t VALUES (1)")));
    assertThat(thrown).isInstanceOf(TransactionOutcomeUnknownException.class)
        .hasCauseInstanceOf(IllegalStateException.class);
  }

  // ---- Helpers ---------------------------------------------------------------------------------

  /** The stub connection under a session (borrowing it if needed). */
  private static StubConnection stub(Session session) throws SQLException {
    return session.connection().unwrap(StubConnection.class);
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> void throwUnchecked(Throwable t) throws E {
    throw (E) t;
  }

  @FunctionalInterface
  private interface ThrowingCall {
    void run() throws Exception;
  }

  @FunctionalInterface
  private interface ThrowingSessionCall {
    void run(Session session) throws SQLException;
  }
}
