package mcp.db.pool.internal.proxy;

import static mcp.db.pool.internal.proxy.ProxyConnectionTest.assertClosedError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.h2.jdbc.JdbcPreparedStatement;
import org.h2.jdbc.JdbcResultSet;
import org.h2.jdbc.JdbcStatement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The statement, result set and metadata wrappers a {@link ProxyConnection} hands out, over a real
 * H2 connection.
 */
class ProxyStatementTest {
  private H2Database db;
  private RecordingConnection physical;
  private RecordingLease lease;
  private ProxyConnection proxy;

  @BeforeEach
  void borrow() throws SQLException {
    db = new H2Database();
    physical = new RecordingConnection(db.connect());
    lease = RecordingLease.over(physical);
    proxy = new ProxyConnection(lease);
  }

  @AfterEach
  void closeDatabase() throws SQLException {
    proxy.close();
    db.close();
  }

  /** Functions H2 calls through {@code create alias}; public, as H2 needs. */
  public static final class H2Functions {
    private H2Functions() {}

    /** A driver error whose SQLState says the connection is gone. */
    public static int failWithLostConnection() throws SQLException {
      throw new SQLException("connection to the server was lost", "08006");
    }
  }

  // ---- Handles lead back to the proxies ----

  @Test
  void statementAndItsResultSetLeadBackToTheProxyConnection() throws SQLException {
    Statement statement = proxy.createStatement();
    ResultSet rs = statement.executeQuery("select id from item");

    assertThat(statement.getConnection()).isSameAs(proxy);
    assertThat(rs.getStatement()).isSameAs(statement);
    assertThat(rs.getStatement().getConnection()).isSameAs(proxy);
  }

  @Test
  void preparedAndCallableStatementsLeadBackToTheProxyConnection() throws SQLException {
    PreparedStatement prepared = proxy.prepareStatement("select id from item where id = ?");
    prepared.setInt(1, 1);
    ResultSet rs = prepared.executeQuery();
    CallableStatement callable = proxy.prepareCall("call 1");

    assertThat(prepared.getConnection()).isSameAs(proxy);
    assertThat(rs.getStatement()).isSameAs(prepared);
    assertThat(callable.getConnection()).isSameAs(proxy);
    assertThat(callable.executeQuery().getStatement().getConnection()).isSameAs(proxy);
  }

  @Test
  void currentResultSetIsTheSameWrapperEachTime() throws SQLException {
    Statement statement = proxy.createStatement();
    statement.execute("select id from item");

    ResultSet first = statement.getResultSet();

    assertThat(statement.getResultSet()).isSameAs(first).isInstanceOf(ProxyResultSet.class);
  }

  @Test
  void generatedKeysLeadBackToTheStatement() throws SQLException {
    PreparedStatement insert = proxy.prepareStatement(
        "insert into item values (7, 'seven')", Statement.RETURN_GENERATED_KEYS);
    insert.executeUpdate();

    ResultSet keys = insert.getGeneratedKeys();

    assertThat(keys).isInstanceOf(ProxyResultSet.class);
    assertThat(keys.getStatement()).isSameAs(insert);
  }

  @Test
  void metadataLeadsBackToTheProxyAndWrapsItsResultSets() throws SQLException {
    DatabaseMetaData metaData = proxy.getMetaData();

    ResultSet tables = metaData.getTables(null, null, "ITEM", null);

    assertThat(metaData.getConnection()).isSameAs(proxy);
    assertThat(tables).isInstanceOf(ProxyResultSet.class);
    assertThat(tables.getStatement()).isNull();
    assertThat(tables.next()).isTrue();
    assertThat(tables.getString("TABLE_NAME")).isEqualTo("ITEM");
  }

  @Test
  void resultSetThatIsAColumnValueIsWrappedToo() throws SQLException {
    ProxyStatement statement = (ProxyStatement) proxy.createStatement();
    ResultSet driverResultSet = db.connect().createStatement().executeQuery("select 1");

    Object wrapped = ProxyResultSet.nested(proxy, statement, (Object) driverResultSet);
    ResultSet typed = ProxyResultSet.nested(proxy, statement, driverResultSet, ResultSet.class);
    JdbcResultSet asDriverClass = ProxyResultSet.nested(
        proxy, statement, (JdbcResultSet) driverResultSet, JdbcResultSet.class);

    assertThat(wrapped).isInstanceOf(ProxyResultSet.class);
    assertThat(((ResultSet) wrapped).getStatement()).isSameAs(statement);
    assertThat(typed).isInstanceOf(ProxyResultSet.class);
    assertThat(asDriverClass).isSameAs(driverResultSet);
    assertThat(ProxyResultSet.nested(proxy, statement, "text")).isEqualTo("text");
  }

  // ---- Transaction marking ----

  @Test
  void preparedExecutionInManualCommitIsRolledBackOnClose() throws SQLException {
    proxy.setAutoCommit(false);
    PreparedStatement insert = proxy.prepareStatement("insert into item values (?, ?)");
    insert.setInt(1, 1);
    insert.setString(2, "one");
    insert.executeUpdate();

    proxy.close();

    assertThat(physical.callsTo("rollback")).containsExactly("rollback()");
    assertThat(db.countItems()).isZero();
  }

  @Test
  void addBatchCountsAsTransactionWork() throws SQLException {
    Connection h2 = db.connect();
    h2.setAutoCommit(false);
    RecordingConnection manualCommit = new RecordingConnection(h2);
    ProxyConnection borrowed = new ProxyConnection(RecordingLease.over(manualCommit));

    borrowed.createStatement().addBatch("insert into item values (1, 'one')");
    borrowed.close();

    assertThat(manualCommit.callsTo("rollback")).containsExactly("rollback()");
  }

  @Test
  void metadataQueriesCountAsTransactionWork() throws SQLException {
    Connection h2 = db.connect();
    h2.setAutoCommit(false);
    RecordingConnection manualCommit = new RecordingConnection(h2);
    ProxyConnection borrowed = new ProxyConnection(RecordingLease.over(manualCommit));

    borrowed.getMetaData().getTables(null, null, "%", null).close();
    borrowed.close();

    assertThat(manualCommit.callsTo("rollback")).containsExactly("rollback()");
  }

  @Test
  void metadataKeptPastCloseRefusesToQuery() throws SQLException {
    DatabaseMetaData metaData = proxy.getMetaData();
    proxy.close();
    int inspectedAtClose = lease.inspected().size();

    assertClosedError(() -> metaData.getTables(null, null, "%", null));
    assertClosedError(metaData::getURL);
    assertThat(metaData.getConnection()).isSameAs(proxy);
    assertThat(lease.inspected()).hasSize(inspectedAtClose);
  }

  // ---- Errors ----

  @Test
  void statementErrorPassesThroughInspect() throws SQLException {
    Statement statement = proxy.createStatement();

    assertThatThrownBy(() -> statement.executeQuery("select * from no_such_table"))
        .isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(lease.inspected()).containsExactly((SQLException) e));
    assertThat(lease.broken()).isFalse();
  }

  @Test
  void resultSetErrorPassesThroughInspect() throws SQLException {
    ResultSet rs = proxy.createStatement().executeQuery("select id from item");

    assertThatThrownBy(() -> rs.getInt(99))
        .isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(lease.inspected()).containsExactly((SQLException) e));
  }

  @Test
  void fatalErrorRaisedByAQueryMarksTheConnectionBroken() throws SQLException {
    Statement statement = proxy.createStatement();
    statement.execute("create alias fail_with_lost_connection for '"
        + H2Functions.class.getName() + ".failWithLostConnection'");

    assertThatThrownBy(() -> statement.executeQuery("select fail_with_lost_connection()"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("connection to the server was lost");

    assertThat(lease.inspected()).hasSize(1);
    assertThat(lease.broken()).isTrue();
  }

  // ---- Wrapper ----

  @Test
  void unwrapReachesTheDriverStatement() throws SQLException {
    Statement statement = proxy.createStatement();
    PreparedStatement prepared = proxy.prepareStatement("select 1");

    assertThat(statement.unwrap(JdbcStatement.class)).isNotSameAs(statement);
    assertThat(statement.isWrapperFor(JdbcStatement.class)).isTrue();
    assertThat(statement.unwrap(Statement.class)).isSameAs(statement);
    assertThat(prepared.unwrap(PreparedStatement.class)).isSameAs(prepared);
    assertThat(prepared.unwrap(JdbcPreparedStatement.class))
        .isInstanceOf(JdbcPreparedStatement.class);
    assertThat(prepared.isWrapperFor(CallableStatement.class)).isFalse();
  }
}
