package mcp.db.pool.internal.core;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import mcp.db.pool.PoolConfig;
import mcp.db.pool.PoolInitializationException;
import mcp.db.pool.internal.config.DriverMessageCleaner;
import mcp.db.pool.internal.metrics.CloseReason;
import mcp.db.pool.internal.metrics.PoolMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connect side of {@link ConnectionPool}: every connection the pool opens, the first one in
 * {@code build()}, those that keep {@code minIdle}, and those for callers who wait, starts here. The
 * borrow and return path calls in only when a caller is about to wait (demand) and when a retired
 * connection has been closed (its slot is freed); a borrow that finds an idle connection never does.
 *
 * <h2>Counting connections</h2>
 * {@link #slots} counts connections that are open <em>or being opened</em>; a connection attempt
 * starts only after a CAS has reserved a slot below the limit, so the pool never opens more than
 * {@code poolSize + maxOverflow}, however many callers arrive at once. A slot is freed exactly once:
 * by the attempt that ends without a connection, or once the pool has closed its connection
 * ({@link #onConnectionClosed}) or aborted it at close ({@link #freeSlot()}).
 *
 * <h2>Opening connections</h2>
 * Attempts run on a few platform "connector" threads, never on the caller's thread. One starts when
 * a caller begins to wait and more callers wait than attempts are in progress (demand), or when the
 * housekeeper tops the pool up to {@code minIdle}. A new connection goes through the same hand-off
 * as a returned one, so a waiter takes whichever comes first.
 *
 * <p>The pool bounds each attempt by {@code connectionTimeout} itself, whatever the driver does
 * with its own timeouts ({@link Connector}): an attempt abandoned by the watchdog counts as a failed
 * attempt and frees its slot.
 *
 * <h2>States: connecting and retrying</h2>
 * While the latest attempt succeeded ({@link #consecutiveConnectFailures} is 0), attempts start as
 * demand asks. Once one fails, the pool retries as a whole, not per slot: at most one attempt is
 * scheduled or running at a time (the holder of {@link #retryInFlight}), and it starts only once
 * the backoff has passed, which doubles from {@value #MIN_CONNECT_BACKOFF_MILLIS} ms to
 * {@value #MAX_CONNECT_BACKOFF_MILLIS} ms with every failure. Attempts queued before the failure
 * give up without connecting. The first success resets the backoff and starts attempts for all
 * callers still waiting. The ceiling stays well under a second, so the first borrow after an
 * outage comes within a second of the database accepting again. The optional
 * {@link CircuitBreaker} is told of every outcome.
 *
 * <h2>Threads and invariants</h2>
 * Called by the thread in {@code build()} (the first attempt, which it waits for), borrowers about
 * to wait, the closer thread after it closed a connection, the housekeeper thread
 * ({@link #ensureMinIdle()}, delayed retries, breaker probes), callers of resize, the connector
 * threads (attempts) and the watchdog (abandoned attempts). Nothing here takes a lock: the counts,
 * the backoff and the retry token are atomics. An attempt's outcome is reported once, by its
 * connector thread or by the watchdog, whichever {@link ConnectAttempt} lets win.
 * {@link #serveWaiters()} and {@link #ensureMinIdle()} read counts that change under them; the race
 * is benign: an extra attempt is still bounded by the slot CAS and its connection goes idle, and
 * every new waiter, closed connection and housekeeping pass looks again.
 */
final class ConnectionOpener {
  /** Logs under the pool's name, the logger operators are told to watch for connect failures. */
  private static final Logger log = LoggerFactory.getLogger(ConnectionPool.class);
  private static final long MIN_CONNECT_BACKOFF_MILLIS = 25;
  private static final long MAX_CONNECT_BACKOFF_MILLIS = 500;
  private static final long MAX_CONNECT_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(MAX_CONNECT_BACKOFF_MILLIS);
  static final long MIN_CONNECT_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(MIN_CONNECT_BACKOFF_MILLIS);
  /** The shortest bound of an initial attempt squeezed by what is left of initializationFailTimeout. */
  private static final long MIN_INITIAL_CONNECT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  /** At most one "cannot connect" WARN line per this interval (by the pool's clock). */
  private static final long CONNECT_FAILURE_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final long NEVER = Long.MIN_VALUE;

  private final ConnectionPool pool;
  private final PoolConfig config;
  private final String name;
  private final PoolClock clock;
  private final ConnectionBag bag;
  /** Removes the pool's secrets from every driver message it shows. */
  private final DriverMessageCleaner messages;
  private final PoolMetrics metrics;
  private final CircuitBreaker breaker;
  private final long connectionTimeoutNanos;
  private final long recycleNanos;

  /** Connections open or being opened; see the class comment. */
  private final AtomicInteger slots = new AtomicInteger();
  /** Connection attempts in progress. */
  private final AtomicInteger pendingConnects = new AtomicInteger();
  /** Failed attempts since the latest success; above 0, the pool retries one attempt at a time. */
  private final AtomicInteger consecutiveConnectFailures = new AtomicInteger();
  /** The backoff after the latest failed attempt (doubling per failure); 0 after a success. */
  private final AtomicLong connectBackoffNanos = new AtomicLong();
  /** System.nanoTime() before which no retry starts while attempts fail. */
  private volatile long retryNotBefore;
  /** While attempts fail, held by the one attempt allowed, from its scheduling to its end. */
  private final AtomicBoolean retryInFlight = new AtomicBoolean();
  private final AtomicLong entryIds = new AtomicLong();

  private volatile Throwable lastConnectError;
  private volatile long lastConnectErrorAt;
  /** Pool-clock time of the last "cannot connect" WARN line, or {@link #NEVER}. */
  private final AtomicLong lastConnectFailureLogAt = new AtomicLong(NEVER);
  /** Failed attempts not logged since that line. */
  private final AtomicInteger connectFailuresNotLogged = new AtomicInteger();

  private final Connector connector;
  /** The pool's housekeeper thread; runs retries whose backoff has not passed yet. */
  private final ScheduledExecutorService scheduler;

  ConnectionOpener(ConnectionPool pool, PoolConfig config, PoolClock clock, ConnectionBag bag,
      ConnectionFactory factory, PoolMetrics metrics, ScheduledExecutorService scheduler,
      ScheduledExecutorService watchdog) {
    this.pool = pool;
    this.config = config;
    this.name = config.poolName();
    this.clock = clock;
    this.bag = bag;
    this.messages = factory.messages();
    this.metrics = metrics;
    this.connectionTimeoutNanos = config.connectionTimeout().toNanos();
    this.recycleNanos = config.poolRecycle().toNanos();
    this.scheduler = scheduler;
    this.connector = new Connector(name, clock, factory, watchdog);
    this.breaker = new CircuitBreaker(name, config.circuitBreaker(), pool, this, bag, scheduler, messages);
  }

  CircuitBreaker breaker() {
    return breaker;
  }

  // ---------------------------------------------------------------- the first connection

  /**
   * The fail-fast check of {@code build()}: opens the first connection, retrying with the backoff
   * until initializationFailTimeout (zero: one attempt) unless the error is permanent. Each attempt
   * runs on a connector thread and is bounded by connectionTimeout, and by what is left of
   * initializationFailTimeout, so a driver that hangs cannot hang {@code build()}.
   */
  void initialConnect() {
    Duration ift = config.initializationFailTimeout();
    if (ift.isNegative()) {
      return;
    }
    long deadline = System.nanoTime() + ift.toNanos();
    for (;;) {
      long left = deadline - System.nanoTime();
      boolean squeezed = !ift.isZero() && left < connectionTimeoutNanos;
      long bound = squeezed ? Math.max(left, MIN_INITIAL_CONNECT_NANOS) : connectionTimeoutNanos;
      slots.incrementAndGet();
      Connector.Outcome r = connector.openAndWait(bound, squeezed ? "initializationFailTimeout" : "connectionTimeout");
      Throwable failure = r.failure;
      if (failure == null) {
        onConnectSucceeded();
        bag.add(newEntry(r, PoolEntry.IDLE));
        return;
      }
      slots.decrementAndGet();
      noteConnectFailure(failure);
      long backoff = connectBackoffNanos.get();
      if (isPermanent(failure) || System.nanoTime() + backoff - deadline > 0) {
        throw new PoolInitializationException("Pool '" + name + "' could not connect to "
            + config.displayUrl() + ": " + messages.describe(failure), messages.scrub(failure));
      }
      sleepNanos(backoff);
    }
  }

  /**
   * Connection errors that retrying cannot fix: bad credentials (SQLState class 28, MySQL/MariaDB
   * 1044/1045) and a database that does not exist (class 3D, MySQL/MariaDB 1049). Initialisation
   * gives up on them at once instead of retrying for initializationFailTimeout.
   */
  private static boolean isPermanent(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException) {
        SQLException e = (SQLException) t;
        String state = e.getSQLState();
        if (state != null && (state.startsWith("28") || state.startsWith("3D"))) {
          return true;
        }
        int code = e.getErrorCode();
        if (code == 1044 || code == 1045 || code == 1049) {
          return true;
        }
      }
    }
    return false;
  }

  /** Sleeps, for the initial attempts' backoff and close()'s polling; interrupted, it gives up. */
  static void sleepNanos(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new PoolInitializationException("Interrupted while opening the pool", ie);
    }
  }

  /** Builds the entry for a freshly opened connection. */
  private PoolEntry newEntry(Connector.Outcome r, int initialState) {
    long now = clock.nanoTime();
    long recycleAt = Long.MAX_VALUE;
    if (recycleNanos > 0) {
      // Up to 2.5% less than the lifetime, so connections opened together do not expire together.
      long jitter = (long) (recycleNanos * 0.025 * ThreadLocalRandom.current().nextDouble());
      recycleAt = now + recycleNanos - jitter;
    }
    PoolEntry e = new PoolEntry(pool, r.opened.connection, r.opened.defaults, entryIds.incrementAndGet(),
        now, recycleAt, pool.currentGeneration(), initialState);
    e.lastAliveAt = now;
    metrics.recordConnect(now - r.startedAt);
    log.debug("Pool '{}': opened connection#{} in {} ms", name, e.id(),
        TimeUnit.NANOSECONDS.toMillis(now - r.startedAt));
    return e;
  }

  // ---------------------------------------------------------------- starting attempts

  /** Whether the latest connection attempt failed; the pool then retries one attempt at a time. */
  private boolean connectsFailing() {
    return consecutiveConnectFailures.get() > 0;
  }

  /**
   * Reserves a slot below {@code limit} and starts one connection attempt on a connector thread.
   * While attempts fail, the attempt is the pool's one retry: it starts only if no other retry is
   * scheduled or running, once the backoff has passed.
   *
   * @return false when the limit is reached, the pool is closed, or attempts fail and a retry is
   *     already under way
   */
  boolean startConnect(int limit) {
    boolean retry = connectsFailing();
    if (retry && !retryInFlight.compareAndSet(false, true)) {
      return false;
    }
    for (;;) {
      int s = slots.get();
      if (s >= limit || pool.isClosed()) {
        if (retry) {
          retryInFlight.set(false);
        }
        return false;
      }
      if (slots.compareAndSet(s, s + 1)) {
        break;
      }
    }
    pendingConnects.incrementAndGet();
    long delay = retry ? retryNotBefore - System.nanoTime() : 0;
    try {
      if (delay > 0) {
        scheduler.schedule(() -> connector.execute(() -> connect(retry)), delay, TimeUnit.NANOSECONDS);
      } else {
        connector.execute(() -> connect(retry));
      }
    } catch (RuntimeException rejected) { // executor shut down: the pool is closing
      pendingConnects.decrementAndGet();
      slots.decrementAndGet();
      if (retry) {
        retryInFlight.set(false);
      }
      return false;
    }
    return true;
  }

  /**
   * One connection attempt, run on a connector thread; its slot is already reserved.
   *
   * @param retry whether this is the pool's one retry while attempts fail (it holds
   *     {@link #retryInFlight})
   */
  private void connect(boolean retry) {
    if (pool.isClosed() || (!retry && connectsFailing())) {
      // Closing; or attempts began to fail after this one was queued, and while they fail only the
      // one retry may connect, or a burst queued while the database looked fine becomes a storm.
      endAttempt(retry);
      if (!pool.isClosed()) {
        serveWaiters(); // makes sure a retry covers the waiters
      }
      return;
    }
    Connector.Outcome r = connector.open(connectionTimeoutNanos,
        () -> onAttemptFailed(Connector.timedOut(connectionTimeoutNanos, "connectionTimeout"), retry));
    if (r == null) {
      return; // abandoned: the watchdog counted the failure and freed the slot
    }
    if (r.failure != null) {
      onAttemptFailed(r.failure, retry);
      return;
    }
    boolean recovered = onConnectSucceeded();
    PoolEntry e = newEntry(r, PoolEntry.IN_USE);
    bag.add(e);
    if (pool.isClosed()) {
      pendingConnects.decrementAndGet();
      if (retry) {
        retryInFlight.set(false);
      }
      pool.retire(e, CloseReason.POOL_CLOSED);
      return;
    }
    bag.offer(e);
    // Only now, with the connection claimable or handed over, does it stop counting as being
    // opened: a waiter that rescans before the offer must see it covered, or it asks for another.
    pendingConnects.decrementAndGet();
    if (retry) {
      retryInFlight.set(false);
    }
    if (recovered) { // only the retry was trying: now start attempts for everyone still waiting
      serveWaiters();
      ensureMinIdle();
    }
  }

  /** Frees the slot of an attempt that ends without a connection. */
  private void endAttempt(boolean retry) {
    pendingConnects.decrementAndGet();
    slots.decrementAndGet();
    if (retry) {
      retryInFlight.set(false);
    }
  }

  /** A failed (or abandoned) attempt: count it, back off, and retry if callers still wait. */
  private void onAttemptFailed(Throwable failure, boolean retry) {
    noteConnectFailure(failure);
    endAttempt(retry);
    if (!pool.isClosed() && waitersNotCovered()) {
      startConnect(pool.maxConnections()); // the retry, scheduled after the backoff
    }
  }

  /** Tops the pool up towards minIdle idle connections, never above poolSize. */
  void ensureMinIdle() {
    if (pool.isClosed()) {
      return;
    }
    int minIdle = Math.min(pool.minIdle(), pool.poolSize());
    int deficit = minIdle - bag.count(PoolEntry.IDLE) - pendingConnects.get();
    for (int i = 0; i < deficit; i++) {
      if (!startConnect(pool.poolSize())) { // read again: resize may change it meanwhile
        return;
      }
    }
  }

  /**
   * Starts connection attempts until they cover the callers waiting now, up to the current limit.
   * It compares the live count of waiters, not the count a caller saw when it arrived: callers
   * arriving together see counts 1..n in any order, and comparing those snapshots with the attempts
   * already started would start too few (a regression test: simultaneous callers on a cold pool).
   */
  void serveWaiters() {
    while (waitersNotCovered() && startConnect(pool.maxConnections())) {
      // one attempt per waiter not yet covered
    }
  }

  /**
   * Whether more callers wait than there are connections on their way to them: attempts in progress
   * plus idle connections. An idle one counts because a connection just opened is offered (made
   * idle, the waiter nudged) before its attempt stops counting; a waiter whose rescan ran just
   * before that offer would otherwise find neither and have a second connection opened. If a
   * borrower arriving meanwhile takes the idle one instead, the waiter's next rescan fails with
   * nothing idle and asks again.
   */
  private boolean waitersNotCovered() {
    int uncovered = bag.waiting() - pendingConnects.get();
    return uncovered > 0 && uncovered > bag.count(PoolEntry.IDLE); // the scan only when needed
  }

  /** Called by the bag when a caller starts waiting: start an attempt if demand is not covered. */
  void onWaiting(int waiting) {
    serveWaiters();
  }

  /** Frees the slot of a connection the pool has aborted. */
  void freeSlot() {
    slots.decrementAndGet();
  }

  /**
   * A connection the pool retired is closed: frees its slot, starts attempts for callers still
   * waiting and, unless it closed for being idle or overflow, tops the pool up to minIdle.
   */
  void onConnectionClosed(CloseReason reason) {
    slots.decrementAndGet();
    if (!pool.isClosed()) {
      serveWaiters();
      if (reason != CloseReason.IDLE && reason != CloseReason.OVERFLOW) {
        ensureMinIdle();
      }
    }
  }

  // ---------------------------------------------------------------- outcomes

  /** Resets the backoff and the breaker; returns whether attempts had been failing until now. */
  private boolean onConnectSucceeded() {
    int failures = consecutiveConnectFailures.getAndSet(0);
    connectBackoffNanos.set(0);
    if (!breaker.onConnectSucceeded() && failures > 0) {
      log.info("Pool '{}': connected again after {} failed connection attempts", name, failures);
    }
    return failures > 0;
  }

  /**
   * Counts a failed attempt and grows the pool-wide backoff. What is kept of the error (for the
   * statistics, the next timeout's message and cause, the breaker) is its secret-free copy.
   */
  private void noteConnectFailure(Throwable ex) {
    Throwable shown = messages.scrub(ex);
    metrics.recordConnectFailure(shown);
    long backoff = connectBackoffNanos.updateAndGet(
        b -> Math.max(MIN_CONNECT_BACKOFF_NANOS, Math.min(b * 2, MAX_CONNECT_BACKOFF_NANOS)));
    long now = System.nanoTime();
    retryNotBefore = now + backoff;
    lastConnectError = shown;
    lastConnectErrorAt = now;
    breaker.onConnectFailed(consecutiveConnectFailures.incrementAndGet());
    logConnectFailure(shown);
  }

  /**
   * At most one WARN line per ten seconds of the pool's clock while the database stays
   * unreachable, with the number of failures not logged since the previous line.
   */
  private void logConnectFailure(Throwable shown) {
    long now = clock.nanoTime();
    long last = lastConnectFailureLogAt.get();
    if ((last == NEVER || now - last >= CONNECT_FAILURE_LOG_INTERVAL_NANOS)
        && lastConnectFailureLogAt.compareAndSet(last, now)) {
      int notLogged = connectFailuresNotLogged.getAndSet(0);
      log.warn("Pool '{}': cannot connect to {}: {}{}", name, config.displayUrl(), messages.describe(shown),
          notLogged == 0 ? "" : " (" + notLogged + " more failed attempts since the last report)");
    } else {
      connectFailuresNotLogged.incrementAndGet();
    }
  }

  // ---------------------------------------------------------------- state for the pool

  /** Connection attempts in progress. */
  int pendingConnects() {
    return pendingConnects.get();
  }

  /** Failed attempts since the latest success. */
  int consecutiveFailures() {
    return consecutiveConnectFailures.get();
  }

  /** The latest attempt's error (secret-free), or {@code null} when none has failed yet. */
  Throwable lastConnectError() {
    return lastConnectError;
  }

  /**
   * The latest attempt's error when it is recent enough to explain a timeout of
   * {@code timeoutNanos}: within that timeout or the last 30 seconds, whichever is longer.
   */
  Throwable recentConnectError(long timeoutNanos) {
    Throwable last = lastConnectError;
    if (last != null && System.nanoTime() - lastConnectErrorAt < Math.max(timeoutNanos, TimeUnit.SECONDS.toNanos(30))) {
      return last;
    }
    return null;
  }

  // ---------------------------------------------------------------- shutdown

  /**
   * The connector threads; the pool stops them at close. An attempt that completes after that is
   * closed by {@link #connect(boolean)} because the pool is closed.
   */
  Connector connector() {
    return connector;
  }
}
