package mcp.db.pool.internal.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.h2.jdbc.JdbcConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link ProxyConnection} over a real H2 connection, with a lease that records what it is told. */
class ProxyConnectionTest {
  private H2Database db;

  @BeforeEach
  void openDatabase() throws SQLException {
    db = new H2Database();
  }

  @AfterEach
  void closeDatabase() throws SQLException {
    db.close();
  }

  // ---- Release and the closed state ----

  @Test
  void releasesExactlyOnceAndSecondCloseIsNoOp() throws SQLException {
    RecordingLease lease = RecordingLease.over(db.connect());
    ProxyConnection proxy = new ProxyConnection(lease);

    proxy.close();
    proxy.close();

    assertThat(lease.releases()).isEqualTo(1);
    assertThat(lease.callsAfterRelease()).isZero();
    assertThat(proxy.isClosed()).isTrue();
  }

  @Test
  void isClosedDescribesTheHandleNotThePhysicalConnection() throws SQLException {
    Connection physical = db.connect();
    ProxyConnection proxy = new ProxyConnection(RecordingLease.over(physical));
    assertThat(proxy.isClosed()).isFalse();

    proxy.close();

    assertThat(proxy.isClosed()).isTrue();
    assertThat(physical.isClosed()).isFalse();
  }

  @Test
  void callsAfterCloseThrowConnectionIsClosed() throws SQLException {
    ProxyConnection proxy = new ProxyConnection(RecordingLease.over(db.connect()));
    proxy.close();

    assertClosedError(proxy::createStatement);
    assertClosedError(() -> proxy.prepareStatement("select 1"));
    assertClosedError(() -> proxy.prepareCall("call 1"));
    assertClosedError(proxy::commit);
    assertClosedError(() -> proxy.setAutoCommit(false));
    assertClosedError(proxy::getMetaData);
    assertClosedError(proxy::getSchema);
    assertClosedError(() -> proxy.unwrap(JdbcConnection.class));
    assertThat(proxy.isValid(1)).isFalse();
  }

  @Test
  void staleProxyNeverCallsItsLeaseAgain() throws SQLException {
    RecordingLease lease = RecordingLease.over(db.connect());
    ProxyConnection proxy = new ProxyConnection(lease);
    Statement statement = proxy.createStatement();
    ResultSet rs = statement.executeQuery("select id from item");
    DatabaseMetaData metaData = proxy.getMetaData();
    proxy.close();
    int inspectedAtClose = lease.inspected().size();

    // The handle and everything obtained through it fail now, with errors that look fatal
    // (08003) or come from the driver; none of them may reach the lease.
    assertClosedError(proxy::rollback);
    assertThatThrownBy(() -> statement.executeQuery("select 1")).isInstanceOf(SQLException.class);
    assertThatThrownBy(rs::next).isInstanceOf(SQLException.class);
    assertClosedError(() -> metaData.getTables(null, null, null, null));
    proxy.close();
    proxy.abort(Runnable::run);

    assertThat(lease.inspected()).hasSize(inspectedAtClose);
    assertThat(lease.releases()).isEqualTo(1);
    assertThat(lease.callsAfterRelease()).isZero();
  }

  @Test
  void metadataResultSetKeptPastCloseCannotReadFromTheNextBorrowersConnection() throws SQLException {
    Connection physical = db.connect();
    ProxyConnection proxy = new ProxyConnection(RecordingLease.over(physical));
    ResultSet tables = proxy.getMetaData().getTables(null, null, "%", null);
    assertThat(tables.isClosed()).isFalse();
    proxy.close(); // the physical connection is now someone else's

    assertClosedError(tables::next);
    assertClosedError(() -> tables.getString(1));
    assertClosedError(() -> tables.unwrap(org.h2.jdbc.JdbcResultSet.class));
    assertThat(tables.isClosed()).isTrue();
    tables.close(); // a no-op, as closing a closed result set is
    assertThat(physical.isClosed()).isFalse();
  }

  // ---- Statements left open ----

  @Test
  void statementsLeftOpenAreClosedWithTheirResultSets() throws SQLException {
    ProxyConnection proxy = new ProxyConnection(RecordingLease.over(db.connect()));
    Statement plain = proxy.createStatement();
    ResultSet rs = plain.executeQuery("select id from item");
    PreparedStatement prepared = proxy.prepareStatement("select id from item where id = ?");
    CallableStatement callable = proxy.prepareCall("call 1");
    assertThat(proxy.openStatementCount()).isEqualTo(3);

    proxy.close();

    assertThat(plain.isClosed()).isTrue();
    assertThat(rs.isClosed()).isTrue();
    assertThat(prepared.isClosed()).isTrue();
    assertThat(callable.isClosed()).isTrue();
    assertThat(proxy.openStatementCount()).isZero();
  }

  @Test
  void statementClosedByCallerIsForgottenAndClosingItTwiceIsHarmless() throws SQLException {
    ProxyConnection proxy = new ProxyConnection(RecordingLease.over(db.connect()));
    Statement first = proxy.createStatement();
    Statement middle = proxy.createStatement();
    Statement last = proxy.createStatement();

    middle.close();
    middle.close();

    assertThat(proxy.openStatementCount()).isEqualTo(2);
    proxy.close();
    assertThat(first.isClosed()).isTrue();
    assertThat(last.isClosed()).isTrue();
  }

  @Test
  void statementTrackingGrowsPastItsInitialCapacity() throws SQLException {
    ProxyConnection proxy = new ProxyConnection(RecordingLease.over(db.connect()));
    List<Statement> statements = new ArrayList<>();
    for (int i = 0; i < 20; i++) statements.add(proxy.createStatement());
    statements.get(0).close();
    statements.get(19).close();
    statements.get(9).close();
    assertThat(proxy.openStatementCount()).isEqualTo(17);

    proxy.close();

    for (Statement s : statements) assertThat(s.isClosed()).isTrue();
  }

  // ---- Restoring the session ----

  @Test
  void changedSessionSettingsAreRestoredToTheDefaults() throws SQLException {
    Connection h2 = db.connect();
    RecordingConnection physical = new RecordingConnection(h2);
    RecordingLease lease = RecordingLease.over(physical);
    ConnectionDefaults defaults = lease.defaults();
    ProxyConnection proxy = new ProxyConnection(lease);

    proxy.setAutoCommit(false);
    proxy.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
    proxy.setReadOnly(true);
    proxy.setCatalog(defaults.catalog());
    proxy.setSchema("OTHER");
    proxy.setNetworkTimeout(Runnable::run, 5_000);
    physical.forgetCalls();
    proxy.close();

    assertThat(h2.getAutoCommit()).isTrue();
    assertThat(h2.getTransactionIsolation()).isEqualTo(defaults.transactionIsolation());
    assertThat(h2.getSchema()).isEqualTo("PUBLIC");
    assertThat(physical.callsTo("setAutoCommit")).containsExactly("setAutoCommit(true)");
    assertThat(physical.callsTo("setTransactionIsolation"))
        .containsExactly("setTransactionIsolation(" + defaults.transactionIsolation() + ")");
    assertThat(physical.callsTo("setReadOnly")).containsExactly("setReadOnly(false)");
    assertThat(physical.callsTo("setCatalog"))
        .containsExactly("setCatalog(" + defaults.catalog() + ")");
    assertThat(physical.callsTo("setSchema")).containsExactly("setSchema(PUBLIC)");
    assertThat(physical.callsTo("setNetworkTimeout"))
        .containsExactly("setNetworkTimeout(executor, " + defaults.networkTimeoutMillis() + ")");
    assertThat(lease.broken()).isFalse();
  }

  @Test
  void untouchedSessionSettingsAreNotReset() throws SQLException {
    RecordingConnection physical = new RecordingConnection(db.connect());
    ProxyConnection proxy = new ProxyConnection(RecordingLease.over(physical));
    physical.forgetCalls();

    proxy.setReadOnly(true);
    try (Statement s = proxy.createStatement()) {
      s.executeQuery("select id from item").close();
    }
    proxy.close();

    assertThat(physical.calls()).containsExactly(
        "setReadOnly(true)", "createStatement()", "setReadOnly(false)", "clearWarnings()");
  }

  @Test
  void openTransactionIsRolledBackOnClose() throws SQLException {
    ProxyConnection proxy = new ProxyConnection(RecordingLease.over(db.connect()));
    proxy.setAutoCommit(false);
    try (Statement s = proxy.createStatement()) {
      s.executeUpdate("insert into item values (1, 'uncommitted')");
    }

    proxy.close();

    assertThat(db.countItems()).isZero();
  }

  @Test
  void openTransactionIsRolledBackWhenPoolDefaultIsManualCommit() throws SQLException {
    Connection h2 = db.connect();
    h2.setAutoCommit(false);
    RecordingConnection physical = new RecordingConnection(h2);
    ProxyConnection proxy = new ProxyConnection(RecordingLease.over(physical));
    try (PreparedStatement s = proxy.prepareStatement("insert into item values (?, ?)")) {
      s.setInt(1, 1);
      s.setString(2, "uncommitted");
      s.executeUpdate();
    }

    proxy.close();

    assertThat(physical.callsTo("rollback")).containsExactly("rollback()");
    assertThat(physical.callsTo("setAutoCommit")).isEmpty();
    assertThat(db.countItems()).isZero();
  }

  @Test
  void commitClearsTheTransactionSoCloseDoesNotRollBack() throws SQLException {
    RecordingConnection physical = new RecordingConnection(db.connect());
    ProxyConnection proxy = new ProxyConnection(RecordingLease.over(physical));
    proxy.setAutoCommit(false);
    try (Statement s = proxy.createStatement()) {
      s.executeUpdate("insert into item values (1, 'committed')");
    }
    proxy.commit();

    proxy.close();

    assertThat(physical.callsTo("rollback")).isEmpty();
    assertThat(physical.callsTo("setAutoCommit"))
        .containsExactly("setAutoCommit(false)", "setAutoCommit(true)");
    assertThat(db.countItems()).isEqualTo(1);
  }

  @Test
  void nothingIsRolledBackInAutoCommit() throws SQLException {
    RecordingConnection physical = new RecordingConnection(db.connect());
    ProxyConnection proxy = new ProxyConnection(RecordingLease.over(physical));
    try (Statement s = proxy.createStatement()) {
      s.executeUpdate("insert into item values (1, 'auto-committed')");
    }

    proxy.close();

    assertThat(physical.callsTo("rollback")).isEmpty();
    assertThat(db.countItems()).isEqualTo(1);
  }

  @Test
  void manualCommitWithoutAnyWorkIsNotRolledBack() throws SQLException {
    Connection h2 = db.connect();
    h2.setAutoCommit(false);
    RecordingConnection physical = new RecordingConnection(h2);
    ProxyConnection proxy = new ProxyConnection(RecordingLease.over(physical));
    physical.forgetCalls();

    proxy.createStatement().close();
    proxy.close();

    assertThat(physical.calls()).containsExactly("createStatement()", "clearWarnings()");
  }

  @Test
  void savepointCountsAsAnOpenTransaction() throws SQLException {
    Connection h2 = db.connect();
    h2.setAutoCommit(false);
    RecordingConnection physical = new RecordingConnection(h2);
    ProxyConnection proxy = new ProxyConnection(RecordingLease.over(physical));

    proxy.setSavepoint();
    proxy.close();

    assertThat(physical.callsTo("rollback")).containsExactly("rollback()");
  }

  @Test
  void failedRestoreReleasesTheConnectionAsBrokenThenThrows() throws SQLException {
    RecordingConnection physical = new RecordingConnection(db.connect());
    RecordingLease lease = RecordingLease.over(physical);
    ProxyConnection proxy = new ProxyConnection(lease);
    proxy.setReadOnly(true);
    SQLException failure = new SQLException("cannot change read-only now", "25001");
    physical.failNext("setReadOnly", failure);

    assertThatThrownBy(proxy::close).isSameAs(failure);

    assertThat(lease.releases()).isEqualTo(1);
    assertThat(lease.broken()).isTrue();
    assertThat(lease.inspected()).first().isSameAs(failure);
    assertThat(lease.inspected()).last().isInstanceOf(SQLNonTransientConnectionException.class);
    assertThat(lease.callsAfterRelease()).isZero();
  }

  @Test
  void brokenConnectionIsReleasedWithoutRestoringItsState() throws SQLException {
    RecordingConnection physical = new RecordingConnection(db.connect());
    RecordingLease lease = RecordingLease.over(physical);
    ProxyConnection proxy = new ProxyConnection(lease);
    proxy.setAutoCommit(false);
    proxy.setReadOnly(true);
    Statement left = proxy.createStatement();
    left.executeQuery("select id from item");
    lease.markBroken();
    physical.forgetCalls();

    proxy.close();

    assertThat(physical.calls()).isEmpty();
    assertThat(left.isClosed()).isTrue();
    assertThat(lease.releases()).isEqualTo(1);
  }

  // ---- Errors ----

  @Test
  void driverErrorOnTheConnectionPassesThroughInspect() throws SQLException {
    RecordingLease lease = RecordingLease.over(db.connect());
    ProxyConnection proxy = new ProxyConnection(lease);

    SQLException thrown = catchSql(() -> proxy.prepareStatement("select * from no_such_table"));

    assertThat(lease.inspected()).containsExactly(thrown);
    assertThat(lease.broken()).isFalse();
    proxy.close();
  }

  @Test
  void fatalDriverErrorMarksTheConnectionBroken() throws SQLException {
    RecordingConnection physical = new RecordingConnection(db.connect());
    RecordingLease lease = RecordingLease.over(physical);
    ProxyConnection proxy = new ProxyConnection(lease);
    proxy.setAutoCommit(false);
    SQLException linkFailure = new SQLException("I/O error while sending to the backend", "08006");
    physical.failNext("commit", linkFailure);

    assertThatThrownBy(proxy::commit).isSameAs(linkFailure);

    assertThat(lease.inspected()).containsExactly(linkFailure);
    assertThat(lease.broken()).isTrue();
    physical.forgetCalls();
    proxy.close();
    assertThat(physical.calls()).isEmpty();
    assertThat(lease.releases()).isEqualTo(1);
  }

  // ---- Abort ----

  @Test
  void abortMarksTheConnectionBrokenAbortsItAndReleasesIt() throws SQLException {
    RecordingConnection physical = new RecordingConnection(db.connect());
    RecordingLease lease = RecordingLease.over(physical);
    ProxyConnection proxy = new ProxyConnection(lease);
    physical.forgetCalls();

    proxy.abort(Runnable::run);
    proxy.close();

    assertThat(lease.broken()).isTrue();
    assertThat(lease.aborted()).as("the pool must not close an aborted connection again").isTrue();
    assertThat(physical.calls()).containsExactly("abort(executor)");
    assertThat(lease.releases()).isEqualTo(1);
    assertThat(proxy.isClosed()).isTrue();
    assertThat(lease.callsAfterRelease()).isZero();
  }

  @Test
  void abortWithoutExecutorIsRefusedAndLeavesTheConnectionOpen() throws SQLException {
    RecordingLease lease = RecordingLease.over(db.connect());
    ProxyConnection proxy = new ProxyConnection(lease);

    assertThatThrownBy(() -> proxy.abort(null)).isInstanceOf(SQLException.class);

    assertThat(proxy.isClosed()).isFalse();
    assertThat(lease.releases()).isZero();
    proxy.close();
  }

  // ---- Wrapper and toString ----

  @Test
  void unwrapReachesTheDriverConnection() throws SQLException {
    Connection physical = db.connect();
    ProxyConnection proxy = new ProxyConnection(RecordingLease.over(physical));

    assertThat(proxy.unwrap(JdbcConnection.class)).isSameAs(physical);
    assertThat(proxy.isWrapperFor(JdbcConnection.class)).isTrue();
    assertThat(proxy.unwrap(Connection.class)).isSameAs(proxy);
    assertThat(proxy.isWrapperFor(Connection.class)).isTrue();
    proxy.close();
  }

  @Test
  void unwrapGoesThroughTheDriversOwnUnwrap() throws SQLException {
    Connection h2 = db.connect();
    ProxyConnection proxy = new ProxyConnection(RecordingLease.over(new RecordingConnection(h2)));

    assertThat(proxy.unwrap(JdbcConnection.class)).isSameAs(h2);
    proxy.close();
  }

  @Test
  void toStringNamesTheDriverClassButNotTheUrl() throws SQLException {
    ProxyConnection proxy = new ProxyConnection(RecordingLease.over(db.connect()));

    assertThat(proxy.toString()).startsWith("Pooled(JdbcConnection@").doesNotContain("jdbc:");
    proxy.close();
    assertThat(proxy.toString()).endsWith(", closed)");
  }

  // ---- Helpers ----

  interface SqlCall {
    void run() throws SQLException;
  }

  private static SQLException catchSql(SqlCall call) {
    try {
      call.run();
    } catch (SQLException e) {
      return e;
    }
    throw new AssertionError("expected an SQLException");
  }

  static void assertClosedError(SqlCall call) {
    SQLException e = catchSql(call);
    assertThat(e.getMessage()).isEqualTo("Connection is closed");
    assertThat(e.getSQLState()).isEqualTo("08003");
  }
}
