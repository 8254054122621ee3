package mcp.db.pool.testkit;

/**
 * The session settings a {@link StubConnection} records, each with a count of how often its setter was
 * called, so a test can check that a pool resets only what a borrower changed.
 */
public enum SessionSetting {
  /** {@link java.sql.Connection#setAutoCommit(boolean)}. */
  AUTO_COMMIT,
  /** {@link java.sql.Connection#setReadOnly(boolean)}. */
  READ_ONLY,
  /** {@link java.sql.Connection#setTransactionIsolation(int)}. */
  TRANSACTION_ISOLATION,
  /** {@link java.sql.Connection#setCatalog(String)}. */
  CATALOG,
  /** {@link java.sql.Connection#setSchema(String)}. */
  SCHEMA,
  /** {@link java.sql.Connection#setNetworkTimeout(java.util.concurrent.Executor, int)}. */
  NETWORK_TIMEOUT,
  /** {@link java.sql.Connection#setHoldability(int)}. */
  HOLDABILITY,
  /** Either {@code Connection.setClientInfo} method. */
  CLIENT_INFO,
  /** {@link java.sql.Connection#setTypeMap(java.util.Map)}. */
  TYPE_MAP
}
