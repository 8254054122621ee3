package mcp.db.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.List;
import java.util.Optional;

/**
 * A unit of work on one pooled connection: every statement runs in one transaction, which
 * {@link #commit()} commits and {@link #close()} rolls back if it was not committed. Use it with
 * try-with-resources:
 *
 * <pre>{@code
 * try (Session session = pool.getSession()) {
 *   session.update("UPDATE account SET balance = balance - ? WHERE id = ?", 100, from);
 *   session.update("UPDATE account SET balance = balance + ? WHERE id = ?", 100, to);
 *   session.commit();
 * } // an exception before commit() leaves no trace: close() rolls back
 * }</pre>
 *
 * <p><b>Connection.</b> The session borrows its connection from the pool on first use (not when
 * it is created), switches auto-commit off, applies the {@link TransactionOptions} it was opened
 * with, and keeps the connection until {@link #close()} gives it back. After {@code commit()} or
 * {@code rollback()} the next statement starts a new transaction on the same connection.
 *
 * <p><b>Statements.</b> Parameters are always bound with {@link java.sql.PreparedStatement#setObject
 * setObject}, never spliced into the SQL text; write {@code ?} placeholders. Every statement and
 * result set a session method opens is closed before the method returns. A {@code params} array of
 * {@code null} means no parameters.
 *
 * <p><b>Threads.</b> A session is meant for one thread at a time, but it is safe to share: each
 * method holds the session's lock while it runs, so calls from several threads run one after the
 * other on the one connection and transaction. Sessions of different threads run fully in
 * parallel. Objects obtained from {@link #connection()} are not covered by that lock.
 *
 * <p><b>Closed sessions.</b> After {@code close()} every method except {@code close()} and
 * {@code isClosed()} throws {@link SessionClosedException}.
 */
public interface Session extends AutoCloseable {

  /**
   * Runs any statement and returns its rows or its update count, ready to read or print.
   *
   * @param sql the statement, with {@code ?} for each parameter
   * @param params the parameter values, in order
   * @return the rows, when the statement produced a result set; otherwise the update count
   * @throws SQLException if the statement fails
   */
  QueryResult execute(String sql, Object... params) throws SQLException;

  /**
   * Runs a query and maps every row.
   *
   * @return the mapped rows in the order the database returned them (possibly empty; elements
   *     may be null if the mapper returns null)
   * @throws SQLException if the query or the mapper fails
   */
  <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) throws SQLException;

  /**
   * Runs a query that must return exactly one row, and maps it.
   *
   * @throws SQLException with SQLState {@code 02000} ("no data") if there is no row, or
   *     {@code 21000} ("cardinality violation") if there is more than one; or if the query or the
   *     mapper fails
   */
  <T> T queryOne(String sql, RowMapper<T> mapper, Object... params) throws SQLException;

  /**
   * Runs a query that returns at most one row, and maps it.
   *
   * @return the mapped row, or empty if there was no row or the mapper returned null
   * @throws SQLException with SQLState {@code 21000} ("cardinality violation") if there is more
   *     than one row; or if the query or the mapper fails
   */
  <T> Optional<T> queryOptional(String sql, RowMapper<T> mapper, Object... params)
      throws SQLException;

  /**
   * Runs an {@code INSERT}, {@code UPDATE}, {@code DELETE} or DDL statement.
   *
   * @return the number of rows changed (0 for DDL)
   * @throws SQLException if the statement fails
   */
  int update(String sql, Object... params) throws SQLException;

  /**
   * Runs one statement for each parameter row, as one JDBC batch.
   *
   * @param rows one array of parameter values for each execution
   * @return the driver's update count for each row (which may be
   *     {@link java.sql.Statement#SUCCESS_NO_INFO})
   * @throws SQLException if the batch fails ({@link java.sql.BatchUpdateException} from most
   *     drivers)
   */
  int[] batch(String sql, List<Object[]> rows) throws SQLException;

  /**
   * The session's connection, for plain JDBC; borrows it if the session has none yet. Its
   * auto-commit is off and its work is part of the session's transaction.
   *
   * <p>The session still owns it: do not close it, do not switch auto-commit on, and do not use it
   * after the session is closed. Statements you create on it are yours to close (the pool closes
   * any that are left when the connection returns).
   *
   * @throws SQLException if borrowing the connection fails
   */
  Connection connection() throws SQLException;

  /**
   * Commits the transaction. The session stays open: the next statement starts a new
   * transaction. Does nothing when nothing ran since the last commit or rollback.
   *
   * @throws SQLException if the commit fails; the transaction is then rolled back, or its outcome
   *     is unknown if the connection broke
   */
  void commit() throws SQLException;

  /**
   * Rolls back the transaction. The session stays open. Does nothing when nothing ran since the
   * last commit or rollback.
   *
   * @throws SQLException if the rollback fails
   */
  void rollback() throws SQLException;

  /**
   * Sets an unnamed savepoint in the current transaction (borrowing the connection if needed).
   *
   * @throws SQLException if the driver or database does not support savepoints
   */
  Savepoint savepoint() throws SQLException;

  /**
   * Sets a named savepoint in the current transaction.
   *
   * @throws SQLException if the driver or database does not support savepoints
   */
  Savepoint savepoint(String name) throws SQLException;

  /**
   * Undoes the work done after {@code savepoint}; the transaction goes on.
   *
   * @throws SQLException if the savepoint is not part of the current transaction
   */
  void rollbackTo(Savepoint savepoint) throws SQLException;

  /**
   * Releases {@code savepoint}; the work done since it stays part of the transaction.
   *
   * @throws SQLException if the savepoint is not part of the current transaction
   */
  void releaseSavepoint(Savepoint savepoint) throws SQLException;

  /** Whether {@link #close()} was called. */
  boolean isClosed();

  /**
   * Rolls back what was not committed and gives the connection back to the pool. Closing a closed
   * session does nothing. If another thread is running a statement on this session, waits for it.
   *
   * @throws SQLException if the rollback fails on a connection that is still usable (the
   *     connection is then aborted rather than returned, so the work cannot be committed later),
   *     or if returning the connection fails. A rollback failing because the connection broke is
   *     not reported: the server discards the transaction with the connection.
   */
  @Override
  void close() throws SQLException;
}
