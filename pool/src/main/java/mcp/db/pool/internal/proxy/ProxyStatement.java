package mcp.db.pool.internal.proxy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;

/**
 * The {@link Statement} a {@link ProxyConnection} hands out, and the base of the prepared and
 * callable statement wrappers. It delegates every call to the driver's statement and adds:
 *
 * <ul>
 *   <li>driver exceptions go through {@link ProxyConnection#inspect(SQLException)} before they are
 *       rethrown;
 *   <li>anything that executes SQL or adds to a batch first marks the connection's transaction
 *       dirty, so that closing the connection rolls back what the borrower did not commit (a
 *       failed execution counts too: it may have begun a transaction, or aborted one);
 *   <li>{@link #getConnection()} answers the proxy connection, and result sets come back wrapped
 *       in a {@link ProxyResultSet} whose {@code getStatement()} answers this statement;
 *   <li>{@link #close()} also removes the statement from the connection's open statements, which
 *       the connection closes on its own close if the borrower did not.
 * </ul>
 *
 * <p>Used by one thread at a time, like its connection, so the fields are plain. The one call
 * expected from another thread, {@link #cancel()}, reads only final fields.
 */
class ProxyStatement implements Statement {
  final ProxyConnection connection;
  /** The driver's statement; subclasses read it as their own type ({@code (PreparedStatement)}). */
  final Statement delegate;
  // No "closed" flag: the connection's list of open statements says it (see close()), which keeps
  // the wrapper at 24 bytes, the allocation a borrower pays for every statement.

  /**
   * The wrapper of the result set last returned by {@code executeQuery} or {@code getResultSet},
   * so that asking for the current result set twice answers the same object, as drivers do.
   */
  private ProxyResultSet currentResultSet;

  ProxyStatement(ProxyConnection connection, Statement delegate) {
    this.connection = connection;
    this.delegate = delegate;
  }

  /**
   * Closes the driver's statement (and with it its result sets) and forgets it in the connection.
   * Closing twice does nothing.
   */
  @Override
  public void close() throws SQLException {
    if (!connection.untrack(this)) return; // closed already, by us or by the connection
    try {
      delegate.close();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  /**
   * Closes the driver's statement for a connection that is closing: no untracking (the connection
   * has already dropped its list) and no {@code inspect} (the connection reports failures itself).
   */
  void closeForConnection() throws SQLException {
    delegate.close(); // called once: the connection has already emptied its list
  }

  /** The proxy connection that created this statement, never the driver's. */
  @Override
  public Connection getConnection() {
    return connection;
  }

  /** Wraps a result set for the current-result methods, reusing the wrapper for the same one. */
  final ResultSet wrapCurrent(ResultSet resultSet) {
    if (resultSet == null) return null;
    ProxyResultSet wrapper = currentResultSet;
    if (wrapper == null || !wrapper.wraps(resultSet)) {
      wrapper = new ProxyResultSet(connection, this, resultSet);
      currentResultSet = wrapper;
    }
    return wrapper;
  }

  private ResultSet wrapGeneratedKeys(ResultSet keys) {
    return keys == null ? null : new ProxyResultSet(connection, this, keys);
  }

  /**
   * Returns this wrapper when it implements {@code iface}, else the driver's statement (or what
   * its own {@code unwrap} returns).
   */
  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) return iface.cast(this);
    try {
      return iface.isInstance(delegate) ? iface.cast(delegate) : delegate.unwrap(iface);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    if (iface.isInstance(this)) return true;
    try {
      return iface.isInstance(delegate) || delegate.isWrapperFor(iface);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  /** The driver's text, which for most drivers is the SQL. */
  @Override
  public String toString() {
    return delegate.toString();
  }

  // ---- Everything else delegates ----

  @Override
  public ResultSet executeQuery(String sql) throws SQLException {
    try {
      connection.markTransactionDirty();
      return wrapCurrent(delegate.executeQuery(sql));
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public int executeUpdate(String sql) throws SQLException {
    try {
      connection.markTransactionDirty();
      return delegate.executeUpdate(sql);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public int getMaxFieldSize() throws SQLException {
    try {
      return delegate.getMaxFieldSize();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void setMaxFieldSize(int max) throws SQLException {
    try {
      delegate.setMaxFieldSize(max);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public int getMaxRows() throws SQLException {
    try {
      return delegate.getMaxRows();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void setMaxRows(int max) throws SQLException {
    try {
      delegate.setMaxRows(max);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void setEscapeProcessing(boolean enable) throws SQLException {
    try {
      delegate.setEscapeProcessing(enable);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public int getQueryTimeout() throws SQLException {
    try {
      return delegate.getQueryTimeout();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void setQueryTimeout(int seconds) throws SQLException {
    try {
      delegate.setQueryTimeout(seconds);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void cancel() throws SQLException {
    try {
      delegate.cancel();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    try {
      return delegate.getWarnings();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void clearWarnings() throws SQLException {
    try {
      delegate.clearWarnings();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void setCursorName(String name) throws SQLException {
    try {
      delegate.setCursorName(name);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public boolean execute(String sql) throws SQLException {
    try {
      connection.markTransactionDirty();
      return delegate.execute(sql);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public ResultSet getResultSet() throws SQLException {
    try {
      return wrapCurrent(delegate.getResultSet());
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public int getUpdateCount() throws SQLException {
    try {
      return delegate.getUpdateCount();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public boolean getMoreResults() throws SQLException {
    try {
      return delegate.getMoreResults();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void setFetchDirection(int direction) throws SQLException {
    try {
      delegate.setFetchDirection(direction);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public int getFetchDirection() throws SQLException {
    try {
      return delegate.getFetchDirection();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void setFetchSize(int rows) throws SQLException {
    try {
      delegate.setFetchSize(rows);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public int getFetchSize() throws SQLException {
    try {
      return delegate.getFetchSize();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public int getResultSetConcurrency() throws SQLException {
    try {
      return delegate.getResultSetConcurrency();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public int getResultSetType() throws SQLException {
    try {
      return delegate.getResultSetType();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void addBatch(String sql) throws SQLException {
    try {
      connection.markTransactionDirty();
      delegate.addBatch(sql);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void clearBatch() throws SQLException {
    try {
      delegate.clearBatch();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public int[] executeBatch() throws SQLException {
    try {
      connection.markTransactionDirty();
      return delegate.executeBatch();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public boolean getMoreResults(int current) throws SQLException {
    try {
      return delegate.getMoreResults(current);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public ResultSet getGeneratedKeys() throws SQLException {
    try {
      return wrapGeneratedKeys(delegate.getGeneratedKeys());
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
    try {
      connection.markTransactionDirty();
      return delegate.executeUpdate(sql, autoGeneratedKeys);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
    try {
      connection.markTransactionDirty();
      return delegate.executeUpdate(sql, columnIndexes);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public int executeUpdate(String sql, String[] columnNames) throws SQLException {
    try {
      connection.markTransactionDirty();
      return delegate.executeUpdate(sql, columnNames);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
    try {
      connection.markTransactionDirty();
      return delegate.execute(sql, autoGeneratedKeys);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public boolean execute(String sql, int[] columnIndexes) throws SQLException {
    try {
      connection.markTransactionDirty();
      return delegate.execute(sql, columnIndexes);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public boolean execute(String sql, String[] columnNames) throws SQLException {
    try {
      connection.markTransactionDirty();
      return delegate.execute(sql, columnNames);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public int getResultSetHoldability() throws SQLException {
    try {
      return delegate.getResultSetHoldability();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public boolean isClosed() throws SQLException {
    try {
      return delegate.isClosed();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void setPoolable(boolean poolable) throws SQLException {
    try {
      delegate.setPoolable(poolable);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public boolean isPoolable() throws SQLException {
    try {
      return delegate.isPoolable();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void closeOnCompletion() throws SQLException {
    try {
      delegate.closeOnCompletion();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public boolean isCloseOnCompletion() throws SQLException {
    try {
      return delegate.isCloseOnCompletion();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public long getLargeUpdateCount() throws SQLException {
    try {
      return delegate.getLargeUpdateCount();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void setLargeMaxRows(long max) throws SQLException {
    try {
      delegate.setLargeMaxRows(max);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public long getLargeMaxRows() throws SQLException {
    try {
      return delegate.getLargeMaxRows();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    try {
      connection.markTransactionDirty();
      return delegate.executeLargeBatch();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public long executeLargeUpdate(String sql) throws SQLException {
    try {
      connection.markTransactionDirty();
      return delegate.executeLargeUpdate(sql);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
    try {
      connection.markTransactionDirty();
      return delegate.executeLargeUpdate(sql, autoGeneratedKeys);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
    try {
      connection.markTransactionDirty();
      return delegate.executeLargeUpdate(sql, columnIndexes);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
    try {
      connection.markTransactionDirty();
      return delegate.executeLargeUpdate(sql, columnNames);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public String enquoteLiteral(String val) throws SQLException {
    try {
      return delegate.enquoteLiteral(val);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public String enquoteIdentifier(String identifier, boolean alwaysQuote) throws SQLException {
    try {
      return delegate.enquoteIdentifier(identifier, alwaysQuote);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public boolean isSimpleIdentifier(String identifier) throws SQLException {
    try {
      return delegate.isSimpleIdentifier(identifier);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public String enquoteNCharLiteral(String val) throws SQLException {
    try {
      return delegate.enquoteNCharLiteral(val);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }
}
