package mcp.db.pool.testkit;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.ClientInfoStatus;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A connection to a {@link StubDatabase}: no I/O, just recorded session state and counters.
 *
 * <p>Each connection has a unique {@link #id()}, like a server's backend process id, so a test can see
 * that a pool replaced it. {@link #kill()} makes it behave like a backend the server terminated: every
 * later call except {@code close}, {@code abort}, {@code isClosed}, {@code isValid} and the wrapper
 * methods throws a {@value StubErrors#CONNECTION_FAILURE} error, and {@code isValid} returns
 * {@code false}. After {@code close()} the same calls throw {@value
 * StubErrors#CONNECTION_DOES_NOT_EXIST}.
 *
 * <p>Design: a connection is used by one thread at a time (the pool hands it over), but tests read
 * its state and {@code kill()}, {@code abort()} or {@code Statement.cancel()} arrive from other
 * threads, so all state is volatile or atomic. At most one query runs at a time; its thread is
 * published in {@link #runningThread} so that kill, close and cancel can unpark it.
 */
public final class StubConnection implements Connection {
  private final StubDatabase database;
  private final int id;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean killed;
  private volatile boolean aborted;

  private volatile boolean autoCommit = true;
  private volatile boolean readOnly;
  private volatile int isolation;
  private volatile String catalog;
  private volatile String schema;
  private volatile int networkTimeoutMillis;
  private volatile int holdability = ResultSet.HOLD_CURSORS_OVER_COMMIT;
  private volatile Map<String, Class<?>> typeMap = Map.of();
  private final Properties clientInfo = new Properties();
  /** Set by an execution in manual-commit mode, cleared by commit or rollback. */
  private volatile boolean transactionOpen;

  private final Map<SessionSetting, AtomicInteger> setterCalls = new EnumMap<>(SessionSetting.class);
  private final AtomicInteger executions = new AtomicInteger();
  private final AtomicInteger commits = new AtomicInteger();
  private final AtomicInteger rollbacks = new AtomicInteger();
  private final AtomicInteger isValidCalls = new AtomicInteger();
  private final AtomicInteger executeFailuresLeft = new AtomicInteger();
  private volatile SQLException nextExecuteFailure;
  private final AtomicInteger savepointIds = new AtomicInteger();

  /** The statement executing now and its thread, or {@code null}; written only by that thread. */
  private volatile StubStatement running;
  private volatile Thread runningThread;

  StubConnection(StubDatabase database, int id, int isolation, String catalog, String schema) {
    this.database = database;
    this.id = id;
    this.isolation = isolation;
    this.catalog = catalog;
    this.schema = schema;
    for (SessionSetting setting : SessionSetting.values()) {
      setterCalls.put(setting, new AtomicInteger());
    }
  }

  // ---- Test controls and observations ---------------------------------------------------------

  /** This connection's unique id, like a backend process id; ids are never reused in a JVM. */
  public int id() { return id; }

  /** The database this connection belongs to. */
  public StubDatabase database() { return database; }

  /**
   * Makes this connection behave like one the server terminated (see the class comment). A query
   * running now fails at once. Killing a closed or killed connection does nothing.
   */
  public void kill() {
    killed = true;
    Thread thread = runningThread;
    if (thread != null) LockSupport.unpark(thread);
  }

  /** Whether {@link #kill()} was called. */
  public boolean isKilled() { return killed; }

  /** Whether the connection was ended by {@code abort()} rather than {@code close()}. */
  public boolean isAborted() { return aborted; }

  /**
   * The next {@code count} executions on this connection throw {@code error} (the same instance), or
   * a new {@value StubErrors#CONNECTION_FAILURE} error when it is {@code null}. Checked before the
   * database's own failures. Zero cancels what is left of an earlier budget.
   */
  public StubConnection failNextExecutions(int count, SQLException error) {
    if (count < 0) {
      throw new IllegalArgumentException("failNextExecutions was " + count + " but must be >= 0");
    }
    nextExecuteFailure = error;
    executeFailuresLeft.set(count);
    return this;
  }

  /** Calls to one session setter on this connection; failed calls are not counted. */
  public int setterCalls(SessionSetting setting) { return setterCalls.get(setting).get(); }

  /** Executions on this connection, failed ones included; a batch counts once. */
  public int executions() { return executions.get(); }

  /** Commits on this connection, including implicit ones (see {@link StubDatabase#commits()}). */
  public int commits() { return commits.get(); }

  /** Rollbacks on this connection. */
  public int rollbacks() { return rollbacks.get(); }

  /** Calls to {@code isValid} on this connection. */
  public int isValidCalls() { return isValidCalls.get(); }

  /** Whether a statement ran in manual-commit mode since the last commit or rollback. */
  public boolean transactionOpen() { return transactionOpen; }

  /** The recorded auto-commit state, readable in any state of the connection. */
  public boolean autoCommitState() { return autoCommit; }

  /** The recorded read-only state, readable in any state of the connection. */
  public boolean readOnlyState() { return readOnly; }

  /** The recorded isolation level, readable in any state of the connection. */
  public int isolationState() { return isolation; }

  /** The recorded catalog, readable in any state of the connection. */
  public String catalogState() { return catalog; }

  /** The recorded schema, readable in any state of the connection. */
  public String schemaState() { return schema; }

  /** The recorded network timeout in milliseconds, readable in any state of the connection. */
  public int networkTimeoutState() { return networkTimeoutMillis; }

  @Override
  public String toString() {
    return "StubConnection[" + database.name() + "#" + id + (killed ? ", killed" : "")
        + (closed.get() ? ", closed" : "") + "]";
  }

  // ---- Execution (called by statements) -------------------------------------------------------

  /** Throws unless the connection may be used: closed first, then killed. */
  void checkUsable() throws SQLException {
    if (closed.get()) throw StubErrors.connectionClosed();
    if (killed) throw terminated();
  }

  private static SQLException terminated() {
    return StubErrors.connectionFailure("terminating connection due to administrator command");
  }

  /** One execution of {@code statement}: failures, counters, then the modelled time. */
  void execute(StubStatement statement) throws SQLException {
    checkUsable();
    executions.incrementAndGet();
    database.executed();
    if (!autoCommit && !transactionOpen) transactionOpen = true;
    SQLException failure = takeExecuteFailure();
    if (failure != null) throw failure;
    if (database.queriesTakeTime()) waitForQuery(statement);
  }

  private SQLException takeExecuteFailure() {
    if (StubDatabase.takeOne(executeFailuresLeft)) {
      SQLException error = nextExecuteFailure;
      return error != null ? error : StubErrors.connectionFailure("injected fatal error");
    }
    return database.executeFailure();
  }

  private void waitForQuery(StubStatement statement) throws SQLException {
    long nanos = Math.min(database.queryStarted(), StubDatabase.LONGEST_WAIT_NANOS);
    try {
      if (nanos <= 0) return;
      long timeout = statement.queryTimeoutNanos();
      boolean timesOut = timeout > 0 && timeout < nanos;
      long wait = timesOut ? timeout : nanos;
      long deadline = System.nanoTime() + wait;
      runningThread = Thread.currentThread();
      running = statement;
      try {
        for (long left = wait; left > 0; left = deadline - System.nanoTime()) {
          if (statement.takeCancel()) throw StubErrors.cancelled();
          if (killed) throw terminated();
          if (closed.get()) throw StubErrors.connectionFailure("connection closed during a query");
          if (Thread.currentThread().isInterrupted()) {
            throw new SQLException("stub: interrupted during a query", StubErrors.QUERY_CANCELED);
          }
          LockSupport.parkNanos(this, left);
        }
      } finally {
        running = null;
        runningThread = null;
      }
      if (timesOut) throw StubErrors.queryTimeout();
    } finally {
      database.queryFinished();
    }
  }

  /** Wakes the query thread if {@code statement} is the one executing. */
  void cancel(StubStatement statement) {
    Thread thread = runningThread;
    if (running == statement && thread != null) LockSupport.unpark(thread);
  }

  // ---- Connection -----------------------------------------------------------------------------

  @Override
  public Statement createStatement() throws SQLException {
    return createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, holdability);
  }

  @Override
  public Statement createStatement(int type, int concurrency) throws SQLException {
    return createStatement(type, concurrency, holdability);
  }

  @Override
  public Statement createStatement(int type, int concurrency, int cursorHoldability)
      throws SQLException {
    checkUsable();
    return new StubStatement(this, null, type, concurrency, cursorHoldability);
  }

  @Override
  public PreparedStatement prepareStatement(String sql) throws SQLException {
    return prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY,
        holdability);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int type, int concurrency)
      throws SQLException {
    return prepareStatement(sql, type, concurrency, holdability);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int type, int concurrency,
      int cursorHoldability) throws SQLException {
    checkUsable();
    return new StubPreparedStatement(this, requireSql(sql), type, concurrency, cursorHoldability);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
    return prepareStatement(sql);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
    return prepareStatement(sql);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
    return prepareStatement(sql);
  }

  @Override
  public CallableStatement prepareCall(String sql) throws SQLException {
    return prepareCall(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, holdability);
  }

  @Override
  public CallableStatement prepareCall(String sql, int type, int concurrency) throws SQLException {
    return prepareCall(sql, type, concurrency, holdability);
  }

  @Override
  public CallableStatement prepareCall(String sql, int type, int concurrency,
      int cursorHoldability) throws SQLException {
    checkUsable();
    return new StubCallableStatement(this, requireSql(sql), type, concurrency, cursorHoldability);
  }

  private static String requireSql(String sql) throws SQLException {
    if (sql == null) throw new SQLException("stub: SQL is null");
    return sql;
  }

  @Override
  public String nativeSQL(String sql) throws SQLException {
    checkUsable();
    return requireSql(sql);
  }

  @Override
  public void setAutoCommit(boolean enable) throws SQLException {
    checkUsable();
    if (enable && !autoCommit && transactionOpen) {
      // JDBC: switching auto-commit on inside a transaction commits it.
      transactionOpen = false;
      commits.incrementAndGet();
      database.committed();
    }
    autoCommit = enable;
    counted(SessionSetting.AUTO_COMMIT);
  }

  @Override
  public boolean getAutoCommit() throws SQLException {
    checkUsable();
    return autoCommit;
  }

  @Override
  public void commit() throws SQLException {
    checkUsable();
    if (autoCommit) {
      if (!database.strictTransactions()) return;
      throw new SQLException("stub: cannot commit when autoCommit is enabled",
          StubErrors.NO_ACTIVE_TRANSACTION);
    }
    transactionOpen = false;
    commits.incrementAndGet();
    database.committed();
  }

  @Override
  public void rollback() throws SQLException {
    checkUsable();
    if (autoCommit) {
      if (!database.strictTransactions()) return;
      throw new SQLException("stub: cannot rollback when autoCommit is enabled",
          StubErrors.NO_ACTIVE_TRANSACTION);
    }
    transactionOpen = false;
    rollbacks.incrementAndGet();
    database.rolledBack();
  }

  @Override
  public void close() {
    release(false);
  }

  @Override
  public void abort(Executor executor) throws SQLException {
    if (executor == null) throw new SQLException("stub: abort needs an executor");
    release(true);
  }

  private void release(boolean abort) {
    if (!closed.compareAndSet(false, true)) {
      database.doubleClose();
      return;
    }
    aborted = abort;
    database.connectionClosed(this, abort);
    Thread thread = runningThread;
    if (thread != null) LockSupport.unpark(thread);
  }

  @Override
  public boolean isClosed() {
    return closed.get();
  }

  @Override
  public DatabaseMetaData getMetaData() throws SQLException {
    checkUsable();
    return StubDatabaseMetaData.create(this);
  }

  @Override
  public void setReadOnly(boolean enable) throws SQLException {
    checkUsable();
    readOnly = enable;
    counted(SessionSetting.READ_ONLY);
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    checkUsable();
    return readOnly;
  }

  @Override
  public void setCatalog(String newCatalog) throws SQLException {
    checkUsable();
    catalog = newCatalog;
    counted(SessionSetting.CATALOG);
  }

  @Override
  public String getCatalog() throws SQLException {
    checkUsable();
    return catalog;
  }

  @Override
  public void setTransactionIsolation(int level) throws SQLException {
    checkUsable();
    try {
      isolation = checkIsolation(level);
    } catch (IllegalArgumentException e) {
      throw new SQLException("stub: " + e.getMessage(), e);
    }
    counted(SessionSetting.TRANSACTION_ISOLATION);
  }

  static int checkIsolation(int level) {
    switch (level) {
      case TRANSACTION_READ_UNCOMMITTED: case TRANSACTION_READ_COMMITTED:
      case TRANSACTION_REPEATABLE_READ: case TRANSACTION_SERIALIZABLE:
        return level;
      default:
        throw new IllegalArgumentException("isolation level " + level + " is not one of 1, 2, 4, 8");
    }
  }

  @Override
  public int getTransactionIsolation() throws SQLException {
    checkUsable();
    return isolation;
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    checkUsable();
    return null;
  }

  @Override
  public void clearWarnings() throws SQLException {
    checkUsable();
  }

  @Override
  public Map<String, Class<?>> getTypeMap() throws SQLException {
    checkUsable();
    return typeMap;
  }

  @Override
  public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
    checkUsable();
    typeMap = map == null ? Map.of() : Map.copyOf(map);
    counted(SessionSetting.TYPE_MAP);
  }

  @Override
  public void setHoldability(int cursorHoldability) throws SQLException {
    checkUsable();
    if (cursorHoldability != ResultSet.HOLD_CURSORS_OVER_COMMIT
        && cursorHoldability != ResultSet.CLOSE_CURSORS_AT_COMMIT) {
      throw new SQLException("stub: holdability " + cursorHoldability + " is not valid");
    }
    holdability = cursorHoldability;
    counted(SessionSetting.HOLDABILITY);
  }

  @Override
  public int getHoldability() throws SQLException {
    checkUsable();
    return holdability;
  }

  @Override
  public Savepoint setSavepoint() throws SQLException {
    return newSavepoint(null);
  }

  @Override
  public Savepoint setSavepoint(String name) throws SQLException {
    if (name == null) throw new SQLException("stub: savepoint name is null");
    return newSavepoint(name);
  }

  private Savepoint newSavepoint(String name) throws SQLException {
    checkUsable();
    if (autoCommit) throw new SQLException("stub: no savepoints in auto-commit mode");
    return new StubSavepoint(this, savepointIds.incrementAndGet(), name);
  }

  @Override
  public void rollback(Savepoint savepoint) throws SQLException {
    checkSavepoint(savepoint);
  }

  @Override
  public void releaseSavepoint(Savepoint savepoint) throws SQLException {
    checkSavepoint(savepoint);
  }

  private void checkSavepoint(Savepoint savepoint) throws SQLException {
    checkUsable();
    if (autoCommit) throw new SQLException("stub: no savepoints in auto-commit mode");
    if (!(savepoint instanceof StubSavepoint) || ((StubSavepoint) savepoint).owner != this) {
      throw new SQLException("stub: savepoint does not belong to this connection");
    }
  }

  @Override
  public Clob createClob() throws SQLException {
    checkUsable();
    throw new SQLFeatureNotSupportedException("stub: createClob");
  }

  @Override
  public Blob createBlob() throws SQLException {
    checkUsable();
    throw new SQLFeatureNotSupportedException("stub: createBlob");
  }

  @Override
  public NClob createNClob() throws SQLException {
    checkUsable();
    throw new SQLFeatureNotSupportedException("stub: createNClob");
  }

  @Override
  public SQLXML createSQLXML() throws SQLException {
    checkUsable();
    throw new SQLFeatureNotSupportedException("stub: createSQLXML");
  }

  @Override
  public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
    checkUsable();
    throw new SQLFeatureNotSupportedException("stub: createArrayOf");
  }

  @Override
  public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
    checkUsable();
    throw new SQLFeatureNotSupportedException("stub: createStruct");
  }

  @Override
  public boolean isValid(int timeoutSeconds) throws SQLException {
    if (timeoutSeconds < 0) {
      throw new SQLException("stub: isValid timeout was " + timeoutSeconds + " but must be >= 0");
    }
    isValidCalls.incrementAndGet();
    database.isValidCalled();
    if (closed.get() || killed) return false;
    long delay = database.validDelayNanos();
    if (delay > 0) {
      long limit = timeoutSeconds == 0 ? delay
          : Math.min(delay, TimeUnit.SECONDS.toNanos(timeoutSeconds));
      if (!StubDatabase.pause(limit) || delay > limit || closed.get() || killed) return false;
    }
    return database.validResult();
  }

  @Override
  public void setClientInfo(String name, String value) throws SQLClientInfoException {
    checkClientInfo();
    if (value == null) {
      clientInfo.remove(name);
    } else {
      clientInfo.setProperty(name, value);
    }
    counted(SessionSetting.CLIENT_INFO);
  }

  @Override
  public void setClientInfo(Properties properties) throws SQLClientInfoException {
    checkClientInfo();
    clientInfo.clear();
    clientInfo.putAll(properties);
    counted(SessionSetting.CLIENT_INFO);
  }

  private void checkClientInfo() throws SQLClientInfoException {
    try {
      checkUsable();
    } catch (SQLException e) {
      throw new SQLClientInfoException(e.getMessage(), e.getSQLState(),
          Map.<String, ClientInfoStatus>of(), e);
    }
  }

  @Override
  public String getClientInfo(String name) throws SQLException {
    checkUsable();
    return clientInfo.getProperty(name);
  }

  @Override
  public Properties getClientInfo() throws SQLException {
    checkUsable();
    Properties copy = new Properties();
    copy.putAll(clientInfo);
    return copy;
  }

  @Override
  public void setSchema(String newSchema) throws SQLException {
    checkUsable();
    schema = newSchema;
    counted(SessionSetting.SCHEMA);
  }

  @Override
  public String getSchema() throws SQLException {
    checkUsable();
    return schema;
  }

  @Override
  public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
    checkUsable();
    if (milliseconds < 0) {
      throw new SQLException("stub: network timeout was " + milliseconds + " but must be >= 0");
    }
    networkTimeoutMillis = milliseconds;
    counted(SessionSetting.NETWORK_TIMEOUT);
  }

  @Override
  public int getNetworkTimeout() throws SQLException {
    checkUsable();
    return networkTimeoutMillis;
  }

  private void counted(SessionSetting setting) {
    setterCalls.get(setting).incrementAndGet();
    database.setterCalled(setting);
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

  /** A savepoint; remembers its connection so a foreign one is rejected. */
  private static final class StubSavepoint implements Savepoint {
    final StubConnection owner;
    private final int id;
    private final String name;

    StubSavepoint(StubConnection owner, int id, String name) {
      this.owner = owner;
      this.id = id;
      this.name = name;
    }

    @Override
    public int getSavepointId() throws SQLException {
      if (name != null) throw new SQLException("stub: a named savepoint has no id");
      return id;
    }

    @Override
    public String getSavepointName() throws SQLException {
      if (name == null) throw new SQLException("stub: an unnamed savepoint has no name");
      return name;
    }
  }
}
