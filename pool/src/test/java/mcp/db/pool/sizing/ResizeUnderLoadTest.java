package mcp.db.pool.sizing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.PoolStats;
import mcp.db.pool.testkit.StubConnection;
import mcp.db.pool.testkit.StubDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code resizePool} and {@code setMaxOverflow} called over and over while callers borrow, use and
 * return connections: the pool never opens more than the largest limit in force, never closes a
 * connection while someone holds it, and never leaves a caller waiting when connections are free.
 */
@Tag("concurrency")
class ResizeUnderLoadTest {
  private static final int MAX_SIZE = 8;
  private static final int MAX_OVERFLOW = 2;
  private static final int WORKERS = 12;
  private static final Duration LOAD = Duration.ofMillis(1500);

  private final StubDatabase db = StubDatabase.unique();
  private DatabasePool pool;

  @AfterEach
  void close() {
    if (pool != null) {
      pool.close();
    }
    StubDatabase.remove(db.name());
  }

  @Test
  void resizingUpAndDownUnderLoadKeepsBoundsBorrowedConnectionsAndWaiters() throws Exception {
    // The database refuses a connection above the largest limit, so a pool that overstepped it
    // would show a failed connection attempt.
    db.maxConnections(MAX_SIZE + MAX_OVERFLOW).queryDelay(Duration.ofMillis(1));
    pool = DatabasePool.builder().url(db.url()).poolName("resize-load-" + db.name())
        .poolSize(4).maxOverflow(MAX_OVERFLOW).poolTimeout(Duration.ofSeconds(10)).build();

    AtomicBoolean running = new AtomicBoolean(true);
    Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    LongAdder borrows = new LongAdder();
    AtomicInteger mostInUse = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(WORKERS);
    for (int i = 0; i < WORKERS; i++) {
      Thread worker = new Thread(() -> {
        try {
          while (running.get()) {
            try (Connection c = pool.getConnection()) {
              StubConnection physical = c.unwrap(StubConnection.class);
              try (Statement s = c.createStatement()) {
                s.execute("select 1");
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200 + ThreadLocalRandom.current().nextInt(300)));
                if (physical.isClosed()) {
                  throw new AssertionError("connection closed while borrowed");
                }
                s.execute("select 2");
              }
              borrows.increment();
            }
          }
        } catch (SQLException | RuntimeException | AssertionError e) {
          failures.add(e);
        } finally {
          done.countDown();
        }
      }, "resize-worker-" + i);
      worker.setDaemon(true);
      worker.start();
    }

    long end = System.nanoTime() + LOAD.toNanos();
    int resizes = 0;
    while (System.nanoTime() < end) {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      pool.resizePool(1 + random.nextInt(MAX_SIZE));
      if (random.nextInt(4) == 0) {
        pool.setMaxOverflow(random.nextInt(MAX_OVERFLOW + 1));
      }
      resizes++;
      PoolStats stats = pool.getPoolStats();
      mostInUse.accumulateAndGet(stats.checkedOut(), Math::max);
      assertThat(db.connectionsOpen()).isLessThanOrEqualTo(MAX_SIZE + MAX_OVERFLOW);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
    }
    // Leave it small: waiters must still be served, one at a time.
    pool.setMaxOverflow(0);
    pool.resizePool(1);
    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    running.set(false);

    assertThat(done.await(20, TimeUnit.SECONDS)).as("every worker finished: no caller was stranded").isTrue();
    assertThat(failures).isEmpty();
    assertThat(resizes).isGreaterThan(50);
    assertThat(borrows.sum()).isGreaterThan(WORKERS);
    assertThat(mostInUse.get()).isLessThanOrEqualTo(MAX_SIZE + MAX_OVERFLOW);

    PoolStats stats = pool.getPoolStats();
    assertThat(stats.connectFailures()).as("attempts refused for exceeding the limit").isZero();
    assertThat(stats.timeouts()).isZero();
    assertThat(stats.waiting()).isZero();
    assertThat(stats.checkedOut()).isZero();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while ((pool.getPoolStats().size() > 1 || db.connectionsOpen() > 1) && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(pool.getPoolStats().size()).isEqualTo(1);
    assertThat(db.connectionsOpen()).isEqualTo(1);
    assertThat(db.doubleCloses()).isZero();
    assertThat(db.aborts()).isZero();
  }

  /**
   * Regression: a connection given back while callers waited went to the next caller even when
   * the pool had just been shrunk below the number open, so under sustained load a shrink never
   * took effect (the pool kept every connection busy and open).
   */
  @Test
  void shrinkingTakesEffectWhileCallersKeepWaiting() throws Exception {
    db.queryDelay(Duration.ofMillis(2));
    pool = DatabasePool.builder().url(db.url()).poolName("shrink-load-" + db.name())
        .poolSize(8).maxOverflow(0).poolTimeout(Duration.ofSeconds(10)).build();
    AtomicBoolean running = new AtomicBoolean(true);
    Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    CountDownLatch done = new CountDownLatch(WORKERS);
    for (int i = 0; i < WORKERS; i++) { // more callers than connections: someone always waits
      Thread worker = new Thread(() -> {
        try {
          while (running.get()) {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
              s.execute("select 1");
            }
          }
        } catch (SQLException | RuntimeException e) {
          failures.add(e);
        } finally {
          done.countDown();
        }
      }, "shrink-worker-" + i);
      worker.setDaemon(true);
      worker.start();
    }
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (pool.getPoolStats().waiting() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      pool.resizePool(2);
      int open = Integer.MAX_VALUE;
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
      while (System.nanoTime() < deadline && (open = db.connectionsOpen()) > 2) {
        Thread.sleep(5);
      }
      assertThat(open).as("connections open 2 s after shrinking to 2 under load").isLessThanOrEqualTo(2);
      assertThat(pool.getPoolStats().checkedOut()).isLessThanOrEqualTo(2);
    } finally {
      running.set(false);
      assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(failures).isEmpty();
    assertThat(pool.getPoolStats().timeouts()).isZero();
  }
}
