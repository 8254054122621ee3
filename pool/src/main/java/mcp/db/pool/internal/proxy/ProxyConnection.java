package mcp.db.pool.internal.proxy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.ShardingKey;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * The {@link Connection} a borrower holds for one borrow. The pool creates one per borrow around
 * the entry's {@link ConnectionLease}; it delegates every call to the physical connection and adds
 * four things.
 *
 * <ol>
 *   <li><b>Errors reach the pool.</b> Every {@link SQLException} the driver throws through this
 *       connection or through any statement, result set or metadata object obtained from it
 *       passes through {@link ConnectionLease#inspect} before it is rethrown, so a fatal one marks
 *       the connection broken. Only while the proxy is open: see 4.
 *   <li><b>Handles lead back here.</b> Statements, their result sets and the database metadata
 *       are wrapped ({@link ProxyStatement}, {@link ProxyPreparedStatement},
 *       {@link ProxyCallableStatement}, {@link ProxyResultSet}, {@link ProxyDatabaseMetaData}) so
 *       that their {@code getConnection()} and {@code getStatement()} answer the proxies, never
 *       the driver's objects: a borrower cannot reach the physical connection and close it behind
 *       the pool's back, except on purpose through {@link #unwrap}.
 *   <li><b>Close restores the connection.</b> Two small pieces of state record what the borrower
 *       did. The {@code dirty} bits record which session settings it changed (auto-commit,
 *       isolation, read-only, catalog, schema, network timeout; a setter sets its bit before
 *       calling the driver, since after a failure the state is unknown) and whether a transaction
 *       may be open (set by anything that executes SQL or sets a savepoint, and by leaving
 *       auto-commit; cleared by {@code commit()}/{@code rollback()}). The open statements are kept
 *       in an array created on the first statement, grown by doubling, and searched from the tail
 *       on removal because statements are usually closed newest first. The first {@link #close()}
 *       closes the statements left open, rolls back when not in auto-commit and a transaction may
 *       be open, restores only the settings whose bit is set (to
 *       {@link ConnectionLease#defaults()}), clears the warnings, and releases the lease, in that
 *       order; see its javadoc for what happens when one of these steps fails.
 *   <li><b>A closed proxy is inert.</b> Closing switches {@code delegate} to the shared
 *       {@link ClosedConnection}, whose methods throw "Connection is closed", instead of a closed
 *       check in every method. From then on the proxy never calls its lease again, not even
 *       {@code inspect}: the physical connection may already be lent to someone else, and a stale
 *       handle must not mark it broken. Statements, result sets and metadata report their errors
 *       through {@link #inspect(SQLException)} here, which applies the same rule.
 * </ol>
 *
 * <p><b>Threads.</b> By JDBC convention a connection is used by one thread at a time, so the
 * fields are plain and no method locks (a lock around a blocking driver call would also pin a
 * virtual thread). Two methods may be called from another thread: {@link #abort} by design and
 * {@code Statement.cancel()} in practice. The open/closed {@code state} is therefore changed only
 * by a compare-and-set, so that {@code close()} and {@code abort()} racing each other release the
 * lease exactly once. Errors from the borrower's thread that were already in flight when another
 * thread aborted may still reach {@link ConnectionLease#inspect}; that race is benign because an
 * aborted connection has been marked broken and is never lent again.
 *
 * <p>The constructor only stores references: it runs on every borrow.
 */
public final class ProxyConnection implements Connection {
  // Bits of `dirty`: the session settings the borrower changed...
  private static final int AUTO_COMMIT = 1;
  private static final int TRANSACTION_ISOLATION = 1 << 1;
  private static final int READ_ONLY = 1 << 2;
  private static final int CATALOG = 1 << 3;
  private static final int SCHEMA = 1 << 4;
  private static final int NETWORK_TIMEOUT = 1 << 5;
  private static final int SESSION_SETTINGS =
      AUTO_COMMIT | TRANSACTION_ISOLATION | READ_ONLY | CATALOG | SCHEMA | NETWORK_TIMEOUT;
  // ...and whether a transaction may be open.
  private static final int TRANSACTION = 1 << 6;

  // Values of `state`.
  private static final int OPEN = 0;
  private static final int CLOSED = 1;

  /** Room for this many statements when the first one is created; doubled when full. */
  private static final int INITIAL_STATEMENT_CAPACITY = 8;

  /**
   * Runs the driver's network-timeout change in the calling thread. Restoring the timeout on
   * close needs an executor; some drivers run the change through it, and waiting for it in the
   * closing thread is what close needs anyway.
   */
  private static final Executor IN_CALLING_THREAD = Runnable::run;

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(ProxyConnection.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final ConnectionLease lease;
  // The physical connection is lease.physical(): no field of its own, which keeps this wrapper at
  // 40 bytes, allocated once per borrow.

  /** The lease's physical connection while open, {@link ClosedConnection#INSTANCE} once closed. */
  private Connection delegate;

  /** {@link #OPEN} or {@link #CLOSED}; moved only by compare-and-set, see the class comment. */
  private int state;

  /** The setting bits and the transaction bit described in the class comment. */
  private int dirty;

  /** Statements not yet closed; {@code null} until the first one is created. */
  /**
   * The one open statement while there is at most one (the usual case: no array is allocated);
   * {@code null} once {@link #openStatements} is in use.
   */
  private ProxyStatement soleStatement;
  private ProxyStatement[] openStatements;
  private int openStatementCount;

  /**
   * Wraps the lease's physical connection for one borrow. The physical connection must be in the
   * state {@link ConnectionLease#defaults()} describes.
   */
  public ProxyConnection(ConnectionLease lease) {
    this.lease = lease;
    this.delegate = lease.physical();
  }

  // ---- Closing ----

  /**
   * Gives the connection back to the pool. The first call closes the statements (and with them
   * their result sets) the borrower left open, rolls back when not in auto-commit and a
   * transaction may be open, restores the session settings the borrower changed to the pool's
   * defaults, clears the warnings and releases the connection to the pool. Later calls do
   * nothing. The physical connection is released in every case, exactly once.
   *
   * <p>If the lease is already marked broken, only the statements are closed: the pool will close
   * the physical connection anyway, and talking to a dead server could block. Any failure while
   * cleaning up also marks the connection broken, because its state is then unknown; it will not
   * be lent again.
   *
   * @throws SQLException when rolling back or restoring a setting failed. The connection has then
   *     already been released (as broken); the exception is only information for the caller.
   *     Failures to close a left-open statement are not thrown: they were the caller's statements
   *     to close, and the connection is discarded anyway.
   */
  @Override
  public void close() throws SQLException {
    if (!STATE.compareAndSet(this, OPEN, CLOSED)) return;
    SQLException failure = null;
    try {
      closeOpenStatements();
      if (!lease.isBroken()) failure = restoreSession();
    } finally {
      delegate = ClosedConnection.INSTANCE;
      lease.release();
    }
    if (failure != null) throw failure;
  }

  /**
   * Whether this handle is closed, by {@link #close()} or {@link #abort}; says nothing about the
   * physical connection.
   */
  @Override
  public boolean isClosed() {
    return (int) STATE.get(this) != OPEN;
  }

  /**
   * Ends this borrow without cleaning up and has the physical connection discarded: it is marked
   * broken, then aborted through the driver (which is what unblocks a thread stuck in a call on
   * it), then released. Meant to be called from another thread; a no-op when the handle is
   * already closed, or when the owning thread is closing it at the same moment.
   *
   * @throws SQLException if {@code executor} is null, or when the driver's {@code abort} fails;
   *     in the latter case the connection has been released anyway
   */
  @Override
  public void abort(Executor executor) throws SQLException {
    if (isClosed()) return;
    if (executor == null) throw new SQLException("abort needs an executor, got null", "HY009");
    if (!STATE.compareAndSet(this, OPEN, CLOSED)) return;
    SQLException failure = null;
    try {
      lease.markAborted();
      lease.physical().abort(executor);
    } catch (SQLException e) {
      failure = e;
    } finally {
      delegate = ClosedConnection.INSTANCE;
      lease.release();
    }
    if (failure != null) throw failure;
  }

  /**
   * Closes the statements the borrower left open. Their failures go to the lease; any failure
   * marks the connection broken, since a statement that would not close might still be usable on
   * a connection lent to someone else.
   */
  private void closeOpenStatements() {
    ProxyStatement sole = soleStatement;
    ProxyStatement[] open = openStatements;
    int count = openStatementCount;
    if (sole != null) {
      open = new ProxyStatement[] {sole};
      count = 1;
    }
    soleStatement = null;
    openStatements = null;
    openStatementCount = 0;
    Exception failure = null;
    for (int i = count - 1; i >= 0; i--) {
      try {
        open[i].closeForConnection();
      } catch (SQLException e) {
        lease.inspect(e);
        if (failure == null) failure = e;
      } catch (RuntimeException e) {
        if (failure == null) failure = e;
      }
    }
    if (failure != null) markBroken("a statement left open could not be closed", failure);
  }

  /**
   * The middle of closing: roll back, restore the changed settings, clear the warnings. The first
   * failure stops the sequence (the connection will be discarded, so there is no point going on),
   * goes to the lease, marks the connection broken and is returned.
   */
  private SQLException restoreSession() {
    Connection c = lease.physical();
    int changed = dirty;
    try {
      if ((changed & TRANSACTION) != 0 && !autoCommitAtClose(changed)) c.rollback();
      if ((changed & SESSION_SETTINGS) != 0) {
        // Auto-commit first: the isolation and read-only setters of some drivers refuse to run in
        // the middle of a transaction. Rolling back above already ended the borrower's.
        ConnectionDefaults defaults = lease.defaults();
        if ((changed & AUTO_COMMIT) != 0) c.setAutoCommit(defaults.autoCommit());
        if ((changed & TRANSACTION_ISOLATION) != 0) {
          c.setTransactionIsolation(defaults.transactionIsolation());
        }
        if ((changed & READ_ONLY) != 0) c.setReadOnly(defaults.readOnly());
        if ((changed & CATALOG) != 0) c.setCatalog(defaults.catalog());
        if ((changed & SCHEMA) != 0) c.setSchema(defaults.schema());
        if ((changed & NETWORK_TIMEOUT) != 0) {
          c.setNetworkTimeout(IN_CALLING_THREAD, defaults.networkTimeoutMillis());
        }
        // Restoring the catalog or schema may run SQL (PostgreSQL: SET search_path). Outside
        // auto-commit that opened a transaction holding the restored value: commit it, or the next
        // borrower's first rollback would undo the reset. The borrower's own work was rolled back
        // above, so only the reset is committed.
        if ((changed & (CATALOG | SCHEMA)) != 0 && !c.getAutoCommit()) c.commit();
      }
      c.clearWarnings();
      return null;
    } catch (SQLException e) {
      lease.inspect(e);
      markBroken("the connection's session state could not be restored", e);
      return e;
    } catch (RuntimeException e) {
      SQLException failure =
          new SQLException("the connection's session state could not be restored", e);
      markBroken(failure.getMessage(), e);
      return failure;
    }
  }

  /** Auto-commit as the borrower left it: asked only if the borrower changed it. */
  private boolean autoCommitAtClose(int changed) throws SQLException {
    return (changed & AUTO_COMMIT) != 0 ? lease.physical().getAutoCommit() : lease.defaults().autoCommit();
  }

  /**
   * Has the connection discarded when it comes back. The lease has no direct way to say so, so
   * this hands {@code inspect} an exception every rule table treats as fatal; skipped when an
   * earlier {@code inspect} already marked it.
   */
  private void markBroken(String reason, Throwable cause) {
    if (!lease.isBroken()) {
      lease.inspect(new SQLNonTransientConnectionException(reason, "08000", cause));
    }
  }

  // ---- For the statement, result set and metadata wrappers ----

  /**
   * Hands a driver exception to the lease while this proxy is open, and returns it for the caller
   * to rethrow. Once closed the lease is not told (see the class comment). Runs only after the
   * driver has thrown, so the acquire read costs nothing on the normal path, and makes the check
   * see a close done by another thread's {@code abort}.
   */
  SQLException inspect(SQLException e) {
    if ((int) STATE.getAcquire(this) == OPEN) lease.inspect(e);
    return e;
  }

  /** Throws "Connection is closed" once this proxy is closed; for the metadata wrapper. */
  void checkOpen() throws SQLException {
    if (isClosed()) throw ClosedConnection.closedException();
  }

  /** Records that a transaction may be open; any statement execution calls this first. */
  void markTransactionDirty() {
    dirty |= TRANSACTION;
  }

  private Statement wrapStatement(Statement statement) {
    return track(new ProxyStatement(this, statement));
  }

  private PreparedStatement wrapPrepared(PreparedStatement statement) {
    return track(new ProxyPreparedStatement(this, statement));
  }

  private CallableStatement wrapCallable(CallableStatement statement) {
    return track(new ProxyCallableStatement(this, statement));
  }

  /** Remembers a statement so that {@link #close()} can close it if the borrower does not. */
  private <S extends ProxyStatement> S track(S statement) {
    ProxyStatement[] open = openStatements;
    if (open == null) {
      if (soleStatement == null) {
        soleStatement = statement;
        return statement;
      }
      open = new ProxyStatement[INITIAL_STATEMENT_CAPACITY];
      open[0] = soleStatement;
      openStatementCount = 1;
      soleStatement = null;
      openStatements = open;
    } else if (openStatementCount == open.length) {
      open = Arrays.copyOf(open, open.length * 2);
      openStatements = open;
    }
    open[openStatementCount++] = statement;
    return statement;
  }

  /**
   * Forgets a statement the borrower closed. Searches from the newest, the usual one.
   *
   * @return false when the statement was not open (closed before, or by this connection's close)
   */
  boolean untrack(ProxyStatement statement) {
    if (soleStatement == statement) {
      soleStatement = null;
      return true;
    }
    ProxyStatement[] open = openStatements;
    if (open == null) {
      return false;
    }
    for (int i = openStatementCount - 1; i >= 0; i--) {
      if (open[i] == statement) {
        int last = --openStatementCount;
        System.arraycopy(open, i + 1, open, i, last - i);
        open[last] = null;
        return true;
      }
    }
    return false;
  }

  /** How many statements are open; for tests. */
  int openStatementCount() {
    return soleStatement != null ? 1 : openStatementCount;
  }

  // ---- Wrapper ----

  /**
   * Returns this proxy when it implements {@code iface}, else the driver's connection (or what the
   * driver's own {@code unwrap} returns). Code that unwraps takes over the responsibility the
   * proxy has for the physical connection: it must not close it or keep it past this borrow.
   */
  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) return iface.cast(this);
    Connection d = delegate;
    try {
      return iface.isInstance(d) ? iface.cast(d) : d.unwrap(iface);
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    if (iface.isInstance(this)) return true;
    Connection d = delegate;
    try {
      return iface.isInstance(d) || d.isWrapperFor(iface);
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  /**
   * Names the driver's connection class and identity, and whether this handle is closed. Never
   * the driver's own {@code toString()}, which for some drivers includes the URL and so possibly
   * a password.
   */
  @Override
  public String toString() {
    return "Pooled(" + lease.physical().getClass().getSimpleName() + "@"
        + Integer.toHexString(System.identityHashCode(lease.physical())) + (isClosed() ? ", closed)" : ")");
  }

  // ---- Everything else delegates ----

  @Override
  public Statement createStatement() throws SQLException {
    try {
      return wrapStatement(delegate.createStatement());
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public PreparedStatement prepareStatement(String sql) throws SQLException {
    try {
      return wrapPrepared(delegate.prepareStatement(sql));
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public CallableStatement prepareCall(String sql) throws SQLException {
    try {
      return wrapCallable(delegate.prepareCall(sql));
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public String nativeSQL(String sql) throws SQLException {
    try {
      return delegate.nativeSQL(sql);
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public void setAutoCommit(boolean autoCommit) throws SQLException {
    // Leaving auto-commit may begin a transaction: some drivers send BEGIN right away.
    dirty |= autoCommit ? AUTO_COMMIT : AUTO_COMMIT | TRANSACTION;
    try {
      delegate.setAutoCommit(autoCommit);
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public boolean getAutoCommit() throws SQLException {
    try {
      return delegate.getAutoCommit();
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public void commit() throws SQLException {
    try {
      delegate.commit();
      dirty &= ~TRANSACTION; // only on success: after a failed commit the outcome is unknown
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public void rollback() throws SQLException {
    try {
      delegate.rollback();
      dirty &= ~TRANSACTION;
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public DatabaseMetaData getMetaData() throws SQLException {
    try {
      return new ProxyDatabaseMetaData(this, delegate.getMetaData());
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public void setReadOnly(boolean readOnly) throws SQLException {
    dirty |= READ_ONLY;
    try {
      delegate.setReadOnly(readOnly);
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    try {
      return delegate.isReadOnly();
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public void setCatalog(String catalog) throws SQLException {
    dirty |= CATALOG | TRANSACTION; // some drivers run SQL for it, which opens a transaction
    try {
      delegate.setCatalog(catalog);
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public String getCatalog() throws SQLException {
    try {
      return delegate.getCatalog();
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public void setTransactionIsolation(int level) throws SQLException {
    dirty |= TRANSACTION_ISOLATION;
    try {
      delegate.setTransactionIsolation(level);
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public int getTransactionIsolation() throws SQLException {
    try {
      return delegate.getTransactionIsolation();
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    try {
      return delegate.getWarnings();
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public void clearWarnings() throws SQLException {
    try {
      delegate.clearWarnings();
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency)
      throws SQLException {
    try {
      return wrapStatement(delegate.createStatement(resultSetType, resultSetConcurrency));
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
      throws SQLException {
    try {
      return wrapPrepared(delegate.prepareStatement(sql, resultSetType, resultSetConcurrency));
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
      throws SQLException {
    try {
      return wrapCallable(delegate.prepareCall(sql, resultSetType, resultSetConcurrency));
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public Map<String, Class<?>> getTypeMap() throws SQLException {
    try {
      return delegate.getTypeMap();
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
    try {
      delegate.setTypeMap(map);
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public void setHoldability(int holdability) throws SQLException {
    try {
      delegate.setHoldability(holdability);
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public int getHoldability() throws SQLException {
    try {
      return delegate.getHoldability();
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public Savepoint setSavepoint() throws SQLException {
    dirty |= TRANSACTION;
    try {
      return delegate.setSavepoint();
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public Savepoint setSavepoint(String name) throws SQLException {
    dirty |= TRANSACTION;
    try {
      return delegate.setSavepoint(name);
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public void rollback(Savepoint savepoint) throws SQLException {
    try {
      delegate.rollback(savepoint);
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public void releaseSavepoint(Savepoint savepoint) throws SQLException {
    try {
      delegate.releaseSavepoint(savepoint);
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency,
      int resultSetHoldability) throws SQLException {
    try {
      return wrapStatement(delegate.createStatement(resultSetType, resultSetConcurrency,
          resultSetHoldability));
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
      int resultSetHoldability) throws SQLException {
    try {
      return wrapPrepared(delegate.prepareStatement(sql, resultSetType, resultSetConcurrency,
          resultSetHoldability));
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
      int resultSetHoldability) throws SQLException {
    try {
      return wrapCallable(delegate.prepareCall(sql, resultSetType, resultSetConcurrency,
          resultSetHoldability));
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
    try {
      return wrapPrepared(delegate.prepareStatement(sql, autoGeneratedKeys));
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
    try {
      return wrapPrepared(delegate.prepareStatement(sql, columnIndexes));
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
    try {
      return wrapPrepared(delegate.prepareStatement(sql, columnNames));
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public Clob createClob() throws SQLException {
    try {
      return delegate.createClob();
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public Blob createBlob() throws SQLException {
    try {
      return delegate.createBlob();
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public NClob createNClob() throws SQLException {
    try {
      return delegate.createNClob();
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public SQLXML createSQLXML() throws SQLException {
    try {
      return delegate.createSQLXML();
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public boolean isValid(int timeout) throws SQLException {
    try {
      return delegate.isValid(timeout);
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public void setClientInfo(String name, String value) throws SQLClientInfoException {
    try {
      delegate.setClientInfo(name, value);
    } catch (SQLClientInfoException e) {
      inspect(e);
      throw e;
    }
  }

  @Override
  public void setClientInfo(Properties properties) throws SQLClientInfoException {
    try {
      delegate.setClientInfo(properties);
    } catch (SQLClientInfoException e) {
      inspect(e);
      throw e;
    }
  }

  @Override
  public String getClientInfo(String name) throws SQLException {
    try {
      return delegate.getClientInfo(name);
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public Properties getClientInfo() throws SQLException {
    try {
      return delegate.getClientInfo();
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
    // The driver may look the type up with a query, which outside auto-commit begins a
    // transaction.
    dirty |= TRANSACTION;
    try {
      return delegate.createArrayOf(typeName, elements);
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
    dirty |= TRANSACTION; // may look the type up, as createArrayOf does
    try {
      return delegate.createStruct(typeName, attributes);
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public void setSchema(String schema) throws SQLException {
    dirty |= SCHEMA | TRANSACTION; // PostgreSQL runs SET search_path, which opens a transaction
    try {
      delegate.setSchema(schema);
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public String getSchema() throws SQLException {
    try {
      return delegate.getSchema();
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
    dirty |= NETWORK_TIMEOUT;
    try {
      delegate.setNetworkTimeout(executor, milliseconds);
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public int getNetworkTimeout() throws SQLException {
    try {
      return delegate.getNetworkTimeout();
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public boolean setShardingKeyIfValid(ShardingKey shardingKey, ShardingKey superShardingKey,
      int timeout) throws SQLException {
    try {
      return delegate.setShardingKeyIfValid(shardingKey, superShardingKey, timeout);
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public boolean setShardingKeyIfValid(ShardingKey shardingKey, int timeout) throws SQLException {
    try {
      return delegate.setShardingKeyIfValid(shardingKey, timeout);
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public void setShardingKey(ShardingKey shardingKey, ShardingKey superShardingKey)
      throws SQLException {
    try {
      delegate.setShardingKey(shardingKey, superShardingKey);
    } catch (SQLException e) {
      throw inspect(e);
    }
  }

  @Override
  public void setShardingKey(ShardingKey shardingKey) throws SQLException {
    try {
      delegate.setShardingKey(shardingKey);
    } catch (SQLException e) {
      throw inspect(e);
    }
  }
}
