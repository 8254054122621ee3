package mcp.db.pool.internal.proxy;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What a {@link ProxyConnection} needs from the pool for the one borrow it represents. The pool's
 * entry implements it. A proxy calls these methods only while it is open: once closed it never
 * touches its lease again, so a stale proxy kept by a careless caller cannot act on the entry after
 * it has been lent to someone else.
 */
public interface ConnectionLease {

  /** The physical (driver) connection. */
  Connection physical();

  /** The state to restore on return: the pool's configured defaults as applied to this connection. */
  ConnectionDefaults defaults();

  /**
   * Looks at an exception thrown by the driver through this proxy (connection, statement, result
   * set or metadata). When it is fatal the connection is marked broken: it will be closed when it
   * comes back and never handed out again. Always returns {@code e} so callers can rethrow it.
   */
  SQLException inspect(SQLException e);

  /**
   * Tells the pool the borrower is aborting the physical connection ({@code Connection.abort}),
   * so the pool discards it without closing it a second time.
   */
  void markAborted();

  /** Whether {@link #inspect} (or the pool) has marked this connection broken. */
  boolean isBroken();

  /**
   * Gives the connection back to the pool. Called exactly once, by the proxy's first
   * {@code close()}, after the proxy has reset the connection's state.
   */
  void release();
}
