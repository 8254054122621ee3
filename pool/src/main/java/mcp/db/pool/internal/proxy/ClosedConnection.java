package mcp.db.pool.internal.proxy;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.ClientInfoStatus;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.ShardingKey;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * The connection a {@link ProxyConnection} delegates to once it is closed. Switching the proxy's
 * delegate to this one shared, stateless instance makes every later call on a stale handle fail
 * with {@code SQLException("Connection is closed", "08003")}, without a closed check in each of the
 * proxy's methods.
 *
 * <p>The exceptions, as the JDBC spec asks of a closed connection: {@link #isClosed()} answers
 * {@code true}, {@link #isValid(int)} answers {@code false}, and {@link #close()} and
 * {@link #abort} do nothing. {@code beginRequest}/{@code endRequest} keep their no-op defaults.
 *
 * <p>The proxy does not pass the exceptions thrown here to its lease: they describe the caller's
 * mistake, not the physical connection, which by then may be lent to someone else.
 */
final class ClosedConnection implements Connection {
  /** The one instance: it has no state, so every closed proxy shares it. */
  static final ClosedConnection INSTANCE = new ClosedConnection();

  private static final String MESSAGE = "Connection is closed";

  /** SQLState 08003, "connection does not exist". */
  private static final String SQL_STATE = "08003";

  private ClosedConnection() {}

  /** A new exception per call, so that its stack trace shows the caller's mistake. */
  static SQLException closedException() {
    return new SQLException(MESSAGE, SQL_STATE);
  }

  @Override
  public Statement createStatement() throws SQLException {
    throw closedException();
  }

  @Override
  public PreparedStatement prepareStatement(String sql) throws SQLException {
    throw closedException();
  }

  @Override
  public CallableStatement prepareCall(String sql) throws SQLException {
    throw closedException();
  }

  @Override
  public String nativeSQL(String sql) throws SQLException {
    throw closedException();
  }

  @Override
  public void setAutoCommit(boolean autoCommit) throws SQLException {
    throw closedException();
  }

  @Override
  public boolean getAutoCommit() throws SQLException {
    throw closedException();
  }

  @Override
  public void commit() throws SQLException {
    throw closedException();
  }

  @Override
  public void rollback() throws SQLException {
    throw closedException();
  }

  @Override
  public void close() throws SQLException {
    // Closing twice is allowed.
  }

  @Override
  public boolean isClosed() throws SQLException {
    return true;
  }

  @Override
  public DatabaseMetaData getMetaData() throws SQLException {
    throw closedException();
  }

  @Override
  public void setReadOnly(boolean readOnly) throws SQLException {
    throw closedException();
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    throw closedException();
  }

  @Override
  public void setCatalog(String catalog) throws SQLException {
    throw closedException();
  }

  @Override
  public String getCatalog() throws SQLException {
    throw closedException();
  }

  @Override
  public void setTransactionIsolation(int level) throws SQLException {
    throw closedException();
  }

  @Override
  public int getTransactionIsolation() throws SQLException {
    throw closedException();
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    throw closedException();
  }

  @Override
  public void clearWarnings() throws SQLException {
    throw closedException();
  }

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency)
      throws SQLException {
    throw closedException();
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
      throws SQLException {
    throw closedException();
  }

  @Override
  public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
      throws SQLException {
    throw closedException();
  }

  @Override
  public Map<String, Class<?>> getTypeMap() throws SQLException {
    throw closedException();
  }

  @Override
  public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
    throw closedException();
  }

  @Override
  public void setHoldability(int holdability) throws SQLException {
    throw closedException();
  }

  @Override
  public int getHoldability() throws SQLException {
    throw closedException();
  }

  @Override
  public Savepoint setSavepoint() throws SQLException {
    throw closedException();
  }

  @Override
  public Savepoint setSavepoint(String name) throws SQLException {
    throw closedException();
  }

  @Override
  public void rollback(Savepoint savepoint) throws SQLException {
    throw closedException();
  }

  @Override
  public void releaseSavepoint(Savepoint savepoint) throws SQLException {
    throw closedException();
  }

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency,
      int resultSetHoldability) throws SQLException {
    throw closedException();
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
      int resultSetHoldability) throws SQLException {
    throw closedException();
  }

  @Override
  public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
      int resultSetHoldability) throws SQLException {
    throw closedException();
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
    throw closedException();
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
    throw closedException();
  }

  @Override
  public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
    throw closedException();
  }

  @Override
  public Clob createClob() throws SQLException {
    throw closedException();
  }

  @Override
  public Blob createBlob() throws SQLException {
    throw closedException();
  }

  @Override
  public NClob createNClob() throws SQLException {
    throw closedException();
  }

  @Override
  public SQLXML createSQLXML() throws SQLException {
    throw closedException();
  }

  @Override
  public boolean isValid(int timeout) throws SQLException {
    return false;
  }

  @Override
  public void setClientInfo(String name, String value) throws SQLClientInfoException {
    throw new SQLClientInfoException(MESSAGE, SQL_STATE, Map.<String, ClientInfoStatus>of());
  }

  @Override
  public void setClientInfo(Properties properties) throws SQLClientInfoException {
    throw new SQLClientInfoException(MESSAGE, SQL_STATE, Map.<String, ClientInfoStatus>of());
  }

  @Override
  public String getClientInfo(String name) throws SQLException {
    throw closedException();
  }

  @Override
  public Properties getClientInfo() throws SQLException {
    throw closedException();
  }

  @Override
  public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
    throw closedException();
  }

  @Override
  public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
    throw closedException();
  }

  @Override
  public void setSchema(String schema) throws SQLException {
    throw closedException();
  }

  @Override
  public String getSchema() throws SQLException {
    throw closedException();
  }

  @Override
  public void abort(Executor executor) throws SQLException {
    // Aborting a closed connection is a no-op (Connection.abort).
  }

  @Override
  public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
    throw closedException();
  }

  @Override
  public int getNetworkTimeout() throws SQLException {
    throw closedException();
  }

  @Override
  public boolean setShardingKeyIfValid(ShardingKey shardingKey, ShardingKey superShardingKey,
      int timeout) throws SQLException {
    throw closedException();
  }

  @Override
  public boolean setShardingKeyIfValid(ShardingKey shardingKey, int timeout) throws SQLException {
    throw closedException();
  }

  @Override
  public void setShardingKey(ShardingKey shardingKey, ShardingKey superShardingKey)
      throws SQLException {
    throw closedException();
  }

  @Override
  public void setShardingKey(ShardingKey shardingKey) throws SQLException {
    throw closedException();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    throw closedException();
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    throw closedException();
  }
}
