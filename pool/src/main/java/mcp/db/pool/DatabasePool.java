package mcp.db.pool;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import javax.sql.DataSource;
import mcp.db.pool.internal.config.DatabaseKind;
import mcp.db.pool.internal.core.ConnectionPool;
import mcp.db.pool.internal.core.PoolClock;
import mcp.db.pool.internal.errors.SqlErrorRules;
import mcp.db.pool.internal.session.Sessions;
import mcp.db.pool.internal.sizing.PoolSizing;

/**
 * A pool of JDBC connections, usable anywhere a {@link DataSource} is expected (Spring, jOOQ, JDBI,
 * MyBatis, Hibernate).
 *
 * <pre>{@code
 * try (DatabasePool pool = DatabasePool.builder()
 *         .url("postgresql://app:secret@localhost/appdb")
 *         .poolSize(5).maxOverflow(10).build();
 *      Connection c = pool.getConnection()) {
 *   ...
 * } // closing the connection gives it back to the pool
 * }</pre>
 *
 * <p>{@link #getConnection()} returns a proxy whose {@code close()} gives the connection back,
 * after rolling back an unfinished transaction and resetting whatever session state the caller
 * changed. The pool keeps {@code poolSize} connections and opens up to {@code maxOverflow} more
 * under load; a caller waits at most {@code poolTimeout} and then gets a
 * {@link PoolTimeoutException}. All methods are thread-safe.
 */
public final class DatabasePool implements DataSource, AutoCloseable {
  private final ConnectionPool pool;
  private final Sessions sessions;
  private PrintWriter logWriter;
  /** Whether {@link #registerMBean()} registered this pool (so close() unregisters it). */
  private volatile boolean mbeanRegistered;

  DatabasePool(PoolConfig config) {
    this(config, PoolClock.SYSTEM, true);
  }

  /** For tests: a manual clock, and housekeeping driven by {@link #runHousekeeping()}. */
  DatabasePool(PoolConfig config, PoolClock clock, boolean backgroundHousekeeping) {
    this.pool = new ConnectionPool(config, clock, backgroundHousekeeping);
    RetryPolicy retries = RetryPolicy.defaults().toBuilder().maxAttempts(config.transactionAttempts()).build();
    this.sessions = new Sessions(this, SqlErrorRules.forKind(DatabaseKind.fromJdbcUrl(config.jdbcUrl())),
        pool.metrics().retryCounter(), retries, pool.messages());
    startSizing(backgroundHousekeeping);
    if (config.registerMbeans()) {
      try {
        registerMBean();
      } catch (RuntimeException e) { // a pool of this name is registered already
        close();
        throw e;
      }
    }
  }

  /** Starts a builder; {@link DatabasePoolBuilder#build()} validates the settings and opens the pool. */
  public static DatabasePoolBuilder builder() {
    return new DatabasePoolBuilder();
  }

  /**
   * Opens a pool configured from the process environment: {@code DATABASE_URL}, {@code POOL_SIZE},
   * {@code MAX_OVERFLOW}, {@code POOL_TIMEOUT} and the other {@code POOL_*} variables listed in
   * docs/configuration.md.
   *
   * @throws PoolConfigException if a variable is missing or has a bad value (the message names it)
   * @throws PoolInitializationException if the database cannot be reached at start
   */
  public static DatabasePool fromEnv() {
    return DatabasePoolBuilder.fromEnv(System.getenv()).build();
  }

  /**
   * Opens a pool configured from properties whose keys are the builder's method names
   * ({@code url}, {@code poolSize}, ...) plus {@code dataSource.*} driver properties.
   *
   * @throws PoolConfigException if a key is unknown or a value bad (the message names it)
   * @throws PoolInitializationException if the database cannot be reached at start
   */
  public static DatabasePool fromProperties(Properties properties) {
    return DatabasePoolBuilder.fromProperties(properties).build();
  }

  /**
   * Borrows a connection, waiting up to {@code poolTimeout}. Close it to give it back.
   *
   * @throws PoolTimeoutException if none became available in time (the message has the counts)
   * @throws PoolClosedException if the pool is closed
   * @throws SQLException if the caller was interrupted while waiting (SQLState HY008)
   */
  @Override
  public Connection getConnection() throws SQLException {
    return pool.getConnection();
  }

  /**
   * Not supported: a pool's connections all belong to one user, set in its configuration.
   *
   * @throws SQLFeatureNotSupportedException always
   */
  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "DatabasePool does not open connections for other users; configure username and password on the pool");
  }

  /** A lock-free snapshot of the pool's counts and counters. */
  public PoolStats getPoolStats() {
    return pool.stats();
  }

  /** The pool's settings as validated at build time (poolSize may since have been resized). */
  public PoolConfig config() {
    return pool.config();
  }

  /** The pool's name. */
  public String getPoolName() {
    return pool.name();
  }

  /**
   * Retires idle connections now, and borrowed ones when they are returned; new connections
   * replace them as needed.
   */
  public void softEvictConnections() {
    pool.softEvictConnections();
  }

  /** Whether {@link #close()} has been called. */
  public boolean isClosed() {
    return pool.isClosed();
  }

  /**
   * Closes the pool: stops housekeeping, closes idle connections at once and borrowed ones as they
   * come back; connections still borrowed after {@code shutdownTimeout} are aborted. Callers waiting
   * for a connection, and any later {@link #getConnection()}, get a {@link PoolClosedException}.
   * Calling it again does nothing.
   */
  @Override
  public void close() {
    unregisterMBean();
    pool.close();
  }

  // ---- sessions and transactions ----

  /**
   * Opens a session: a unit of work on one pooled connection, borrowed on first use. All its
   * statements run in one transaction; {@link Session#commit()} commits it and {@link Session#close()}
   * rolls back whatever was not committed and gives the connection back. Use with
   * try-with-resources. See {@code docs/sessions.md}.
   */
  public Session getSession() {
    return sessions.open();
  }

  /** As {@link #getSession()}, with an isolation level or read-only mode for its transactions. */
  public Session getSession(TransactionOptions options) {
    return sessions.open(options);
  }

  /**
   * Runs {@code callback} in a transaction on a session of its own: commits when the callback
   * returns, rolls back when it throws. A serialization failure, deadlock, lock wait timeout, or a
   * connection that broke before COMMIT was sent runs the whole callback again on a fresh
   * connection, with jittered exponential backoff, up to {@code transactionAttempts} attempts in all
   * (default 3); each retry is counted in the pool's statistics.
   *
   * @return the callback's result, once committed
   * @throws TransactionOutcomeUnknownException if COMMIT failed so that its outcome is unknown
   *     (never retried)
   * @throws SQLException the callback's or COMMIT's error when it is not retried or the attempts ran
   *     out (earlier attempts' errors are attached as suppressed)
   */
  public <T> T inTransaction(TransactionCallback<T> callback) throws SQLException {
    return sessions.inTransaction(TransactionOptions.defaults(), callback);
  }

  /** As {@link #inTransaction(TransactionCallback)}, with an isolation level, read-only mode or retry policy. */
  public <T> T inTransaction(TransactionOptions options, TransactionCallback<T> callback) throws SQLException {
    return sessions.inTransaction(options, callback);
  }

  /** As {@link #inTransaction(TransactionCallback)}, for work without a result. */
  public void useTransaction(TransactionConsumer consumer) throws SQLException {
    sessions.useTransaction(TransactionOptions.defaults(), consumer);
  }

  /** As {@link #useTransaction(TransactionConsumer)}, with an isolation level, read-only mode or retry policy. */
  public void useTransaction(TransactionOptions options, TransactionConsumer consumer) throws SQLException {
    sessions.useTransaction(options, consumer);
  }

  // ---- observability: health, metrics, JMX ----

  /**
   * Checks the pool's health with a 2-second timeout; see {@link #checkHealth(java.time.Duration)}.
   */
  public HealthReport checkHealth() {
    return checkHealth(java.time.Duration.ofSeconds(2));
  }

  /**
   * Checks the pool's health: borrows a connection, makes a round trip to the database
   * ({@code Connection.isValid}), and looks at waiting callers, recent timeouts, failing connection
   * attempts and the circuit breaker. DOWN when the database does not answer (or the pool is
   * closed), DEGRADED when it answers but callers wait or time out, new connections fail, or the
   * round trip is slow, else UP; {@link HealthReport#reasons()} says why. Waits at most
   * {@code timeout}: the round trip runs on a pool-owned thread, and overlapping checks share it.
   *
   * @param timeout how long to wait for the round trip; more than zero
   * @throws IllegalArgumentException if {@code timeout} is zero or negative
   */
  public HealthReport checkHealth(java.time.Duration timeout) {
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("health check timeout must be more than zero but was " + timeout);
    }
    return mcp.db.pool.internal.health.HealthChecker.check(pool, this, pool.isClosed(), pool.isSuspended(), pool::stats,
        pool.metrics(), timeout);
  }

  /**
   * The pool's metrics under their OpenTelemetry names (listed in docs/monitoring.md), for
   * exporters: counters and histograms since the pool started, gauges as of now. Lock-free.
   */
  public java.util.List<MetricFamily> collectMetrics() {
    return pool.metrics().collect(pool);
  }

  /**
   * Registers the pool's MXBean with the platform MBean server as
   * {@code mcp.db.pool:type=Pool,name="<poolName>"}: its statistics as attributes, and
   * {@code poolSize}/{@code maxOverflow} (writable), {@code softEvictConnections}, {@code suspend},
   * {@code resume}, {@code resizePool} and {@code checkHealth} as operations. Setting
   * {@code registerMbeans} does this when the pool is built.
   *
   * @return the name it was registered under
   * @throws IllegalStateException if a pool with the same name is registered already
   */
  public javax.management.ObjectName registerMBean() {
    javax.management.ObjectName name = mcp.db.pool.internal.jmx.PoolMXBeanImpl.register(this);
    mbeanRegistered = true;
    return name;
  }

  /** Removes the pool's MXBean; does nothing when it is not registered. */
  public void unregisterMBean() {
    if (mbeanRegistered) {
      mbeanRegistered = false;
      mcp.db.pool.internal.jmx.PoolMXBeanImpl.unregister(pool.name());
    }
  }

  // ---- sizing ----

  /**
   * Changes {@code poolSize} while the pool runs, from any thread. Growing takes effect at once:
   * callers already waiting get the new connections as they open. Shrinking closes idle connections
   * above the new size now and borrowed ones as they come back; no connection is taken from its user.
   *
   * @param newSize the new poolSize, 1 to 10000
   * @throws PoolConfigException if {@code newSize} is out of range (the message names poolSize)
   */
  public void resizePool(int newSize) {
    if (newSize < 1 || newSize > 10_000) {
      throw new PoolConfigException("poolSize",
          "poolSize must be between 1 and 10000 but was " + newSize);
    }
    pool.resize(newSize);
  }

  /**
   * Changes {@code maxOverflow} while the pool runs: -1 for no limit, else 0 to 10000. Lowering it
   * closes idle connections above poolSize now and borrowed overflow connections as they come back.
   *
   * @throws PoolConfigException if the value is out of range (the message names maxOverflow)
   */
  public void setMaxOverflow(int maxOverflow) {
    if (maxOverflow < -1 || maxOverflow > 10_000) {
      throw new PoolConfigException("maxOverflow",
          "maxOverflow must be -1 (unbounded) or between 0 and 10000 but was " + maxOverflow);
    }
    pool.setMaxOverflow(maxOverflow);
  }

  /**
   * Stops lending connections: {@link #getConnection()} waits (up to poolTimeout) until
   * {@link #resume()}. Connections already borrowed are unaffected. Useful while failing over.
   */
  public void suspend() {
    pool.suspend();
  }

  /** Lends connections again after {@link #suspend()}; waiting callers proceed. */
  public void resume() {
    pool.resume();
  }

  /** Whether the pool is suspended. */
  public boolean isSuspended() {
    return pool.isSuspended();
  }

  /**
   * Sizing: the measurement windows behind {@link #optimizePoolSize}, {@link #sizingReport} and
   * automatic sizing (docs/sizing.md). Set once by {@link #startSizing}.
   */
  private final AtomicReference<PoolSizing> sizing =
      new AtomicReference<>();

  /**
   * Sets {@code poolSize} from what the pool measured over roughly the last minute, so that the
   * expected utilisation is {@code targetUtilization}: the time-weighted number of callers that held
   * or waited for a connection, divided by the target and rounded up, within {@code minPoolSize} and
   * {@code maxPoolSize}. With too little data (less than 5 s measured, or fewer than 20 borrows) or
   * during an outage (failed connection attempts, many SQL errors) it changes nothing and says so.
   * It sizes for demand only; automatic sizing ({@code autoSize}) also finds where the database
   * stops gaining from more connections. With automatic sizing on, it continues from the new size.
   *
   * @param targetUtilization the share of the pool's connections that should be in use on
   *     average, more than 0 and at most 1 (0.8 is a good start)
   * @return what was measured, what was chosen and why; {@link SizingDecision#resized()} tells
   *     whether poolSize changed
   * @throws IllegalArgumentException if {@code targetUtilization} is not in (0, 1] (or is NaN)
   * @throws IllegalStateException if the pool is closed
   */
  public SizingDecision optimizePoolSize(double targetUtilization) {
    if (!(targetUtilization > 0 && targetUtilization <= 1)) {
      throw new IllegalArgumentException(
          "targetUtilization must be more than 0 and at most 1 but was " + targetUtilization);
    }
    if (pool.isClosed()) {
      throw new IllegalStateException("Pool '" + pool.name() + "' is closed");
    }
    return sizing().optimize(targetUtilization);
  }

  /**
   * What the pool measured at each poolSize it ran with recently (throughput, hold and wait times,
   * utilisation), what automatic sizing currently believes (the size it chose, the database's
   * no-load hold time and best concurrency, a size found saturated) and its recent decisions.
   * {@link SizingReport#toTable()} renders it as text. Cheap; safe to call from any thread.
   */
  public SizingReport sizingReport() {
    return sizing().report();
  }

  /**
   * Starts sizing: measurement always, the controller when {@code autoSize} is on. Called once from
   * the constructor; later calls do nothing.
   *
   * @param background false when a test drives {@link #runSizingTick()} itself
   */
  void startSizing(boolean background) {
    PoolSizing s = new PoolSizing(pool);
    if (sizing.compareAndSet(null, s)) {
      s.start(background);
    }
  }

  private PoolSizing sizing() {
    return sizing.get();
  }

  /**
   * For tests: one sizing tick at the pool clock's current time.
   *
   * @return automatic sizing's decision when a measurement window closed, else null
   */
  SizingDecision runSizingTick() {
    return sizing().tick(pool.nanoTime());
  }

  /** For tests: one housekeeping pass at the pool clock's current time; returns nanos to the next. */
  long runHousekeeping() {
    return pool.runHousekeeping();
  }

  /** For tests and integrations in this module: the engine. */
  ConnectionPool engine() {
    return pool;
  }

  // ---- DataSource plumbing ----

  /** The log writer set by {@link #setLogWriter}; the pool itself logs through SLF4J. */
  @Override
  public PrintWriter getLogWriter() {
    return logWriter;
  }

  /** Kept for the DataSource contract; the pool logs through SLF4J, not this writer. */
  @Override
  public void setLogWriter(PrintWriter out) {
    this.logWriter = out;
  }

  /**
   * Not supported: the time a caller waits is {@code poolTimeout}, and a single connect is bounded by
   * {@code connectionTimeout}; both are fixed at build time.
   *
   * @throws SQLFeatureNotSupportedException always
   */
  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    throw new SQLFeatureNotSupportedException("set poolTimeout / connectionTimeout on the builder instead");
  }

  /** {@code poolTimeout} in whole seconds. */
  @Override
  public int getLoginTimeout() {
    return (int) Math.max(1, pool.config().poolTimeout().toSeconds());
  }

  /**
   * Not supported (the pool logs through SLF4J).
   *
   * @throws SQLFeatureNotSupportedException always
   */
  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("mcp-db-pool logs through SLF4J");
  }

  /** Unwraps to this pool. */
  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw new SQLException("DatabasePool is not a wrapper for " + iface.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }

  @Override
  public String toString() {
    return "DatabasePool[" + pool.name() + ", " + pool.config().displayUrl() + "]";
  }
}
