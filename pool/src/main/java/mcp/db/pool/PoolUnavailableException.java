package mcp.db.pool;

import java.sql.SQLTransientConnectionException;

/**
 * Thrown at once by {@link DatabasePool#getConnection()} while the pool's circuit breaker is open
 * (setting {@code circuitBreaker}): connection attempts keep failing and no connection is idle, so
 * waiting poolTimeout would not help. The {@linkplain #getCause() cause} is the last connection
 * error. SQLState {@code 08001}. The pool keeps probing the database and closes the breaker on the
 * first successful connection.
 */
public class PoolUnavailableException extends SQLTransientConnectionException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what is wrong, already redacted
   * @param cause the last connection error, or {@code null}
   */
  public PoolUnavailableException(String message, Throwable cause) {
    super(message, "08001", cause);
  }
}
