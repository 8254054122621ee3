package mcp.db.pool.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.DatabasePoolBuilder;
import mcp.db.pool.PoolStats;
import mcp.db.pool.PoolTimeoutException;
import mcp.db.pool.internal.metrics.PoolMetrics;
import mcp.db.pool.support.CapturedLogs;
import mcp.db.pool.support.LogLine;
import mcp.db.pool.testkit.StubDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Statistics on the stub driver: consistency under churn, totals, errors, timeouts, the switch. */
@Tag("stub")
class PoolStatsTest {
  private static final String PASSWORD = "Pw-d0-not-leak-7731";
  private final StubDatabase db = StubDatabase.unique();
  private final List<DatabasePool> pools = new ArrayList<>();

  @AfterEach
  void closePools() {
    pools.forEach(DatabasePool::close);
    StubDatabase.remove(db.name());
  }

  private DatabasePoolBuilder builder() {
    return DatabasePool.builder().url(db.url()).username("app").password(PASSWORD)
        .poolName("stats-" + db.name());
  }

  private DatabasePool open(DatabasePoolBuilder b) {
    DatabasePool p = b.build();
    pools.add(p);
    return p;
  }

  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(5);
    }
  }

  /**
   * Runs {@code threads} callers that each borrow and return {@code borrowsEach} times while an
   * observer thread runs {@code check} (which takes a snapshot and returns what is wrong with it,
   * or null) as often as it can; returns the complaints.
   */
  private static List<String> churn(DatabasePool pool, int threads, int borrowsEach,
      Supplier<String> check) throws Exception {
    ExecutorService workers = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      done.add(workers.submit(() -> {
        start.await();
        for (int i = 0; i < borrowsEach; i++) {
          try (Connection c = pool.getConnection()) {
            if ((i & 7) == 0) {
              c.getAutoCommit();
            }
          }
        }
        return null;
      }));
    }
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger snapshots = new AtomicInteger();
    List<String> violations = Collections.synchronizedList(new ArrayList<>());
    Thread observer = new Thread(() -> {
      while (running.get() && violations.size() < 10) {
        String problem = check.get();
        snapshots.incrementAndGet();
        if (problem != null) {
          violations.add(problem);
        }
      }
    });
    observer.start();
    start.countDown();
    try {
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      running.set(false);
      observer.join();
      workers.shutdownNow();
    }
    assertThat(snapshots.get()).isPositive();
    return violations;
  }

  @Test
  void everySnapshotUnderChurnOf32ThreadsIsConsistent() throws Exception {
    DatabasePool pool = open(builder().poolSize(4).maxOverflow(2).poolTimeout(Duration.ofSeconds(30)));
    int threads = 32;
    int borrowsEach = 1500;
    List<String> violations = churn(pool, threads, borrowsEach, () -> {
      // size is checkedOut + checkedIn by construction, so it is checked against the driver: every
      // connection the pool lists was opened and not yet closed by the driver's own counts, read
      // before (closed) and after (opened) the snapshot.
      long closedBefore = db.connectionsClosed();
      PoolStats s = pool.getPoolStats();
      long openedAfter = db.connectionsOpened();
      if (s.checkedOut() + s.checkedIn() > openedAfter - closedBefore) {
        return "checkedOut + checkedIn above the driver's " + (openedAfter - closedBefore)
            + " open connections: " + s;
      }
      if (s.size() > 6 || s.checkedOut() < 0 || s.checkedIn() < 0 || s.waiting() < 0) {
        return "counts out of range: " + s;
      }
      if (s.overflow() != Math.max(0, s.size() - 4)) {
        return "overflow != size - poolSize: " + s;
      }
      if (!(s.utilization() >= 0 && s.utilization() <= 1) || s.peakCheckedOut() > 6) {
        return "utilization or peak out of range: " + s;
      }
      return null;
    });
    assertThat(violations).isEmpty();

    // At rest, once the closer has closed every connection the pool retired, the snapshot's counts
    // match the driver's own count of open connections.
    await(() -> db.connectionsClosed() == pool.getPoolStats().closed(),
        "the driver saw every retired connection close");
    PoolStats s = pool.getPoolStats();
    long borrows = (long) threads * borrowsEach;
    assertThat(s.checkedOut()).isZero();
    assertThat(s.waiting()).isZero();
    assertThat(s.checkedIn()).isEqualTo(db.connectionsOpen());
    assertThat(s.size()).isEqualTo(db.connectionsOpen());
    assertThat(s.created() - s.closed()).isEqualTo(db.connectionsOpen());
    assertThat(s.created()).isEqualTo(db.connectionsOpened());
    assertThat(s.borrows()).isEqualTo(borrows);
    assertThat(s.returns()).isEqualTo(borrows);
    assertThat(s.acquireWait().count()).isEqualTo(borrows);
    assertThat(s.holdTime().count()).isEqualTo(borrows);
    assertThat(s.peakCheckedOut()).isBetween(1, 6);
    assertThat(s.timeouts()).isZero();
  }

  @Test
  void totalsNeverGoBackwardsAndCountEachBorrowOnceWhileConnectionsRetire() throws Exception {
    // Connections live 2 ms, so they retire (and their counters are folded into the totals) all
    // the time while 16 threads borrow and a 17th reads statistics.
    DatabasePool pool = open(builder().poolSize(3).maxOverflow(1).poolTimeout(Duration.ofSeconds(30))
        .poolRecycle(Duration.ofMillis(2)));
    int threads = 16;
    int borrowsEach = 2000;
    long[] previous = new long[4];
    List<String> violations = churn(pool, threads, borrowsEach, () -> {
      PoolStats s = pool.getPoolStats();
      long[] now = {s.borrows(), s.returns(), s.created(), s.closed()};
      String problem = null;
      for (int i = 0; i < now.length; i++) {
        if (now[i] < previous[i]) {
          problem = "a total went backwards: " + Arrays.toString(previous) + " -> "
              + Arrays.toString(now) + " (borrows, returns, created, closed): " + s;
        }
      }
      if (s.borrows() > (long) threads * borrowsEach || s.returns() > (long) threads * borrowsEach) {
        problem = "more borrows or returns than were made";
      }
      System.arraycopy(now, 0, previous, 0, now.length);
      return problem;
    });
    assertThat(violations).isEmpty();

    PoolStats s = pool.getPoolStats();
    long cycles = (long) threads * borrowsEach;
    assertThat(s.closedByReason().get("recycled")).as("connections retired under load").isPositive();
    assertThat(s.borrows()).isEqualTo(cycles);
    assertThat(s.returns()).isEqualTo(cycles);
    assertThat(s.holdTime().count()).isEqualTo(cycles);
    assertThat(s.toMap()).containsEntry("borrows", cycles).containsEntry("returns", cycles);
  }

  @Test
  void toMapUsesTheSpecNames() {
    DatabasePool pool = open(builder().poolSize(2).maxOverflow(3));
    Map<String, Object> m = pool.getPoolStats().toMap();
    assertThat(m).containsKeys("pool_name", "pool_size", "max_overflow", "size", "checkedout",
        "checkedin", "overflow", "waiting", "created", "closed", "broken", "connect_failures",
        "validation_failures", "timeouts", "retries", "borrows", "returns", "closed_by_reason",
        "errors_by_sqlstate_class", "oldest_checkout_ms", "utilization", "peak_checkedout", "acquire_wait_ms", "hold_time_ms",
        "connect_time_ms", "recent_errors", "sizing");
    assertThat(m.get("pool_size")).isEqualTo(2);
    assertThat(m.get("max_overflow")).isEqualTo(3);
    @SuppressWarnings("unchecked")
    Map<String, Long> reasons = (Map<String, Long>) m.get("closed_by_reason");
    assertThat(reasons).containsOnlyKeys("recycled", "idle", "broken", "evicted", "overflow",
        "validation_failed", "leak", "pool_closed");
    @SuppressWarnings("unchecked")
    Map<String, Object> sizing = (Map<String, Object>) m.get("sizing");
    assertThat(sizing).containsOnlyKeys("automatic", "chosen_size", "state", "estimated_concurrency",
        "no_load_hold_time_ms", "grows", "shrinks", "last_decision");
    assertThat(m.toString()).doesNotContain(PASSWORD);
  }

  @Test
  void borrowedIdleAndOverflowAreCountedExactly() throws Exception {
    DatabasePool pool = open(builder().poolSize(2).maxOverflow(2).minIdle(2));
    await(() -> pool.getPoolStats().size() == 2, "two connections are open");
    List<Connection> held = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      held.add(pool.getConnection());
    }
    PoolStats s = pool.getPoolStats();
    assertThat(s.checkedOut()).isEqualTo(3);
    // A demand check racing the connect that served the third caller may open one spare
    // connection (bounded by maxOverflow); the counts must still add up exactly.
    assertThat(s.checkedIn()).isBetween(0, 1);
    assertThat(s.size()).isEqualTo(s.checkedOut() + s.checkedIn());
    assertThat(s.overflow()).isEqualTo(s.size() - 2);
    assertThat(s.peakCheckedOut()).isEqualTo(3);
    assertThat(s.oldestCheckout()).isPositive();
    for (Connection c : held) {
      c.close();
    }
    await(() -> pool.getPoolStats().pendingConnects() == 0, "no connection is being opened");
    s = pool.getPoolStats();
    assertThat(s.checkedOut()).isZero();
    assertThat(s.holdTime().count()).isEqualTo(3);
    assertThat(s.borrows()).isEqualTo(3);
    assertThat(s.returns()).isEqualTo(3);
    assertThat(s.oldestCheckout()).isZero();
    // every connection opened (three, or four with the spare) is idle now or closed as overflow
    assertThat(s.closedByReason().get("overflow") + s.checkedIn()).isEqualTo(s.created());
  }

  @Test
  void timeoutsAreCountedAndLoggedWithThePoolsCounts() throws Exception {
    DatabasePool pool = open(builder().poolSize(1).maxOverflow(0).poolTimeout(Duration.ofMillis(100)));
    pool.getPoolStats(); // binds the metrics to the engine if the engine did not at construction
    CapturedLogs.clear();
    try (Connection held = pool.getConnection()) {
      assertThatThrownBy(pool::getConnection).isInstanceOf(PoolTimeoutException.class);
      assertThatThrownBy(pool::getConnection).isInstanceOf(PoolTimeoutException.class);
    }
    PoolStats s = pool.getPoolStats();
    assertThat(s.timeouts()).isEqualTo(2);
    assertThat(s.recentTimeouts()).isEqualTo(2);
    List<LogLine> lines = CapturedLogs.matching("'" + pool.getPoolName() + "' exhausted");
    assertThat(lines).hasSize(1); // rate-limited: one line for the two timeouts
    assertThat(lines.get(0).message()).contains("in use 1", "idle 0", "poolSize 1", "maxOverflow 0");
    assertThat(CapturedLogs.matching(PASSWORD)).isEmpty();
  }

  @Test
  void sqlErrorsAreCountedByClassAndTheRecentOnesKeptWithoutSecretsOrRowValues() throws Exception {
    DatabasePool pool = open(builder().poolSize(1));
    db.failNextExecutions(1, new SQLException("duplicate key; url jdbc:x://u:" + PASSWORD
        + "@h/d\n  Detail: Key (email)=(alice@example.com) already exists.", "23505"));
    try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
      assertThatThrownBy(() -> st.execute("insert")).isInstanceOf(SQLException.class);
    }
    PoolStats s = pool.getPoolStats();
    assertThat(s.errorsBySqlStateClass()).containsEntry("23", 1L);
    assertThat(s.errors()).isEqualTo(1);
    assertThat(s.recentErrorCount()).isEqualTo(1);
    assertThat(s.recentErrors()).singleElement().satisfies(e -> {
      assertThat(e.sqlState()).isEqualTo("23505");
      assertThat(e.message()).startsWith("duplicate key").doesNotContain(PASSWORD)
          .doesNotContain("alice");
    });
    assertThat(s.toMap().toString()).doesNotContain(PASSWORD).doesNotContain("alice");
  }

  @Test
  void onlyTheLastFewErrorsAreKeptOldestFirst() throws Exception {
    DatabasePool pool = open(builder().poolSize(1));
    try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
      for (int i = 0; i < 20; i++) {
        db.failNextExecutions(1, new SQLException("error " + i, "42P01"));
        assertThatThrownBy(() -> st.execute("select")).isInstanceOf(SQLException.class);
      }
    }
    List<PoolStats.SqlError> recent = pool.getPoolStats().recentErrors();
    assertThat(recent).hasSize(8);
    assertThat(recent.get(0).message()).isEqualTo("error 12");
    assertThat(recent.get(7).message()).isEqualTo("error 19");
  }

  @Test
  void recordingCanBeSwitchedOffForBenchmarks() throws Exception {
    DatabasePool pool;
    System.setProperty(PoolMetrics.ENABLED_PROPERTY, "false");
    try {
      pool = open(builder().poolSize(1));
    } finally {
      System.clearProperty(PoolMetrics.ENABLED_PROPERTY);
    }
    for (int i = 0; i < 10; i++) {
      try (Connection c = pool.getConnection()) {
        c.getAutoCommit();
      }
    }
    PoolStats s = pool.getPoolStats();
    assertThat(s.acquireWait().count()).isZero();
    assertThat(s.holdTime().count()).isZero();
    assertThat(s.borrows()).isZero();
    assertThat(s.returns()).isZero();
    assertThat(s.created()).isEqualTo(1); // counters off the hot path stay on
    assertThat(s.connectTime().count()).isEqualTo(1);
  }
}
