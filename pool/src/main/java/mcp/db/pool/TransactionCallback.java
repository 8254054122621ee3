package mcp.db.pool;

import java.sql.SQLException;

/**
 * The unit of work of {@link DatabasePool#inTransaction(TransactionCallback)}: it runs with a
 * session whose transaction is committed when it returns and rolled back when it throws.
 *
 * <p>The callback may run more than once: when the database reports a transient failure (see
 * {@link RetryPolicy}) the whole callback is called again on a fresh session. It should therefore
 * do nothing outside the database that must not happen twice, or do it only after
 * {@code inTransaction} returns.
 *
 * @param <T> the type of the callback's result
 */
@FunctionalInterface
public interface TransactionCallback<T> {

  /**
   * Does the unit of work.
   *
   * @param session the transaction's session; valid only until the callback returns. Do not call
   *     {@link Session#commit()}, {@link Session#rollback()} or {@link Session#close()} on it: the
   *     pool ends the transaction.
   * @return the value {@code inTransaction} returns once the transaction has committed
   * @throws SQLException to roll back; it is retried when it is transient. Wrap other checked
   *     exceptions in an unchecked one: they roll back and are rethrown unchanged, never retried.
   */
  T apply(Session session) throws SQLException;
}
