package mcp.db.pool.internal.core;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import mcp.db.pool.PoolConfig;
import mcp.db.pool.internal.metrics.CloseReason;
import mcp.db.pool.internal.metrics.PoolMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool's own threads from start to close, besides the connector threads ({@link Connector}):
 * what runs on them on a schedule, and how the pool closes. Each is a single daemon thread named
 * after the pool:
 * <ul>
 *   <li>{@link #closer}: closes retired connections;
 *   <li>{@link #scheduler}, the "housekeeper" thread: housekeeping passes, periodic tasks such as
 *       automatic sizing, connect retries waiting out their backoff, circuit-breaker probes;
 *   <li>{@link #watchdog}: aborts validations and gives up connection attempts that overrun their
 *       bound; separate so a blocked housekeeper cannot stall it.
 * </ul>
 *
 * <h2>States</h2>
 * RUNNING from the build on; CLOSING once {@link ConnectionPool#close()} has set the pool's closed
 * flag by CAS (so {@link #close(ConnectionOpener)} runs once, on that caller's thread); STOPPED when
 * {@link #stop(Connector)} has shut every executor down (also when the build fails). From then on
 * every executor rejects new work, which each caller takes to mean that the pool is closing; a
 * scheduled task that still runs finds the pool closed and does nothing.
 *
 * <h2>Closing</h2>
 * The closed flag is set before anything here runs, and every path that brings a connection back
 * checks it: a borrower's return and a connect that completes late both retire their connection
 * themselves. So closing only retires the idle connections, again and again as borrowed ones come
 * back, until none is left or shutdownTimeout has passed; then it aborts those still borrowed and
 * stops the threads.
 */
final class PoolLifecycle {
  /** Logs under the pool's name, like the rest of the engine. */
  private static final Logger log = LoggerFactory.getLogger(ConnectionPool.class);

  private final ConnectionPool pool;
  private final PoolConfig config;
  private final String name;
  private final ConnectionBag bag;
  private final PoolMetrics metrics;
  final ExecutorService closer;
  final ScheduledExecutorService scheduler;
  final ScheduledThreadPoolExecutor watchdog;

  PoolLifecycle(ConnectionPool pool, PoolConfig config, ConnectionBag bag, PoolMetrics metrics) {
    this.pool = pool;
    this.config = config;
    this.name = config.poolName();
    this.bag = bag;
    this.metrics = metrics;
    ThreadPoolExecutor closerPool = new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), new PoolThreadFactory(name + "-closer"));
    closerPool.allowCoreThreadTimeOut(true);
    this.closer = closerPool;
    ScheduledThreadPoolExecutor stpe = new ScheduledThreadPoolExecutor(1, new PoolThreadFactory(name + "-housekeeper"));
    stpe.setRemoveOnCancelPolicy(true);
    stpe.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.scheduler = stpe;
    this.watchdog = new ScheduledThreadPoolExecutor(1, new PoolThreadFactory(name + "-watchdog"));
    this.watchdog.setKeepAliveTime(5, TimeUnit.SECONDS);
    this.watchdog.allowCoreThreadTimeOut(true);
    this.watchdog.setRemoveOnCancelPolicy(true);
  }

  // ---------------------------------------------------------------- running

  /**
   * Runs housekeeping passes on the housekeeper thread until the pool closes: the first after
   * {@code delayNanos}, each next one after the delay the previous pass returned (a second after a
   * pass that failed).
   */
  void scheduleHousekeeping(Housekeeper housekeeper, long delayNanos) {
    try {
      scheduler.schedule(() -> housekeepingTick(housekeeper), delayNanos, TimeUnit.NANOSECONDS);
    } catch (RuntimeException rejected) {
      // shut down
    }
  }

  private void housekeepingTick(Housekeeper housekeeper) {
    if (pool.isClosed()) {
      return;
    }
    long delay;
    try {
      delay = housekeeper.run(pool.clock().nanoTime());
    } catch (RuntimeException | Error e) {
      log.error("Pool '{}': housekeeping failed", name, e);
      delay = TimeUnit.SECONDS.toNanos(1);
    }
    scheduleHousekeeping(housekeeper, delay);
  }

  /**
   * Runs {@code task} on the housekeeper thread every {@code period} until the pool closes. A task
   * that throws is logged and keeps its schedule.
   */
  void addPeriodicTask(String what, Runnable task, Duration period) {
    long nanos = period.toNanos();
    try {
      scheduler.scheduleWithFixedDelay(() -> {
        if (pool.isClosed()) {
          return;
        }
        try {
          task.run();
        } catch (RuntimeException | Error e) {
          log.error("Pool '{}': {} failed", name, what, e);
        }
      }, nanos, nanos, TimeUnit.NANOSECONDS);
    } catch (RuntimeException rejected) {
      // the pool is closing
    }
  }

  // ---------------------------------------------------------------- closing

  /**
   * Closes the pool, whose closed flag is already set: idle connections at once, borrowed ones when
   * they come back, and those still out after shutdownTimeout are aborted; waiters are told.
   */
  void close(ConnectionOpener opener) {
    scheduler.shutdownNow();
    bag.closeWaiters();
    long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
    for (;;) {
      for (PoolEntry e : bag.entries()) {
        if (e.compareAndSetState(PoolEntry.IDLE, PoolEntry.RESERVED)) {
          pool.retire(e, CloseReason.POOL_CLOSED);
        }
      }
      if (bag.size() == 0) {
        break; // attempts still connecting are interrupted below and close their result
      }
      if (System.nanoTime() - deadline >= 0) {
        abortInUse(opener);
        break;
      }
      ConnectionOpener.sleepNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    stop(opener.connector());
    log.info("Pool '{}' closed", name);
  }

  private void abortInUse(ConnectionOpener opener) {
    for (PoolEntry e : bag.entries()) {
      if (e.state() == PoolEntry.IN_USE && e.retire()) {
        e.markBrokenQuietly();
        metrics.fold(e.counters);
        bag.remove(e);
        metrics.recordClose(CloseReason.LEAK);
        opener.freeSlot();
        log.warn("Pool '{}': aborting connection#{} still borrowed {} after shutdownTimeout", name,
            e.id(), e.borrowerThread == null ? "" : "by " + e.borrowerThread);
        try {
          e.physical().abort(Runnable::run);
        } catch (SQLException | RuntimeException ex) {
          ConnectionFactory.closeQuietly(e.physical());
        }
      }
    }
  }

  /**
   * Stops every thread of the pool, the connector threads included: connection attempts still
   * running are interrupted (see {@link Connector#shutdownNow()}), and connections already handed to
   * the closer are closed first (it gets five seconds).
   */
  void stop(Connector connector) {
    scheduler.shutdownNow();
    watchdog.shutdownNow();
    connector.shutdownNow();
    closer.shutdown();
    try {
      connector.awaitTermination();
      closer.awaitTermination(5, TimeUnit.SECONDS);
      scheduler.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
    }
  }
}
