package mcp.db.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mcp.db.pool.testkit.StubDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The optional circuit breaker: fail fast while the database is unreachable, recover by probing. */
@Tag("stub")
class CircuitBreakerTest {
  private final StubDatabase db = StubDatabase.unique();
  private DatabasePool pool;

  @AfterEach
  void close() {
    if (pool != null) {
      pool.close();
    }
    StubDatabase.remove(db.name());
  }

  private DatabasePool open(boolean breaker) {
    pool = DatabasePool.builder().url(db.url()).poolName("breaker-" + db.name()).poolSize(1)
        .maxOverflow(0).minIdle(0).initializationFailTimeout(Duration.ofMillis(-1))
        .poolTimeout(Duration.ofSeconds(20)).circuitBreaker(breaker).build();
    return pool;
  }

  private static long millisToFail(DatabasePool pool) {
    long start = System.nanoTime();
    try (Connection c = pool.getConnection()) {
      throw new AssertionError("expected a failure, got " + c);
    } catch (SQLException expected) {
      assertThat((Throwable) expected).isInstanceOf(PoolUnavailableException.class)
          .hasMessageContaining("database is starting up");
    }
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  @Test
  void callersAreToldAtOnceWhileConnectionsKeepFailingAndServedAgainAfterRecovery() throws Exception {
    open(true);
    db.failConnects(new SQLException("database is starting up", "57P03"));
    millisToFail(pool); // the first caller waits only until three attempts have failed
    assertThat(pool.getPoolStats().toMap().toString()).isNotEmpty();
    assertThat(pool.engine().circuitState()).isIn("open", "half_open");
    assertThat(millisToFail(pool)).as("an open breaker answers without waiting").isLessThan(1000);

    db.failConnects(null);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!pool.engine().circuitState().equals("closed") && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(pool.engine().circuitState()).isEqualTo("closed");
    try (Connection c = pool.getConnection()) {
      assertThat(c.isValid(1)).isTrue();
    }
  }

  @Test
  void withoutTheBreakerCallersWaitForPoolTimeout() {
    pool = DatabasePool.builder().url(db.url()).poolName("nobreaker-" + db.name()).poolSize(1)
        .maxOverflow(0).minIdle(0).initializationFailTimeout(Duration.ofMillis(-1))
        .poolTimeout(Duration.ofMillis(600)).build();
    db.failConnects(new SQLException("database is starting up", "57P03"));
    long start = System.nanoTime();
    assertThatThrownBy(pool::getConnection).isInstanceOf(PoolTimeoutException.class);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(550);
    assertThat(pool.engine().circuitState()).isEqualTo("closed");
  }
}
