package mcp.db.pool.internal.core;

import java.sql.SQLException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import mcp.db.pool.PoolUnavailableException;
import mcp.db.pool.internal.config.DriverMessageCleaner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optional circuit breaker ({@code circuitBreaker(true)}; off, it stays closed). It opens after
 * {@value #FAILURE_THRESHOLD} connection attempts in a row have failed; while it is open, a caller
 * who finds no idle connection is told at once instead of waiting poolTimeout for a connection that
 * cannot be opened. A probe (one connection attempt) runs after a backoff that doubles up to a
 * second; its success closes the breaker, its failure reopens it. Connections returned by other
 * callers are still lent while it is open.
 *
 * <h2>States</h2>
 * {@code CLOSED -> OPEN} on the failure that makes {@value #FAILURE_THRESHOLD} in a row (callers
 * waiting then are told at once too); {@code OPEN -> HALF_OPEN} when the probe's backoff has passed,
 * and the probe starts; {@code HALF_OPEN -> OPEN} when the probe fails, or when it cannot start
 * because another retry is under way (that retry's outcome decides instead); any state
 * {@code -> CLOSED} on a successful attempt. Whoever moves the breaker into OPEN schedules a probe;
 * a probe that finds it no longer OPEN does nothing.
 *
 * <h2>Threads</h2>
 * {@link ConnectionOpener} reports outcomes from connector threads, the watchdog (an abandoned
 * attempt) and the thread in {@code build()}; probes run on the scheduler thread; borrowers only
 * read the state, in the slow path, when they find no idle connection. Every transition is a CAS or
 * getAndSet on {@link #state}, so exactly one thread makes each and does its side effects. Racy and
 * benign: the probe backoff is read and written without a CAS (only the thread that opened the
 * breaker writes it, a success resets it), and a borrower may read CLOSED just as the breaker opens
 * and wait for poolTimeout, as it would without a breaker.
 */
final class CircuitBreaker {
  /** Logs under the pool's name, like the rest of the connect side. */
  private static final Logger log = LoggerFactory.getLogger(ConnectionPool.class);
  private static final int CLOSED = 0;
  private static final int OPEN = 1;
  private static final int HALF_OPEN = 2;
  private static final int FAILURE_THRESHOLD = 3;

  private final ConnectionPool pool;
  private final ConnectionOpener opener;
  private final ConnectionBag bag;
  private final ScheduledExecutorService scheduler;
  private final DriverMessageCleaner messages;
  private final String name;
  private final boolean enabled;
  /** Written by connector threads, the watchdog and the scheduler; read by borrowers in the slow path only. */
  private final AtomicInteger state = new AtomicInteger(CLOSED);
  private final AtomicLong probeBackoffNanos = new AtomicLong();

  CircuitBreaker(String name, boolean enabled, ConnectionPool pool, ConnectionOpener opener,
      ConnectionBag bag, ScheduledExecutorService scheduler, DriverMessageCleaner messages) {
    this.name = name;
    this.enabled = enabled;
    this.pool = pool;
    this.opener = opener;
    this.bag = bag;
    this.scheduler = scheduler;
    this.messages = messages;
  }

  /**
   * Throws when the breaker is open or half-open, for a caller who found no idle connection (off,
   * the breaker never leaves CLOSED).
   *
   * @throws PoolUnavailableException naming the failed attempts and the last connection error
   */
  void check() throws SQLException {
    if (state.get() == CLOSED) {
      return;
    }
    Throwable last = opener.lastConnectError();
    throw new PoolUnavailableException("Pool '" + name + "': the database is unreachable (circuit "
        + "breaker open after " + opener.consecutiveFailures() + " failed connection attempts)"
        + (last == null ? "" : "; last connection error: " + messages.describe(last)), last);
  }

  /** A successful attempt closes the breaker; returns whether it was open or half-open (and logged so). */
  boolean onConnectSucceeded() {
    if (enabled && state.getAndSet(CLOSED) != CLOSED) {
      probeBackoffNanos.set(0);
      log.info("Pool '{}': database reachable again, circuit breaker closed", name);
      return true;
    }
    return false;
  }

  /** A failed attempt, the {@code failures}-th in a row: opens (or reopens) the breaker when due. */
  void onConnectFailed(int failures) {
    if (!enabled) {
      return;
    }
    if (state.compareAndSet(HALF_OPEN, OPEN)
        || (failures >= FAILURE_THRESHOLD && state.compareAndSet(CLOSED, OPEN))) {
      if (failures == FAILURE_THRESHOLD) {
        log.warn("Pool '{}': circuit breaker open after {} failed connection attempts", name, failures);
        bag.failWaiters(); // callers waiting now are told at once too
      }
      scheduleProbe();
    }
  }

  private void scheduleProbe() {
    long backoff = Math.min(TimeUnit.SECONDS.toNanos(1),
        Math.max(ConnectionOpener.MIN_CONNECT_BACKOFF_NANOS * 4, probeBackoffNanos.get() * 2));
    probeBackoffNanos.set(backoff);
    try {
      scheduler.schedule(() -> {
        if (!pool.isClosed() && state.compareAndSet(OPEN, HALF_OPEN)) {
          // The probe is the pool's one retry; if another retry is already under way, its
          // outcome decides the breaker and this probe only waits for the next turn.
          if (!opener.startConnect(pool.maxConnections()) && state.compareAndSet(HALF_OPEN, OPEN)) {
            scheduleProbe();
          }
        }
      }, backoff, TimeUnit.NANOSECONDS);
    } catch (RuntimeException rejected) {
      // shut down
    }
  }

  /** The state as the statistics show it: closed, open or half_open. */
  String label() {
    switch (state.get()) {
      case OPEN: return "open";
      case HALF_OPEN: return "half_open";
      default: return "closed";
    }
  }
}
