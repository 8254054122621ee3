package mcp.db.pool;

import java.sql.SQLException;

/**
 * Thrown by {@code inTransaction} and {@code useTransaction} when {@code COMMIT} failed in a way
 * that leaves its outcome unknown: the connection broke (or timed out) while the commit was being
 * sent or answered, so the server may have committed the transaction or may have rolled it back,
 * and the client cannot tell which. Such a failure is never retried, because running the work again
 * could apply it twice.
 *
 * <p>Its SQLState is {@code 08007}, the SQL standard's "transaction resolution unknown"; the
 * {@linkplain #getCause() cause} is the driver's exception. To recover, check in the database
 * whether the work is there (for example by a unique key the transaction wrote) before doing it
 * again.
 */
public class TransactionOutcomeUnknownException extends SQLException {
  private static final long serialVersionUID = 1L;

  /** @param cause the exception {@code Connection.commit()} threw */
  public TransactionOutcomeUnknownException(Throwable cause) {
    super("The outcome of COMMIT is unknown: the transaction may or may not have been committed"
        + " (commit failed: " + cause + "). It was not retried; check the database before doing"
        + " the work again.", "08007", cause);
  }
}
