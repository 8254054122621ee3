package mcp.db.pool;

/**
 * Thrown by {@link DatabasePoolBuilder#build()} when the pool cannot open its first connection
 * within {@code initializationFailTimeout}. The message carries the database's (or driver's) own
 * error, with any password redacted; the {@linkplain #getCause() cause} is the driver's exception.
 */
public class PoolInitializationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what failed, already redacted
   * @param cause the driver's exception
   */
  public PoolInitializationException(String message, Throwable cause) {
    super(message, cause);
  }
}
