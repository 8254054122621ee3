package mcp.db.pool.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.PoolTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Recovery: an outage of three seconds under load (every connection reset, new ones refused).
 * During it, callers get timeouts, not hangs, and the pool retries with a backoff rather than a
 * storm of connection attempts; after it, the first successful borrow comes within a second of
 * the database accepting connections again, and no connection from before the outage is handed
 * out. Subclasses choose the server.
 */
abstract class RecoveryContract {
  private static final Duration POOL_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration OUTAGE = Duration.ofSeconds(3);

  /** The server behind a new fault proxy, for a pool whose name starts with {@code prefix}. */
  abstract ProxiedDatabase proxied(String prefix) throws SQLException;

  /** One borrow as a caller saw it; times are System.nanoTime(). */
  private record Borrow(long start, long end, String outcome, boolean queryOk) {}

  @Test
  void afterAnOutageTheFirstBorrowSucceedsWithinASecondAndNothingStaleIsLent() throws Exception {
    try (ProxiedDatabase db = proxied("recovery");
        DatabasePool pool = db.builder(5).poolSize(4).maxOverflow(4).poolTimeout(POOL_TIMEOUT).build()) {
      ConcurrentLinkedQueue<Borrow> borrows = new ConcurrentLinkedQueue<>();
      long[] stopAt = {Long.MAX_VALUE};
      List<Thread> workers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        Thread t = new Thread(() -> {
          while (System.nanoTime() - stopAt[0] < 0) {
            borrows.add(borrowAndQuery(pool));
          }
        }, "recovery-worker-" + i);
        workers.add(t);
      }
      stopAt[0] = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
      workers.forEach(Thread::start);

      TimeUnit.SECONDS.sleep(1);
      long outageStart = System.nanoTime();
      long attemptsBefore = db.proxy.connectionAttempts();
      db.proxy.refuseConnections();
      db.proxy.resetAll();
      TimeUnit.SECONDS.sleep(1); // the backoff ramps up from 25 ms to its 500 ms ceiling
      long attemptsRampedUp = db.proxy.connectionAttempts();
      TimeUnit.NANOSECONDS.sleep(OUTAGE.minusSeconds(1).toNanos());
      long attemptsDuring = db.proxy.connectionAttempts() - attemptsBefore;
      double steadyAttemptsPerSecond = (db.proxy.connectionAttempts() - attemptsRampedUp)
          / (OUTAGE.minusSeconds(1).toMillis() / 1000.0);
      db.proxy.acceptConnections();
      long up = System.nanoTime();

      for (Thread t : workers) {
        t.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(t.isAlive()).as("%s hangs", t.getName()).isFalse();
      }

      long limit = POOL_TIMEOUT.plusMillis(500).toNanos();
      List<Borrow> slow = borrows.stream().filter(b -> b.end - b.start > limit).toList();
      assertThat(slow).as("borrows slower than poolTimeout + 500 ms").isEmpty();
      List<Borrow> inOutage = borrows.stream()
          .filter(b -> b.start - outageStart > POOL_TIMEOUT.toNanos() && b.end - up < 0).toList();
      assertThat(inOutage).as("borrows during the outage").isNotEmpty()
          .allSatisfy(b -> assertThat(b.outcome).isEqualTo("PoolTimeoutException"));

      Borrow firstAfter = borrows.stream().filter(b -> b.end - up > 0 && b.queryOk)
          .min((a, b) -> Long.compare(a.end, b.end)).orElseThrow();
      long recoveryMillis = TimeUnit.NANOSECONDS.toMillis(firstAfter.end - up);
      List<Borrow> staleAfter = borrows.stream()
          .filter(b -> b.end - up > 0 && b.outcome.equals("ok") && !b.queryOk).toList();
      System.out.printf("recovery (%s): %d borrows, %d during the outage (all timeouts); first success"
              + " %d ms after the database came back; %d connection attempts in the %d s outage"
              + " (%.1f/s once the backoff ramped up); stale connections lent after: %d%n",
          db.server.displayName(), borrows.size(), inOutage.size(), recoveryMillis, attemptsDuring, OUTAGE.toSeconds(),
          steadyAttemptsPerSecond, staleAfter.size());
      assertThat(recoveryMillis).as("first successful borrow after the database came back")
          .isLessThanOrEqualTo(1_000);
      assertThat(staleAfter).as("connections lent after the outage that did not work").isEmpty();
      // Without a backoff, each of the pool's 8 slots retries as fast as the port refuses: hundreds
      // to thousands a second; with a backoff per slot, 2/s each, 16/s. The backoff is pool-wide
      // (one attempt at a time, 25 ms doubling to a 500 ms ceiling): 2/s, plus scheduling slack.
      assertThat(steadyAttemptsPerSecond).as("connection attempts per second during the outage")
          .isLessThanOrEqualTo(6.0);
    }
  }

  private static Borrow borrowAndQuery(DatabasePool pool) {
    long start = System.nanoTime();
    Connection c;
    try {
      c = pool.getConnection();
    } catch (SQLException e) {
      return new Borrow(start, System.nanoTime(), e.getClass().getSimpleName(), false);
    }
    long end = System.nanoTime();
    boolean ok;
    try (Connection held = c; Statement st = held.createStatement()) {
      st.execute("select 1");
      ok = true;
    } catch (SQLException e) {
      ok = false;
    }
    return new Borrow(start, end, "ok", ok);
  }

  @Test
  void timeoutsDuringTheOutageNameTheConnectionError() throws Exception {
    try (ProxiedDatabase db = proxied("outagemsg");
        DatabasePool pool = db.builder(5).poolSize(2).maxOverflow(0).poolTimeout(POOL_TIMEOUT).build()) {
      db.proxy.refuseConnections();
      db.proxy.resetAll();
      SQLException last = null;
      for (int i = 0; i < 3; i++) {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
          st.execute("select 1");
        } catch (SQLException e) {
          last = e;
        }
      }
      assertThat((Throwable) last).isInstanceOf(PoolTimeoutException.class);
      assertThat(last.getMessage()).contains("last connection error");
      db.proxy.acceptConnections();
    }
  }
}
