package mcp.db.pool.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.RetryPolicy;
import mcp.db.pool.Session;
import mcp.db.pool.TransactionOptions;
import mcp.db.pool.internal.config.DatabaseKind;
import mcp.db.pool.internal.config.DriverMessageCleaner;
import mcp.db.pool.internal.errors.SqlErrorRules;
import mcp.db.pool.internal.session.Sessions;
import mcp.db.pool.support.StubTest;
import mcp.db.pool.support.TestDatabases;
import mcp.db.pool.testkit.StubDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Regression: when the rollback in {@code Session.close()} failed with an unchecked exception, the
 * session skipped closing its connection, which then stayed checked out of the pool for good.
 * The stub driver cannot fail a rollback that way, so the session borrows from a one-connection
 * pool through a {@link FaultyDataSource} that can.
 */
@StubTest
class SessionReleaseTest {
  private final StubDatabase db = StubDatabase.unique();
  private final DatabasePool pool = DatabasePool.builder().url(db.url())
      .poolName(TestDatabases.uniqueName("session_release")).poolSize(1).maxOverflow(0)
      .poolTimeout(Duration.ofSeconds(2)).build();
  private final FaultyDataSource faults = new FaultyDataSource(pool);
  private final Sessions sessions = new Sessions(faults.dataSource(),
      SqlErrorRules.forKind(DatabaseKind.POSTGRESQL), new LongAdder(), RetryPolicy.defaults(),
      DriverMessageCleaner.forSecretsIn(null, db.url()));

  @AfterEach
  void closePool() {
    pool.close();
    StubDatabase.remove(db.name());
  }

  @Test
  void connectionReturnsToPoolWhenRollbackOnCloseThrowsRuntimeException() throws SQLException {
    IllegalStateException driverBug = new IllegalStateException("injected driver bug in rollback");
    closeWithFailingRollback(driverBug);
  }

  @Test
  void connectionReturnsToPoolWhenRollbackOnCloseThrowsError() throws SQLException {
    Error error = new Error("injected error in rollback");
    closeWithFailingRollback(error);
  }

  /** Closes a session with work in progress while its rollback throws {@code failure}. */
  private void closeWithFailingRollback(Throwable failure) throws SQLException {
    faults.rollbackFailures.add(failure);
    Session session = sessions.open();
    session.update("UPDATE t SET x = 1");
    assertThat(pool.getPoolStats().checkedOut()).isEqualTo(1);

    Throwable thrown = catchThrowable(session::close);

    assertThat(thrown).as("the rollback's failure is reported").isSameAs(failure);
    assertThat(session.isClosed()).isTrue();
    assertThat(pool.getPoolStats().checkedOut()).as("connection back in the pool").isZero();
    assertPoolCanLendItsOnlyConnectionAgain();
  }

  @Test
  void connectionReturnsToPoolWhenCallbackFailsAndRollbackThrowsRuntimeException()
      throws SQLException {
    IllegalStateException driverBug = new IllegalStateException("injected driver bug in rollback");
    faults.rollbackFailures.add(driverBug);
    SQLException duplicate = FaultyDataSource.sqlState("23505");

    Throwable thrown = catchThrowable(() ->
        sessions.useTransaction(TransactionOptions.defaults(), session -> {
          session.update("UPDATE t SET x = 1");
          throw duplicate;
        }));

    assertThat(thrown).as("the callback's failure keeps priority").isSameAs(duplicate);
    assertThat(thrown.getSuppressed()).containsExactly(driverBug);
    assertThat(pool.getPoolStats().checkedOut()).as("connection back in the pool").isZero();
    assertPoolCanLendItsOnlyConnectionAgain();
  }

  /** With poolSize 1, a leaked connection would make this wait out poolTimeout and fail. */
  private void assertPoolCanLendItsOnlyConnectionAgain() throws SQLException {
    try (Connection again = pool.getConnection()) {
      assertThat(again.isValid(1)).isTrue();
    }
    assertThat(pool.getPoolStats().checkedOut()).isZero();
  }
}
