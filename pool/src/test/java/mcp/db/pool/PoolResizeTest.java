package mcp.db.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mcp.db.pool.testkit.StubDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Live resizing, overflow changes, suspend and resume, and pool-wide invalidation. */
@Tag("stub")
class PoolResizeTest {
  private final StubDatabase db = StubDatabase.unique();
  private DatabasePool pool;

  @AfterEach
  void close() {
    if (pool != null) {
      pool.close();
    }
    StubDatabase.remove(db.name());
  }

  private DatabasePool open(DatabasePoolBuilder b) {
    pool = b.url(db.url()).poolName("resize-" + db.name()).build();
    return pool;
  }

  private static void awaitSize(DatabasePool pool, int size) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (pool.getPoolStats().size() != size && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
  }

  @Test
  void growingServesCallersAlreadyWaiting() throws Exception {
    open(DatabasePool.builder().poolSize(1).maxOverflow(0).poolTimeout(Duration.ofSeconds(10)));
    Connection held = pool.getConnection();
    ExecutorService ex = Executors.newSingleThreadExecutor();
    try {
      Future<?> waiter = ex.submit(() -> {
        try (Connection c = pool.getConnection()) {
          return null;
        }
      });
      while (pool.getPoolStats().waiting() == 0) {
        Thread.onSpinWait();
      }
      pool.resizePool(2);
      waiter.get(5, TimeUnit.SECONDS);
      assertThat(pool.getPoolStats().poolSize()).isEqualTo(2);
    } finally {
      ex.shutdownNow();
      held.close();
    }
  }

  @Test
  void shrinkingClosesIdleConnectionsNowAndBorrowedOnesWhenReturned() throws Exception {
    open(DatabasePool.builder().poolSize(4).maxOverflow(0));
    List<Connection> held = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      held.add(pool.getConnection());
    }
    held.get(0).close();
    held.get(1).close();
    pool.resizePool(1);
    assertThat(pool.getPoolStats().size()).isEqualTo(2); // two idle closed, two still borrowed
    assertThat(held.get(2).isClosed()).isFalse();
    held.get(2).createStatement().close();
    held.get(2).close();
    held.get(3).close();
    awaitSize(pool, 1);
    assertThat(pool.getPoolStats().size()).isEqualTo(1);
    assertThat(db.doubleCloses()).isZero();
  }

  @Test
  void growingFillsTheNewSizeWhenMinIdleFollowsPoolSize() throws Exception {
    open(DatabasePool.builder().poolSize(2).maxOverflow(0));
    awaitSize(pool, 2);
    pool.resizePool(5);
    awaitSize(pool, 5);
    assertThat(pool.getPoolStats().size()).isEqualTo(5);
  }

  @Test
  void resizeRejectsSizesOutOfRangeNamingTheSetting() {
    open(DatabasePool.builder().poolSize(2));
    assertThatThrownBy(() -> pool.resizePool(0)).isInstanceOf(PoolConfigException.class)
        .hasMessageContaining("poolSize").hasMessageContaining("0");
    assertThatThrownBy(() -> pool.setMaxOverflow(-2)).isInstanceOf(PoolConfigException.class)
        .hasMessageContaining("maxOverflow").hasMessageContaining("-2");
  }

  @Test
  void suspendedPoolMakesCallersWaitUntilResumed() throws Exception {
    open(DatabasePool.builder().poolSize(1).poolTimeout(Duration.ofSeconds(10)));
    pool.suspend();
    ExecutorService ex = Executors.newSingleThreadExecutor();
    try {
      Future<?> waiter = ex.submit(() -> {
        try (Connection c = pool.getConnection()) {
          return null;
        }
      });
      Thread.sleep(50);
      assertThat(waiter.isDone()).isFalse();
      pool.resume();
      waiter.get(5, TimeUnit.SECONDS);
    } finally {
      ex.shutdownNow();
    }
  }

  @Test
  void timeSpentSuspendedCountsAgainstTheOnePoolTimeout() throws Exception {
    open(DatabasePool.builder().poolSize(1).maxOverflow(0).poolTimeout(Duration.ofMillis(600)));
    Connection held = pool.getConnection(); // nothing idle once resumed: the caller must wait on
    pool.suspend();
    ExecutorService ex = Executors.newSingleThreadExecutor();
    try {
      long start = System.nanoTime();
      Future<Long> waiter = ex.submit(() -> {
        try (Connection c = pool.getConnection()) {
          return -1L;
        } catch (PoolTimeoutException timedOut) {
          return System.nanoTime() - start;
        }
      });
      Thread.sleep(400);
      pool.resume();
      long waitedNanos = waiter.get(5, TimeUnit.SECONDS);
      // Suspended 400 ms, then no idle connection: the caller gives up when its 600 ms are used,
      // not 600 ms after the resume (1,000 ms in all).
      assertThat(waitedNanos).isPositive();
      assertThat(TimeUnit.NANOSECONDS.toMillis(waitedNanos)).isBetween(550L, 900L);
    } finally {
      ex.shutdownNow();
      held.close();
    }
  }

  @Test
  void aFatalErrorMakesEveryOlderIdleConnectionBeValidatedBeforeReuse() throws Exception {
    open(DatabasePool.builder().poolSize(3).maxOverflow(0).prePingAfterIdle(Duration.ofHours(1)));
    List<Connection> held = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      held.add(pool.getConnection());
    }
    held.get(1).close();
    held.get(2).close();
    db.killAll(); // the "server restarted": every connection is dead
    Connection victim = held.get(0);
    assertThatThrownBy(() -> victim.createStatement().execute("select 1")).isInstanceOf(java.sql.SQLException.class);
    victim.close();
    // Without the generation rule these two dead idle connections would be handed out (pre-ping
    // waits an hour); with it, each is validated, found dead and replaced. Holding three at once
    // makes the pool go through every slot, whatever order it scans them in.
    List<Connection> live = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Connection c = pool.getConnection();
      c.createStatement().execute("select 1");
      live.add(c);
    }
    for (Connection c : live) {
      c.close();
    }
    assertThat(pool.getPoolStats().validationFailures()).isEqualTo(2);
  }
}
