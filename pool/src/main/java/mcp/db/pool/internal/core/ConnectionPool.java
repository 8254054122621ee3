package mcp.db.pool.internal.core;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import mcp.db.pool.PoolClosedException;
import mcp.db.pool.PoolConfig;
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
 * The pool engine behind {@code DatabasePool}: borrowing, returning and retiring connections. The
 * hand-out structure itself is {@link ConnectionBag}; opening connections (slots, connector
 * threads, the pool-wide backoff, the initial fill) is {@link ConnectionOpener}, with its optional
 * {@link CircuitBreaker}; housekeeping is {@link Housekeeper}; the pool's threads and the close
 * sequence are {@link PoolLifecycle}.
 *
 * <h2>Borrowing</h2>
 * The fast path is one scan of the bag and one clock read. A caller who finds no idle connection
 * waits in the bag; as it starts waiting, the bag tells {@link ConnectionOpener} so that an attempt
 * covers it (demand), and a new connection goes through the same hand-off as a returned one, so a
 * waiter takes whichever comes first. Everything in a borrow, validation included, counts against
 * the caller's one deadline.
 *
 * <h2>Returning</h2>
 * A returned connection is retired when it is broken, past its lifetime, the pool is closed, or it
 * is an overflow connection returned while {@code poolSize} connections are already idle (the
 * SQLAlchemy rule); otherwise it is offered to the longest waiter or made idle. A retired
 * connection is closed on the closer thread, and only then is its slot freed, so the database
 * never sees more than the limit.
 */
public final class ConnectionPool implements PoolView {
  private static final Logger log = LoggerFactory.getLogger(ConnectionPool.class);
  /** A validation squeezed by the caller's deadline still gets this long. */
  private static final long MIN_VALIDATION_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final PoolConfig config;
  private final String name;
  private final PoolClock clock;
  private final ConnectionBag bag = new ConnectionBag();
  private final ConnectionFactory factory;
  private final SqlErrorRules errorRules;
  private final Housekeeper housekeeper;
  private final ConnectionOpener opener;
  private final CircuitBreaker breaker;

  private final long poolTimeoutNanos;
  private final long recycleNanos;
  private final boolean prePing;
  private final long prePingAfterIdleNanos;
  private final long validationTimeoutNanos;
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
  /** Bumped when a fatal error suggests every connection opened before it may be dead. */
  private final AtomicLong generation = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();

  /** The pool's threads and its close; see there. */
  private final PoolLifecycle lifecycle;
  /** Closes retired connections ({@link PoolLifecycle#closer}). */
  private final ExecutorService closer;
  /** Aborts validations that overrun their bound ({@link PoolLifecycle#watchdog}). */
  private final ScheduledExecutorService watchdog;

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
    this.leakThresholdNanos = config.leakDetectionThreshold().toNanos();
    preloadHotPathClasses();
    this.factory = new ConnectionFactory(config);
    this.messages = factory.messages();
    this.errorRules = SqlErrorRules.forKind(factory.kind());

    this.lifecycle = new PoolLifecycle(this, config, bag, metrics);
    this.closer = lifecycle.closer;
    this.watchdog = lifecycle.watchdog;
    this.opener = new ConnectionOpener(this, config, clock, bag, factory, metrics, lifecycle.scheduler, watchdog);
    this.breaker = opener.breaker();
    this.housekeeper = new Housekeeper(this, bag, opener, config);

    try {
      opener.initialConnect();
    } catch (RuntimeException e) {
      lifecycle.stop(opener.connector());
      throw e;
    }
    opener.ensureMinIdle();
    if (backgroundHousekeeping) {
      lifecycle.scheduleHousekeeping(housekeeper, housekeeper.initialDelayNanos());
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

  /** Cleans driver messages of this pool's secrets (URL credentials, password, secret properties). */
  public DriverMessageCleaner messages() {
    return messages;
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
        breaker.check();
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

  private PoolEntry awaitEntry(long remainingNanos) throws SQLException {
    if (remainingNanos <= 0) {
      metrics.recordTimeout();
      throw timeoutException(poolTimeoutNanos);
    }
    PoolEntry e;
    try {
      e = bag.await(remainingNanos, opener::onWaiting);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new SQLException("Interrupted while waiting for a connection from pool '" + name + "'",
          "HY008", ie);
    } catch (ConnectionBag.PoolClosedSignal closedSignal) {
      throw new PoolClosedException(name);
    } catch (ConnectionBag.UnavailableSignal unavailable) {
      breaker.check();
      throw new PoolUnavailableException("Pool '" + name + "': the database is unreachable",
          opener.lastConnectError());
    }
    if (e == null) {
      metrics.recordTimeout();
      throw timeoutException(poolTimeoutNanos);
    }
    return e;
  }

  /** Whether a claimed entry must be looked at before lending it (cheap: no I/O). */
  private boolean needsCheck(PoolEntry e, long now) {
    return e.isBroken()
        || (recycleNanos > 0 && now - e.recycleAt() >= 0)
        || e.generation() != generation.get()
        || (prePing && now - e.lastAliveAt > prePingAfterIdleNanos);
  }

  /**
   * Decides whether a just-claimed entry may be handed out; retires it (and returns false) when it
   * is broken, past its lifetime, or fails pre-ping.
   */
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

  // ---------------------------------------------------------------- retire

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
    opener.onConnectionClosed(reason);
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

  private PoolTimeoutException timeoutException(long timeoutNanos) {
    int[] counts = new int[2];
    scanEntries(counts);
    int inUse = counts[0];
    int idle = counts[1];
    int size = inUse + idle;
    StringBuilder sb = new StringBuilder()
        .append("Pool '").append(name).append("': no connection available within ")
        .append(TimeUnit.NANOSECONDS.toMillis(timeoutNanos)).append(" ms (poolTimeout); size ")
        .append(size).append(", in use ").append(inUse).append(", idle ").append(idle)
        .append(", overflow ").append(Math.max(0, size - poolSize)).append(", waiting ")
        .append(bag.waiting()).append(", connecting ").append(opener.pendingConnects())
        .append("; poolSize ").append(poolSize).append(", maxOverflow ").append(maxOverflow);
    Throwable cause = opener.recentConnectError(timeoutNanos);
    if (cause != null) {
      sb.append("; last connection error: ").append(messages.describe(cause));
    }
    return new PoolTimeoutException(sb.toString(), cause);
  }

  // ---------------------------------------------------------------- housekeeping

  /**
   * Runs {@code task} on the pool's housekeeper thread every {@code period} until the pool closes
   * (used by automatic sizing). A task that throws is logged and keeps its schedule.
   */
  public void addPeriodicTask(String what, Runnable task, Duration period) {
    lifecycle.addPeriodicTask(what, task, period);
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
    if (closed.compareAndSet(false, true)) {
      lifecycle.close(opener);
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
      opener.serveWaiters();
      opener.ensureMinIdle();
    }
  }

  /** Changes maxOverflow at runtime (-1 = unbounded), with the same rules as {@link #resize}. */
  public void setMaxOverflow(int newMaxOverflow) {
    int old = maxOverflow;
    maxOverflow = newMaxOverflow;
    log.info("Pool '{}': maxOverflow {} -> {}", name, old, newMaxOverflow);
    shrinkIdle();
    opener.serveWaiters();
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

  /** The generation a connection opened now starts in. */
  long currentGeneration() {
    return generation.get();
  }

  /** Retires idle connections now and in-use ones when they are returned. */
  public void softEvictConnections() {
    for (PoolEntry e : bag.entries()) {
      e.evicted = true;
      if (e.compareAndSetState(PoolEntry.IDLE, PoolEntry.RESERVED)) {
        retire(e, CloseReason.EVICTED);
      }
    }
    opener.ensureMinIdle();
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
    return opener.pendingConnects();
  }

  @Override
  public String circuitState() {
    return breaker.label();
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
