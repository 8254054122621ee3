package mcp.db.pool.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.testkit.FaultProxy;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * While the database refuses connections, the pool retries as a whole: one attempt at a time,
 * spaced by a backoff that doubles to half a second, however large the pool and however many
 * callers wait. A backoff per slot would let a pool of 100 make 200 attempts a second.
 *
 * <p>The endpoint is a {@link FaultProxy} that refuses every connection (accepts and resets it),
 * so no server is needed, and every attempt reaches the proxy and is counted.
 */
@Tag("faults")
class PoolWideBackoffTest {
  private static final int CALLERS = 64;
  private static final Duration POOL_TIMEOUT = Duration.ofSeconds(1);

  @Test
  void aPoolOfAHundredRetriesAFewTimesASecondWhileTheDatabaseRefuses() throws Exception {
    try (FaultProxy proxy = FaultProxy.start("127.0.0.1", 5432)) {
      proxy.refuseConnections();
      // minIdle follows poolSize: the pool also asks for 50 connections as soon as it starts.
      try (DatabasePool pool = DatabasePool.builder()
          .url(proxy.redirect("jdbc:postgresql://127.0.0.1:5432/test")).username("postgres")
          .poolName("backoff100").poolSize(50).maxOverflow(50)
          .initializationFailTimeout(Duration.ofMillis(-1)).poolTimeout(POOL_TIMEOUT).build()) {
        long stopAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
        AtomicLong longestBorrowNanos = new AtomicLong();
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
          Thread t = new Thread(() -> {
            while (System.nanoTime() - stopAt < 0) {
              long start = System.nanoTime();
              try (Connection c = pool.getConnection()) {
                throw new AssertionError("the endpoint refuses every connection, got " + c);
              } catch (SQLException expected) {
                longestBorrowNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
              }
            }
          }, "backoff-caller-" + i);
          callers.add(t);
          t.start();
        }
        TimeUnit.SECONDS.sleep(1); // the backoff ramps up from 25 ms to its ceiling
        long failuresAfterRampUp = pool.getPoolStats().connectFailures();
        long attemptsAfterRampUp = proxy.connectionAttempts();
        TimeUnit.SECONDS.sleep(2);
        long steadyFailures = pool.getPoolStats().connectFailures() - failuresAfterRampUp;
        long steadyAttempts = proxy.connectionAttempts() - attemptsAfterRampUp;
        for (Thread t : callers) {
          t.join(30_000);
          assertThat(t.isAlive()).as("%s hangs", t.getName()).isFalse();
        }
        long failures = pool.getPoolStats().connectFailures();
        System.out.printf("pool-wide backoff: pool of 100, %d callers, 4 s refused: %d failed attempts"
                + " (%d reached the proxy), %.1f/s after the first second; longest getConnection %d ms%n",
            CALLERS, failures, proxy.connectionAttempts(), steadyFailures / 2.0,
            TimeUnit.NANOSECONDS.toMillis(longestBorrowNanos.get()));

        // Steady state: one attempt per 500 ms ceiling, 2/s (4 in the 2 s window), plus slack.
        assertThat(steadyFailures).as("failed attempts in 2 s once the backoff ramped up")
            .isBetween(2L, 8L);
        assertThat(steadyAttempts).as("connections reaching the endpoint in those 2 s")
            .isLessThanOrEqualTo(2 * 8L);
        // Whole run: a handful started together before the first failed, then the ramp
        // (25 + 50 + 100 + 200 + 400 ms) and the ceiling: about 15, not hundreds.
        assertThat(failures).as("failed attempts in 4 s").isLessThanOrEqualTo(25L);
        assertThat(longestBorrowNanos.get()).as("callers still get their timeout, not a hang")
            .isLessThan(POOL_TIMEOUT.plusMillis(500).toNanos());
      }
    }
  }
}
