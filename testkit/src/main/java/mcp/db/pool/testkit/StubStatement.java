package mcp.db.pool.testkit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * A statement on a {@link StubConnection}. Every query returns the database's {@link StubResult};
 * every update returns its update count. {@code execute(String)} treats SQL that starts with
 * {@code select}, {@code with}, {@code values}, {@code show}, {@code table} or {@code explain} as a
 * query. Executing closes the previous result set, as JDBC requires; nothing else is allocated
 * besides the new result set.
 *
 * <p>{@link #cancel()} and the query timeout end a query that is waiting for its modelled time with a
 * {@value StubErrors#QUERY_CANCELED} error; a query without modelled time finishes before either
 * could matter.
 */
public class StubStatement implements Statement {
  private static final String[] QUERY_KEYWORDS =
      {"select", "with", "values", "show", "table", "explain"};

  final StubConnection connection;
  /** The SQL of a prepared statement, {@code null} for a plain one. */
  private final String preparedSql;
  private final int type;
  private final int concurrency;
  private final int holdability;

  private volatile boolean closed;
  private volatile boolean cancelRequested;
  private StubResultSet current;
  private int updateCount = -1;
  private int batchSize;
  private long maxRows;
  private int fetchSize;
  private int fetchDirection = ResultSet.FETCH_FORWARD;
  private int maxFieldSize;
  private volatile int queryTimeoutSeconds;
  private boolean poolable;
  private boolean closeOnCompletion;

  StubStatement(StubConnection connection, String preparedSql, int type, int concurrency,
      int holdability) throws SQLException {
    if (type != ResultSet.TYPE_FORWARD_ONLY && type != ResultSet.TYPE_SCROLL_INSENSITIVE
        && type != ResultSet.TYPE_SCROLL_SENSITIVE) {
      throw new SQLException("stub: result set type " + type + " is not valid");
    }
    if (concurrency != ResultSet.CONCUR_READ_ONLY && concurrency != ResultSet.CONCUR_UPDATABLE) {
      throw new SQLException("stub: result set concurrency " + concurrency + " is not valid");
    }
    this.connection = connection;
    this.preparedSql = preparedSql;
    this.type = type;
    this.concurrency = concurrency;
    this.holdability = holdability;
    this.poolable = preparedSql != null;
    connection.database().statementCreated();
  }

  /** Whether SQL reads as a query (see the class comment); allocates nothing. */
  static boolean isQuery(String sql) {
    int start = 0;
    while (start < sql.length()
        && (Character.isWhitespace(sql.charAt(start)) || sql.charAt(start) == '(')) {
      start++;
    }
    for (String keyword : QUERY_KEYWORDS) {
      if (sql.regionMatches(true, start, keyword, 0, keyword.length())) return true;
    }
    return false;
  }

  /** The SQL this statement was prepared with, or {@code null} for a plain statement. */
  public String preparedSql() {
    return preparedSql;
  }

  final void checkOpen() throws SQLException {
    if (closed) throw StubErrors.closed("statement");
    connection.checkUsable();
  }

  private String plainSql(String sql) throws SQLException {
    if (preparedSql != null) {
      throw new SQLException("stub: a query string cannot be passed to a PreparedStatement");
    }
    if (sql == null) throw new SQLException("stub: SQL is null");
    return sql;
  }

  private void start() throws SQLException {
    checkOpen();
    closeCurrent();
    updateCount = -1;
    cancelRequested = false;
  }

  final ResultSet runQuery() throws SQLException {
    start();
    connection.execute(this);
    current = new StubResultSet(connection, this, connection.database().result(), type,
        concurrency, holdability, maxRows);
    return current;
  }

  final int runUpdate() throws SQLException {
    start();
    connection.execute(this);
    updateCount = connection.database().updateCount();
    return updateCount;
  }

  final boolean run(boolean query) throws SQLException {
    if (query) {
      runQuery();
      return true;
    }
    runUpdate();
    return false;
  }

  final void addToBatch() throws SQLException {
    checkOpen();
    batchSize++;
  }

  private void closeCurrent() {
    StubResultSet open = current;
    current = null;
    if (open != null) open.closeQuietly();
  }

  /** Called by a result set of this statement when it closes. */
  final void resultSetClosed(StubResultSet resultSet) throws SQLException {
    if (closeOnCompletion && resultSet == current) close();
  }

  /** Takes a pending cancel request. */
  final boolean takeCancel() {
    if (!cancelRequested) return false;
    cancelRequested = false;
    return true;
  }

  final long queryTimeoutNanos() {
    return TimeUnit.SECONDS.toNanos(queryTimeoutSeconds);
  }

  @Override
  public ResultSet executeQuery(String sql) throws SQLException {
    plainSql(sql);
    return runQuery();
  }

  @Override
  public int executeUpdate(String sql) throws SQLException {
    plainSql(sql);
    return runUpdate();
  }

  @Override
  public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
    return executeUpdate(sql);
  }

  @Override
  public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
    return executeUpdate(sql);
  }

  @Override
  public int executeUpdate(String sql, String[] columnNames) throws SQLException {
    return executeUpdate(sql);
  }

  @Override
  public long executeLargeUpdate(String sql) throws SQLException {
    return executeUpdate(sql);
  }

  @Override
  public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
    return executeUpdate(sql);
  }

  @Override
  public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
    return executeUpdate(sql);
  }

  @Override
  public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
    return executeUpdate(sql);
  }

  @Override
  public boolean execute(String sql) throws SQLException {
    return run(isQuery(plainSql(sql)));
  }

  @Override
  public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
    return execute(sql);
  }

  @Override
  public boolean execute(String sql, int[] columnIndexes) throws SQLException {
    return execute(sql);
  }

  @Override
  public boolean execute(String sql, String[] columnNames) throws SQLException {
    return execute(sql);
  }

  @Override
  public void addBatch(String sql) throws SQLException {
    plainSql(sql);
    addToBatch();
  }

  @Override
  public void clearBatch() throws SQLException {
    checkOpen();
    batchSize = 0;
  }

  @Override
  public int[] executeBatch() throws SQLException {
    start();
    int size = batchSize;
    batchSize = 0;
    if (size == 0) return new int[0];
    connection.execute(this);
    int[] counts = new int[size];
    Arrays.fill(counts, connection.database().updateCount());
    return counts;
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    return Arrays.stream(executeBatch()).asLongStream().toArray();
  }

  @Override
  public void close() throws SQLException {
    if (closed) return;
    closed = true;
    closeCurrent();
    connection.database().statementClosed();
  }

  @Override
  public boolean isClosed() {
    return closed || connection.isClosed();
  }

  @Override
  public int getMaxFieldSize() throws SQLException {
    checkOpen();
    return maxFieldSize;
  }

  @Override
  public void setMaxFieldSize(int max) throws SQLException {
    checkOpen();
    if (max < 0) throw new SQLException("stub: max field size was " + max + " but must be >= 0");
    maxFieldSize = max;
  }

  @Override
  public int getMaxRows() throws SQLException {
    checkOpen();
    return (int) Math.min(Integer.MAX_VALUE, maxRows);
  }

  @Override
  public void setMaxRows(int max) throws SQLException {
    setLargeMaxRows(max);
  }

  @Override
  public long getLargeMaxRows() throws SQLException {
    checkOpen();
    return maxRows;
  }

  @Override
  public void setLargeMaxRows(long max) throws SQLException {
    checkOpen();
    if (max < 0) throw new SQLException("stub: max rows was " + max + " but must be >= 0");
    maxRows = max;
  }

  @Override
  public void setEscapeProcessing(boolean enable) throws SQLException {
    checkOpen();
  }

  @Override
  public int getQueryTimeout() throws SQLException {
    checkOpen();
    return queryTimeoutSeconds;
  }

  @Override
  public void setQueryTimeout(int seconds) throws SQLException {
    checkOpen();
    if (seconds < 0) {
      throw new SQLException("stub: query timeout was " + seconds + " but must be >= 0");
    }
    queryTimeoutSeconds = seconds;
  }

  @Override
  public void cancel() throws SQLException {
    checkOpen();
    cancelRequested = true;
    connection.cancel(this);
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    checkOpen();
    return null;
  }

  @Override
  public void clearWarnings() throws SQLException {
    checkOpen();
  }

  @Override
  public void setCursorName(String name) throws SQLException {
    checkOpen();
  }

  @Override
  public ResultSet getResultSet() throws SQLException {
    checkOpen();
    return current;
  }

  @Override
  public int getUpdateCount() throws SQLException {
    checkOpen();
    return updateCount;
  }

  @Override
  public long getLargeUpdateCount() throws SQLException {
    return getUpdateCount();
  }

  @Override
  public boolean getMoreResults() throws SQLException {
    return getMoreResults(CLOSE_CURRENT_RESULT);
  }

  @Override
  public boolean getMoreResults(int current) throws SQLException {
    checkOpen();
    closeCurrent();
    updateCount = -1;
    return false;
  }

  @Override
  public void setFetchDirection(int direction) throws SQLException {
    checkOpen();
    if (direction != ResultSet.FETCH_FORWARD && direction != ResultSet.FETCH_REVERSE
        && direction != ResultSet.FETCH_UNKNOWN) {
      throw new SQLException("stub: fetch direction " + direction + " is not valid");
    }
    fetchDirection = direction;
  }

  @Override
  public int getFetchDirection() throws SQLException {
    checkOpen();
    return fetchDirection;
  }

  @Override
  public void setFetchSize(int rows) throws SQLException {
    checkOpen();
    if (rows < 0) throw new SQLException("stub: fetch size was " + rows + " but must be >= 0");
    fetchSize = rows;
  }

  @Override
  public int getFetchSize() throws SQLException {
    checkOpen();
    return fetchSize;
  }

  @Override
  public int getResultSetConcurrency() throws SQLException {
    checkOpen();
    return concurrency;
  }

  @Override
  public int getResultSetType() throws SQLException {
    checkOpen();
    return type;
  }

  @Override
  public int getResultSetHoldability() throws SQLException {
    checkOpen();
    return holdability;
  }

  @Override
  public Connection getConnection() throws SQLException {
    checkOpen();
    return connection;
  }

  @Override
  public ResultSet getGeneratedKeys() throws SQLException {
    checkOpen();
    return new StubResultSet(connection, this, StubResult.empty(), ResultSet.TYPE_FORWARD_ONLY,
        ResultSet.CONCUR_READ_ONLY, holdability, 0);
  }

  @Override
  public void setPoolable(boolean enable) throws SQLException {
    checkOpen();
    poolable = enable;
  }

  @Override
  public boolean isPoolable() throws SQLException {
    checkOpen();
    return poolable;
  }

  @Override
  public void closeOnCompletion() throws SQLException {
    checkOpen();
    closeOnCompletion = true;
  }

  @Override
  public boolean isCloseOnCompletion() throws SQLException {
    checkOpen();
    return closeOnCompletion;
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) return iface.cast(this);
    throw StubErrors.notWrapperFor(iface, this);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + connection + (preparedSql == null ? ""
        : ", " + preparedSql) + "]";
  }
}
