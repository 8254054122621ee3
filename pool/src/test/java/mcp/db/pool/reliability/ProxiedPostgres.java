package mcp.db.pool.reliability;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.DatabasePoolBuilder;
import mcp.db.pool.support.TestDatabases;

/**
 * The test PostgreSQL behind a fault proxy. The pool's name is also its sessions'
 * {@code application_name}, which is how {@link #sessions()} finds them.
 */
final class ProxiedPostgres extends ProxiedDatabase {

  ProxiedPostgres(String namePrefix) {
    super(TestDatabases.postgres(), 5432, namePrefix);
  }

  @Override
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
  PoolSessions sessions() throws SQLException {
    PostgresFaults faults = new PostgresFaults();
    return new PoolSessions() {
      @Override
      public List<Long> ids() throws SQLException {
        List<Long> ids = new ArrayList<>();
        for (int pid : faults.backends(poolName)) {
          ids.add((long) pid);
        }
        return ids;
      }

      @Override
      public boolean terminate(long id) throws SQLException {
        return faults.terminate(Math.toIntExact(id));
      }

      @Override
      public boolean cancel(long id) throws SQLException {
        return faults.cancel(Math.toIntExact(id));
      }

      @Override
      public void close() throws SQLException {
        faults.close();
      }
    };
  }

  @Override
  String shortQuery() {
    return "select pg_sleep(0.001)";
  }
}
