package mcp.db.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import mcp.db.pool.testkit.StubConnection;
import mcp.db.pool.testkit.StubDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Many threads against few connections: exclusivity, the limit, and counts that add up. */
@Tag("stub")
@Tag("concurrency")
class PoolConcurrencyTest {
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
  void sixtyFourThreadsNeverHoldOneConnectionAtOnceAndAllCountsAddUp() throws Exception {
    pool = DatabasePool.builder().url(db.url()).poolName("churn").poolSize(4).maxOverflow(4)
        .poolTimeout(Duration.ofSeconds(60)).build();
    int threads = 64;
    int cycles = 10_000;
    ConcurrentHashMap<Integer, AtomicReference<Thread>> holders = new ConcurrentHashMap<>();
    LongAdder sharedViolations = new LongAdder();
    AtomicInteger maxOpen = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService ex = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        fs.add(ex.submit(() -> {
          start.await();
          Thread me = Thread.currentThread();
          for (int i = 0; i < cycles; i++) {
            try (Connection c = pool.getConnection()) {
              int id = c.unwrap(StubConnection.class).id();
              AtomicReference<Thread> holder = holders.computeIfAbsent(id, k -> new AtomicReference<>());
              if (!holder.compareAndSet(null, me)) {
                sharedViolations.increment();
              }
              maxOpen.accumulateAndGet(db.connectionsOpen(), Math::max);
              holder.compareAndSet(me, null);
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : fs) {
        f.get(5, TimeUnit.MINUTES);
      }
    } finally {
      ex.shutdownNow();
    }
    assertThat(sharedViolations.sum()).as("times one connection had two holders").isZero();
    assertThat(maxOpen.get()).isLessThanOrEqualTo(8);
    PoolStats stats = pool.getPoolStats();
    assertThat(stats.checkedOut()).isZero();
    assertThat(stats.waiting()).isZero();
    assertThat(stats.created() - stats.closed()).isEqualTo(stats.size());
    assertThat((long) db.connectionsOpen()).isEqualTo(stats.size());
    assertThat(db.connectionsOpened()).isEqualTo(stats.created());
    assertThat(stats.timeouts()).isZero();
    assertThat(stats.borrows()).as("borrows").isEqualTo((long) threads * cycles);
    assertThat(stats.returns()).as("returns").isEqualTo((long) threads * cycles);
  }

  /**
   * N callers at the same instant on a fresh pool of exactly N connections each get one (a case
   * that has tripped other pools), many times over.
   */
  @RepeatedTest(50)
  void simultaneousCallersOnAFreshPoolOfExactlyThatSizeEachGetAConnection() throws Exception {
    int n = 8;
    pool = DatabasePool.builder().url(db.url()).poolName("herd").poolSize(n).maxOverflow(0)
        .poolTimeout(Duration.ofSeconds(10)).build();
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch allHold = new CountDownLatch(n);
    ExecutorService ex = Executors.newFixedThreadPool(n);
    try {
      List<Future<Integer>> fs = new ArrayList<>();
      for (int t = 0; t < n; t++) {
        fs.add(ex.submit(() -> {
          start.await();
          try (Connection c = pool.getConnection()) {
            allHold.countDown();
            allHold.await(10, TimeUnit.SECONDS); // hold until everyone has one
            return c.unwrap(StubConnection.class).id();
          }
        }));
      }
      start.countDown();
      List<Integer> ids = new ArrayList<>();
      for (Future<Integer> f : fs) {
        ids.add(f.get(20, TimeUnit.SECONDS));
      }
      assertThat(ids).doesNotHaveDuplicates().hasSize(n);
    } finally {
      ex.shutdownNow();
    }
    assertThat(db.connectionsOpened()).isLessThanOrEqualTo(n);
  }
}
