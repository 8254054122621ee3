package mcp.db.pool.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.DatabasePoolBuilder;
import mcp.db.pool.PoolUnavailableException;
import mcp.db.pool.support.RequiresPostgres;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The circuit breaker (opt-in) against a real outage through the proxy: while connection attempts
 * keep failing and nothing is idle, callers are told at once with {@link PoolUnavailableException}
 * instead of waiting poolTimeout; the pool probes in the background with a backoff (a handful of
 * attempts, not a storm) and the breaker closes on the first success; its state is in the stats.
 */
@Tag("faults")
class CircuitBreakerUnderOutageTest {
  private static final Duration POOL_TIMEOUT = Duration.ofSeconds(5);

  @Test
  @RequiresPostgres
  void duringAnOutageCallersAreToldAtOnceAndAfterItTheBreakerClosesByItself() throws Exception {
    try (ProxiedPostgres pg = new ProxiedPostgres("breaker");
        DatabasePool pool = pg.builder(5).poolSize(2).maxOverflow(0).poolTimeout(POOL_TIMEOUT)
            .circuitBreaker(true).build()) {
      assertThat(pool.getPoolStats().circuitState()).isEqualTo("closed");
      pg.proxy.refuseConnections();
      pg.proxy.resetAll();

      // Callers discover the outage; after a few failed attempts the breaker opens.
      long openBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      SQLException last = null;
      while (!(last instanceof PoolUnavailableException) && System.nanoTime() - openBy < 0) {
        last = borrowAndQuery(pool);
      }
      assertThat((Throwable) last).as("the breaker opened").isInstanceOf(PoolUnavailableException.class)
          .isInstanceOf(SQLTransientConnectionException.class);
      assertThat(pool.getPoolStats().circuitState()).isIn("open", "half_open");

      long attemptsWhenOpened = pg.proxy.connectionAttempts();
      long openedAt = System.nanoTime();
      long slowestMillis = 0;
      int told = 0;
      while (System.nanoTime() - openedAt < TimeUnit.SECONDS.toNanos(3)) {
        long start = System.nanoTime();
        SQLException e = borrowAndQuery(pool);
        slowestMillis = Math.max(slowestMillis, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        if (e instanceof PoolUnavailableException) {
          told++;
        }
        TimeUnit.MILLISECONDS.sleep(20);
      }
      long probes = pg.proxy.connectionAttempts() - attemptsWhenOpened;
      assertThat(told).as("callers told at once while open").isGreaterThan(10);
      assertThat(slowestMillis).as("slowest answer while open (poolTimeout is %s)", POOL_TIMEOUT)
          .isLessThan(1_000);
      assertThat(probes).as("background probes in 3 s (backoff doubling to 1 s)").isBetween(1L, 12L);

      pg.proxy.acceptConnections();
      long up = System.nanoTime();
      assertThat(Eventually.within(Duration.ofSeconds(5),
          () -> pool.getPoolStats().circuitState().equals("closed"))).as("the breaker closed").isTrue();
      long closedAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - up);
      assertThat((Throwable) borrowAndQuery(pool)).as("served again").isNull();
      System.out.printf("circuit breaker: %d callers told at once in 3 s (slowest %d ms), %d probes,"
          + " closed %d ms after the database came back%n", told, slowestMillis, probes, closedAfterMillis);
    }
  }

  @Test
  void theBreakerIsOffByDefaultAndPoolCircuitBreakerTurnsItOn() {
    String url = "jdbc:stub:breaker-config";
    assertThat(DatabasePool.builder().url(url).buildConfig().circuitBreaker()).isFalse();
    assertThat(DatabasePoolBuilder.fromEnv(Map.of("DATABASE_URL", url, "POOL_CIRCUIT_BREAKER", "true"))
        .buildConfig().circuitBreaker()).isTrue();
  }

  /** Borrows and runs a query; returns the error, or null when it worked. */
  private static SQLException borrowAndQuery(DatabasePool pool) {
    try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
      st.execute("select 1");
      return null;
    } catch (SQLException e) {
      return e;
    }
  }
}
