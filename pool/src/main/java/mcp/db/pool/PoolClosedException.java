package mcp.db.pool;

import java.sql.SQLNonTransientConnectionException;

/**
 * Thrown by {@link DatabasePool#getConnection()} once the pool has been closed (SQLState
 * {@code 08003}).
 */
public class PoolClosedException extends SQLNonTransientConnectionException {
  private static final long serialVersionUID = 1L;

  /** @param poolName the closed pool's name */
  public PoolClosedException(String poolName) {
    super("Pool '" + poolName + "' is closed", "08003");
  }
}
