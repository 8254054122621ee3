package mcp.db.pool.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.PoolStats;
import mcp.db.pool.support.VirtualThreads;
import mcp.db.pool.testkit.StubConnection;
import mcp.db.pool.testkit.StubDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Thundering herd, on the stub driver: many callers hitting a cold pool whose connects take 100 ms
 * never make it open more than its maximum, and all of them are served; and N callers arriving at
 * the same instant at a fresh pool of exactly N connections each get one, in every one of hundreds
 * of trials.
 */
@Tag("faults")
@Tag("stub")
class ThunderingHerdTest {
  private static final int POOL_SIZE = 10;
  private static final int MAX_OVERFLOW = 10;
  private static final int MAX_CONNECTIONS = POOL_SIZE + MAX_OVERFLOW;
  /** Callers that hold their connection for a while; see {@link #runHerd}. */
  private static final int HOLDING_CALLERS = 500;

  @Test
  void fiveHundredPlatformThreadsOnAColdSlowPoolStayWithinTheMaximum() throws Exception {
    runHerd(500, Thread::new, "platform");
  }

  @Test
  @Tag("jdk21")
  void tenThousandVirtualThreadsOnAColdSlowPoolStayWithinTheMaximum() throws Exception {
    VirtualThreads.assumeSupported();
    runHerd(10_000, VirtualThreads.factory("herd-"), "virtual");
  }

  /**
   * Callers released together on a cold pool. The first {@value #HOLDING_CALLERS} to get a
   * connection hold it for 50-200 ms (like a short transaction), so demand stays above the maximum
   * for a second or more while connects take 100 ms each: a pool that opened one connection per
   * waiter, or did not count the connects already under way, would try to open more than the
   * maximum (and the stub refuses those). Later callers return at once, so 10,000 of them still
   * finish in seconds. Once every caller is done and no connect is pending, the pool must have
   * reached its maximum (it did open what the demand needed) and never opened more.
   */
  private static void runHerd(int callers, ThreadFactory threads, String kind) throws Exception {
    StubDatabase db = StubDatabase.unique().connectDelay(Duration.ofMillis(100));
    // The stub refuses connects beyond the maximum, so opening one too many is a counted failure.
    db.maxConnections(MAX_CONNECTIONS);
    try (DatabasePool pool = DatabasePool.builder().url(db.url()).poolName("herd-" + db.name())
        .poolSize(POOL_SIZE).maxOverflow(MAX_OVERFLOW).minIdle(0)
        .initializationFailTimeout(Duration.ofMillis(-1)).poolTimeout(Duration.ofSeconds(60)).build()) {
      AtomicInteger peakOpen = new AtomicInteger();
      AtomicInteger served = new AtomicInteger();
      ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
      CountDownLatch start = new CountDownLatch(1);
      CountDownLatch done = new CountDownLatch(callers);
      long began = System.nanoTime();
      for (int i = 0; i < callers; i++) {
        threads.newThread(() -> {
          try {
            start.await();
            try (Connection c = pool.getConnection()) {
              peakOpen.accumulateAndGet(db.connectionsOpen(), Math::max);
              if (served.incrementAndGet() <= HOLDING_CALLERS) {
                Thread.sleep(ThreadLocalRandom.current().nextLong(50, 201));
              }
            }
          } catch (SQLException | InterruptedException e) {
            failures.add(e.toString());
          } finally {
            done.countDown();
          }
        }).start();
      }
      start.countDown();
      assertThat(done.await(2, TimeUnit.MINUTES)).as("all %d callers finished", callers).isTrue();
      assertThat(Eventually.within(Duration.ofSeconds(10), () -> pool.getPoolStats().pendingConnects() == 0))
          .as("connects still pending: %s", pool.getPoolStats()).isTrue();
      PoolStats stats = pool.getPoolStats();
      System.out.printf("herd: %d %s threads on a cold pool (connects 100 ms, first %d hold 50-200 ms)"
              + " served in %d ms; peak open %d of %d; connects %d, failed %d%n", callers, kind,
          HOLDING_CALLERS, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began), peakOpen.get(),
          MAX_CONNECTIONS, db.connectionsOpened(), stats.connectFailures());
      assertThat(failures).isEmpty();
      assertThat(served.get()).isEqualTo(callers);
      assertThat(peakOpen.get()).as("peak connections open while callers held them").isEqualTo(MAX_CONNECTIONS);
      assertThat(db.connectionsOpened()).as("connections opened in all").isLessThanOrEqualTo(MAX_CONNECTIONS);
      assertThat(stats.connectFailures()).as("connects refused for exceeding the maximum").isZero();
    } finally {
      StubDatabase.remove(db.name());
    }
  }

  /**
   * Hundreds of trials, cheaply: the same N threads serve every trial (a barrier starts them
   * together), and each trial opens a fresh stub pool of exactly N connections, cold or warming.
   */
  @Test
  void simultaneousCallersOnAFreshPoolOfExactlyThatSizeEachGetOneInEveryTrial() throws Exception {
    int n = 8;
    int trials = 400;
    StubDatabase db = StubDatabase.unique();
    AtomicReferenceArray<DatabasePool> current = new AtomicReferenceArray<>(1);
    AtomicReferenceArray<Integer> ids = new AtomicReferenceArray<>(n);
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    CyclicBarrier go = new CyclicBarrier(n + 1);
    CyclicBarrier allHold = new CyclicBarrier(n);
    CyclicBarrier done = new CyclicBarrier(n + 1);
    Thread[] callers = new Thread[n];
    for (int i = 0; i < n; i++) {
      int slot = i;
      callers[i] = new Thread(() -> {
        try {
          for (int t = 0; t < trials; t++) {
            go.await();
            try (Connection c = current.get(0).getConnection()) {
              ids.set(slot, c.unwrap(StubConnection.class).id());
              allHold.await(10, TimeUnit.SECONDS); // everyone holds one at the same time
            } catch (SQLException | TimeoutException | BrokenBarrierException e) {
              failures.add("trial " + t + ": " + Thread.currentThread().getName() + ": " + e);
              allHold.reset();
            }
            done.await();
          }
        } catch (InterruptedException | BrokenBarrierException e) {
          failures.add(e.toString());
        }
      }, "same-instant-" + i);
      callers[i].start();
    }
    try {
      for (int t = 0; t < trials; t++) {
        boolean cold = t % 2 == 0;
        DatabasePool pool = DatabasePool.builder().url(db.url()).poolName("same-instant-" + t)
            .poolSize(n).maxOverflow(0).minIdle(cold ? 0 : n)
            .initializationFailTimeout(Duration.ofMillis(cold ? -1 : 0))
            .poolTimeout(Duration.ofSeconds(10)).shutdownTimeout(Duration.ZERO).build();
        current.set(0, pool);
        go.await(30, TimeUnit.SECONDS);
        done.await(60, TimeUnit.SECONDS);
        Set<Integer> distinct = new HashSet<>();
        for (int i = 0; i < n; i++) {
          distinct.add(ids.getAndSet(i, null));
        }
        assertThat(failures).as("trial %d (%s): %s", t, cold ? "cold" : "warming", pool.getPoolStats())
            .isEmpty();
        assertThat(distinct).as("trial %d: connections handed out", t).hasSize(n).doesNotContainNull();
        assertThat(pool.getPoolStats().created()).isLessThanOrEqualTo(n);
        pool.close();
      }
    } finally {
      for (Thread c : callers) {
        c.interrupt();
      }
      StubDatabase.remove(db.name());
    }
    assertThat(List.of(callers)).noneMatch(Thread::isAlive);
  }
}
