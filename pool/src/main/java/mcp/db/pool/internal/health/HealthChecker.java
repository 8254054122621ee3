package mcp.db.pool.internal.health;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.sql.DataSource;
import mcp.db.pool.HealthReport;
import mcp.db.pool.HealthStatus;
import mcp.db.pool.PoolStats;
import mcp.db.pool.PoolTimeoutException;
import mcp.db.pool.internal.metrics.PoolMetrics;
import mcp.db.pool.internal.config.Redaction;

/**
 * Decides UP, DEGRADED or DOWN for a pool.
 *
 * <h2>The round trip</h2>
 * A check borrows a connection like any caller and calls {@code isValid}, on a shared daemon
 * thread, and waits for it at most the check's timeout. Borrowing can take up to poolTimeout (an
 * exhausted pool, a database that refuses connections), so the caller of the check must not run it
 * itself; when the timeout passes, the round trip carries on in the background and gives the
 * connection back when it gets one. Checks of one pool that overlap share one round trip (keyed by
 * the pool's engine), so a health endpoint polled hard never queues more than one borrow per pool.
 *
 * <h2>The verdict</h2>
 * <ul>
 *   <li>DOWN: the pool is closed; the round trip failed; no connection came in time while new
 *       connections fail or the circuit breaker is open; or a connection came but the database did
 *       not answer in time.
 *   <li>DEGRADED: the database answered, but callers are waiting now, a caller timed out in the
 *       last {@value #RECENT_SECONDS} s, the last connection attempt failed (within
 *       {@value #RECENT_SECONDS} s), the round trip took over {@value #SLOW_MILLIS} ms, the circuit
 *       breaker is not closed, or the pool is suspended; or no connection came in time from a pool
 *       whose connections all work (exhausted).
 *   <li>UP otherwise.
 * </ul>
 * The recent SQL error rate is reported but does not change the verdict: constraint violations and
 * the like are the application's business, and fatal errors already show as failed round trips.
 */
public final class HealthChecker {
  static final int RECENT_SECONDS = 10;
  static final int SLOW_MILLIS = 1000;
  private static final long RECENT_NANOS = TimeUnit.SECONDS.toNanos(RECENT_SECONDS);

  private static final ThreadPoolExecutor EXECUTOR = new ThreadPoolExecutor(0, Integer.MAX_VALUE,
      30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
        Thread t = new Thread(r, "mcp-db-pool-health");
        t.setDaemon(true);
        return t;
      });

  /** Round trips in progress, by pool engine; removed when done. */
  private static final ConcurrentHashMap<Object, RoundTrip> IN_FLIGHT = new ConcurrentHashMap<>();

  private HealthChecker() {}

  /**
   * Runs a check.
   *
   * @param key identifies the pool (its engine) so overlapping checks share a round trip
   * @param source where the round trip borrows its connection (the pool itself)
   * @param closed whether the pool is closed
   * @param suspended whether the pool is suspended
   * @param stats takes a snapshot of the pool (after the round trip)
   * @param metrics the pool's metrics, for recent timeouts and connect failures
   * @param timeout how long to wait for the round trip
   */
  public static HealthReport check(Object key, DataSource source, boolean closed, boolean suspended,
      Supplier<PoolStats> statsSource, PoolMetrics metrics, Duration timeout) {
    Instant at = Instant.now();
    if (closed) {
      return report(statsSource.get(), HealthStatus.DOWN, at, List.of("pool is closed"), false,
          null, null, null);
    }
    RoundTrip trip = roundTrip(key, source, timeout);
    Result r = trip.await(timeout);
    PoolStats stats = statsSource.get();

    List<String> reasons = new ArrayList<>();
    HealthStatus status = HealthStatus.UP;
    boolean circuitOpen = !"closed".equals(stats.circuitState());
    boolean connectsFailing = metrics.connectsFailingWithin(RECENT_NANOS);
    String lastConnectError = metrics.lastConnectError();

    if (r == null) { // timed out
      if (trip.stage.get() == RoundTrip.VALIDATING) {
        status = HealthStatus.DOWN;
        reasons.add("the database did not answer within " + timeout.toMillis() + " ms");
      } else if (connectsFailing || circuitOpen) {
        status = HealthStatus.DOWN;
        reasons.add("no connection within " + timeout.toMillis() + " ms and new connections fail"
            + (lastConnectError == null ? "" : ": " + lastConnectError));
      } else {
        status = HealthStatus.DEGRADED;
        reasons.add("no connection within " + timeout.toMillis() + " ms: the pool is "
            + (suspended ? "suspended" : "exhausted"));
      }
    } else if (!r.reachable) {
      if (r.borrowFailed && r.timedOutBorrowing && !connectsFailing && !circuitOpen) {
        status = HealthStatus.DEGRADED;
        reasons.add("no connection within poolTimeout: the pool is " + (suspended ? "suspended" : "exhausted"));
      } else {
        status = HealthStatus.DOWN;
        reasons.add("database round trip failed: " + r.error);
      }
    }

    if (status != HealthStatus.DOWN) {
      if (stats.waiting() > 0) {
        status = status.worse(HealthStatus.DEGRADED);
        reasons.add(stats.waiting() + " caller(s) waiting for a connection");
      }
      if (metrics.timedOutWithin(RECENT_NANOS)) {
        status = status.worse(HealthStatus.DEGRADED);
        reasons.add("callers timed out waiting for a connection (" + stats.recentTimeouts()
            + " in the last " + stats.window().toSeconds() + " s)");
      }
      if (connectsFailing) {
        status = status.worse(HealthStatus.DEGRADED);
        reasons.add("new connections fail" + (lastConnectError == null ? "" : ": " + lastConnectError));
      }
      if (circuitOpen) {
        status = status.worse(HealthStatus.DEGRADED);
        reasons.add("circuit breaker is " + stats.circuitState());
      }
      if (suspended && !reasons.toString().contains("suspended")) {
        status = status.worse(HealthStatus.DEGRADED);
        reasons.add("pool is suspended");
      }
      if (r != null && r.reachable && r.roundTripNanos > TimeUnit.MILLISECONDS.toNanos(SLOW_MILLIS)) {
        status = status.worse(HealthStatus.DEGRADED);
        reasons.add("slow round trip: " + TimeUnit.NANOSECONDS.toMillis(r.roundTripNanos) + " ms");
      }
    }
    return report(stats, status, at, reasons, r != null && r.reachable,
        r == null || r.roundTripNanos < 0 ? null : Duration.ofNanos(r.roundTripNanos),
        r == null || r.acquireNanos < 0 ? null : Duration.ofNanos(r.acquireNanos),
        r == null ? null : r.error);
  }

  private static HealthReport report(PoolStats s, HealthStatus status, Instant at, List<String> reasons,
      boolean reachable, Duration roundTrip, Duration acquire, String error) {
    double windowSeconds = Math.max(1.0, s.window().toMillis() / 1000.0);
    return new HealthReport(s.poolName(), status, at, reasons, reachable, roundTrip, acquire, error,
        s.size(), s.checkedOut(), s.waiting(), s.recentTimeouts(), s.recentConnectFailures(),
        s.recentErrorCount() / windowSeconds, s.window(), s.circuitState());
  }

  /** The round trip in flight for {@code key}, or a new one. */
  private static RoundTrip roundTrip(Object key, DataSource source, Duration timeout) {
    for (;;) {
      RoundTrip existing = IN_FLIGHT.get(key);
      if (existing != null && !existing.result.isDone()) {
        return existing;
      }
      RoundTrip mine = new RoundTrip(source, (int) Math.max(1, (timeout.toMillis() + 999) / 1000));
      boolean installed = existing == null
          ? IN_FLIGHT.putIfAbsent(key, mine) == null
          : IN_FLIGHT.replace(key, existing, mine);
      if (installed) {
        EXECUTOR.execute(() -> {
          try {
            mine.run();
          } finally {
            IN_FLIGHT.remove(key, mine);
          }
        });
        return mine;
      }
    }
  }

  /** One borrow plus {@code isValid}; runs on the health thread. */
  private static final class RoundTrip {
    static final int BORROWING = 0;
    static final int VALIDATING = 1;
    static final int DONE = 2;

    final DataSource source;
    final int validSeconds;
    final AtomicInteger stage = new AtomicInteger(BORROWING);
    final CompletableFuture<Result> result = new CompletableFuture<>();

    RoundTrip(DataSource source, int validSeconds) {
      this.source = source;
      this.validSeconds = validSeconds;
    }

    void run() {
      long start = System.nanoTime();
      Connection c;
      try {
        c = source.getConnection();
      } catch (SQLException | RuntimeException e) {
        stage.set(DONE);
        result.complete(Result.borrowFailed(System.nanoTime() - start, e));
        return;
      }
      long acquired = System.nanoTime();
      stage.set(VALIDATING);
      Result r;
      try {
        boolean valid = c.isValid(validSeconds);
        long rt = System.nanoTime() - acquired;
        r = valid ? Result.ok(acquired - start, rt)
            : Result.failed(acquired - start, rt, "Connection.isValid returned false");
      } catch (SQLException | RuntimeException e) {
        r = Result.failed(acquired - start, System.nanoTime() - acquired, describe(e));
      }
      try {
        if (r.reachable) {
          c.close();
        } else {
          c.abort(Runnable::run); // marks it broken: the pool retires it instead of lending it again
        }
      } catch (SQLException | RuntimeException ignored) {
        // the pool retires what it cannot take back
      }
      stage.set(DONE);
      result.complete(r);
    }

    /** The result, or null when it is not there within {@code timeout}. */
    Result await(Duration timeout) {
      try {
        return result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        return null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      } catch (ExecutionException e) {
        return Result.failed(-1, -1, describe(e.getCause()));
      }
    }
  }

  private static final class Result {
    final boolean reachable;
    final boolean borrowFailed;
    final boolean timedOutBorrowing;
    final long acquireNanos;
    final long roundTripNanos;
    final String error;

    private Result(boolean reachable, boolean borrowFailed, boolean timedOutBorrowing,
        long acquireNanos, long roundTripNanos, String error) {
      this.reachable = reachable;
      this.borrowFailed = borrowFailed;
      this.timedOutBorrowing = timedOutBorrowing;
      this.acquireNanos = acquireNanos;
      this.roundTripNanos = roundTripNanos;
      this.error = error;
    }

    static Result ok(long acquireNanos, long roundTripNanos) {
      return new Result(true, false, false, acquireNanos, roundTripNanos, null);
    }

    static Result failed(long acquireNanos, long roundTripNanos, String error) {
      return new Result(false, false, false, acquireNanos, roundTripNanos, error);
    }

    static Result borrowFailed(long waitedNanos, Throwable e) {
      boolean timeout = e instanceof PoolTimeoutException;
      return new Result(false, true, timeout, -1, -1, describe(e));
    }
  }

  /** First line of the message, credentials masked, with the SQLState when there is one. */
  static String describe(Throwable e) {
    if (e == null) {
      return "unknown error";
    }
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = msg.indexOf('\n');
    if (nl >= 0) {
      msg = msg.substring(0, nl);
    }
    msg = Redaction.redactUrl(msg.strip());
    if (msg.length() > 300) {
      msg = msg.substring(0, 297) + "...";
    }
    if (e instanceof SQLException && ((SQLException) e).getSQLState() != null) {
      msg += " (SQLState " + ((SQLException) e).getSQLState() + ")";
    }
    return msg;
  }
}
