package mcp.db.pool.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.support.RequiresPostgres;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Shutdown under faults: {@code close()} finishes within a few seconds even when connections are
 * stuck in black-holed sockets, by aborting what is still borrowed after shutdownTimeout; every
 * physical connection is still closed exactly once and no pool thread is left.
 */
@Tag("faults")
@RequiresPostgres
class ShutdownUnderFaultsTest {
  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(1);
  /** "A few seconds": shutdownTimeout, then aborting, plus scheduling noise. */
  private static final Duration CLOSE_LIMIT = SHUTDOWN_TIMEOUT.plusSeconds(2);

  @Test
  void closeAbortsConnectionsStuckInBlackHoledQueries() throws Exception {
    try (ProxiedPostgres pg = new ProxiedPostgres("stuck")) {
      // socketTimeout 120 s: nothing but the pool's abort can free the stuck callers in time.
      DatabasePool pool = pg.builder(120).poolSize(4).maxOverflow(0).shutdownTimeout(SHUTDOWN_TIMEOUT)
          .build();
      CountDownLatch allBorrowed = new CountDownLatch(4);
      CountDownLatch blackHoled = new CountDownLatch(1);
      ConcurrentLinkedQueue<String> callerOutcomes = new ConcurrentLinkedQueue<>();
      List<Thread> callers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Thread t = new Thread(() -> {
          try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            allBorrowed.countDown();
            blackHoled.await();
            st.execute("select 1"); // never answered
            callerOutcomes.add("answered");
          } catch (SQLException e) {
            callerOutcomes.add("failed " + e.getSQLState());
          } catch (InterruptedException e) {
            callerOutcomes.add("interrupted");
          }
        }, "stuck-caller-" + i);
        callers.add(t);
        t.start();
      }
      assertThat(allBorrowed.await(10, TimeUnit.SECONDS)).isTrue();
      pg.proxy.blackHole();
      blackHoled.countDown();
      TimeUnit.MILLISECONDS.sleep(300); // the queries are on the wire

      long start = System.nanoTime();
      pool.close();
      long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      for (Thread t : callers) {
        t.join(5_000);
      }
      System.out.printf("close() with 4 connections stuck in a black hole took %d ms"
          + " (shutdownTimeout %d ms); callers: %s%n", closeMillis, SHUTDOWN_TIMEOUT.toMillis(),
          callerOutcomes);
      assertThat(closeMillis).isLessThanOrEqualTo(CLOSE_LIMIT.toMillis());
      assertThat(callers).noneMatch(Thread::isAlive);
      assertThat(callerOutcomes).hasSize(4).allMatch(o -> o.startsWith("failed"));
      assertThat(pg.ledger().notClosedExactlyOnce()).isEmpty();
      assertThat(Eventually.threadsNamed(pg.poolName + "-")).isEmpty();
      pg.proxy.heal();
      assertThat(pg.proxy.awaitOpenConnections(0, Duration.ofSeconds(5))).as("%s", pg.proxy).isTrue();
    }
  }

  @Test
  void closeDuringAnOutageWithNothingBorrowedReturnsPromptly() throws Exception {
    try (ProxiedPostgres pg = new ProxiedPostgres("closeoutage")) {
      // Default shutdownTimeout (5 s): nothing is borrowed, so close() has nothing to wait for.
      DatabasePool pool = pg.builder(5).poolSize(2).maxOverflow(0)
          .poolTimeout(Duration.ofMillis(500)).shutdownTimeout(Duration.ofSeconds(5)).build();
      pg.proxy.refuseConnections();
      pg.proxy.resetAll();
      for (int i = 0; i < 3; i++) { // discover the outage; connects now retry with a backoff
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
          st.execute("select 1");
        } catch (SQLException expected) {
          // broken or timed out
        }
      }
      long start = System.nanoTime();
      pool.close();
      long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      System.out.printf("close() during an outage with nothing borrowed took %d ms%n", closeMillis);
      assertThat(closeMillis).as("close() waited although nothing was borrowed")
          .isLessThanOrEqualTo(2_000);
      assertThat(pg.ledger().notClosedExactlyOnce()).isEmpty();
      assertThat(Eventually.threadsNamed(pg.poolName + "-")).isEmpty();
    }
  }

  @Test
  void closeDoesNotWaitForAConnectStuckInABlackHole() throws Exception {
    try (ProxiedPostgres pg = new ProxiedPostgres("stuckconnect")) {
      // A cold pool whose first connect goes into the black hole; the driver's own limit is 10 s.
      DatabasePool pool = pg.builder(120).poolSize(2).maxOverflow(0).minIdle(0)
          .connectionTimeout(Duration.ofSeconds(10)).initializationFailTimeout(Duration.ofMillis(-1))
          .poolTimeout(Duration.ofSeconds(30)).shutdownTimeout(SHUTDOWN_TIMEOUT).build();
      pg.proxy.blackHole();
      ConcurrentLinkedQueue<String> outcome = new ConcurrentLinkedQueue<>();
      Thread caller = new Thread(() -> {
        try (Connection c = pool.getConnection()) {
          outcome.add("got " + c);
        } catch (SQLException e) {
          outcome.add(e.getClass().getSimpleName());
        }
      }, "waiting-caller");
      caller.start();
      assertThat(Eventually.within(Duration.ofSeconds(5), () -> pg.proxy.openConnections() == 1)).isTrue();
      TimeUnit.MILLISECONDS.sleep(200);

      long start = System.nanoTime();
      pool.close();
      long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      caller.join(5_000);
      System.out.printf("close() with a connect stuck in a black hole took %d ms; caller: %s%n",
          closeMillis, outcome);
      assertThat(outcome).containsExactly("PoolClosedException");
      assertThat(closeMillis).as("close() waited for a connect stuck in a black hole")
          .isLessThanOrEqualTo(CLOSE_LIMIT.toMillis());
      pg.proxy.heal();
      pg.proxy.resetAll();
    }
  }
}
