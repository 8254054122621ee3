package mcp.db.pool.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.PoolTimeoutException;
import mcp.db.pool.support.RequiresPostgres;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Bounded wait on PostgreSQL: the black hole of {@link BoundedWaitContract}, and connects slower than
 * poolTimeout, and the server full.
 */
@Tag("faults")
@RequiresPostgres
class BoundedWaitTest extends BoundedWaitContract {

  @Override
  ProxiedDatabase proxied(String prefix) {
    return new ProxiedPostgres(prefix);
  }

  @Test
  void borrowTimesOutAtPoolTimeoutWhenConnectsTakeLonger() throws Exception {
    try (ProxiedPostgres pg = new ProxiedPostgres("slowconnect")) {
      pg.proxy.connectDelay(Duration.ofSeconds(3)); // beyond poolTimeout, within the driver's limit
      try (DatabasePool pool = pg.builder(30).poolSize(2).maxOverflow(0).minIdle(0)
          .connectionTimeout(Duration.ofSeconds(5))
          .initializationFailTimeout(Duration.ofMillis(-1)).poolTimeout(POOL_TIMEOUT).build()) {
        Borrows borrows = new Borrows();
        borrows.run(pool, 4, Duration.ofMillis(2_500));
        System.out.printf("slow connect: longest getConnection %d ms; outcomes %s%n",
            borrows.longestMillis(), borrows.outcomeCounts());
        assertThat(borrows.overLimit).isEmpty();
        assertThat(borrows.outcomeCounts()).containsKey("PoolTimeoutException");
        pg.proxy.connectDelay(Duration.ZERO);
      }
    }
  }

  @Test
  void whenTheServerIsFullCallersTimeOutAndAreToldWhy() throws Exception {
    String role = mcp.db.pool.support.TestDatabases.uniqueName("mcp_full");
    try (PostgresFaults server = new PostgresFaults()) {
      server.createLimitedRole(role, 1);
      try (DatabasePool pool = DatabasePool.builder().url(server.server().url()).username(role)
          .poolName(role).poolSize(3).maxOverflow(0).poolTimeout(POOL_TIMEOUT).build();
          Connection held = pool.getConnection()) {
        // The role's one session is in use; the server refuses a second with 53300.
        long start = System.nanoTime();
        try (Connection c = pool.getConnection()) {
          throw new AssertionError("the server should have been full, got " + c);
        } catch (PoolTimeoutException e) {
          long took = System.nanoTime() - start;
          assertThat(took).isLessThanOrEqualTo(POOL_TIMEOUT.plus(MARGIN).toNanos());
          assertThat(e.getMessage()).contains("too many connections").contains("53300");
        }
        assertThat(held.isValid(1)).isTrue();
        assertThat(pool.getPoolStats().connectFailures()).isPositive();
      } finally {
        server.dropRole(role);
      }
    }
  }
}
