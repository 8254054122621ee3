/**
 * Test and benchmark support for mcp-db-pool: a JDBC driver that does no I/O.
 *
 * <p>{@link mcp.db.pool.testkit.StubDriver} answers {@code jdbc:stub:<name>} URLs with connections
 * to an in-memory {@link mcp.db.pool.testkit.StubDatabase}, which a test configures (delays,
 * injected failures, a connection limit, the query result) and then inspects (connections opened
 * and closed, double closes, validations, executions, commits, rollbacks, session setter calls).
 * {@link mcp.db.pool.testkit.StubConnection#kill()} simulates a backend the server terminated.
 * The SQLStates it uses are listed in {@link mcp.db.pool.testkit.StubErrors}.
 */
package mcp.db.pool.testkit;
