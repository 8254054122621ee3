package mcp.db.pool.observability;

import static mcp.db.pool.observability.PoolStatsTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.PoolStats;
import mcp.db.pool.support.RequiresPostgres;
import mcp.db.pool.support.TestDatabases;
import mcp.db.pool.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Statistics are exact under a controlled workload on a real PostgreSQL: N borrowed, M idle, K waiting. */
@RequiresPostgres
class PoolStatsPostgresTest {
  private final TestServer pg = TestDatabases.postgres();
  private final List<DatabasePool> pools = new ArrayList<>();
  private final ExecutorService waiters = Executors.newFixedThreadPool(4);

  @AfterEach
  void close() {
    waiters.shutdownNow();
    pools.forEach(DatabasePool::close);
  }

  private DatabasePool open(int poolSize, int maxOverflow) {
    DatabasePool pool = DatabasePool.builder().url(pg.url()).username(pg.user()).password(pg.password())
        .poolName(TestDatabases.uniqueName("pgstats")).poolSize(poolSize).maxOverflow(maxOverflow)
        .minIdle(poolSize).poolTimeout(Duration.ofSeconds(20)).build();
    pools.add(pool);
    return pool;
  }

  @Test
  void countsAreExactWithConnectionsBorrowedIdleAndWaiting() throws Exception {
    DatabasePool pool = open(4, 0);
    await(() -> pool.getPoolStats().size() == 4, "the pool has opened poolSize connections");

    // N = 3 borrowed, M = 1 idle
    List<Connection> held = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Connection c = pool.getConnection();
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select 1")) {
        rs.next();
      }
      held.add(c);
    }
    PoolStats s = pool.getPoolStats();
    assertThat(s.checkedOut()).isEqualTo(3);
    assertThat(s.checkedIn()).isEqualTo(1);
    assertThat(s.size()).isEqualTo(4);
    assertThat(s.overflow()).isZero();
    assertThat(s.waiting()).isZero();
    assertThat(s.created()).isEqualTo(4);
    assertThat(s.connectTime().count()).isEqualTo(4);
    assertThat(s.connectTime().max()).isPositive();

    // the fourth is borrowed, and K = 2 callers wait
    held.add(pool.getConnection());
    List<Future<Connection>> waiting = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      waiting.add(waiters.submit(() -> pool.getConnection()));
    }
    await(() -> pool.getPoolStats().waiting() == 2, "two callers wait");
    s = pool.getPoolStats();
    assertThat(s.checkedOut()).isEqualTo(4);
    assertThat(s.checkedIn()).isZero();
    assertThat(s.size()).isEqualTo(4);
    assertThat(s.waiting()).isEqualTo(2);
    assertThat(s.peakCheckedOut()).isEqualTo(4);
    assertThat(s.toMap()).containsEntry("checkedout", 4).containsEntry("checkedin", 0)
        .containsEntry("waiting", 2).containsEntry("size", 4);

    // one return serves one waiter (which of the two queued first is up to the scheduler)
    held.remove(0).close();
    await(() -> waiting.stream().anyMatch(Future::isDone), "one caller was served");
    assertThat(pool.getPoolStats().waiting()).isEqualTo(1);
    assertThat(waiting.stream().filter(Future::isDone).count()).isEqualTo(1);
    held.remove(0).close();
    Connection handed = waiting.get(0).get(10, TimeUnit.SECONDS);
    Connection handed2 = waiting.get(1).get(10, TimeUnit.SECONDS);
    s = pool.getPoolStats();
    assertThat(s.waiting()).isZero();
    assertThat(s.checkedOut()).isEqualTo(4);

    handed.close();
    handed2.close();
    for (Connection c : held) {
      c.close();
    }
    s = pool.getPoolStats();
    assertThat(s.checkedOut()).isZero();
    assertThat(s.checkedIn()).isEqualTo(4);
    assertThat(s.acquireWait().count()).isEqualTo(6);
    assertThat(s.acquireWait().max()).isPositive(); // the two waiters waited
    assertThat(s.holdTime().count()).isEqualTo(6);
    assertThat(s.holdTime().p50()).isPositive();
    assertThat(s.timeouts()).isZero();
    assertThat(s.created()).isEqualTo(4);
    assertThat(s.closed()).isZero();
    assertThat(s.utilization()).isBetween(0.0, 1.0).isPositive();
  }

  @Test
  void overflowConnectionsAreCountedAndClosedAsOverflowWhenReturned() throws Exception {
    DatabasePool pool = open(2, 2);
    await(() -> pool.getPoolStats().size() == 2, "the pool has opened poolSize connections");
    List<Connection> held = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      held.add(pool.getConnection());
    }
    PoolStats s = pool.getPoolStats();
    assertThat(s.size()).isEqualTo(4);
    assertThat(s.overflow()).isEqualTo(2);
    assertThat(s.checkedOut()).isEqualTo(4);
    assertThat(s.maxOverflow()).isEqualTo(2);
    for (Connection c : held) {
      c.close();
    }
    await(() -> pool.getPoolStats().closedByReason().get("overflow") == 2, "two overflow closes");
    s = pool.getPoolStats();
    assertThat(s.size()).isEqualTo(2);
    assertThat(s.overflow()).isZero();
    assertThat(s.closed()).isEqualTo(2);
  }
}
