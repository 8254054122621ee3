package mcp.db.pool.reliability;

import java.time.Duration;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.DatabasePoolBuilder;
import mcp.db.pool.support.TestDatabases;
import mcp.db.pool.support.TestServer;
import mcp.db.pool.testkit.FaultProxy;

/**
 * A fault proxy in front of the test PostgreSQL, and pool builders that connect through it with
 * the {@link TrackingDriver}, so each test can count sockets (proxy), sessions (server) and
 * physical closes (driver) of its own pool. The pool's name is unique and is also the sessions'
 * {@code application_name} and the driver's ledger tag.
 */
final class ProxiedPostgres implements AutoCloseable {
  final TestServer server = TestDatabases.postgres();
  final FaultProxy proxy = FaultProxy.inFrontOf(server.url(), 5432);
  final String poolName;

  ProxiedPostgres(String namePrefix) {
    this.poolName = TestDatabases.uniqueName(namePrefix);
  }

  /** The physical connections of this pool. */
  TrackingDriver.Ledger ledger() {
    return TrackingDriver.ledger(poolName);
  }

  /**
   * A builder for a small pool through the proxy. Timeouts are short so that faults surface in
   * about a second: a connect or login is bounded by connectionTimeout (1 s), a query by the
   * driver's socketTimeout ({@code socketTimeoutSeconds}).
   */
  DatabasePoolBuilder builder(int socketTimeoutSeconds) {
    DatabasePoolBuilder b = DatabasePool.builder()
        .url(proxy.redirect(server.url()))
        .username(server.user())
        .poolName(poolName)
        .driverClassName(TrackingDriver.class.getName())
        .driverProperty(TrackingDriver.TAG, poolName)
        .driverProperty("socketTimeout", Integer.toString(socketTimeoutSeconds))
        .connectionTimeout(Duration.ofSeconds(1))
        .validationTimeout(Duration.ofSeconds(1))
        .shutdownTimeout(Duration.ofSeconds(1));
    if (!server.password().isEmpty()) {
      b.password(server.password());
    }
    return b;
  }

  @Override
  public void close() {
    proxy.close();
    TrackingDriver.forget(poolName);
  }
}
