package mcp.db.pool.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.Executor;
import mcp.db.pool.testkit.SessionSetting;
import mcp.db.pool.testkit.StubConnection;
import mcp.db.pool.testkit.StubDatabase;
import mcp.db.pool.testkit.StubPreparedStatement;
import mcp.db.pool.testkit.StubResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stub driver's connections, counters and recorded session state. */
@StubTest
class StubDriverTest {
  private static final Executor DIRECT = Runnable::run;
  private final StubDatabase db = StubDatabase.unique();

  @AfterEach
  void forgetDatabase() {
    StubDatabase.remove(db.name());
  }

  @Test
  void driverManagerConnectsAndCountsOpenAndClose() throws SQLException {
    Properties login = new Properties();
    login.setProperty("user", "alice");
    Connection c = DriverManager.getConnection(db.url() + ";ignored=1", login);

    assertThat(c).isInstanceOf(StubConnection.class);
    assertThat(db.connectionsOpened()).isEqualTo(1);
    assertThat(db.connectionsOpen()).isEqualTo(1);
    assertThat(db.openConnections()).containsExactly((StubConnection) c);
    assertThat(db.lastConnectProperties().getProperty("user")).isEqualTo("alice");

    c.close();
    assertThat(db.connectionsClosed()).isEqualTo(1);
    assertThat(db.connectionsOpen()).isZero();
    assertThat(db.doubleCloses()).isZero();
  }

  @Test
  void secondCloseOfAPhysicalConnectionIsCountedAsDoubleClose() throws SQLException {
    StubConnection c = db.connect();
    c.close();
    c.close();
    c.abort(DIRECT);

    assertThat(db.connectionsClosed()).isEqualTo(1);
    assertThat(db.doubleCloses()).isEqualTo(2);
    assertThat(c.isAborted()).isFalse();
  }

  @Test
  void abortClosesAndIsCountedAsAbort() throws SQLException {
    StubConnection c = db.connect();
    c.abort(DIRECT);

    assertThat(c.isClosed()).isTrue();
    assertThat(c.isAborted()).isTrue();
    assertThat(db.aborts()).isEqualTo(1);
    assertThat(db.connectionsOpen()).isZero();
    assertThatThrownBy(c::createStatement).isInstanceOf(SQLException.class)
        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08003");
  }

  @Test
  void everyConnectionHasItsOwnId() throws SQLException {
    try (StubConnection a = db.connect(); StubConnection b = db.connect()) {
      assertThat(a.id()).isNotEqualTo(b.id());
      assertThat(db.openConnections()).extracting(StubConnection::id).containsExactly(a.id(), b.id());
    }
  }

  @Test
  void sessionSettersAreRecordedAndCountedPerConnectionAndDatabase() throws SQLException {
    try (StubConnection a = db.connect(); StubConnection b = db.connect()) {
      assertThat(a.getAutoCommit()).isTrue();
      assertThat(a.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
      assertThat(a.getCatalog()).isEqualTo(db.name());
      assertThat(a.getSchema()).isEqualTo("public");

      a.setReadOnly(true);
      a.setReadOnly(false);
      a.setAutoCommit(false);
      a.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
      a.setCatalog("other");
      a.setSchema("audit");
      a.setNetworkTimeout(DIRECT, 1234);
      b.setReadOnly(true);

      assertThat(a.readOnlyState()).isFalse();
      assertThat(a.autoCommitState()).isFalse();
      assertThat(a.isolationState()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
      assertThat(a.catalogState()).isEqualTo("other");
      assertThat(a.schemaState()).isEqualTo("audit");
      assertThat(a.networkTimeoutState()).isEqualTo(1234);
      assertThat(a.getNetworkTimeout()).isEqualTo(1234);

      assertThat(a.setterCalls(SessionSetting.READ_ONLY)).isEqualTo(2);
      assertThat(a.setterCalls(SessionSetting.AUTO_COMMIT)).isEqualTo(1);
      assertThat(a.setterCalls(SessionSetting.HOLDABILITY)).isZero();
      assertThat(b.setterCalls(SessionSetting.READ_ONLY)).isEqualTo(1);
      assertThat(db.setterCalls(SessionSetting.READ_ONLY)).isEqualTo(3);
      assertThat(db.setterCalls(SessionSetting.SCHEMA)).isEqualTo(1);

      assertThatThrownBy(() -> a.setTransactionIsolation(3)).isInstanceOf(SQLException.class);
      assertThat(a.setterCalls(SessionSetting.TRANSACTION_ISOLATION)).isEqualTo(1);
    }
  }

  @Test
  void killedConnectionFailsEveryCallWithFatalStateAndIsInvalid() throws SQLException {
    StubConnection c = db.connect();
    PreparedStatement before = c.prepareStatement("select 1");
    assertThat(c.isValid(1)).isTrue();

    c.kill();

    assertThat(c.isKilled()).isTrue();
    assertThat(c.isValid(1)).isFalse();
    assertThat(c.isClosed()).isFalse();
    assertThatThrownBy(before::executeQuery).isInstanceOf(SQLException.class)
        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08006");
    assertThatThrownBy(() -> c.setAutoCommit(false)).isInstanceOf(SQLException.class)
        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08006");
    assertThatThrownBy(c::createStatement).isInstanceOf(SQLException.class)
        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08006");

    c.close();
    assertThat(db.connectionsOpen()).isZero();
    assertThat(db.doubleCloses()).isZero();
  }

  @Test
  void killAllKillsOnlyTheConnectionsOpenNow() throws SQLException {
    StubConnection a = db.connect();
    StubConnection b = db.connect();
    assertThat(db.killAll()).isEqualTo(2);
    StubConnection fresh = db.connect();

    assertThat(a.isValid(1)).isFalse();
    assertThat(b.isValid(1)).isFalse();
    assertThat(fresh.isValid(1)).isTrue();
    assertThat(db.isValidCalls()).isEqualTo(3);
  }

  @Test
  void defaultQueryReturnsOneRowWithTheIntOne() throws SQLException {
    try (StubConnection c = db.connect();
        PreparedStatement ps = c.prepareStatement("select 1");
        ResultSet rs = ps.executeQuery()) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(1);
      assertThat(rs.getString("value")).isEqualTo("1");
      assertThat(rs.wasNull()).isFalse();
      assertThat(rs.next()).isFalse();
      assertThat(rs.getStatement()).isSameAs(ps);
      assertThat(db.executions()).isEqualTo(1);
      assertThat(c.executions()).isEqualTo(1);
    }
  }

  @Test
  void configuredResultIsReturnedWithMetaData() throws SQLException {
    db.result(StubResult.columns("id", "name").row(7, "ann").row(8, null)).updateCount(3);
    try (StubConnection c = db.connect(); Statement s = c.createStatement()) {
      assertThat(s.execute("  SELECT id, name FROM t")).isTrue();
      ResultSet rs = s.getResultSet();
      assertThat(rs.getMetaData().getColumnCount()).isEqualTo(2);
      assertThat(rs.getMetaData().getColumnType(1)).isEqualTo(java.sql.Types.INTEGER);
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong("ID")).isEqualTo(7L);
      assertThat(rs.getObject(2, String.class)).isEqualTo("ann");
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(2)).isNull();
      assertThat(rs.wasNull()).isTrue();
      assertThat(rs.next()).isFalse();

      assertThat(s.execute("update t set x = 1")).isFalse();
      assertThat(rs.isClosed()).isTrue();
      assertThat(s.getUpdateCount()).isEqualTo(3);
      assertThat(s.executeUpdate("delete from t")).isEqualTo(3);
    }
  }

  @Test
  void statementsAreCountedUntilClosed() throws SQLException {
    try (StubConnection c = db.connect()) {
      Statement s = c.createStatement();
      PreparedStatement ps = c.prepareStatement("select 1");
      c.prepareCall("{call p()}").close();
      assertThat(db.statementsOpen()).isEqualTo(2);
      s.close();
      ps.close();
      assertThat(db.statementsOpen()).isZero();
      assertThatThrownBy(ps::executeQuery).isInstanceOf(SQLException.class)
          .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("55000");
    }
  }

  @Test
  void transactionsAreCountedAndAutoCommitCallsAreStrict() throws SQLException {
    try (StubConnection c = db.connect()) {
      assertThatThrownBy(c::rollback).isInstanceOf(SQLException.class)
          .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("25P01");

      c.setAutoCommit(false);
      c.createStatement().executeUpdate("insert into t values (1)");
      assertThat(c.transactionOpen()).isTrue();
      c.rollback();
      assertThat(c.transactionOpen()).isFalse();

      c.createStatement().executeUpdate("insert into t values (2)");
      c.setAutoCommit(true); // commits the open transaction, as JDBC says
      assertThat(db.rollbacks()).isEqualTo(1);
      assertThat(db.commits()).isEqualTo(1);
      assertThat(c.commits()).isEqualTo(1);

      db.strictTransactions(false);
      c.commit();
      assertThat(db.commits()).isEqualTo(1);
    }
  }

  @Test
  void wrappersUnwrapToStubTypes() throws SQLException {
    try (Connection c = db.dataSource().getConnection("bob", "secret")) {
      PreparedStatement ps = c.prepareStatement("select 1");
      assertThat(c.isWrapperFor(StubConnection.class)).isTrue();
      assertThat(ps.unwrap(StubPreparedStatement.class).preparedSql()).isEqualTo("select 1");
      assertThat(ps.isWrapperFor(ResultSet.class)).isFalse();
      assertThatThrownBy(() -> ps.unwrap(ResultSet.class)).isInstanceOf(SQLException.class);
      DatabaseMetaData meta = c.getMetaData();
      assertThat(meta.getDatabaseProductName()).isEqualTo("StubDB");
      assertThat(meta.getURL()).isEqualTo(db.url());
      assertThat(meta.getUserName()).isEqualTo("bob");
      assertThat(meta.getConnection()).isSameAs(c);
      assertThat(db.dataSource().unwrap(StubDatabase.class)).isSameAs(db);
    }
  }

  @Test
  void resetRestoresDefaultsAndZeroesCounters() throws SQLException {
    db.maxConnections(1).validResult(false).result(StubResult.singleInt(5));
    try (StubConnection c = db.connect()) {
      c.isValid(1);
      db.reset();
      assertThat(db.connectionsOpened()).isZero();
      assertThat(db.isValidCalls()).isZero();
      assertThat(db.connectionsOpen()).isEqualTo(1);
      try (StubConnection second = db.connect(); ResultSet rs =
          second.createStatement().executeQuery("select 1")) {
        assertThat(second.isValid(1)).isTrue();
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(1);
      }
    }
  }

  @Test
  void namedGetsTheSameDatabaseAndRejectsBadNames() {
    assertThat(StubDatabase.named(db.name())).isSameAs(db);
    assertThatThrownBy(() -> StubDatabase.named("a;b"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a;b");
  }
}
