package mcp.db.pool.internal.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.stream.Stream;
import org.h2.jdbc.JdbcConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@link Connection} method of a closed {@link ProxyConnection}, which delegates to
 * {@link ClosedConnection}: each one fails with "Connection is closed" (or, for the few the JDBC
 * spec defines on a closed connection, answers without failing), and none reaches the lease.
 */
class ClosedConnectionTest {
  private H2Database db;
  private RecordingLease lease;
  private ProxyConnection closed;

  interface ConnectionCall {
    void call(Connection c) throws SQLException;
  }

  @BeforeEach
  void borrowAndClose() throws SQLException {
    db = new H2Database();
    lease = RecordingLease.over(db.connect());
    closed = new ProxyConnection(lease);
    closed.close();
  }

  @AfterEach
  void closeDatabase() throws SQLException {
    db.close();
  }

  private static Arguments call(String method, ConnectionCall call) {
    return Arguments.of(method, call);
  }

  static Stream<Arguments> methodsThatMustThrow() {
    return Stream.of(
        call("createStatement()", c -> c.createStatement()),
        call("prepareStatement(String)", c -> c.prepareStatement("x")),
        call("prepareCall(String)", c -> c.prepareCall("x")),
        call("nativeSQL(String)", c -> c.nativeSQL("x")),
        call("setAutoCommit(boolean)", c -> c.setAutoCommit(false)),
        call("getAutoCommit()", c -> c.getAutoCommit()),
        call("commit()", c -> c.commit()),
        call("rollback()", c -> c.rollback()),
        call("getMetaData()", c -> c.getMetaData()),
        call("setReadOnly(boolean)", c -> c.setReadOnly(false)),
        call("isReadOnly()", c -> c.isReadOnly()),
        call("setCatalog(String)", c -> c.setCatalog("x")),
        call("getCatalog()", c -> c.getCatalog()),
        call("setTransactionIsolation(int)", c -> c.setTransactionIsolation(0)),
        call("getTransactionIsolation()", c -> c.getTransactionIsolation()),
        call("getWarnings()", c -> c.getWarnings()),
        call("clearWarnings()", c -> c.clearWarnings()),
        call("createStatement(int,int)", c -> c.createStatement(0, 0)),
        call("prepareStatement(String,int,int)", c -> c.prepareStatement("x", 0, 0)),
        call("prepareCall(String,int,int)", c -> c.prepareCall("x", 0, 0)),
        call("getTypeMap()", c -> c.getTypeMap()),
        call("setTypeMap(Map<String, Class<?>>)", c -> c.setTypeMap(null)),
        call("setHoldability(int)", c -> c.setHoldability(0)),
        call("getHoldability()", c -> c.getHoldability()),
        call("setSavepoint()", c -> c.setSavepoint()),
        call("setSavepoint(String)", c -> c.setSavepoint("x")),
        call("rollback(Savepoint)", c -> c.rollback(null)),
        call("releaseSavepoint(Savepoint)", c -> c.releaseSavepoint(null)),
        call("createStatement(int,int,int)", c -> c.createStatement(0, 0, 0)),
        call("prepareStatement(String,int,int,int)", c -> c.prepareStatement("x", 0, 0, 0)),
        call("prepareCall(String,int,int,int)", c -> c.prepareCall("x", 0, 0, 0)),
        call("prepareStatement(String,int)", c -> c.prepareStatement("x", 0)),
        call("prepareStatement(String,int[])", c -> c.prepareStatement("x", new int[0])),
        call("prepareStatement(String,String[])", c -> c.prepareStatement("x", new String[0])),
        call("createClob()", c -> c.createClob()),
        call("createBlob()", c -> c.createBlob()),
        call("createNClob()", c -> c.createNClob()),
        call("createSQLXML()", c -> c.createSQLXML()),
        call("setClientInfo(String,String)", c -> c.setClientInfo("x", "x")),
        call("setClientInfo(Properties)", c -> c.setClientInfo(new Properties())),
        call("getClientInfo(String)", c -> c.getClientInfo("x")),
        call("getClientInfo()", c -> c.getClientInfo()),
        call("createArrayOf(String,Object[])", c -> c.createArrayOf("x", new Object[0])),
        call("createStruct(String,Object[])", c -> c.createStruct("x", new Object[0])),
        call("setSchema(String)", c -> c.setSchema("x")),
        call("getSchema()", c -> c.getSchema()),
        call("setNetworkTimeout(Executor,int)", c -> c.setNetworkTimeout(Runnable::run, 0)),
        call("getNetworkTimeout()", c -> c.getNetworkTimeout()),
        call("setShardingKeyIfValid(ShardingKey,ShardingKey,int)",
            c -> c.setShardingKeyIfValid(null, null, 0)),
        call("setShardingKeyIfValid(ShardingKey,int)", c -> c.setShardingKeyIfValid(null, 0)),
        call("setShardingKey(ShardingKey,ShardingKey)", c -> c.setShardingKey(null, null)),
        call("setShardingKey(ShardingKey)", c -> c.setShardingKey(null)));
  }

  static Stream<Arguments> methodsAllowedOnAClosedConnection() {
    return Stream.of(
        call("close()", c -> c.close()),
        call("isClosed()", c -> c.isClosed()),
        call("isValid(int)", c -> c.isValid(0)),
        call("abort(Executor)", c -> c.abort(Runnable::run)),
        call("beginRequest()", c -> c.beginRequest()),
        call("endRequest()", c -> c.endRequest()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("methodsThatMustThrow")
  void methodOfAClosedProxyThrowsConnectionIsClosed(String method, ConnectionCall call) {
    assertThatThrownBy(() -> call.call(closed))
        .isInstanceOf(SQLException.class)
        .hasMessage("Connection is closed")
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08003"));
    assertThat(lease.inspected()).isEmpty();
    assertThat(lease.callsAfterRelease()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("methodsAllowedOnAClosedConnection")
  void methodTheSpecAllowsOnAClosedConnectionDoesNotThrow(String method, ConnectionCall call)
      throws SQLException {
    call.call(closed);

    assertThat(lease.inspected()).isEmpty();
    assertThat(lease.releases()).isEqualTo(1);
    assertThat(lease.callsAfterRelease()).isZero();
  }

  @Test
  void closedProxyAnswersClosedAndInvalid() throws SQLException {
    assertThat(closed.isClosed()).isTrue();
    assertThat(closed.isValid(1)).isFalse();
  }

  @Test
  void closedProxyStillUnwrapsToItselfButNotToTheDriver() throws SQLException {
    assertThat(closed.unwrap(Connection.class)).isSameAs(closed);
    assertThatThrownBy(() -> closed.unwrap(JdbcConnection.class))
        .hasMessage("Connection is closed");
    assertThatThrownBy(() -> closed.isWrapperFor(JdbcConnection.class))
        .hasMessage("Connection is closed");
  }

  @Test
  void standInIsNotAWrapperForAnything() {
    assertThatThrownBy(() -> ClosedConnection.INSTANCE.unwrap(Connection.class))
        .hasMessage("Connection is closed");
    assertThatThrownBy(() -> ClosedConnection.INSTANCE.isWrapperFor(Connection.class))
        .hasMessage("Connection is closed");
  }
}
