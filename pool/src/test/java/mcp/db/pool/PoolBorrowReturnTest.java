package mcp.db.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import mcp.db.pool.testkit.StubConnection;
import mcp.db.pool.testkit.StubDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Borrow, return, overflow, timeouts and broken connections, on the stub driver. */
@Tag("stub")
class PoolBorrowReturnTest {
  private final StubDatabase db = StubDatabase.unique();
  private final List<DatabasePool> pools = new ArrayList<>();

  @AfterEach
  void closePools() {
    pools.forEach(DatabasePool::close);
    StubDatabase.remove(db.name());
  }

  private DatabasePoolBuilder builder() {
    return DatabasePool.builder().url(db.url()).poolName("t-" + db.name());
  }

  private DatabasePool open(DatabasePoolBuilder b) {
    DatabasePool p = b.build();
    pools.add(p);
    return p;
  }

  private static StubConnection physical(Connection c) throws SQLException {
    return c.unwrap(StubConnection.class);
  }

  @Test
  void returnedConnectionIsReusedByTheNextBorrower() throws Exception {
    DatabasePool pool = open(builder().poolSize(1).maxOverflow(0));
    int first;
    try (Connection c = pool.getConnection()) {
      first = physical(c).id();
    }
    try (Connection c = pool.getConnection()) {
      assertThat(physical(c).id()).isEqualTo(first);
    }
    assertThat(db.connectionsOpened()).isEqualTo(1);
  }

  @Test
  void overflowConnectionIsClosedWhenReturnedToFullPool() throws Exception {
    DatabasePool pool = open(builder().poolSize(2).maxOverflow(2).minIdle(0));
    List<Connection> held = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      held.add(pool.getConnection());
    }
    assertThat(pool.getPoolStats().size()).isEqualTo(4);
    assertThat(pool.getPoolStats().overflow()).isEqualTo(2);
    for (Connection c : held) {
      c.close();
    }
    PoolStats stats = pool.getPoolStats();
    assertThat(stats.size()).isEqualTo(2);
    assertThat(stats.checkedIn()).isEqualTo(2);
    assertThat(stats.overflow()).isZero();
    assertThat(stats.closedByReason()).containsEntry("overflow", 2L);
  }

  @Test
  void overflowConnectionIsKeptWhileFewerThanPoolSizeAreIdle() throws Exception {
    DatabasePool pool = open(builder().poolSize(2).maxOverflow(2).minIdle(0));
    Connection a = pool.getConnection();
    Connection b = pool.getConnection();
    Connection c = pool.getConnection(); // overflow
    c.close(); // only 0 idle: kept
    assertThat(pool.getPoolStats().size()).isEqualTo(3);
    a.close(); // 1 idle -> kept
    b.close(); // 2 idle == poolSize -> this one is closed
    assertThat(pool.getPoolStats().size()).isEqualTo(2);
  }

  /**
   * Regression: a connection opened for a waiting caller stopped counting as "being opened" before it
   * was offered, so a caller that rescanned in between (woken early, as any parked thread may be)
   * found nothing, saw no attempt in progress and had a second connection opened. A thread that
   * keeps unparking the caller makes such early rescans frequent; each round must open exactly the
   * two connections it borrows.
   */
  @Test
  void callerWokenWhileItsNewConnectionIsHandedOverDoesNotHaveASecondOpened() throws Exception {
    List<StubDatabase> databases = new ArrayList<>();
    try {
      for (int round = 0; round < 300; round++) {
        StubDatabase d = StubDatabase.unique();
        databases.add(d);
        DatabasePool pool = open(DatabasePool.builder().url(d.url()).poolName("t-" + d.name())
            .poolSize(1).maxOverflow(2).minIdle(0));
        Connection held = pool.getConnection();
        Thread caller = Thread.currentThread();
        AtomicBoolean borrowed = new AtomicBoolean();
        Thread waker = new Thread(() -> {
          while (!borrowed.get()) {
            LockSupport.unpark(caller);
          }
        });
        waker.start();
        try {
          pool.getConnection().close();
        } finally {
          borrowed.set(true);
          waker.join();
        }
        held.close();
      }
      Thread.sleep(200); // a second attempt, had one started, finishes within microseconds on the stub
      for (StubDatabase d : databases) {
        assertThat(d.connectionsOpened()).as("connections opened for %s", d.name()).isEqualTo(2);
      }
    } finally {
      databases.forEach(d -> StubDatabase.remove(d.name()));
    }
  }

  @Test
  void poolNeverOpensMoreThanPoolSizePlusOverflow() throws Exception {
    DatabasePool pool = open(builder().poolSize(2).maxOverflow(1).poolTimeout(Duration.ofMillis(300)));
    List<Connection> held = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      held.add(pool.getConnection());
    }
    assertThatThrownBy(pool::getConnection).isInstanceOf(PoolTimeoutException.class);
    assertThat(db.connectionsOpened()).isEqualTo(3);
    for (Connection c : held) {
      c.close();
    }
  }

  @Test
  void timeoutMessageCarriesPoolNameTimeoutAndCounts() throws Exception {
    DatabasePool pool = open(builder().poolSize(1).maxOverflow(0).poolTimeout(Duration.ofMillis(250)));
    try (Connection held = pool.getConnection()) {
      assertThatThrownBy(pool::getConnection)
          .isInstanceOf(PoolTimeoutException.class)
          .isInstanceOf(java.sql.SQLTransientConnectionException.class)
          .hasMessageContaining("t-" + db.name())
          .hasMessageContaining("250 ms")
          .hasMessageContaining("size 1, in use 1, idle 0, overflow 0, waiting ")
          .hasMessageContaining("poolSize 1, maxOverflow 0");
    }
    assertThat(pool.getPoolStats().timeouts()).isEqualTo(1);
  }

  @Test
  void timeoutMessageCarriesLastConnectionErrorWhileDatabaseFails() throws Exception {
    DatabasePool pool = open(builder().poolSize(1).maxOverflow(0).minIdle(0)
        .poolTimeout(Duration.ofMillis(400)).initializationFailTimeout(Duration.ofMillis(-1)));
    db.failConnects(new SQLException("database is starting up", "57P03"));
    assertThatThrownBy(pool::getConnection)
        .isInstanceOf(PoolTimeoutException.class)
        .hasMessageContaining("last connection error: database is starting up")
        .hasCauseInstanceOf(SQLException.class);
    assertThat(pool.getPoolStats().connectFailures()).isPositive();
  }

  @Test
  void waitingCallerGetsTheConnectionReturnedByAnother() throws Exception {
    DatabasePool pool = open(builder().poolSize(1).maxOverflow(0).poolTimeout(Duration.ofSeconds(10)));
    Connection held = pool.getConnection();
    int id = physical(held).id();
    ExecutorService ex = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> waiter = ex.submit(() -> {
        try (Connection c = pool.getConnection()) {
          return physical(c).id();
        }
      });
      while (pool.getPoolStats().waiting() == 0) {
        Thread.onSpinWait();
      }
      held.close();
      assertThat(waiter.get(5, TimeUnit.SECONDS)).isEqualTo(id);
    } finally {
      ex.shutdownNow();
    }
  }

  @Test
  void waitersAreServedInArrivalOrder() throws Exception {
    DatabasePool pool = open(builder().poolSize(1).maxOverflow(0).poolTimeout(Duration.ofSeconds(10)));
    Connection held = pool.getConnection();
    List<Integer> order = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      int n = i;
      Thread t = new Thread(() -> {
        try (Connection c = pool.getConnection()) {
          order.add(n);
        } catch (SQLException e) {
          throw new AssertionError(e);
        }
      });
      t.start();
      threads.add(t);
      while (pool.getPoolStats().waiting() < i + 1) {
        Thread.onSpinWait();
      }
    }
    held.close();
    for (Thread t : threads) {
      t.join(5000);
    }
    assertThat(order).containsExactly(0, 1, 2, 3, 4);
  }

  @Test
  void fatalErrorMarksConnectionBrokenAndItIsClosedOnReturn() throws Exception {
    DatabasePool pool = open(builder().poolSize(1).maxOverflow(0));
    int id;
    try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
      id = physical(c).id();
      physical(c).failNextExecutions(1, new SQLException("connection failure", "08006"));
      assertThatThrownBy(() -> st.execute("select 1")).isInstanceOf(SQLException.class);
    }
    try (Connection c = pool.getConnection()) {
      assertThat(physical(c).id()).isNotEqualTo(id);
    }
    assertThat(pool.getPoolStats().broken()).isEqualTo(1);
    assertThat(pool.getPoolStats().closedByReason()).containsEntry("broken", 1L);
  }

  @Test
  void nonFatalErrorsKeepTheConnection() throws Exception {
    DatabasePool pool = open(builder().poolSize(1).maxOverflow(0));
    int id;
    try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
      id = physical(c).id();
      for (String state : new String[] {"57014", "23505", "40001", "42P01"}) {
        physical(c).failNextExecutions(1, new SQLException("not fatal", state));
        assertThatThrownBy(() -> st.execute("select 1")).isInstanceOf(SQLException.class);
      }
    }
    try (Connection c = pool.getConnection()) {
      assertThat(physical(c).id()).isEqualTo(id);
    }
    assertThat(pool.getPoolStats().broken()).isZero();
    assertThat(pool.getPoolStats().errorsBySqlStateClass()).containsEntry("23", 1L).containsEntry("40", 1L);
  }

  @Test
  void getConnectionAfterCloseFailsClearly() {
    DatabasePool pool = open(builder());
    pool.close();
    assertThatThrownBy(pool::getConnection)
        .isInstanceOf(PoolClosedException.class)
        .hasMessageContaining("is closed");
  }

  @Test
  void closeClosesIdleConnectionsAtOnceAndBorrowedOnesWhenReturned() throws Exception {
    DatabasePool pool = open(builder().poolSize(2).maxOverflow(0).shutdownTimeout(Duration.ofSeconds(5)));
    Connection held = pool.getConnection();
    Thread closer = new Thread(pool::close);
    closer.start();
    while (db.connectionsOpen() > 1) {
      Thread.onSpinWait();
    }
    assertThat(physical(held).isClosed()).isFalse();
    held.close();
    closer.join(5000);
    assertThat(closer.isAlive()).isFalse();
    assertThat(db.connectionsOpen()).isZero();
    assertThat(db.doubleCloses()).isZero();
  }

  @Test
  void closeAbortsConnectionsStillBorrowedAfterShutdownTimeout() throws Exception {
    DatabasePool pool = open(builder().poolSize(1).maxOverflow(0).shutdownTimeout(Duration.ofMillis(200)));
    Connection held = pool.getConnection();
    StubConnection raw = physical(held);
    long start = System.nanoTime();
    pool.close();
    assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(3));
    assertThat(raw.isAborted()).isTrue();
    held.close(); // the careless caller comes back late: nothing breaks, nothing is closed twice
    assertThat(db.doubleCloses()).isZero();
  }

  @Test
  void waitingCallersGetPoolClosedWhenThePoolCloses() throws Exception {
    DatabasePool pool = open(builder().poolSize(1).maxOverflow(0).poolTimeout(Duration.ofSeconds(30))
        .shutdownTimeout(Duration.ofMillis(100)));
    Connection held = pool.getConnection();
    ExecutorService ex = Executors.newSingleThreadExecutor();
    try {
      Future<?> waiter = ex.submit(() -> {
        pool.getConnection();
        return null;
      });
      while (pool.getPoolStats().waiting() == 0) {
        Thread.onSpinWait();
      }
      pool.close();
      assertThatThrownBy(() -> waiter.get(5, TimeUnit.SECONDS))
          .hasCauseInstanceOf(PoolClosedException.class);
    } finally {
      ex.shutdownNow();
      held.close();
    }
  }

  @Test
  void buildFailsFastWithTheDriversErrorWhenDatabaseIsUnreachable() {
    db.failConnects(new SQLException("connection refused by stub", "08001"));
    long start = System.nanoTime();
    assertThatThrownBy(() -> open(builder()))
        .isInstanceOf(PoolInitializationException.class)
        .hasMessageContaining("connection refused by stub")
        .hasCauseInstanceOf(SQLException.class);
    assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(2));
  }

  @Test
  void buildKeepsTryingForInitializationFailTimeout() {
    db.failNextConnects(2);
    DatabasePool pool = open(builder().initializationFailTimeout(Duration.ofSeconds(5)));
    assertThat(pool.getPoolStats().connectFailures()).isEqualTo(2);
  }

  @Test
  void poolFillsToMinIdleInTheBackground() throws Exception {
    DatabasePool pool = open(builder().poolSize(4).minIdle(3).maxOverflow(0));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (pool.getPoolStats().checkedIn() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(pool.getPoolStats().checkedIn()).isEqualTo(3);
  }

  @Test
  void concurrentCallersGetConnectionsOpenedConcurrentlyUpToTheLimit() throws Exception {
    db.connectDelay(Duration.ofMillis(50));
    DatabasePool pool = open(builder().poolSize(4).maxOverflow(4).minIdle(0)
        .initializationFailTimeout(Duration.ofMillis(-1)).poolTimeout(Duration.ofSeconds(10)));
    int n = 20;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService ex = Executors.newFixedThreadPool(n);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        fs.add(ex.submit(() -> {
          start.await();
          try (Connection c = pool.getConnection()) {
            Thread.sleep(20);
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : fs) {
        f.get(20, TimeUnit.SECONDS);
      }
    } finally {
      ex.shutdownNow();
    }
    assertThat(db.connectionsOpened()).isLessThanOrEqualTo(8);
    assertThat(pool.getPoolStats().checkedOut()).isZero();
  }

  @Test
  void connectionAbortedByItsBorrowerIsDiscardedAndNeverClosedTwice() throws Exception {
    DatabasePool pool = open(builder().poolSize(1).maxOverflow(0));
    int id;
    Connection c = pool.getConnection();
    id = physical(c).id();
    c.abort(Runnable::run);
    try (Connection next = pool.getConnection()) {
      assertThat(physical(next).id()).isNotEqualTo(id);
    }
    assertThat(db.aborts()).isEqualTo(1);
    assertThat(db.doubleCloses()).isZero();
  }
}
