package mcp.db.pool;

import java.sql.SQLTransientConnectionException;

/**
 * Thrown by {@link DatabasePool#getConnection()} when no connection became available within
 * {@code poolTimeout}. The message gives the pool's name, the timeout and the pool's counts at that
 * moment (size, in use, idle, overflow, waiting), and, when connection attempts are failing, the
 * last connection error, which is also the {@linkplain #getCause() cause}.
 *
 * <p>Its SQLState is {@code HYT00} ("timeout expired"): the pool is busy, the connection is not
 * broken, so it is not a reason to discard anything.
 */
public class PoolTimeoutException extends SQLTransientConnectionException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message the full message (with counts, already redacted)
   * @param cause the last connection error, or {@code null}
   */
  public PoolTimeoutException(String message, Throwable cause) {
    super(message, "HYT00", cause);
  }
}
