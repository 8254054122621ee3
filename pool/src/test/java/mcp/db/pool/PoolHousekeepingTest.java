package mcp.db.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mcp.db.pool.testkit.StubConnection;
import mcp.db.pool.testkit.StubDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Time-driven behaviour (recycling, idle timeout, keepalive, pre-ping) with a manual clock and
 * housekeeping run by the test: no sleeps.
 */
@Tag("stub")
class PoolHousekeepingTest {
  private final StubDatabase db = StubDatabase.unique();
  private final ManualClock clock = new ManualClock();
  private final List<DatabasePool> pools = new ArrayList<>();

  @AfterEach
  void closePools() {
    pools.forEach(DatabasePool::close);
    StubDatabase.remove(db.name());
  }

  private DatabasePool open(DatabasePoolBuilder b) {
    DatabasePool p = TestPools.withClock(b.url(db.url()).poolName("hk-" + db.name()), clock);
    pools.add(p);
    return p;
  }

  private static int idOf(Connection c) throws SQLException {
    return c.unwrap(StubConnection.class).id();
  }

  private static int borrowId(DatabasePool pool) throws SQLException {
    try (Connection c = pool.getConnection()) {
      return idOf(c);
    }
  }

  @Test
  void recyclingReplacesAnIdleConnectionAfterItsLifetime() throws Exception {
    DatabasePool pool = open(DatabasePool.builder().poolSize(1).maxOverflow(0)
        .poolRecycle(Duration.ofMinutes(30)).keepaliveTime(Duration.ZERO).idleTimeout(Duration.ZERO));
    int first = borrowId(pool);
    clock.advance(Duration.ofMinutes(29));
    pool.runHousekeeping();
    assertThat(borrowId(pool)).isEqualTo(first);
    clock.advance(Duration.ofMinutes(2));
    pool.runHousekeeping();
    assertThat(pool.getPoolStats().closedByReason()).containsEntry("recycled", 1L);
    assertThat(borrowId(pool)).isNotEqualTo(first);
  }

  @Test
  void connectionInUsePastItsLifetimeIsRetiredWhenReturnedNotTakenFromItsUser() throws Exception {
    DatabasePool pool = open(DatabasePool.builder().poolSize(1).maxOverflow(0)
        .poolRecycle(Duration.ofMinutes(30)).keepaliveTime(Duration.ZERO));
    int first;
    try (Connection c = pool.getConnection()) {
      first = idOf(c);
      clock.advance(Duration.ofMinutes(31));
      pool.runHousekeeping();
      assertThat(c.isClosed()).isFalse();
      assertThat(c.unwrap(StubConnection.class).isClosed()).isFalse();
      c.createStatement().close();
    }
    assertThat(pool.getPoolStats().closedByReason()).containsEntry("recycled", 1L);
    assertThat(borrowId(pool)).isNotEqualTo(first);
  }

  /**
   * Eight connections opened at the same instant: the documented jitter (see
   * {@code DatabasePoolBuilder.poolRecycle}) draws each deadline from the last 2.5% of the lifetime,
   * so with a 40 min lifetime none is recycled at 39 min, all are by 40 min, and they are recycled
   * at different times. Stepping the clock one second at a time through that minute shows when each
   * one goes; without jitter all eight would go at 40 min, and the chance that eight random
   * deadlines share one second of the sixty is about 1 in 10^12.
   */
  @Test
  void recycleDeadlinesAreJitteredBelowTheLifetime() throws Exception {
    int connections = 8;
    Duration lifetime = Duration.ofMinutes(40);
    Duration band = Duration.ofSeconds(60); // 2.5% of the lifetime
    DatabasePool pool = open(DatabasePool.builder().poolSize(connections).maxOverflow(0)
        .poolRecycle(lifetime).keepaliveTime(Duration.ZERO).idleTimeout(Duration.ZERO));
    List<Connection> held = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      held.add(pool.getConnection()); // all opened at the same clock reading
    }
    for (Connection c : held) {
      c.close();
    }
    clock.advance(lifetime.minus(band));
    pool.runHousekeeping();
    assertThat(recycled(pool)).as("recycled before the jitter band").isZero();
    List<Long> recycledPerSecond = new ArrayList<>();
    long before = 0;
    for (int second = 1; second <= band.toSeconds(); second++) {
      clock.advance(Duration.ofSeconds(1));
      pool.runHousekeeping();
      long now = recycled(pool);
      recycledPerSecond.add(now - before);
      before = now;
    }
    assertThat(before).as("recycled by the end of the lifetime").isEqualTo(connections);
    assertThat(recycledPerSecond.stream().filter(n -> n > 0).count())
        .as("seconds of the band in which connections were recycled: %s", recycledPerSecond)
        .isGreaterThan(1);
  }

  private static long recycled(DatabasePool pool) {
    return pool.getPoolStats().closedByReason().getOrDefault("recycled", 0L);
  }

  @Test
  void idleTimeoutClosesConnectionsAboveMinIdleOnly() throws Exception {
    DatabasePool pool = open(DatabasePool.builder().poolSize(4).minIdle(1).maxOverflow(0)
        .idleTimeout(Duration.ofMinutes(10)).keepaliveTime(Duration.ZERO).poolRecycle(Duration.ZERO));
    List<Connection> held = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      held.add(pool.getConnection());
    }
    for (Connection c : held) {
      c.close();
    }
    assertThat(pool.getPoolStats().checkedIn()).isEqualTo(4);
    clock.advance(Duration.ofMinutes(9));
    pool.runHousekeeping();
    assertThat(pool.getPoolStats().size()).isEqualTo(4);
    clock.advance(Duration.ofMinutes(2));
    pool.runHousekeeping();
    assertThat(pool.getPoolStats().size()).isEqualTo(1);
    assertThat(pool.getPoolStats().closedByReason()).containsEntry("idle", 3L);
  }

  @Test
  void keepaliveValidatesIdleConnectionsAndReplacesDeadOnes() throws Exception {
    DatabasePool pool = open(DatabasePool.builder().poolSize(1).maxOverflow(0)
        .keepaliveTime(Duration.ofMinutes(2)).idleTimeout(Duration.ZERO).poolRecycle(Duration.ZERO));
    int first = borrowId(pool);
    long validations = db.isValidCalls();
    clock.advance(Duration.ofMinutes(3));
    pool.runHousekeeping();
    assertThat(db.isValidCalls()).isEqualTo(validations + 1);
    db.killAll();
    clock.advance(Duration.ofMinutes(3));
    pool.runHousekeeping();
    assertThat(pool.getPoolStats().closedByReason()).containsEntry("validation_failed", 1L);
    assertThat(pool.getPoolStats().validationFailures()).isEqualTo(1);
    assertThat(borrowId(pool)).isNotEqualTo(first);
  }

  @Test
  void prePingReplacesAConnectionThatDiedWhileIdleWithoutTheCallerSeeingAnError() throws Exception {
    DatabasePool pool = open(DatabasePool.builder().poolSize(1).maxOverflow(0)
        .keepaliveTime(Duration.ZERO).prePingAfterIdle(Duration.ofMillis(500)));
    int first = borrowId(pool);
    db.killAll();
    clock.advance(Duration.ofSeconds(1));
    try (Connection c = pool.getConnection()) {
      assertThat(idOf(c)).isNotEqualTo(first);
      c.createStatement().execute("select 1");
    }
    assertThat(pool.getPoolStats().validationFailures()).isEqualTo(1);
  }

  @Test
  void prePingIsSkippedForAConnectionUsedWithinTheLastHalfSecond() throws Exception {
    DatabasePool pool = open(DatabasePool.builder().poolSize(1).maxOverflow(0).keepaliveTime(Duration.ZERO));
    borrowId(pool);
    long validations = db.isValidCalls();
    clock.advance(Duration.ofMillis(100));
    borrowId(pool);
    assertThat(db.isValidCalls()).isEqualTo(validations);
    clock.advance(Duration.ofMillis(600));
    borrowId(pool);
    assertThat(db.isValidCalls()).isEqualTo(validations + 1);
  }

  @Test
  void housekeeperAsksToRunAgainWhenTheNextDeadlineIsDue() throws Exception {
    DatabasePool pool = open(DatabasePool.builder().poolSize(1).maxOverflow(0)
        .keepaliveTime(Duration.ofSeconds(20)).idleTimeout(Duration.ZERO).poolRecycle(Duration.ZERO));
    borrowId(pool);
    long delay = pool.runHousekeeping();
    assertThat(Duration.ofNanos(delay)).isEqualTo(Duration.ofSeconds(20));
  }
}
