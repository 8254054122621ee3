package mcp.db.pool.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.PoolInitializationException;
import mcp.db.pool.PoolStats;
import mcp.db.pool.PoolTimeoutException;
import mcp.db.pool.support.RequiresPostgres;
import mcp.db.pool.testkit.StubConnection;
import mcp.db.pool.testkit.StubDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pool enforces connectionTimeout itself, whatever the driver's own timeouts: an attempt that
 * has not returned in time is given up and counted as a failed attempt, its slot (and its connector
 * thread's turn) goes to the next attempt, and a connection the driver opens after all is closed,
 * never lent. The stub tests hang the "driver" in a wait that ignores interrupts, as a blocking
 * socket read without a timeout does; the PostgreSQL test black-holes new connections with the
 * driver's own timeouts set to ten minutes.
 */
@Tag("faults")
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang fails, not blocks
class ConnectTimeoutTest {
  private static final Duration CONNECTION_TIMEOUT = Duration.ofMillis(300);
  /** Scheduling noise on a shared 2-core machine. */
  private static final Duration MARGIN = Duration.ofMillis(500);

  private final StubDatabase db = StubDatabase.unique();

  @AfterEach
  void releaseStub() {
    db.releaseConnects();
    StubDatabase.remove(db.name());
  }

  private static long millisSince(long start) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  @Test
  @Tag("stub")
  void aConnectThatHangsPastConnectionTimeoutIsGivenUpAndItsLateConnectionClosed() throws Exception {
    db.holdConnects();
    try (DatabasePool pool = DatabasePool.builder().url(db.url()).poolName("hang-" + db.name())
        .poolSize(2).maxOverflow(0).minIdle(0).initializationFailTimeout(Duration.ofMillis(-1))
        .connectionTimeout(CONNECTION_TIMEOUT).poolTimeout(Duration.ofSeconds(1)).build()) {
      long start = System.nanoTime();
      PoolTimeoutException e = catchThrowableOfType(PoolTimeoutException.class, pool::getConnection);
      long tookMillis = millisSince(start);
      assertThat((Throwable) e).as("a caller of a pool whose connects hang times out").isNotNull();
      assertThat(tookMillis).isLessThan(1_000 + MARGIN.toMillis());
      assertThat(e.getMessage()).as("the timeout says why no connection came")
          .contains("did not connect within 300 ms (connectionTimeout)");
      assertThat(pool.getPoolStats().connectFailures()).as("given-up attempts count as failures")
          .isPositive();
      assertThat(db.heldConnects()).as("attempts still inside the driver").isPositive();

      db.releaseConnects(); // the driver returns: late connections arrive and must be closed
      try (Connection c1 = pool.getConnection(); Connection c2 = pool.getConnection();
          Statement s1 = c1.createStatement(); Statement s2 = c2.createStatement()) {
        assertThat(c1.unwrap(StubConnection.class).isClosed()).isFalse();
        assertThat(c2.unwrap(StubConnection.class).isClosed()).isFalse();
        s1.execute("select 1");
        s2.execute("select 1");
      }
      assertThat(Eventually.within(Duration.ofSeconds(5),
          () -> db.heldConnects() == 0 && db.connectionsOpen() == pool.getPoolStats().size()))
          .as("at rest the stub has exactly the pool's connections open: %s, %s", db, pool.getPoolStats())
          .isTrue();
      assertThat(db.connectionsOpened()).as("late connections were opened (and then closed)")
          .isGreaterThan(pool.getPoolStats().size());
      assertThat(pool.getPoolStats().size()).isEqualTo(2);
    }
    assertThat(db.connectionsOpen()).as("connections left open after close").isZero();
    assertThat(db.doubleCloses()).isZero();
  }

  @Test
  @Tag("stub")
  void connectsStuckInTheDriverDoNotKeepNewOnesFromOpening() throws Exception {
    db.holdConnects();
    try (DatabasePool pool = DatabasePool.builder().url(db.url()).poolName("stuck-" + db.name())
        .poolSize(4).maxOverflow(0).minIdle(0).initializationFailTimeout(Duration.ofMillis(-1))
        .connectionTimeout(Duration.ofMillis(250)).poolTimeout(Duration.ofSeconds(2)).build()) {
      AtomicBoolean stop = new AtomicBoolean();
      Thread caller = new Thread(() -> { // keeps demand up, so the pool keeps retrying
        while (!stop.get()) {
          try (Connection c = pool.getConnection()) {
            // served
          } catch (SQLException expected) {
            // timed out while the connects hang
          }
        }
      }, "stuck-caller");
      caller.start();
      try {
        // The pool has 4 connector threads; with each one stuck in the driver, a pool that waited
        // for its threads would make no fifth attempt.
        assertThat(Eventually.within(Duration.ofSeconds(10), () -> db.heldConnects() > 4))
            .as("attempts made while 4 earlier ones are stuck in the driver (held now: %d)",
                db.heldConnects()).isTrue();
        db.admitNewConnects(); // the held ones stay stuck
        long start = System.nanoTime();
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
          st.execute("select 1");
        }
        assertThat(millisSince(start)).as("a new connect opened next to the stuck ones")
            .isLessThan(2_000);
        assertThat(db.heldConnects()).as("still stuck").isGreaterThan(4);
      } finally {
        stop.set(true);
        caller.join(5_000);
      }
      db.releaseConnects();
      assertThat(Eventually.within(Duration.ofSeconds(5),
          () -> db.heldConnects() == 0 && db.connectionsOpen() == pool.getPoolStats().size()))
          .as("late connections closed: %s, %s", db, pool.getPoolStats()).isTrue();
    }
    assertThat(db.connectionsOpen()).isZero();
  }

  @Test
  @Tag("stub")
  void buildGivesUpOnAFirstConnectThatHangsAtConnectionTimeout() throws Exception {
    db.holdConnects();
    long start = System.nanoTime();
    PoolInitializationException e = catchThrowableOfType(PoolInitializationException.class,
        () -> DatabasePool.builder().url(db.url()).poolName("hangbuild-" + db.name())
            .connectionTimeout(CONNECTION_TIMEOUT).initializationFailTimeout(Duration.ZERO).build());
    long tookMillis = millisSince(start);
    assertThat(e).as("build() must fail, not hang").isNotNull();
    assertThat(tookMillis).isLessThan(CONNECTION_TIMEOUT.plus(MARGIN).toMillis());
    assertThat(e.getMessage()).contains("(connectionTimeout)");

    db.releaseConnects();
    assertThat(Eventually.within(Duration.ofSeconds(5),
        () -> db.connectionsOpened() == 1 && db.connectionsOpen() == 0))
        .as("the connection that arrived after build() gave up was closed: %s", db).isTrue();
  }

  @Test
  @Tag("stub")
  void buildGivesUpAtInitializationFailTimeoutWhenThatComesBeforeConnectionTimeout() throws Exception {
    db.holdConnects();
    Duration ift = Duration.ofMillis(400);
    long start = System.nanoTime();
    PoolInitializationException e = catchThrowableOfType(PoolInitializationException.class,
        () -> DatabasePool.builder().url(db.url()).poolName("hangift-" + db.name())
            .connectionTimeout(Duration.ofSeconds(5)).initializationFailTimeout(ift).build());
    long tookMillis = millisSince(start);
    assertThat(e).isNotNull();
    assertThat(tookMillis).isLessThan(ift.plus(MARGIN).toMillis());
    assertThat(e.getMessage()).contains("(initializationFailTimeout)");
  }

  /**
   * PostgreSQL behind a black hole: new connections are accepted by the kernel and then nothing
   * flows. The driver would wait ten minutes (its connect, login and socket timeouts); with
   * {@code loginTimeout} 600 pgjdbc connects on a thread of its own and gives up when the pool
   * interrupts it, with 0 it reads the socket on the pool's thread, which no interrupt frees.
   */
  @ParameterizedTest(name = "pgjdbc loginTimeout={0}")
  @ValueSource(strings = {"600", "0"})
  @RequiresPostgres
  void blackHoledConnectsAreGivenUpAtConnectionTimeoutAndNothingLeaksWhenTheyComeThrough(
      String loginTimeout) throws Exception {
    try (ProxiedPostgres pg = new ProxiedPostgres("hungconnect");
        PostgresFaults server = new PostgresFaults()) {
      pg.proxy.blackHole();
      // ProxiedPostgres: connectionTimeout 1 s; the driver's own limits here are 600 s.
      try (DatabasePool pool = pg.builder(600).driverProperty("connectTimeout", "600")
          .driverProperty("loginTimeout", loginTimeout).poolSize(2).maxOverflow(0).minIdle(0)
          .initializationFailTimeout(Duration.ofMillis(-1)).poolTimeout(BoundedWaitContract.POOL_TIMEOUT)
          .build()) {
        // Four callers for 3 s, each getConnection timed against poolTimeout + 500 ms.
        BoundedWaitContract.Borrows borrows = new BoundedWaitContract.Borrows();
        borrows.run(pool, 4, Duration.ofSeconds(3));
        PoolStats during = pool.getPoolStats();
        System.out.printf("hung connects (loginTimeout=%s): outcomes %s, %d connect failures%n",
            loginTimeout, borrows.outcomeCounts(), during.connectFailures());
        assertThat(borrows.overLimit).as("getConnection calls longer than poolTimeout + %s", MARGIN)
            .isEmpty();
        assertThat(borrows.outcomeCounts()).containsOnlyKeys("PoolTimeoutException");
        assertThat(borrows.messages).anySatisfy(m -> assertThat(m).contains("(connectionTimeout)"));
        assertThat(during.connectFailures()).as("attempts given up at connectionTimeout").isPositive();

        pg.proxy.heal(); // held traffic flows: the given-up connects complete late
        assertThat(Eventually.within(Duration.ofSeconds(10), () -> {
          try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            return st.execute("select 1");
          } catch (SQLException e) {
            return false;
          }
        })).as("served after the black hole").isTrue();
        assertThat(Eventually.within(Duration.ofSeconds(15), () -> {
          PoolStats s = pool.getPoolStats();
          return s.checkedOut() == 0 && s.pendingConnects() == 0 && s.size() == pg.proxy.openConnections()
              && s.size() == server.sessions(pg.poolName) && s.size() == pg.ledger().open();
        })).as("at rest: stats %s, proxy %s, sessions %d, ledger %s", pool.getPoolStats(), pg.proxy,
            server.sessions(pg.poolName), pg.ledger()).isTrue();
      }
      assertThat(pg.ledger().notClosedExactlyOnce()).as("physical connections not closed exactly once")
          .isEmpty();
      assertThat(Eventually.within(Duration.ofSeconds(5), () -> server.sessions(pg.poolName) == 0))
          .as("server sessions after close").isTrue();
    }
  }
}
