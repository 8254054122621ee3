package mcp.db.pool.internal.session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import mcp.db.pool.QueryResult;
import mcp.db.pool.RowMapper;
import mcp.db.pool.Session;
import mcp.db.pool.SessionClosedException;
import mcp.db.pool.TransactionOptions;
import mcp.db.pool.internal.errors.SqlErrorRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Session} behind {@code DatabasePool.getSession()} and the transaction callbacks.
 *
 * <p>Design: all mutable state is guarded by one {@link ReentrantLock}, held for the whole of each
 * public method, so a session shared by several threads runs their calls one after the other and
 * its connection is never used by two threads at once. It is a lock rather than
 * {@code synchronized} because the methods block on I/O and may run on virtual threads. Every
 * method checks {@code closed} under the lock, so once {@link #close()} has run (it takes the lock
 * too) no call can reach the connection, which by then may belong to someone else.
 *
 * <p>States: no connection yet; connection borrowed with or without a transaction in progress
 * ({@code transactionActive}); closed. A transaction is "in progress" from the first statement
 * after a borrow, commit or rollback; when {@link #connection()} has handed out the raw connection
 * the session can no longer see what runs on it and treats a transaction as always in progress.
 *
 * <p>A <em>managed</em> session belongs to {@link Sessions#inTransaction}: its callback may not
 * commit, roll back or close it, because the retry loop must know that nothing was committed
 * before the callback returned.
 */
final class PooledSession implements Session {
  private static final Logger log = LoggerFactory.getLogger(PooledSession.class);
  /** SQLState "invalid transaction termination". */
  private static final String INVALID_TRANSACTION_TERMINATION = "2D000";
  private static final Executor RUN_IN_CALLER = Runnable::run;

  private final DataSource source;
  private final TransactionOptions options;
  private final SqlErrorRules rules;
  private final boolean managed;
  private final ReentrantLock lock = new ReentrantLock();

  /** The borrowed connection, or null before the first use and after close. Guarded by lock. */
  private Connection connection;
  /** Whether anything ran since the last borrow, commit or rollback. Guarded by lock. */
  private boolean transactionActive;
  /** Whether connection() handed out the connection. Guarded by lock. */
  private boolean rawAccess;
  /** Whether borrowing the connection failed. Guarded by lock. */
  private boolean borrowFailed;
  /** Written under lock; read without it by isClosed(). */
  private volatile boolean closed;

  PooledSession(DataSource source, TransactionOptions options, SqlErrorRules rules,
      boolean managed) {
    this.source = source;
    this.options = options;
    this.rules = rules;
    this.managed = managed;
  }

  // ---- Statements ------------------------------------------------------------------------------

  @Override
  public QueryResult execute(String sql, Object... params) throws SQLException {
    lock.lock();
    try (PreparedStatement statement = prepare(sql, params)) {
      if (!statement.execute()) {
        return QueryResult.ofUpdateCount(Math.max(0, statement.getUpdateCount()));
      }
      try (ResultSet rs = statement.getResultSet()) {
        ResultSetMetaData meta = rs.getMetaData();
        int count = meta.getColumnCount();
        List<String> columns = new ArrayList<>(count);
        for (int c = 1; c <= count; c++) columns.add(meta.getColumnLabel(c));
        List<List<Object>> rows = new ArrayList<>();
        while (rs.next()) {
          Object[] row = new Object[count];
          for (int c = 1; c <= count; c++) row[c - 1] = rs.getObject(c);
          rows.add(Arrays.asList(row));
        }
        return QueryResult.ofRows(columns, rows);
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params)
      throws SQLException {
    Objects.requireNonNull(mapper, "mapper");
    lock.lock();
    try (PreparedStatement statement = prepare(sql, params);
        ResultSet rs = statement.executeQuery()) {
      List<T> mapped = new ArrayList<>();
      while (rs.next()) mapped.add(mapper.map(rs));
      return mapped;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public <T> T queryOne(String sql, RowMapper<T> mapper, Object... params) throws SQLException {
    Objects.requireNonNull(mapper, "mapper");
    lock.lock();
    try (PreparedStatement statement = prepare(sql, params);
        ResultSet rs = statement.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("queryOne expected exactly one row but the query returned none: "
            + sql, "02000");
      }
      T value = mapper.map(rs);
      if (rs.next()) throw tooManyRows("queryOne expected exactly one row", sql);
      return value;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public <T> Optional<T> queryOptional(String sql, RowMapper<T> mapper, Object... params)
      throws SQLException {
    Objects.requireNonNull(mapper, "mapper");
    lock.lock();
    try (PreparedStatement statement = prepare(sql, params);
        ResultSet rs = statement.executeQuery()) {
      if (!rs.next()) return Optional.empty();
      T value = mapper.map(rs);
      if (rs.next()) throw tooManyRows("queryOptional expected at most one row", sql);
      return Optional.ofNullable(value);
    } finally {
      lock.unlock();
    }
  }

  private static SQLException tooManyRows(String expected, String sql) {
    return new SQLException(expected + " but the query returned more: " + sql, "21000");
  }

  @Override
  public int update(String sql, Object... params) throws SQLException {
    lock.lock();
    try (PreparedStatement statement = prepare(sql, params)) {
      return statement.executeUpdate();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int[] batch(String sql, List<Object[]> rows) throws SQLException {
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(rows, "rows");
    lock.lock();
    try (PreparedStatement statement = startStatement().prepareStatement(sql)) {
      for (Object[] row : rows) {
        bind(statement, row);
        statement.addBatch();
      }
      return rows.isEmpty() ? new int[0] : statement.executeBatch();
    } finally {
      lock.unlock();
    }
  }

  /** Must hold the lock. The statement belongs to the caller, which closes it. */
  private PreparedStatement prepare(String sql, Object[] params) throws SQLException {
    Objects.requireNonNull(sql, "sql");
    PreparedStatement statement = startStatement().prepareStatement(sql);
    try {
      bind(statement, params);
    } catch (SQLException | RuntimeException e) {
      closeAfterFailure(statement, e);
      throw e;
    }
    return statement;
  }

  private static void bind(PreparedStatement statement, Object[] params) throws SQLException {
    if (params == null) return;
    for (int i = 0; i < params.length; i++) {
      statement.setObject(i + 1, params[i]);
    }
  }

  private static void closeAfterFailure(AutoCloseable resource, Throwable failure) {
    try {
      resource.close();
    } catch (Exception e) {
      failure.addSuppressed(e);
    }
  }

  // ---- Connection and transaction --------------------------------------------------------------

  @Override
  public Connection connection() throws SQLException {
    lock.lock();
    try {
      Connection c = startStatement();
      rawAccess = true;
      return c;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void commit() throws SQLException {
    lock.lock();
    try {
      checkOpen();
      refuseInManagedTransaction("commit()");
      commitTransaction();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Commits for {@link Sessions#inTransaction} once the callback returned. Throws whatever
   * {@code Connection.commit()} threw, unchanged, so the caller can tell what happened.
   */
  void commitManaged() throws SQLException {
    lock.lock();
    try {
      if (closed) {
        throw new SessionClosedException("The transaction callback closed its session, which"
            + " rolled the work back; nothing was committed. Do not close the session of a"
            + " transaction callback.");
      }
      commitTransaction();
    } finally {
      lock.unlock();
    }
  }

  /** Must hold the lock. */
  private void commitTransaction() throws SQLException {
    if (connection == null || !(transactionActive || rawAccess)) return;
    connection.commit();
    transactionActive = false;
  }

  @Override
  public void rollback() throws SQLException {
    lock.lock();
    try {
      checkOpen();
      refuseInManagedTransaction("rollback()");
      if (connection == null || !(transactionActive || rawAccess)) return;
      connection.rollback();
      transactionActive = false;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Savepoint savepoint() throws SQLException {
    lock.lock();
    try {
      return startStatement().setSavepoint();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Savepoint savepoint(String name) throws SQLException {
    Objects.requireNonNull(name, "name");
    lock.lock();
    try {
      return startStatement().setSavepoint(name);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void rollbackTo(Savepoint savepoint) throws SQLException {
    Objects.requireNonNull(savepoint, "savepoint");
    lock.lock();
    try {
      startStatement().rollback(savepoint);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void releaseSavepoint(Savepoint savepoint) throws SQLException {
    Objects.requireNonNull(savepoint, "savepoint");
    lock.lock();
    try {
      startStatement().releaseSavepoint(savepoint);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  /** Whether borrowing a connection failed: such a failure is never retried. */
  boolean borrowFailed() {
    lock.lock();
    try {
      return borrowFailed;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() throws SQLException {
    lock.lock();
    try {
      if (closed) return;
      closed = true;
      Connection c = connection;
      connection = null;
      if (c != null) release(c, transactionActive || rawAccess);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Rolls back and returns the connection. If the rollback fails on a connection that still
   * works, the connection is aborted instead of returned: given back with a transaction still
   * open, it could be committed by whoever resets or borrows it next. A driver that fails the
   * rollback with a {@code RuntimeException} or {@code Error} tells nothing about the
   * transaction, so that connection is aborted too. Whatever the rollback throws, the connection
   * is closed afterwards (a no-op once aborted), so it never stays checked out.
   */
  private void release(Connection c, boolean rollback) throws SQLException {
    Throwable failure = null;
    try {
      if (rollback) c.rollback();
    } catch (SQLException e) {
      if (rules.isFatal(e)) {
        // The pool has seen the fatal error too and will not lend this connection again.
        log.debug("Rollback on close failed on a broken connection; the server discards the"
            + " transaction with it", e);
      } else {
        failure = e;
        abort(c, e);
      }
    } catch (RuntimeException | Error e) {
      failure = e;
      abort(c, e);
    } finally {
      // Also reached by a checked exception a driver threw sneakily, which then propagates.
      try {
        c.close();
      } catch (SQLException | RuntimeException | Error e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure instanceof SQLException) throw (SQLException) failure;
    if (failure instanceof RuntimeException) throw (RuntimeException) failure;
    if (failure instanceof Error) throw (Error) failure;
  }

  private static void abort(Connection c, Throwable reason) {
    try {
      c.abort(RUN_IN_CALLER);
    } catch (SQLException | RuntimeException e) {
      reason.addSuppressed(e);
    }
  }

  /**
   * Must hold the lock. The connection for the next statement, borrowed if the session has none,
   * with the transaction marked as in progress.
   */
  private Connection startStatement() throws SQLException {
    checkOpen();
    Connection c = connection;
    if (c == null) {
      c = borrow();
      connection = c;
    }
    transactionActive = true;
    return c;
  }

  /** Must hold the lock. */
  private Connection borrow() throws SQLException {
    Connection c;
    try {
      c = source.getConnection();
    } catch (SQLException | RuntimeException e) {
      borrowFailed = true;
      throw e;
    }
    try {
      // Isolation and read-only first: some drivers refuse to change them inside a transaction.
      if (options.isolation().isPresent()) {
        c.setTransactionIsolation(options.isolation().get().jdbcLevel());
      }
      if (options.readOnly()) c.setReadOnly(true);
      if (c.getAutoCommit()) c.setAutoCommit(false);
      return c;
    } catch (SQLException | RuntimeException | Error e) {
      closeAfterFailure(c, e);
      throw e;
    }
  }

  /** Must hold the lock. */
  private void checkOpen() throws SessionClosedException {
    if (closed) {
      throw new SessionClosedException(managed
          ? "Session is closed: a transaction callback's session ends when the callback returns"
          : "Session is closed; open a new one with DatabasePool.getSession()");
    }
  }

  private void refuseInManagedTransaction(String method) throws SQLException {
    if (managed) {
      throw new SQLException(method + " is not allowed in a transaction callback: the transaction"
          + " commits when the callback returns and rolls back when it throws",
          INVALID_TRANSACTION_TERMINATION);
    }
  }

  @Override
  public String toString() {
    // Reads without the lock: a snapshot for logs, possibly a little stale.
    if (closed) return "Session[closed]";
    return "Session[open" + (managed ? ", in transaction callback" : "") + ", " + options + "]";
  }
}
