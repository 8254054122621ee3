package mcp.db.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import mcp.db.pool.support.RequiresMariaDb;
import mcp.db.pool.support.TestDatabases;
import mcp.db.pool.support.TestServer;
import org.junit.jupiter.api.Test;

/** The pool contract, and what only a real server shows, on MariaDB. */
@RequiresMariaDb
class MariaDbPoolTest extends PoolContractTests {
  private static final TestServer MARIADB = TestDatabases.mariaDb();

  @Override
  protected DatabasePoolBuilder builder() {
    return DatabasePool.builder().url(MARIADB.url()).username(MARIADB.user()).poolName("mariadb-test");
  }

  @Override
  protected Connection directConnection() throws SQLException {
    return MARIADB.connect();
  }

  private static long connectionId(Connection c) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT CONNECTION_ID()")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void sqlAlchemyStyleUrlConnects() throws SQLException {
    DatabasePool pool = open(DatabasePool.builder().url("mariadb+mariadbconnector://root@127.0.0.1:3306/test")
        .poolSize(1));
    try (Connection c = pool.getConnection()) {
      assertThat(connectionId(c)).isPositive();
    }
  }

  @Test
  void prePingReplacesAConnectionKilledByTheServer() throws Exception {
    ManualClock clock = new ManualClock();
    DatabasePool pool = TestPools.withClock(builder().poolSize(1).maxOverflow(0)
        .keepaliveTime(Duration.ZERO), clock);
    pools.add(pool);
    long first;
    try (Connection c = pool.getConnection()) {
      first = connectionId(c);
    }
    try (Connection admin = MARIADB.connect(); Statement st = admin.createStatement()) {
      st.execute("KILL " + first);
    }
    clock.advance(Duration.ofSeconds(1));
    try (Connection c = pool.getConnection()) {
      assertThat(connectionId(c)).isNotEqualTo(first);
    }
    assertThat(pool.getPoolStats().validationFailures()).isEqualTo(1);
  }

  @Test
  void recyclingReplacesTheConnectionAfterItsLifetime() throws Exception {
    ManualClock clock = new ManualClock();
    DatabasePool pool = TestPools.withClock(builder().poolSize(1).maxOverflow(0)
        .poolRecycle(Duration.ofMinutes(30)).keepaliveTime(Duration.ZERO), clock);
    pools.add(pool);
    long first;
    try (Connection c = pool.getConnection()) {
      first = connectionId(c);
    }
    clock.advance(Duration.ofMinutes(31));
    pool.runHousekeeping();
    try (Connection c = pool.getConnection()) {
      assertThat(connectionId(c)).isNotEqualTo(first);
    }
  }
}
