package mcp.db.pool;

import java.sql.SQLNonTransientConnectionException;

/**
 * Thrown by every {@link Session} method except {@code close()} and {@code isClosed()} once the
 * session is closed (SQLState {@code 08003}, "connection does not exist", as JDBC uses for a
 * closed connection). Open a new session instead; a transaction callback's session closes when the
 * callback returns. {@code inTransaction} never retries this exception.
 */
public class SessionClosedException extends SQLNonTransientConnectionException {
  private static final long serialVersionUID = 1L;

  /** @param message what was closed and what to do instead */
  public SessionClosedException(String message) {
    super(message, "08003");
  }
}
