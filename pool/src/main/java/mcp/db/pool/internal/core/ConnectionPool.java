package mcp.db.pool.internal.core;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import mcp.db.pool.PoolClosedException;
import mcp.db.pool.PoolConfig;
import mcp.db.pool.PoolInitializationException;
import mcp.db.pool.PoolStats;
import mcp.db.pool.PoolTimeoutException;
import mcp.db.pool.PoolUnavailableException;
import mcp.db.pool.internal.config.DriverMessageCleaner;
import mcp.db.pool.internal.errors.SqlErrorRules;
import mcp.db.pool.internal.metrics.CloseReason;
import mcp.db.pool.internal.metrics.PoolMetrics;
import mcp.db.pool.internal.metrics.PoolView;
import mcp.db.pool.internal.proxy.ProxyConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool engine behind {@code DatabasePool}: borrowing, returning, opening and retiring
 * connections. The hand-out structure itself is {@link ConnectionBag}; housekeeping is
 * {@link Housekeeper}.
 *
 * <h2>Counting connections</h2>
 * {@link #slots} counts connections that are open <em>or being opened</em>; a connection attempt
 * starts only after a CAS has reserved a slot below the limit, so the pool never opens more than
 * {@code poolSize + maxOverflow}, however many callers arrive at once. A slot is freed when its
 * connection is retired or its attempt fails.
 *
 * <h2>Opening connections</h2>
 * Attempts run on a few platform "connector" threads, never on the caller's thread. One starts when
 * a caller begins to wait and more callers wait than attempts are in progress (demand), or when the
 * housekeeper tops the pool up to {@code minIdle}. A new connection goes through the same hand-off
 * as a returned one, so a waiter takes whichever comes first.
 *
 * <p>The pool bounds each attempt by {@code connectionTimeout} itself, whatever the driver does
 * with its own timeouts: the watchdog abandons an attempt that has not returned in time
 * ({@link ConnectAttempt}), counts it as a failed attempt and frees its slot; if the driver
 * returns a connection later, the connector thread closes it. A thread still inside the driver is
 * replaced by an extra connector thread (at most {@value #MAX_STUCK_CONNECTS} extra), so hung
 * connects cannot block every new one.
 *
 * <p>While attempts fail, the pool retries as a whole, not per slot: after a failure at most one
 * attempt is scheduled or running at a time (the holder of {@link #retryInFlight}), and it starts
 * only once the backoff has passed, which doubles from {@value #MIN_CONNECT_BACKOFF_MILLIS} ms to
 * {@value #MAX_CONNECT_BACKOFF_MILLIS} ms with every failure. Attempts queued before the failure
 * give up without connecting. The first success resets the backoff and starts attempts for all
 * callers still waiting. The ceiling stays well under a second, so the first borrow after an
 * outage comes within a second of the database accepting again.
 *
 * <h2>Returning</h2>
 * A returned connection is retired when it is broken, past its lifetime, the pool is closed, or it
 * is an overflow connection returned while {@code poolSize} connections are already idle (the
 * SQLAlchemy rule); otherwise it is offered to the longest waiter or made idle.
 */
public final class ConnectionPool implements PoolView {
  private static final Logger log = LoggerFactory.getLogger(ConnectionPool.class);
  private static final int CONNECTOR_THREADS = 4;
  /** Extra connector threads that stand in for threads stuck in abandoned attempts. */
  private static final int MAX_STUCK_CONNECTS = CONNECTOR_THREADS;
  private static final long MIN_CONNECT_BACKOFF_MILLIS = 25;
  private static final long MAX_CONNECT_BACKOFF_MILLIS = 500;
  private static final long MAX_CONNECT_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(MAX_CONNECT_BACKOFF_MILLIS);
  private static final long MIN_CONNECT_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(MIN_CONNECT_BACKOFF_MILLIS);
  /** The shortest bound of an initial attempt squeezed by what is left of initializationFailTimeout. */
  private static final long MIN_INITIAL_CONNECT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  /** At most one "cannot connect" WARN line per this interval (by the pool's clock). */
  private static final long CONNECT_FAILURE_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final long NEVER = Long.MIN_VALUE;
  /** A validation squeezed by the caller's deadline still gets this long. */
  private static final long MIN_VALIDATION_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final PoolConfig config;
  private final String name;
  private final PoolClock clock;
  private final ConnectionBag bag = new ConnectionBag();
  private final ConnectionFactory factory;
  private final SqlErrorRules errorRules;
  private final Housekeeper housekeeper;

  private final long poolTimeoutNanos;
  private final long recycleNanos;
  private final boolean prePing;
  private final long prePingAfterIdleNanos;
  private final long validationTimeoutNanos;
  private final long connectionTimeoutNanos;
  /** Removes the pool's secrets from every driver message it shows. */
  private final DriverMessageCleaner messages;
  final long leakThresholdNanos;

  /** Current target size; changed at runtime by resize. */
  private volatile int poolSize;
  /** Current overflow limit (-1 = unbounded); changed at runtime. */
  private volatile int maxOverflow;
  /** Idle connections the housekeeper keeps open; follows poolSize when it was left at its default. */
  private volatile int minIdle;
  /** While true, borrowers wait (up to poolTimeout) instead of getting connections. */
  private volatile boolean suspended;
  /** Connections open or being opened; see the class comment. */
  private final AtomicInteger slots = new AtomicInteger();
  /** Connection attempts in progress. */
  private final AtomicInteger pendingConnects = new AtomicInteger();
  /** The backoff after the latest failed attempt (doubling per failure); 0 after a success. */
  private final AtomicLong connectBackoffNanos = new AtomicLong();
  /** System.nanoTime() before which no retry starts while attempts fail. */
  private volatile long retryNotBefore;
  /** While attempts fail, held by the one attempt allowed, from its scheduling to its end. */
  private final AtomicBoolean retryInFlight = new AtomicBoolean();
  /** Resizes {@link #connector}; held for a few field writes only. */
  private final ReentrantLock connectorSizeLock = new ReentrantLock();
  /** Connector threads still inside the driver in abandoned attempts. Guarded by {@link #connectorSizeLock}. */
  private int stuckConnects;
  private final AtomicLong entryIds = new AtomicLong();
  /** Bumped when a fatal error suggests every connection opened before it may be dead. */
  private final AtomicLong generation = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Circuit breaker: see {@link #breakerCheck()}. Off unless configured. */
  private final boolean breakerEnabled;
  private static final int BREAKER_CLOSED = 0;
  private static final int BREAKER_OPEN = 1;
  private static final int BREAKER_HALF_OPEN = 2;
  private static final int BREAKER_FAILURE_THRESHOLD = 3;
  /** Written by connector threads and the scheduler; read by borrowers in the slow path only. */
  private final AtomicInteger breakerState = new AtomicInteger(BREAKER_CLOSED);
  private final AtomicInteger consecutiveConnectFailures = new AtomicInteger();
  private final AtomicLong probeBackoffNanos = new AtomicLong();

  private volatile Throwable lastConnectError;
  private volatile long lastConnectErrorAt;
  /** Pool-clock time of the last "cannot connect" WARN line, or {@link #NEVER}. */
  private final AtomicLong lastConnectFailureLogAt = new AtomicLong(NEVER);
  /** Failed attempts not logged since that line. */
  private final AtomicInteger connectFailuresNotLogged = new AtomicInteger();

  private final ThreadPoolExecutor connector;
  private final ExecutorService closer;
  private final ScheduledExecutorService scheduler;
  /** Aborts validations that overrun their bound; separate so a blocked housekeeper cannot stall it. */
  private final ScheduledThreadPoolExecutor watchdog;

  /** Counters and distributions; the hot path calls only recordBorrow and recordReturn. */
  private final PoolMetrics metrics = new PoolMetrics(this);

  /**
   * Opens the pool: resolves the driver, makes the fail-fast connection attempt that
   * {@code initializationFailTimeout} asks for, and starts topping up to {@code minIdle}.
   *
   * @param backgroundHousekeeping false in tests that drive {@link #runHousekeeping()} themselves
   */
  public ConnectionPool(PoolConfig config, PoolClock clock, boolean backgroundHousekeeping) {
    this.config = config;
    this.name = config.poolName();
    this.clock = clock;
    this.poolSize = config.poolSize();
    this.maxOverflow = config.maxOverflow();
    this.minIdle = config.minIdle();
    this.poolTimeoutNanos = config.poolTimeout().toNanos();
    this.recycleNanos = config.poolRecycle().toNanos();
    this.prePing = config.poolPrePing();
    this.prePingAfterIdleNanos = config.prePingAfterIdle().toNanos();
    this.validationTimeoutNanos = config.validationTimeout().toNanos();
    this.connectionTimeoutNanos = config.connectionTimeout().toNanos();
    this.leakThresholdNanos = config.leakDetectionThreshold().toNanos();
    this.breakerEnabled = config.circuitBreaker();
    preloadHotPathClasses();
    this.factory = new ConnectionFactory(config);
    this.messages = factory.messages();
    this.errorRules = SqlErrorRules.forKind(factory.kind());
    this.housekeeper = new Housekeeper(this, bag, config);

    this.connector = new ThreadPoolExecutor(CONNECTOR_THREADS, CONNECTOR_THREADS, 5, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), new PoolThreadFactory(name + "-connector"));
    this.connector.allowCoreThreadTimeOut(true);
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

    try {
      initialConnect();
    } catch (RuntimeException e) {
      shutdownExecutors();
      throw e;
    }
    ensureMinIdle();
    if (backgroundHousekeeping) {
      scheduleHousekeeping(housekeeper.initialDelayNanos());
    }
    log.info("Pool '{}' started: {}", name, config.displayUrl());
  }

  /**
   * Initialises the classes a borrow touches, here on the thread that builds the pool. Otherwise
   * the first virtual threads to borrow would race to initialise them, and a virtual thread that
   * waits for another thread's class initialiser pins its carrier.
   */
  private static void preloadHotPathClasses() {
    String proxies = ProxyConnection.class.getPackageName() + ".";
    String[] names = {proxies + "ProxyConnection", proxies + "ProxyStatement",
        proxies + "ProxyPreparedStatement", proxies + "ProxyCallableStatement",
        proxies + "ProxyResultSet", proxies + "ProxyDatabaseMetaData", proxies + "ClosedConnection",
        ConnectionBag.Waiter.class.getName(), ConnectionBag.PoolClosedSignal.class.getName(),
        ConnectionBag.UnavailableSignal.class.getName(),
        PoolEntry.class.getName()};
    ClassLoader loader = ConnectionPool.class.getClassLoader();
    for (String name : names) {
      try {
        Class.forName(name, true, loader);
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("cannot load " + name, e);
      }
    }
  }

  // ---------------------------------------------------------------- borrow

  /** Borrows a connection, waiting up to poolTimeout. */
  public Connection getConnection() throws SQLException {
    return new ProxyConnection(acquire(poolTimeoutNanos));
  }

  /**
   * Borrows an entry (IN_USE, owned by the caller), waiting up to {@code timeoutNanos}. The fast
   * path is one scan of the bag and one clock read; timing the wait starts only when there is one.
   */
  PoolEntry acquire(long timeoutNanos) throws SQLException {
    if (closed.get()) {
      throw new PoolClosedException(name);
    }
    if (suspended) {
      timeoutNanos = awaitResume(timeoutNanos); // one deadline: time suspended counts against it
    }
    PoolEntry e = bag.tryClaim();
    if (e != null) {
      long now = clock.nanoTime();
      if (!needsCheck(e, now)) {
        onBorrowed(e, now, 0L);
        return e;
      }
    }
    return acquireSlow(e, timeoutNanos);
  }

  /**
   * The rest of a borrow: checking a claimed entry that needs it, then waiting. Everything here
   * counts against the caller's one deadline, validation included.
   *
   * @param claimed an entry the fast path claimed but that needs checking, or {@code null}
   */
  private PoolEntry acquireSlow(PoolEntry claimed, long timeoutNanos) throws SQLException {
    long start = System.nanoTime();
    long deadline = start + timeoutNanos;
    PoolEntry e = claimed;
    for (;;) {
      if (e == null) {
        e = bag.tryClaim();
      }
      if (e == null) {
        if (breakerEnabled) {
          breakerCheck();
        }
        e = awaitEntry(deadline - System.nanoTime());
      }
      long now = clock.nanoTime();
      if (isUsable(e, now, deadline - System.nanoTime())) {
        onBorrowed(e, now, System.nanoTime() - start);
        return e;
      }
      e = null;
      if (System.nanoTime() - deadline >= 0) {
        metrics.recordTimeout();
        throw timeoutException(timeoutNanos);
      }
    }
  }

  private void onBorrowed(PoolEntry e, long now, long waitNanos) {
    e.borrowedAt = now;
    metrics.recordBorrow(e.counters, waitNanos);
    if (leakThresholdNanos > 0) {
      e.borrowerThread = Thread.currentThread().getName();
      e.leakReported = false;
      e.borrowStack = new Throwable("Connection borrowed here");
    }
  }

  /**
   * The circuit breaker. It opens after {@value #BREAKER_FAILURE_THRESHOLD} connection attempts
   * in a row have failed; while it is open, a caller who finds no idle connection is told at once
   * instead of waiting poolTimeout for a connection that cannot be opened. A probe (one connection
   * attempt) runs after a backoff that doubles up to a second; its success closes the breaker, its
   * failure reopens it. Connections returned by other callers are still lent while it is open.
   */
  private void breakerCheck() throws SQLException {
    if (breakerState.get() == BREAKER_CLOSED) {
      return;
    }
    Throwable last = lastConnectError;
    throw new PoolUnavailableException("Pool '" + name + "': the database is unreachable (circuit "
        + "breaker open after " + consecutiveConnectFailures.get() + " failed connection attempts)"
        + (last == null ? "" : "; last connection error: " + describe(last)), last);
  }

  /** Resets the backoff and the breaker; returns whether attempts had been failing until now. */
  private boolean onConnectSucceeded() {
    int failures = consecutiveConnectFailures.getAndSet(0);
    connectBackoffNanos.set(0);
    if (breakerEnabled && breakerState.getAndSet(BREAKER_CLOSED) != BREAKER_CLOSED) {
      probeBackoffNanos.set(0);
      log.info("Pool '{}': database reachable again, circuit breaker closed", name);
    } else if (failures > 0) {
      log.info("Pool '{}': connected again after {} failed connection attempts", name, failures);
    }
    return failures > 0;
  }

  private void onConnectFailed() {
    int failures = consecutiveConnectFailures.incrementAndGet();
    if (!breakerEnabled) {
      return;
    }
    if (breakerState.compareAndSet(BREAKER_HALF_OPEN, BREAKER_OPEN)
        || (failures >= BREAKER_FAILURE_THRESHOLD && breakerState.compareAndSet(BREAKER_CLOSED, BREAKER_OPEN))) {
      if (failures == BREAKER_FAILURE_THRESHOLD) {
        log.warn("Pool '{}': circuit breaker open after {} failed connection attempts", name, failures);
        bag.failWaiters(); // callers waiting now are told at once too
      }
      scheduleProbe();
    }
  }

  private void scheduleProbe() {
    long backoff = Math.min(TimeUnit.SECONDS.toNanos(1),
        Math.max(MIN_CONNECT_BACKOFF_NANOS * 4, probeBackoffNanos.get() * 2));
    probeBackoffNanos.set(backoff);
    try {
      scheduler.schedule(() -> {
        if (!closed.get() && breakerState.compareAndSet(BREAKER_OPEN, BREAKER_HALF_OPEN)) {
          // The probe is the pool's one retry; if another retry is already under way, its
          // outcome decides the breaker and this probe only waits for the next turn.
          if (!startConnect(maxConnections()) && breakerState.compareAndSet(BREAKER_HALF_OPEN, BREAKER_OPEN)) {
            scheduleProbe();
          }
        }
      }, backoff, TimeUnit.NANOSECONDS);
    } catch (RuntimeException rejected) {
      // shut down
    }
  }

  @Override
  public String circuitState() {
    switch (breakerState.get()) {
      case BREAKER_OPEN: return "open";
      case BREAKER_HALF_OPEN: return "half_open";
      default: return "closed";
    }
  }

  private PoolEntry awaitEntry(long remainingNanos) throws SQLException {
    if (remainingNanos <= 0) {
      metrics.recordTimeout();
      throw timeoutException(poolTimeoutNanos);
    }
    PoolEntry e;
    try {
      e = bag.await(remainingNanos, this::onWaiting);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new SQLException("Interrupted while waiting for a connection from pool '" + name + "'",
          "HY008", ie);
    } catch (ConnectionBag.PoolClosedSignal closedSignal) {
      throw new PoolClosedException(name);
    } catch (ConnectionBag.UnavailableSignal unavailable) {
      breakerCheck();
      throw new PoolUnavailableException("Pool '" + name + "': the database is unreachable", lastConnectError);
    }
    if (e == null) {
      metrics.recordTimeout();
      throw timeoutException(poolTimeoutNanos);
    }
    return e;
  }

  /**
   * Decides whether a just-claimed entry may be handed out; retires it (and returns false) when it
   * is broken, past its lifetime, or fails pre-ping.
   */
  /** Whether a claimed entry must be looked at before lending it (cheap: no I/O). */
  private boolean needsCheck(PoolEntry e, long now) {
    return e.isBroken()
        || (recycleNanos > 0 && now - e.recycleAt() >= 0)
        || e.generation() != generation.get()
        || (prePing && now - e.lastAliveAt > prePingAfterIdleNanos);
  }

  private boolean isUsable(PoolEntry e, long now, long budgetNanos) {
    if (e.isBroken()) {
      retire(e, CloseReason.BROKEN);
      return false;
    }
    if (recycleNanos > 0 && now - e.recycleAt() >= 0) {
      retire(e, CloseReason.RECYCLED);
      return false;
    }
    long currentGeneration = generation.get();
    boolean stale = e.generation() != currentGeneration;
    if ((prePing && now - e.lastAliveAt > prePingAfterIdleNanos) || stale) {
      if (!isValid(e, Math.min(validationTimeoutNanos, Math.max(budgetNanos, MIN_VALIDATION_NANOS)))) {
        metrics.recordValidationFailure();
        retire(e, CloseReason.VALIDATION_FAILED);
        return false;
      }
      e.lastAliveAt = now;
      e.generation(currentGeneration);
    }
    return true;
  }

  void noteValidationFailure() {
    metrics.recordValidationFailure();
  }

  /** Validates with {@code Connection.isValid}, bounded by validationTimeout. */
  boolean isValid(PoolEntry e) {
    return isValid(e, validationTimeoutNanos);
  }

  /**
   * Validates with {@code Connection.isValid}, and enforces the bound itself: drivers count the
   * timeout in whole seconds, and some ignore it on a socket that stays open but never answers (a
   * network black hole). A watchdog on its own thread aborts the connection when the bound passes,
   * which unblocks the validating thread; an aborted connection counts as invalid.
   */
  boolean isValid(PoolEntry e, long boundNanos) {
    Connection c = e.physical();
    AtomicBoolean settled = new AtomicBoolean();
    java.util.concurrent.ScheduledFuture<?> alarm = null;
    try {
      alarm = watchdog.schedule(() -> {
        if (settled.compareAndSet(false, true)) {
          log.warn("Pool '{}': validation of connection#{} took longer than {} ms; aborting it",
              name, e.id(), TimeUnit.NANOSECONDS.toMillis(boundNanos));
          e.aborted = true;
          abortQuietly(c);
        }
      }, boundNanos, TimeUnit.NANOSECONDS);
    } catch (RuntimeException rejected) {
      // closing: validate without the watchdog
    }
    boolean valid;
    try {
      valid = c.isValid((int) Math.max(1, TimeUnit.NANOSECONDS.toSeconds(boundNanos + 999_999_999L)));
    } catch (SQLException | RuntimeException ex) {
      valid = false;
    }
    if (alarm != null) {
      alarm.cancel(false);
    }
    return settled.compareAndSet(false, true) && valid; // false when the watchdog fired first
  }

  private void abortQuietly(Connection c) {
    try {
      c.abort(closer);
    } catch (SQLException | RuntimeException ex) {
      ConnectionFactory.closeQuietly(c);
    }
  }

  /** Starts a connection attempt when more callers wait than attempts are in progress. */
  private void onWaiting(int waiting) {
    serveWaiters();
  }

  // ---------------------------------------------------------------- return

  /** Takes back an entry from its borrower (called once per borrow by the proxy's close). */
  void release(PoolEntry e) {
    long now = clock.nanoTime();
    e.lastReturnedAt = now;
    e.lastAliveAt = now;
    long held = now - e.borrowedAt;
    metrics.recordReturn(e.counters, held);
    if (e.borrowStack != null) {
      releaseLeakTracking(e, now);
    }
    if (closed.get()) {
      retire(e, CloseReason.POOL_CLOSED);
    } else if (e.isBroken()) {
      retire(e, CloseReason.BROKEN);
    } else if (recycleNanos > 0 && now - e.recycleAt() >= 0) {
      retire(e, CloseReason.RECYCLED);
    } else if (e.evicted) {
      retire(e, CloseReason.EVICTED);
    } else {
      CloseReason excess = bag.size() > poolSize ? excessReturn() : null;
      if (excess != null) {
        retire(e, excess);
      } else {
        bag.offer(e);
      }
    }
  }

  /**
   * Why a connection coming back to a pool holding more than poolSize should close instead, or
   * null when it should not:
   * always when the pool was shrunk below what is open, even while callers wait (otherwise, under
   * sustained load, every return would go to a waiter and a shrink would never take effect; the
   * waiters get the connections that stay); else by the SQLAlchemy rule, an overflow connection
   * returned while no one waits and poolSize are already idle.
   */
  private CloseReason excessReturn() {
    if (bag.size() > maxConnections()) {
      return CloseReason.EVICTED;
    }
    return !bag.hasWaiters() && bag.count(PoolEntry.IDLE) >= poolSize ? CloseReason.OVERFLOW : null;
  }

  private void releaseLeakTracking(PoolEntry e, long now) {
    if (e.leakReported) {
      log.info("Pool '{}': connection#{} previously reported as a possible leak was returned after {} ms",
          name, e.id(), TimeUnit.NANOSECONDS.toMillis(now - e.borrowedAt));
    }
    e.borrowStack = null;
    e.borrowerThread = null;
    e.leakReported = false;
  }

  // ---------------------------------------------------------------- open and retire

  /**
   * The fail-fast check of {@code build()}: opens the first connection, retrying with the backoff
   * until initializationFailTimeout (zero: one attempt) unless the error is permanent. Each attempt
   * runs on a connector thread and is bounded by connectionTimeout, and by what is left of
   * initializationFailTimeout, so a driver that hangs cannot hang {@code build()}.
   */
  private void initialConnect() {
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
      AttemptResult r = openInitial(bound, squeezed ? "initializationFailTimeout" : "connectionTimeout");
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
            + config.displayUrl() + ": " + describe(failure), messages.scrub(failure));
      }
      sleepNanos(backoff);
    }
  }

  /** Runs one initial attempt on a connector thread and waits for it (the watchdog ends it). */
  private AttemptResult openInitial(long boundNanos, String boundSetting) {
    ConnectAttempt attempt = new ConnectAttempt();
    CompletableFuture<AttemptResult> outcome = new CompletableFuture<>();
    connector.execute(() -> {
      AttemptResult r = openWithin(attempt, boundNanos,
          () -> outcome.complete(AttemptResult.failed(attemptTimedOut(boundNanos, boundSetting))));
      if (r != null) {
        outcome.complete(r);
      }
    });
    try {
      return outcome.get();
    } catch (InterruptedException ie) {
      if (!abandon(attempt)) { // the driver returned just now: do not leave its connection open
        AttemptResult r = outcome.join();
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

  /** What one connection attempt produced: an opened connection or the reason it failed. */
  private static final class AttemptResult {
    final ConnectionFactory.OpenedConnection opened;
    final Throwable failure;
    /** Pool-clock time the attempt started. */
    final long startedAt;

    private AttemptResult(ConnectionFactory.OpenedConnection opened, Throwable failure, long startedAt) {
      this.opened = opened;
      this.failure = failure;
      this.startedAt = startedAt;
    }

    static AttemptResult failed(Throwable failure) {
      return new AttemptResult(null, failure, 0L);
    }
  }

  /**
   * Opens a connection on this connector thread, bounded by {@code boundNanos}: when the bound
   * passes first, the watchdog abandons the attempt and runs {@code onAbandoned} (its failure
   * bookkeeping), and this thread, once the driver returns, closes whatever it opened.
   *
   * @return the result when this thread owns it; {@code null} when the attempt was abandoned
   */
  private AttemptResult openWithin(ConnectAttempt attempt, long boundNanos, Runnable onAbandoned) {
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
      // closing: the connector threads are interrupted and a late connection is closed in connect()
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
    return new AttemptResult(opened, failure, startedAt);
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
    connectorSizeLock.lock();
    try {
      stuckConnects += delta;
      int threads = CONNECTOR_THREADS + Math.min(stuckConnects, MAX_STUCK_CONNECTS);
      if (threads > connector.getMaximumPoolSize()) {
        connector.setMaximumPoolSize(threads);
        connector.setCorePoolSize(threads);
      } else if (threads < connector.getMaximumPoolSize()) {
        connector.setCorePoolSize(threads);
        connector.setMaximumPoolSize(threads);
      }
      if (delta > 0 && stuckConnects == MAX_STUCK_CONNECTS) {
        log.warn("Pool '{}': {} connection attempts given up after connectionTimeout are still inside"
            + " the JDBC driver, which ignores interrupts; set the driver's own connect and socket"
            + " timeouts so that its threads come back", name, stuckConnects);
      }
    } finally {
      connectorSizeLock.unlock();
    }
  }

  private boolean connectsStuck() {
    connectorSizeLock.lock();
    try {
      return stuckConnects > 0;
    } finally {
      connectorSizeLock.unlock();
    }
  }

  private SQLException attemptTimedOut(long boundNanos, String setting) {
    long millis = TimeUnit.NANOSECONDS.toMillis(boundNanos + 999_999); // 400 ms, not 399
    return new SQLTransientConnectionException("the JDBC driver did not connect within " + millis
        + " ms (" + setting + "); the attempt was given up", "08001");
  }

  /** Builds the entry for a freshly opened connection. */
  private PoolEntry newEntry(AttemptResult r, int initialState) {
    long now = clock.nanoTime();
    long recycleAt = Long.MAX_VALUE;
    if (recycleNanos > 0) {
      // Up to 2.5% less than the lifetime, so connections opened together do not expire together.
      long jitter = (long) (recycleNanos * 0.025 * ThreadLocalRandom.current().nextDouble());
      recycleAt = now + recycleNanos - jitter;
    }
    PoolEntry e = new PoolEntry(this, r.opened.connection, r.opened.defaults, entryIds.incrementAndGet(),
        now, recycleAt, generation.get(), initialState);
    e.lastAliveAt = now;
    metrics.recordConnect(now - r.startedAt);
    log.debug("Pool '{}': opened connection#{} in {} ms", name, e.id(),
        TimeUnit.NANOSECONDS.toMillis(now - r.startedAt));
    return e;
  }

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
      if (s >= limit || closed.get()) {
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
    if (closed.get() || (!retry && connectsFailing())) {
      // Closing; or attempts began to fail after this one was queued, and while they fail only the
      // one retry may connect, or a burst queued while the database looked fine becomes a storm.
      endAttempt(retry);
      if (!closed.get()) {
        serveWaiters(); // makes sure a retry covers the waiters
      }
      return;
    }
    AttemptResult r = openWithin(new ConnectAttempt(), connectionTimeoutNanos,
        () -> onAttemptFailed(attemptTimedOut(connectionTimeoutNanos, "connectionTimeout"), retry));
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
    pendingConnects.decrementAndGet();
    if (retry) {
      retryInFlight.set(false);
    }
    if (closed.get()) {
      retire(e, CloseReason.POOL_CLOSED);
      return;
    }
    bag.offer(e);
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
    if (!closed.get() && bag.waiting() > pendingConnects.get()) {
      startConnect(maxConnections()); // the retry, scheduled after the backoff
    }
  }

  /** Tops the pool up towards minIdle idle connections, never above poolSize. */
  void ensureMinIdle() {
    if (closed.get()) {
      return;
    }
    int minIdle = Math.min(this.minIdle, poolSize);
    int deficit = minIdle - bag.count(PoolEntry.IDLE) - pendingConnects.get();
    for (int i = 0; i < deficit; i++) {
      if (!startConnect(poolSize)) {
        return;
      }
    }
  }

  /**
   * Removes an entry owned by the caller (IN_USE or RESERVED) for good and closes its physical
   * connection on the closer thread. Its slot is freed only once the physical connection is closed,
   * so the database never sees more than the limit; then a replacement starts if callers wait.
   */
  void retire(PoolEntry e, CloseReason reason) {
    if (!e.retire()) {
      return; // already retired (e.g. aborted at shutdown)
    }
    metrics.fold(e.counters); // before it leaves the list, so a reading counts it exactly once
    bag.remove(e);
    metrics.recordClose(reason);
    log.debug("Pool '{}': closing connection#{} ({})", name, e.id(), reason.label());
    try {
      closer.execute(() -> closeAndFreeSlot(e, reason));
    } catch (RuntimeException rejected) { // closer shut down: the pool is closing
      closeAndFreeSlot(e, reason);
    }
  }

  private void closeAndFreeSlot(PoolEntry e, CloseReason reason) {
    if (!e.aborted) {
      ConnectionFactory.closeQuietly(e.physical());
    }
    slots.decrementAndGet();
    if (!closed.get()) {
      serveWaiters();
      if (reason != CloseReason.IDLE && reason != CloseReason.OVERFLOW) {
        ensureMinIdle();
      }
    }
  }

  // ---------------------------------------------------------------- errors

  boolean isFatal(SQLException e) {
    return errorRules.isFatal(e);
  }

  void recordError(SQLException e) {
    metrics.recordError(messages.scrub(e)); // the recent-errors list shows its message
  }

  /**
   * A fatal error on one connection usually means the server restarted or the network broke, so
   * every connection opened before now is suspect: bump the generation, and each idle one is
   * validated before it is lent again (one step, instead of one failed borrow per stale connection).
   */
  void onBroken(PoolEntry e, SQLException cause) {
    generation.incrementAndGet();
    metrics.recordBroken();
    log.warn("Pool '{}': connection#{} is broken and will be closed (SQLState {}): {}", name, e.id(),
        cause.getSQLState(), messages.line(cause.getMessage()));
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
    onConnectFailed();
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
      log.warn("Pool '{}': cannot connect to {}: {}{}", name, config.displayUrl(), describe(shown),
          notLogged == 0 ? "" : " (" + notLogged + " more failed attempts since the last report)");
    } else {
      connectFailuresNotLogged.incrementAndGet();
    }
  }

  /** A driver error as one clean line: first line, URL credentials and secrets masked, SQLState. */
  private String describe(Throwable ex) {
    String msg = messages.line(ex.getMessage());
    if (msg == null || msg.isEmpty()) {
      msg = ex.getClass().getName();
    }
    if (ex instanceof SQLException && ((SQLException) ex).getSQLState() != null) {
      return msg + " (SQLState " + ((SQLException) ex).getSQLState() + ")";
    }
    return msg;
  }

  private PoolTimeoutException timeoutException(long timeoutNanos) {
    PoolEntry[] es = bag.entries();
    int inUse = 0;
    int idle = 0;
    for (PoolEntry e : es) {
      int s = e.state();
      if (s == PoolEntry.IN_USE) {
        inUse++;
      } else if (s == PoolEntry.IDLE || s == PoolEntry.RESERVED) {
        idle++;
      }
    }
    int size = inUse + idle;
    StringBuilder sb = new StringBuilder()
        .append("Pool '").append(name).append("': no connection available within ")
        .append(TimeUnit.NANOSECONDS.toMillis(timeoutNanos)).append(" ms (poolTimeout); size ")
        .append(size).append(", in use ").append(inUse).append(", idle ").append(idle)
        .append(", overflow ").append(Math.max(0, size - poolSize)).append(", waiting ")
        .append(bag.waiting()).append(", connecting ").append(pendingConnects.get())
        .append("; poolSize ").append(poolSize).append(", maxOverflow ").append(maxOverflow);
    Throwable cause = null;
    Throwable last = lastConnectError;
    if (last != null && System.nanoTime() - lastConnectErrorAt < Math.max(timeoutNanos, TimeUnit.SECONDS.toNanos(30))) {
      sb.append("; last connection error: ").append(describe(last));
      cause = last;
    }
    return new PoolTimeoutException(sb.toString(), cause);
  }

  // ---------------------------------------------------------------- housekeeping

  private void scheduleHousekeeping(long delayNanos) {
    try {
      scheduler.schedule(this::housekeepingTick, delayNanos, TimeUnit.NANOSECONDS);
    } catch (RuntimeException rejected) {
      // shut down
    }
  }

  private void housekeepingTick() {
    if (closed.get()) {
      return;
    }
    long delay;
    try {
      delay = housekeeper.run(clock.nanoTime());
    } catch (RuntimeException | Error e) {
      log.error("Pool '{}': housekeeping failed", name, e);
      delay = TimeUnit.SECONDS.toNanos(1);
    }
    scheduleHousekeeping(delay);
  }

  /**
   * Runs {@code task} on the pool's housekeeper thread every {@code period} until the pool closes
   * (used by automatic sizing). A task that throws is logged and keeps its schedule.
   */
  public void addPeriodicTask(String what, Runnable task, Duration period) {
    long nanos = period.toNanos();
    try {
      scheduler.scheduleWithFixedDelay(() -> {
        if (closed.get()) {
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

  /** Runs one housekeeping pass at the clock's current time; returns the delay to the next. */
  public long runHousekeeping() {
    return housekeeper.run(clock.nanoTime());
  }

  // ---------------------------------------------------------------- shutdown

  /**
   * Closes the pool: idle connections at once, borrowed ones when they come back, and those still
   * out after shutdownTimeout are aborted. Waiters get a {@link PoolClosedException}.
   */
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    scheduler.shutdownNow();
    bag.closeWaiters();
    long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
    for (;;) {
      for (PoolEntry e : bag.entries()) {
        if (e.compareAndSetState(PoolEntry.IDLE, PoolEntry.RESERVED)) {
          retire(e, CloseReason.POOL_CLOSED);
        }
      }
      if (bag.size() == 0) {
        break; // attempts still connecting are interrupted below and close their result
      }
      if (System.nanoTime() - deadline >= 0) {
        abortInUse();
        break;
      }
      sleepNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    shutdownExecutors();
    log.info("Pool '{}' closed", name);
  }

  private void abortInUse() {
    for (PoolEntry e : bag.entries()) {
      if (e.state() == PoolEntry.IN_USE && e.retire()) {
        e.markBrokenQuietly();
        metrics.fold(e.counters);
        bag.remove(e);
        metrics.recordClose(CloseReason.LEAK);
        slots.decrementAndGet();
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
   * Stops the pool's threads. Connection attempts still running are interrupted (drivers that
   * honour interrupts during connect, such as pgjdbc with a login timeout, give up at once); one
   * that completes after this is closed by {@link #connect(boolean)} because the pool is closed.
   * Threads stuck in attempts already given up ignored an interrupt once and close their late
   * connection themselves, so there is no point waiting for them.
   */
  private void shutdownExecutors() {
    scheduler.shutdownNow();
    watchdog.shutdownNow();
    connector.shutdownNow();
    closer.shutdown();
    try {
      connector.awaitTermination(connectsStuck() ? 0 : 2, TimeUnit.SECONDS);
      closer.awaitTermination(5, TimeUnit.SECONDS);
      scheduler.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleepNanos(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new PoolInitializationException("Interrupted while opening the pool", ie);
    }
  }

  // ---------------------------------------------------------------- state and statistics

  public boolean isClosed() {
    return closed.get();
  }

  public PoolConfig config() {
    return config;
  }

  @Override
  public String name() {
    return name;
  }

  PoolClock clock() {
    return clock;
  }

  @Override
  public int poolSize() {
    return poolSize;
  }

  @Override
  public int maxOverflow() {
    return maxOverflow;
  }

  /** poolSize + maxOverflow, or {@link Integer#MAX_VALUE} when overflow is unbounded. */
  int maxConnections() {
    int overflow = maxOverflow;
    return overflow < 0 ? Integer.MAX_VALUE : (int) Math.min(Integer.MAX_VALUE, (long) poolSize + overflow);
  }

  /** Current minIdle (follows poolSize when it was left at its default). */
  int minIdle() {
    return minIdle;
  }

  /**
   * Changes poolSize at runtime. Growing takes effect at once: callers already waiting get the new
   * connections as they open. Shrinking retires idle connections above the new size now and
   * borrowed ones as they come back; no connection is taken from its user.
   */
  public void resize(int newSize) {
    int old = poolSize;
    if (minIdle == config.minIdle() && config.minIdle() == config.poolSize() && minIdle == old) {
      minIdle = newSize; // minIdle was left at its default: keep the whole pool open
    } else {
      minIdle = Math.min(minIdle, newSize);
    }
    poolSize = newSize;
    log.info("Pool '{}': poolSize {} -> {}", name, old, newSize);
    if (newSize < old) {
      shrinkIdle();
    } else {
      serveWaiters();
      ensureMinIdle();
    }
  }

  /** Changes maxOverflow at runtime (-1 = unbounded), with the same rules as {@link #resize}. */
  public void setMaxOverflow(int newMaxOverflow) {
    int old = maxOverflow;
    maxOverflow = newMaxOverflow;
    log.info("Pool '{}': maxOverflow {} -> {}", name, old, newMaxOverflow);
    shrinkIdle();
    serveWaiters();
  }

  /** Retires idle connections while more are open than poolSize. */
  private void shrinkIdle() {
    for (PoolEntry e : bag.entries()) {
      if (bag.size() <= poolSize) {
        return;
      }
      if (e.compareAndSetState(PoolEntry.IDLE, PoolEntry.RESERVED)) {
        retire(e, CloseReason.EVICTED);
      }
    }
  }

  /**
   * Starts connection attempts until they cover the callers waiting now, up to the current limit.
   * It compares the live count of waiters, not the count a caller saw when it arrived: callers
   * arriving together see counts 1..n in any order, and comparing those snapshots with the attempts
   * already started would start too few (a regression test: simultaneous callers on a cold pool).
   */
  private void serveWaiters() {
    while (bag.waiting() > pendingConnects.get() && startConnect(maxConnections())) {
      // one attempt per waiter not yet covered
    }
  }

  /** Stops lending connections: borrowers wait (up to poolTimeout) until {@link #resume()}. */
  public void suspend() {
    suspended = true;
    log.info("Pool '{}' suspended", name);
  }

  /** Lends connections again after {@link #suspend()}. */
  public void resume() {
    suspended = false;
    log.info("Pool '{}' resumed", name);
  }

  public boolean isSuspended() {
    return suspended;
  }

  /** Waits while the pool is suspended; returns what is left of {@code timeoutNanos}. */
  private long awaitResume(long timeoutNanos) throws SQLException {
    long deadline = System.nanoTime() + timeoutNanos;
    while (suspended) {
      if (closed.get()) {
        throw new PoolClosedException(name);
      }
      if (System.nanoTime() - deadline >= 0) {
        metrics.recordTimeout();
        throw new PoolTimeoutException("Pool '" + name + "' is suspended; no connection within "
            + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms (poolTimeout)", null);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(5));
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new SQLException("Interrupted while waiting for suspended pool '" + name + "'", "HY008");
      }
    }
    return deadline - System.nanoTime();
  }

  /** Marks every connection opened so far for validation before its next use. */
  public void invalidateAll() {
    generation.incrementAndGet();
  }

  /** Retires idle connections now and in-use ones when they are returned. */
  public void softEvictConnections() {
    for (PoolEntry e : bag.entries()) {
      e.evicted = true;
      if (e.compareAndSetState(PoolEntry.IDLE, PoolEntry.RESERVED)) {
        retire(e, CloseReason.EVICTED);
      }
    }
    ensureMinIdle();
  }

  /** A lock-free snapshot of the counts and counters. */
  public PoolStats stats() {
    return metrics.snapshot(this);
  }

  /** The pool's counters and distributions. */
  public PoolMetrics metrics() {
    return metrics;
  }

  // ---- PoolView ----

  @Override
  public int waiting() {
    return bag.waiting();
  }

  @Override
  public int pendingConnects() {
    return pendingConnects.get();
  }

  @Override
  public long scanEntries(int[] counts) {
    int inUse = 0;
    int idle = 0;
    long oldestBorrow = Long.MAX_VALUE;
    for (PoolEntry e : bag.entries()) {
      int s = e.state();
      if (s == PoolEntry.IN_USE) {
        inUse++;
        oldestBorrow = Math.min(oldestBorrow, e.borrowedAt);
      } else if (s == PoolEntry.IDLE || s == PoolEntry.RESERVED) {
        idle++;
      }
    }
    counts[0] = inUse;
    counts[1] = idle;
    return oldestBorrow;
  }

  @Override
  public int inUseCount() {
    return bag.count(PoolEntry.IN_USE);
  }

  @Override
  public void forEachEntryCounters(
      java.util.function.Consumer<mcp.db.pool.internal.metrics.EntryCounters> action) {
    for (PoolEntry e : bag.entries()) {
      action.accept(e.counters);
    }
  }

  @Override
  public void scan(mcp.db.pool.internal.metrics.EntryScan out, long now) {
    for (PoolEntry e : bag.entries()) {
      int s = e.state();
      if (s == PoolEntry.IN_USE) {
        out.addInUse(e.borrowedAt, now);
      } else if (s == PoolEntry.IDLE || s == PoolEntry.RESERVED) {
        out.addIdle();
      }
    }
  }

  @Override
  public int currentMinIdle() {
    return minIdle;
  }

  @Override
  public long nanoTime() {
    return clock.nanoTime();
  }

  @Override
  public long currentTimeMillis() {
    return clock.currentTimeMillis();
  }

  Housekeeper housekeeper() {
    return housekeeper;
  }

  @Override
  public String toString() {
    return "ConnectionPool[" + name + ", " + config.displayUrl() + "]";
  }
}
