package mcp.db.pool.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.PoolTimeoutException;
import mcp.db.pool.support.RequiresPostgres;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Bounded wait: every {@code getConnection()} returns or throws within poolTimeout plus a small
 * margin, whatever the network or the server does: traffic black-holed, connects slower than
 * poolTimeout, or the server full.
 */
@Tag("faults")
@RequiresPostgres
class BoundedWaitTest {
  private static final Duration POOL_TIMEOUT = Duration.ofSeconds(1);
  /** Scheduling noise on a shared 2-core machine; far below a second validation or connect. */
  private static final Duration MARGIN = Duration.ofMillis(500);

  /** Durations of getConnection calls and what they ended with. */
  private static final class Borrows {
    final AtomicLong longestNanos = new AtomicLong();
    final ConcurrentLinkedQueue<String> overLimit = new ConcurrentLinkedQueue<>();
    final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();

    void run(DatabasePool pool, int threads, Duration period) throws InterruptedException {
      long stopAt = System.nanoTime() + period.toNanos();
      long limit = POOL_TIMEOUT.plus(MARGIN).toNanos();
      List<Thread> ts = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Thread t = new Thread(() -> {
          while (System.nanoTime() - stopAt < 0) {
            long start = System.nanoTime();
            String outcome;
            try (Connection c = pool.getConnection()) {
              outcome = "got a connection";
            } catch (SQLException e) {
              outcome = e.getClass().getSimpleName();
            }
            long took = System.nanoTime() - start;
            longestNanos.accumulateAndGet(took, Math::max);
            outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
            if (took > limit) {
              overLimit.add(outcome + " after " + TimeUnit.NANOSECONDS.toMillis(took) + " ms");
            }
          }
        }, "bounded-wait-" + i);
        ts.add(t);
        t.start();
      }
      for (Thread t : ts) {
        t.join(period.plus(POOL_TIMEOUT).toMillis() + 30_000);
        assertThat(t.isAlive()).as("%s still inside getConnection: a hang", t.getName()).isFalse();
      }
    }

    long longestMillis() {
      return TimeUnit.NANOSECONDS.toMillis(longestNanos.get());
    }

    Map<String, Long> outcomeCounts() {
      Map<String, Long> m = new TreeMap<>();
      outcomes.forEach((k, v) -> m.put(k, v.sum()));
      return m;
    }
  }

  @Test
  void everyBorrowEndsWithinPoolTimeoutWhileAllTrafficIsBlackHoled() throws Exception {
    try (ProxiedPostgres pg = new ProxiedPostgres("bounded")) {
      // prePingAfterIdle 0: every borrow validates, so every borrow talks to the black hole.
      try (DatabasePool pool = pg.builder(30).poolSize(4).maxOverflow(2).poolTimeout(POOL_TIMEOUT)
          .prePingAfterIdle(Duration.ZERO).build()) {
        assertThat(Eventually.within(Duration.ofSeconds(5), () -> pool.getPoolStats().checkedIn() == 4))
            .isTrue();
        pg.proxy.blackHole();
        Borrows borrows = new Borrows();
        borrows.run(pool, 8, Duration.ofSeconds(4));
        System.out.printf("black hole: longest getConnection %d ms (limit %d ms); outcomes %s%n",
            borrows.longestMillis(), POOL_TIMEOUT.plus(MARGIN).toMillis(), borrows.outcomeCounts());
        assertThat(borrows.overLimit).as("getConnection calls that took longer than poolTimeout + %s",
            MARGIN).isEmpty();
        assertThat(borrows.outcomeCounts()).containsKey("PoolTimeoutException");
        pg.proxy.heal();
        pg.proxy.resetAll();
      }
    }
  }

  @Test
  void borrowTimesOutAtPoolTimeoutWhenConnectsTakeLonger() throws Exception {
    try (ProxiedPostgres pg = new ProxiedPostgres("slowconnect")) {
      pg.proxy.connectDelay(Duration.ofSeconds(3)); // beyond poolTimeout, within the driver's limit
      try (DatabasePool pool = pg.builder(30).poolSize(2).maxOverflow(0).minIdle(0)
          .connectionTimeout(Duration.ofSeconds(5))
          .initializationFailTimeout(Duration.ofMillis(-1)).poolTimeout(POOL_TIMEOUT).build()) {
        Borrows borrows = new Borrows();
        borrows.run(pool, 4, Duration.ofMillis(2_500));
        System.out.printf("slow connect: longest getConnection %d ms; outcomes %s%n",
            borrows.longestMillis(), borrows.outcomeCounts());
        assertThat(borrows.overLimit).isEmpty();
        assertThat(borrows.outcomeCounts()).containsKey("PoolTimeoutException");
        pg.proxy.connectDelay(Duration.ZERO);
      }
    }
  }

  @Test
  void whenTheServerIsFullCallersTimeOutAndAreToldWhy() throws Exception {
    String role = mcp.db.pool.support.TestDatabases.uniqueName("mcp_full");
    try (PostgresFaults server = new PostgresFaults()) {
      server.createLimitedRole(role, 1);
      try (DatabasePool pool = DatabasePool.builder().url(server.server().url()).username(role)
          .poolName(role).poolSize(3).maxOverflow(0).poolTimeout(POOL_TIMEOUT).build();
          Connection held = pool.getConnection()) {
        // The role's one session is in use; the server refuses a second with 53300.
        long start = System.nanoTime();
        try (Connection c = pool.getConnection()) {
          throw new AssertionError("the server should have been full, got " + c);
        } catch (PoolTimeoutException e) {
          long took = System.nanoTime() - start;
          assertThat(took).isLessThanOrEqualTo(POOL_TIMEOUT.plus(MARGIN).toNanos());
          assertThat(e.getMessage()).contains("too many connections").contains("53300");
        }
        assertThat(held.isValid(1)).isTrue();
        assertThat(pool.getPoolStats().connectFailures()).isPositive();
      } finally {
        server.dropRole(role);
      }
    }
  }
}
