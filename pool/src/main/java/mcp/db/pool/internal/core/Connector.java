package mcp.db.pool.internal.core;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import mcp.db.pool.PoolInitializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs connection attempts on the pool's "connector" threads, each bounded by the pool itself,
 * whatever the driver does with its own timeouts. It decides nothing about when to connect or how
 * often; {@link ConnectionOpener} does.
 *
 * <p>When an attempt's bound passes first, the watchdog abandons it ({@link ConnectAttempt}) and
 * runs the caller's failure bookkeeping; if the driver returns a connection later, the connector
 * thread closes it and never hands it out. A thread still inside the driver is replaced by an extra
 * connector thread (at most {@value #MAX_STUCK_CONNECTS} extra), so hung connects cannot block
 * every new one.
 *
 * <h2>States and threads</h2>
 * The connector runs {@value #CONNECTOR_THREADS} threads plus one per stuck attempt, up to the
 * extra limit: {@link #stuckConnects} goes up when the watchdog (or an interrupted {@code build()})
 * abandons a running attempt and down when that thread comes back from the driver; both happen under
 * {@link #sizeLock}, which is held for a few field writes and never around the driver call. Whether
 * an attempt's outcome belongs to its connector thread or to whoever abandoned it is decided once,
 * by {@link ConnectAttempt}; only the winner reports it. Attempts are submitted from any thread.
 */
final class Connector {
  /** Logs under the pool's name, like the rest of the connect side. */
  private static final Logger log = LoggerFactory.getLogger(ConnectionPool.class);
  private static final int CONNECTOR_THREADS = 4;
  /** Extra connector threads that stand in for threads stuck in abandoned attempts. */
  private static final int MAX_STUCK_CONNECTS = CONNECTOR_THREADS;

  private final String name;
  private final PoolClock clock;
  private final ConnectionFactory factory;
  /** The pool's watchdog thread; abandons attempts at their bound. */
  private final ScheduledExecutorService watchdog;
  private final ThreadPoolExecutor threads;
  /** Resizes {@link #threads}; held for a few field writes only. */
  private final ReentrantLock sizeLock = new ReentrantLock();
  /** Connector threads still inside the driver in abandoned attempts. Guarded by {@link #sizeLock}. */
  private int stuckConnects;

  Connector(String name, PoolClock clock, ConnectionFactory factory, ScheduledExecutorService watchdog) {
    this.name = name;
    this.clock = clock;
    this.factory = factory;
    this.watchdog = watchdog;
    this.threads = new ThreadPoolExecutor(CONNECTOR_THREADS, CONNECTOR_THREADS, 5, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), new PoolThreadFactory(name + "-connector"));
    this.threads.allowCoreThreadTimeOut(true);
  }

  /** What one connection attempt produced: an opened connection or the reason it failed. */
  static final class Outcome {
    final ConnectionFactory.OpenedConnection opened;
    final Throwable failure;
    /** Pool-clock time the attempt started. */
    final long startedAt;

    private Outcome(ConnectionFactory.OpenedConnection opened, Throwable failure, long startedAt) {
      this.opened = opened;
      this.failure = failure;
      this.startedAt = startedAt;
    }

    static Outcome failed(Throwable failure) {
      return new Outcome(null, failure, 0L);
    }
  }

  /**
   * Runs {@code task} (which calls {@link #open}) on a connector thread.
   *
   * @throws java.util.concurrent.RejectedExecutionException when the pool is closing
   */
  void execute(Runnable task) {
    threads.execute(task);
  }

  /** Runs one attempt on a connector thread and waits for it (the watchdog ends it). */
  Outcome openAndWait(long boundNanos, String boundSetting) {
    ConnectAttempt attempt = new ConnectAttempt();
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    threads.execute(() -> {
      Outcome r = openWithin(attempt, boundNanos,
          () -> outcome.complete(Outcome.failed(timedOut(boundNanos, boundSetting))));
      if (r != null) {
        outcome.complete(r);
      }
    });
    try {
      return outcome.get();
    } catch (InterruptedException ie) {
      if (!abandon(attempt)) { // the driver returned just now: do not leave its connection open
        Outcome r = outcome.join();
        if (r.opened != null) {
          ConnectionFactory.closeQuietly(r.opened.connection);
        }
      }
      Thread.currentThread().interrupt();
      throw new PoolInitializationException("Interrupted while opening the pool", ie);
    } catch (ExecutionException impossible) { // completed normally only
      throw new IllegalStateException(impossible.getCause());
    }
  }

  /**
   * Opens a connection on this connector thread, bounded by {@code boundNanos}: when the bound
   * passes first, the watchdog abandons the attempt and runs {@code onAbandoned} (its failure
   * bookkeeping), and this thread, once the driver returns, closes whatever it opened.
   *
   * @return the outcome when this thread owns it; {@code null} when the attempt was abandoned
   */
  Outcome open(long boundNanos, Runnable onAbandoned) {
    return openWithin(new ConnectAttempt(), boundNanos, onAbandoned);
  }

  private Outcome openWithin(ConnectAttempt attempt, long boundNanos, Runnable onAbandoned) {
    if (!attempt.begin()) {
      return null; // abandoned before it started
    }
    java.util.concurrent.ScheduledFuture<?> alarm = null;
    try {
      alarm = watchdog.schedule(() -> {
        if (abandon(attempt)) {
          onAbandoned.run();
        }
      }, boundNanos, TimeUnit.NANOSECONDS);
    } catch (RuntimeException rejected) {
      // closing: the connector threads are interrupted; ConnectionOpener closes a late connection
    }
    long startedAt = clock.nanoTime();
    ConnectionFactory.OpenedConnection opened = null;
    Throwable failure = null;
    try {
      opened = factory.open();
    } catch (SQLException | RuntimeException ex) {
      failure = ex;
    }
    if (alarm != null) {
      alarm.cancel(false);
    }
    if (!attempt.finish()) {
      noteStuckConnect(-1);
      if (opened != null) {
        ConnectionFactory.closeQuietly(opened.connection);
        log.info("Pool '{}': the driver opened a connection after the attempt was given up at {} ms;"
            + " closed it", name, TimeUnit.NANOSECONDS.toMillis(boundNanos));
      }
      return null;
    }
    return new Outcome(opened, failure, startedAt);
  }

  /** Abandons an attempt unless it has finished; returns whether this call abandoned it. */
  private boolean abandon(ConnectAttempt attempt) {
    int was = attempt.abandon();
    if (was == ConnectAttempt.RUNNING) {
      noteStuckConnect(+1);
    }
    return was == ConnectAttempt.RUNNING || was == ConnectAttempt.QUEUED;
  }

  /**
   * Counts connector threads stuck in abandoned attempts and lets the connector run that many
   * extra threads (up to {@value #MAX_STUCK_CONNECTS}), so new attempts are not queued behind
   * them. A stuck thread that comes back ends its stand-in when it is next idle.
   */
  private void noteStuckConnect(int delta) {
    sizeLock.lock();
    try {
      stuckConnects += delta;
      int count = CONNECTOR_THREADS + Math.min(stuckConnects, MAX_STUCK_CONNECTS);
      if (count > threads.getMaximumPoolSize()) {
        threads.setMaximumPoolSize(count);
        threads.setCorePoolSize(count);
      } else if (count < threads.getMaximumPoolSize()) {
        threads.setCorePoolSize(count);
        threads.setMaximumPoolSize(count);
      }
      if (delta > 0 && stuckConnects == MAX_STUCK_CONNECTS) {
        log.warn("Pool '{}': {} connection attempts given up after connectionTimeout are still inside"
            + " the JDBC driver, which ignores interrupts; set the driver's own connect and socket"
            + " timeouts so that its threads come back", name, stuckConnects);
      }
    } finally {
      sizeLock.unlock();
    }
  }

  private boolean connectsStuck() {
    sizeLock.lock();
    try {
      return stuckConnects > 0;
    } finally {
      sizeLock.unlock();
    }
  }

  /** The failure of an attempt given up at {@code boundNanos}, which {@code setting} gave. */
  static SQLException timedOut(long boundNanos, String setting) {
    long millis = TimeUnit.NANOSECONDS.toMillis(boundNanos + 999_999); // 400 ms, not 399
    return new SQLTransientConnectionException("the JDBC driver did not connect within " + millis
        + " ms (" + setting + "); the attempt was given up", "08001");
  }

  /**
   * Interrupts the attempts still running (drivers that honour interrupts during connect, such as
   * pgjdbc with a login timeout, give up at once); one that completes after this is closed by its
   * caller because the pool is closed.
   */
  void shutdownNow() {
    threads.shutdownNow();
  }

  /**
   * Waits up to two seconds for the connector threads. Threads stuck in attempts already given up
   * ignored an interrupt once and close their late connection themselves, so there is no point
   * waiting for them.
   */
  void awaitTermination() throws InterruptedException {
    threads.awaitTermination(connectsStuck() ? 0 : 2, TimeUnit.SECONDS);
  }
}
