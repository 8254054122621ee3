package mcp.db.pool.reliability;

import java.sql.SQLException;
import java.util.List;

/**
 * The sessions a real server holds for one pool, seen through a direct admin connection (never
 * through the fault proxy), and the server-side faults a test aims at them. Get one from
 * {@link ProxiedDatabase#sessions()}; close it when done. Not thread-safe: use it from one thread
 * (the fault injector, or the test itself).
 */
interface PoolSessions extends AutoCloseable {

  /** The server's ids of the pool's sessions (PostgreSQL backend pids, MariaDB connection ids). */
  List<Long> ids() throws SQLException;

  /** How many sessions the server holds for the pool. */
  default int count() throws SQLException {
    return ids().size();
  }

  /**
   * Ends a session from the server side (PostgreSQL {@code pg_terminate_backend}, MariaDB
   * {@code KILL CONNECTION}); its client sees the connection lost.
   *
   * @return whether a session with that id existed and was told to end
   */
  boolean terminate(long id) throws SQLException;

  /**
   * Cancels what a session is running (PostgreSQL {@code pg_cancel_backend}, MariaDB
   * {@code KILL QUERY}); the session survives.
   *
   * @return whether a session with that id existed and was signalled
   */
  boolean cancel(long id) throws SQLException;

  /** Closes the admin connection. */
  @Override
  void close() throws SQLException;
}
