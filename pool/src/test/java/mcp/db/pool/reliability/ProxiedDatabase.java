package mcp.db.pool.reliability;

import java.sql.SQLException;
import mcp.db.pool.DatabasePoolBuilder;
import mcp.db.pool.support.TestDatabases;
import mcp.db.pool.support.TestServer;
import mcp.db.pool.testkit.FaultProxy;

/**
 * A fault proxy in front of one of the test servers, and pool builders that connect through it
 * with the {@link TrackingDriver}, so each test can count sockets (proxy), sessions (server, see
 * {@link #sessions()}) and physical closes (driver) of its own pool. The pool's name is unique and
 * is also the driver's ledger tag. {@link ProxiedPostgres} and {@link ProxiedMariaDb} say how the
 * server tells the pool's sessions apart.
 */
abstract class ProxiedDatabase implements AutoCloseable {
  final TestServer server;
  final FaultProxy proxy;
  final String poolName;

  ProxiedDatabase(TestServer server, int defaultPort, String namePrefix) {
    this.server = server;
    this.proxy = FaultProxy.inFrontOf(server.url(), defaultPort);
    this.poolName = TestDatabases.uniqueName(namePrefix);
  }

  /** The physical connections of this pool. */
  TrackingDriver.Ledger ledger() {
    return TrackingDriver.ledger(poolName);
  }

  /**
   * A builder for a small pool through the proxy. Timeouts are short so that faults surface in
   * about a second: a connect or login is bounded by connectionTimeout (1 s), a query by the
   * driver's socket timeout ({@code socketTimeoutSeconds}).
   */
  abstract DatabasePoolBuilder builder(int socketTimeoutSeconds);

  /** Opens an admin connection (not through the proxy) that sees and faults this pool's sessions. */
  abstract PoolSessions sessions() throws SQLException;

  /** A statement that takes about a millisecond on the server, for workloads. */
  abstract String shortQuery();

  @Override
  public void close() {
    proxy.close();
    TrackingDriver.forget(poolName);
  }
}
