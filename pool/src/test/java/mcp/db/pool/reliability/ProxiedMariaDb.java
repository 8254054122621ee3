package mcp.db.pool.reliability;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.DatabasePoolBuilder;
import mcp.db.pool.support.TestDatabases;

/**
 * The test MariaDB behind a fault proxy. MariaDB shows a session's connection attributes (where the
 * pool puts its name) only in {@code performance_schema}, which is off by default, so the pool logs
 * in as a user of its own instead: a user named like the pool, with no password and all rights on
 * the test database, created here and dropped by {@link #close()}. {@link #sessions()} finds the
 * pool's sessions by that user in {@code information_schema.PROCESSLIST}.
 */
final class ProxiedMariaDb extends ProxiedDatabase {
  /** The error MariaDB gives when KILL names a connection that does not exist. */
  private static final int UNKNOWN_THREAD_ID = 1094;

  ProxiedMariaDb(String namePrefix) throws SQLException {
    super(TestDatabases.mariaDb(), 3306, namePrefix);
    try (Connection admin = server.connect(); Statement st = admin.createStatement()) {
      String database = admin.getCatalog();
      for (String host : new String[] {"%", "localhost"}) {
        st.execute("CREATE USER '" + poolName + "'@'" + host + "'");
        st.execute("GRANT ALL ON `" + database + "`.* TO '" + poolName + "'@'" + host + "'");
      }
    }
  }

  @Override
  DatabasePoolBuilder builder(int socketTimeoutSeconds) {
    return DatabasePool.builder()
        .url(proxy.redirect(server.url()))
        .username(poolName)
        .poolName(poolName)
        .driverClassName(TrackingDriver.class.getName())
        .driverProperty(TrackingDriver.TAG, poolName)
        .driverProperty("socketTimeout", Integer.toString(socketTimeoutSeconds * 1000)) // milliseconds
        .connectionTimeout(Duration.ofSeconds(1))
        .validationTimeout(Duration.ofSeconds(1))
        .shutdownTimeout(Duration.ofSeconds(1));
  }

  @Override
  PoolSessions sessions() throws SQLException {
    Connection admin = server.connect();
    return new PoolSessions() {
      @Override
      public List<Long> ids() throws SQLException {
        try (PreparedStatement ps = admin.prepareStatement(
            "SELECT ID FROM information_schema.PROCESSLIST WHERE USER = ? ORDER BY ID")) {
          ps.setString(1, poolName);
          List<Long> ids = new ArrayList<>();
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              ids.add(rs.getLong(1));
            }
          }
          return ids;
        }
      }

      @Override
      public boolean terminate(long id) throws SQLException {
        return kill("KILL CONNECTION " + id);
      }

      @Override
      public boolean cancel(long id) throws SQLException {
        return kill("KILL QUERY " + id);
      }

      private boolean kill(String sql) throws SQLException {
        try (Statement st = admin.createStatement()) {
          st.execute(sql);
          return true;
        } catch (SQLException e) {
          if (e.getErrorCode() == UNKNOWN_THREAD_ID) {
            return false; // the session ended before the KILL reached it
          }
          throw e;
        }
      }

      @Override
      public void close() throws SQLException {
        admin.close();
      }
    };
  }

  @Override
  String shortQuery() {
    return "SELECT SLEEP(0.001)";
  }

  /** Closes the proxy, ends what is left of the user's sessions and drops the user. */
  @Override
  public void close() {
    super.close();
    try {
      try (PoolSessions sessions = sessions()) {
        for (long id : sessions.ids()) {
          sessions.terminate(id);
        }
      }
      try (Connection admin = server.connect(); Statement st = admin.createStatement()) {
        for (String host : new String[] {"%", "localhost"}) {
          st.execute("DROP USER IF EXISTS '" + poolName + "'@'" + host + "'");
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not drop the MariaDB user " + poolName, e);
    }
  }
}
