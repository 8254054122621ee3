package mcp.db.pool.internal.proxy;

/**
 * The session state a borrower finds on a fresh borrow, and that the proxy restores on return when
 * the borrower changed it.
 *
 * @param autoCommit auto-commit state
 * @param readOnly read-only state
 * @param transactionIsolation a {@code Connection.TRANSACTION_*} level
 * @param catalog catalog, or {@code null} when the driver reports none
 * @param schema schema, or {@code null} when the driver reports none
 * @param networkTimeoutMillis the driver's network timeout ({@code 0} = none)
 */
public record ConnectionDefaults(boolean autoCommit, boolean readOnly, int transactionIsolation,
    String catalog, String schema, int networkTimeoutMillis) {}
