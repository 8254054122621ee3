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
import org.junit.jupiter.api.Test;

/**
 * Bounded wait on any server: every {@code getConnection()} returns or throws within poolTimeout
 * plus a small margin while all traffic through the fault proxy is black-holed (sockets open,
 * nothing flowing), so only timeouts the pool enforces itself can end a validation or a connect.
 * Subclasses choose the server and may add what only it can show.
 */
abstract class BoundedWaitContract {
  static final Duration POOL_TIMEOUT = Duration.ofSeconds(1);
  /** Scheduling noise on a shared 2-core machine; far below a second validation or connect. */
  static final Duration MARGIN = Duration.ofMillis(500);

  /** The server behind a new fault proxy, for a pool whose name starts with {@code prefix}. */
  abstract ProxiedDatabase proxied(String prefix) throws SQLException;

  /** Durations of getConnection calls and what they ended with. */
  static final class Borrows {
    final AtomicLong longestNanos = new AtomicLong();
    final ConcurrentLinkedQueue<String> overLimit = new ConcurrentLinkedQueue<>();
    final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    /** The messages of the exceptions getConnection threw. */
    final ConcurrentLinkedQueue<String> messages = new ConcurrentLinkedQueue<>();

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
              messages.add(String.valueOf(e.getMessage()));
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
    try (ProxiedDatabase db = proxied("bounded")) {
      // prePingAfterIdle 0: every borrow validates, so every borrow talks to the black hole.
      try (DatabasePool pool = db.builder(30).poolSize(4).maxOverflow(2).poolTimeout(POOL_TIMEOUT)
          .prePingAfterIdle(Duration.ZERO).build()) {
        assertThat(Eventually.within(Duration.ofSeconds(5), () -> pool.getPoolStats().checkedIn() == 4))
            .isTrue();
        db.proxy.blackHole();
        Borrows borrows = new Borrows();
        borrows.run(pool, 8, Duration.ofSeconds(4));
        System.out.printf("black hole (%s): longest getConnection %d ms (limit %d ms); outcomes %s%n",
            db.server.displayName(), borrows.longestMillis(), POOL_TIMEOUT.plus(MARGIN).toMillis(), borrows.outcomeCounts());
        assertThat(borrows.overLimit).as("getConnection calls that took longer than poolTimeout + %s",
            MARGIN).isEmpty();
        assertThat(borrows.outcomeCounts()).containsKey("PoolTimeoutException");
        db.proxy.heal();
        db.proxy.resetAll();
      }
    }
  }
}
