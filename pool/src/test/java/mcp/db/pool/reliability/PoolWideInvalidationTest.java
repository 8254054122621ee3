package mcp.db.pool.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.PoolStats;
import mcp.db.pool.support.RequiresPostgres;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Pool-wide invalidation (the generation rule): once a fatal error shows that the server restarted
 * or the network broke, every idle connection opened before it is validated before it is lent
 * again, so the pool pays one failed operation for the whole event instead of one per stale
 * connection. Pre-ping is off in these tests, so only the generation rule can catch the dead
 * connections.
 */
@Tag("faults")
@RequiresPostgres
class PoolWideInvalidationTest {
  private static final int SIZE = 4;

  @Test
  void afterTheServerTerminatedEverySessionOnlyTheFirstOperationFails() throws Exception {
    try (ProxiedPostgres pg = new ProxiedPostgres("restart");
        PostgresFaults server = new PostgresFaults();
        DatabasePool pool = warmPool(pg)) {
      assertThat(server.terminateAll(pg.poolName)).isEqualTo(SIZE); // as a server restart does
      assertThat(Eventually.within(Duration.ofSeconds(5), () -> server.sessions(pg.poolName) == 0)).isTrue();
      assertOnlyTheFirstOperationFails(pool);
    }
  }

  @Test
  void afterTheNetworkResetEveryConnectionOnlyTheFirstOperationFails() throws Exception {
    try (ProxiedPostgres pg = new ProxiedPostgres("netbreak");
        DatabasePool pool = warmPool(pg)) {
      assertThat(pg.proxy.resetAll()).isEqualTo(SIZE);
      assertOnlyTheFirstOperationFails(pool);
    }
  }

  private static DatabasePool warmPool(ProxiedPostgres pg) throws Exception {
    DatabasePool pool = pg.builder(5).poolSize(SIZE).maxOverflow(0).poolPrePing(false)
        .poolTimeout(Duration.ofSeconds(5)).build();
    assertThat(Eventually.within(Duration.ofSeconds(5), () -> pool.getPoolStats().checkedIn() == SIZE))
        .isTrue();
    return pool;
  }

  private static void assertOnlyTheFirstOperationFails(DatabasePool pool) throws Exception {
    try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
      st.execute("select 1");
      throw new AssertionError("the first operation after the event should have failed");
    } catch (SQLException expected) {
      // the fatal error that tells the pool
    }
    // Every other connection is stale; borrowed together, each must have been validated/replaced.
    List<Connection> held = new ArrayList<>();
    int failures = 0;
    try {
      for (int i = 0; i < SIZE; i++) {
        Connection c = pool.getConnection();
        held.add(c);
        try (Statement st = c.createStatement()) {
          st.execute("select 1");
        } catch (SQLException e) {
          failures++;
        }
      }
    } finally {
      for (Connection c : held) {
        c.close();
      }
    }
    PoolStats stats = pool.getPoolStats();
    assertThat(failures).as("operations that failed on stale connections after the first; %s", stats)
        .isZero();
    assertThat(stats.validationFailures()).as("stale idle connections caught by validation")
        .isEqualTo(SIZE - 1);
  }
}
