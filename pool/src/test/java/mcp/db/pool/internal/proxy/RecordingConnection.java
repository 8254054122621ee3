package mcp.db.pool.internal.proxy;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.concurrent.Executor;

/**
 * A physical connection for tests: delegates to a real (H2) connection and records every call as
 * {@code name(arg, ...)}, so a test can see exactly what the proxy asked of the driver. A call can
 * be made to fail once with {@link #failNext}.
 */
final class RecordingConnection implements Connection {
  private final Connection delegate;
  private final List<String> calls = new ArrayList<>();
  private final Map<String, SQLException> failures = new HashMap<>();

  RecordingConnection(Connection delegate) {
    this.delegate = delegate;
  }

  /** The calls so far, oldest first. */
  List<String> calls() {
    return List.copyOf(calls);
  }

  /** The recorded calls to {@code method}, e.g. {@code ["setReadOnly(false)"]}. */
  List<String> callsTo(String method) {
    List<String> matching = new ArrayList<>();
    for (String call : calls) {
      if (call.startsWith(method + "(")) matching.add(call);
    }
    return matching;
  }

  void forgetCalls() {
    calls.clear();
  }

  /** The next call to {@code method} throws {@code failure} instead of reaching the driver. */
  void failNext(String method, SQLException failure) {
    failures.put(method, failure);
  }

  private void record(String method, Object... args) throws SQLException {
    note(method, args);
    SQLException failure = failures.remove(method);
    if (failure != null) throw failure;
  }

  private void note(String method, Object... args) {
    StringJoiner call = new StringJoiner(", ", method + "(", ")");
    for (Object arg : args) call.add(arg instanceof Executor ? "executor" : String.valueOf(arg));
    calls.add(call.toString());
  }

  @Override
  public Statement createStatement() throws SQLException {
    record("createStatement");
    return delegate.createStatement();
  }

  @Override
  public PreparedStatement prepareStatement(String sql) throws SQLException {
    record("prepareStatement", sql);
    return delegate.prepareStatement(sql);
  }

  @Override
  public CallableStatement prepareCall(String sql) throws SQLException {
    record("prepareCall", sql);
    return delegate.prepareCall(sql);
  }

  @Override
  public String nativeSQL(String sql) throws SQLException {
    record("nativeSQL", sql);
    return delegate.nativeSQL(sql);
  }

  @Override
  public void setAutoCommit(boolean autoCommit) throws SQLException {
    record("setAutoCommit", autoCommit);
    delegate.setAutoCommit(autoCommit);
  }

  @Override
  public boolean getAutoCommit() throws SQLException {
    record("getAutoCommit");
    return delegate.getAutoCommit();
  }

  @Override
  public void commit() throws SQLException {
    record("commit");
    delegate.commit();
  }

  @Override
  public void rollback() throws SQLException {
    record("rollback");
    delegate.rollback();
  }

  @Override
  public void close() throws SQLException {
    record("close");
    delegate.close();
  }

  @Override
  public boolean isClosed() throws SQLException {
    record("isClosed");
    return delegate.isClosed();
  }

  @Override
  public DatabaseMetaData getMetaData() throws SQLException {
    record("getMetaData");
    return delegate.getMetaData();
  }

  @Override
  public void setReadOnly(boolean readOnly) throws SQLException {
    record("setReadOnly", readOnly);
    delegate.setReadOnly(readOnly);
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    record("isReadOnly");
    return delegate.isReadOnly();
  }

  @Override
  public void setCatalog(String catalog) throws SQLException {
    record("setCatalog", catalog);
    delegate.setCatalog(catalog);
  }

  @Override
  public String getCatalog() throws SQLException {
    record("getCatalog");
    return delegate.getCatalog();
  }

  @Override
  public void setTransactionIsolation(int level) throws SQLException {
    record("setTransactionIsolation", level);
    delegate.setTransactionIsolation(level);
  }

  @Override
  public int getTransactionIsolation() throws SQLException {
    record("getTransactionIsolation");
    return delegate.getTransactionIsolation();
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    record("getWarnings");
    return delegate.getWarnings();
  }

  @Override
  public void clearWarnings() throws SQLException {
    record("clearWarnings");
    delegate.clearWarnings();
  }

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency)
      throws SQLException {
    record("createStatement", resultSetType, resultSetConcurrency);
    return delegate.createStatement(resultSetType, resultSetConcurrency);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
      throws SQLException {
    record("prepareStatement", sql, resultSetType, resultSetConcurrency);
    return delegate.prepareStatement(sql, resultSetType, resultSetConcurrency);
  }

  @Override
  public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
      throws SQLException {
    record("prepareCall", sql, resultSetType, resultSetConcurrency);
    return delegate.prepareCall(sql, resultSetType, resultSetConcurrency);
  }

  @Override
  public Map<String, Class<?>> getTypeMap() throws SQLException {
    record("getTypeMap");
    return delegate.getTypeMap();
  }

  @Override
  public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
    record("setTypeMap", map);
    delegate.setTypeMap(map);
  }

  @Override
  public void setHoldability(int holdability) throws SQLException {
    record("setHoldability", holdability);
    delegate.setHoldability(holdability);
  }

  @Override
  public int getHoldability() throws SQLException {
    record("getHoldability");
    return delegate.getHoldability();
  }

  @Override
  public Savepoint setSavepoint() throws SQLException {
    record("setSavepoint");
    return delegate.setSavepoint();
  }

  @Override
  public Savepoint setSavepoint(String name) throws SQLException {
    record("setSavepoint", name);
    return delegate.setSavepoint(name);
  }

  @Override
  public void rollback(Savepoint savepoint) throws SQLException {
    record("rollback", savepoint);
    delegate.rollback(savepoint);
  }

  @Override
  public void releaseSavepoint(Savepoint savepoint) throws SQLException {
    record("releaseSavepoint", savepoint);
    delegate.releaseSavepoint(savepoint);
  }

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency,
      int resultSetHoldability) throws SQLException {
    record("createStatement", resultSetType, resultSetConcurrency, resultSetHoldability);
    return delegate.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
      int resultSetHoldability) throws SQLException {
    record("prepareStatement", sql, resultSetType, resultSetConcurrency, resultSetHoldability);
    return delegate.prepareStatement(sql, resultSetType, resultSetConcurrency,
        resultSetHoldability);
  }

  @Override
  public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
      int resultSetHoldability) throws SQLException {
    record("prepareCall", sql, resultSetType, resultSetConcurrency, resultSetHoldability);
    return delegate.prepareCall(sql, resultSetType, resultSetConcurrency, resultSetHoldability);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
    record("prepareStatement", sql, autoGeneratedKeys);
    return delegate.prepareStatement(sql, autoGeneratedKeys);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
    record("prepareStatement", sql, columnIndexes);
    return delegate.prepareStatement(sql, columnIndexes);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
    record("prepareStatement", sql, columnNames);
    return delegate.prepareStatement(sql, columnNames);
  }

  @Override
  public Clob createClob() throws SQLException {
    record("createClob");
    return delegate.createClob();
  }

  @Override
  public Blob createBlob() throws SQLException {
    record("createBlob");
    return delegate.createBlob();
  }

  @Override
  public NClob createNClob() throws SQLException {
    record("createNClob");
    return delegate.createNClob();
  }

  @Override
  public SQLXML createSQLXML() throws SQLException {
    record("createSQLXML");
    return delegate.createSQLXML();
  }

  @Override
  public boolean isValid(int timeout) throws SQLException {
    record("isValid", timeout);
    return delegate.isValid(timeout);
  }

  @Override
  public void setClientInfo(String name, String value) throws SQLClientInfoException {
    note("setClientInfo", name, value);
    delegate.setClientInfo(name, value);
  }

  @Override
  public void setClientInfo(Properties properties) throws SQLClientInfoException {
    note("setClientInfo", properties);
    delegate.setClientInfo(properties);
  }

  @Override
  public String getClientInfo(String name) throws SQLException {
    record("getClientInfo", name);
    return delegate.getClientInfo(name);
  }

  @Override
  public Properties getClientInfo() throws SQLException {
    record("getClientInfo");
    return delegate.getClientInfo();
  }

  @Override
  public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
    record("createArrayOf", typeName, elements);
    return delegate.createArrayOf(typeName, elements);
  }

  @Override
  public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
    record("createStruct", typeName, attributes);
    return delegate.createStruct(typeName, attributes);
  }

  @Override
  public void setSchema(String schema) throws SQLException {
    record("setSchema", schema);
    delegate.setSchema(schema);
  }

  @Override
  public String getSchema() throws SQLException {
    record("getSchema");
    return delegate.getSchema();
  }

  @Override
  public void abort(Executor executor) throws SQLException {
    record("abort", executor);
    delegate.abort(executor);
  }

  @Override
  public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
    record("setNetworkTimeout", executor, milliseconds);
    delegate.setNetworkTimeout(executor, milliseconds);
  }

  @Override
  public int getNetworkTimeout() throws SQLException {
    record("getNetworkTimeout");
    return delegate.getNetworkTimeout();
  }

  @Override
  public void beginRequest() throws SQLException {
    record("beginRequest");
    delegate.beginRequest();
  }

  @Override
  public void endRequest() throws SQLException {
    record("endRequest");
    delegate.endRequest();
  }

  @Override
  public boolean setShardingKeyIfValid(ShardingKey shardingKey, ShardingKey superShardingKey,
      int timeout) throws SQLException {
    record("setShardingKeyIfValid", shardingKey, superShardingKey, timeout);
    return delegate.setShardingKeyIfValid(shardingKey, superShardingKey, timeout);
  }

  @Override
  public boolean setShardingKeyIfValid(ShardingKey shardingKey, int timeout) throws SQLException {
    record("setShardingKeyIfValid", shardingKey, timeout);
    return delegate.setShardingKeyIfValid(shardingKey, timeout);
  }

  @Override
  public void setShardingKey(ShardingKey shardingKey, ShardingKey superShardingKey)
      throws SQLException {
    record("setShardingKey", shardingKey, superShardingKey);
    delegate.setShardingKey(shardingKey, superShardingKey);
  }

  @Override
  public void setShardingKey(ShardingKey shardingKey) throws SQLException {
    record("setShardingKey", shardingKey);
    delegate.setShardingKey(shardingKey);
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    record("unwrap", iface.getSimpleName());
    return iface.isInstance(this) ? iface.cast(this) : delegate.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    record("isWrapperFor", iface.getSimpleName());
    return iface.isInstance(this) || delegate.isWrapperFor(iface);
  }
}
