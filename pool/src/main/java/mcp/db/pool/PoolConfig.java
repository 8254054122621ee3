package mcp.db.pool;

import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import mcp.db.pool.internal.config.Durations;
import mcp.db.pool.internal.config.Redaction;

/**
 * The validated, immutable settings of one {@link DatabasePool}. Build one with
 * {@link DatabasePool#builder()}; every value here has already passed the checks that
 * {@link DatabasePoolBuilder#build()} documents, so the pool never re-validates.
 *
 * <p>The password is held only to open connections: it is not returned by any getter other than
 * {@link #driverProperties()} (which the pool hands to the driver) and never appears in
 * {@link #toString()}.
 */
public final class PoolConfig {
  private final String jdbcUrl;
  private final String displayUrl;
  private final String username;
  private final String password;
  private final Properties driverProperties;
  private final String driverClassName;
  private final String poolName;
  private final int poolSize;
  private final int maxOverflow;
  private final Duration poolTimeout;
  private final Duration poolRecycle;
  private final boolean poolPrePing;
  private final Duration prePingAfterIdle;
  private final Duration idleTimeout;
  private final Duration keepaliveTime;
  private final int minIdle;
  private final Duration validationTimeout;
  private final Duration connectionTimeout;
  private final Duration initializationFailTimeout;
  private final Duration leakDetectionThreshold;
  private final String connectionInitSql;
  private final boolean autoCommit;
  private final boolean readOnly;
  private final Integer transactionIsolation;
  private final String catalog;
  private final String schema;
  private final Duration shutdownTimeout;
  private final boolean circuitBreaker;
  private final int transactionAttempts;
  private final boolean autoSize;
  private final int minPoolSize;
  private final int maxPoolSize;
  private final boolean registerMbeans;

  PoolConfig(DatabasePoolBuilder.Values v) {
    this.jdbcUrl = Objects.requireNonNull(v.jdbcUrl, "jdbcUrl");
    this.displayUrl = v.displayUrl;
    this.username = v.username;
    this.password = v.password;
    this.driverProperties = new Properties();
    this.driverProperties.putAll(v.driverProperties);
    this.driverClassName = v.driverClassName;
    this.poolName = v.poolName;
    this.poolSize = v.poolSize;
    this.maxOverflow = v.maxOverflow;
    this.poolTimeout = v.poolTimeout;
    this.poolRecycle = v.poolRecycle;
    this.poolPrePing = v.poolPrePing;
    this.prePingAfterIdle = v.prePingAfterIdle;
    this.idleTimeout = v.idleTimeout;
    this.keepaliveTime = v.keepaliveTime;
    this.minIdle = v.minIdle;
    this.validationTimeout = v.validationTimeout;
    this.connectionTimeout = v.connectionTimeout;
    this.initializationFailTimeout = v.initializationFailTimeout;
    this.leakDetectionThreshold = v.leakDetectionThreshold;
    this.connectionInitSql = v.connectionInitSql;
    this.autoCommit = v.autoCommit;
    this.readOnly = v.readOnly;
    this.transactionIsolation = v.transactionIsolation;
    this.catalog = v.catalog;
    this.schema = v.schema;
    this.shutdownTimeout = v.shutdownTimeout;
    this.circuitBreaker = v.circuitBreaker;
    this.transactionAttempts = v.transactionAttempts;
    this.autoSize = v.autoSize;
    this.minPoolSize = v.minPoolSize;
    this.maxPoolSize = v.maxPoolSize;
    this.registerMbeans = v.registerMbeans;
  }

  /** The JDBC URL handed to the driver (translated from the SQLAlchemy form when one was given). */
  public String jdbcUrl() { return jdbcUrl; }

  /** The URL as safe to print: any password in it replaced by {@code ***}. */
  public String displayUrl() { return displayUrl; }

  /** The database user, or {@code null} when the URL or driver properties carry none. */
  public String username() { return username; }

  /** Whether a password was configured (its value is never exposed except to the driver). */
  public boolean hasPassword() { return password != null; }

  /**
   * The properties passed to {@code Driver.connect}: the free-form driver properties plus
   * {@code user} and {@code password}. A fresh copy on each call; it contains the password, so
   * never log it.
   */
  public Properties driverProperties() {
    Properties copy = new Properties();
    copy.putAll(driverProperties);
    if (username != null) copy.setProperty("user", username);
    if (password != null) copy.setProperty("password", password);
    return copy;
  }

  /** The driver class to load, or {@code null} to let {@code DriverManager} find one by URL. */
  public String driverClassName() { return driverClassName; }

  /** The pool's name, used in logs, metrics, thread names and the server-side application name. */
  public String poolName() { return poolName; }

  /** Connections kept open (default 5). Changeable at runtime through {@code resizePool}. */
  public int poolSize() { return poolSize; }

  /** Connections allowed above {@link #poolSize()}; -1 means no limit (default 10). */
  public int maxOverflow() { return maxOverflow; }

  /** Longest a caller waits for a connection (default 30 s); always positive. */
  public Duration poolTimeout() { return poolTimeout; }

  /** Maximum lifetime of a connection (default 30 min); zero means connections are never recycled. */
  public Duration poolRecycle() { return poolRecycle; }

  /** Whether connections idle for longer than {@link #prePingAfterIdle()} are validated before use. */
  public boolean poolPrePing() { return poolPrePing; }

  /** How long a connection may sit idle before pre-ping validates it (default 500 ms). */
  public Duration prePingAfterIdle() { return prePingAfterIdle; }

  /** Idle connections above {@link #minIdle()} are closed after this long (default 10 min); zero = never. */
  public Duration idleTimeout() { return idleTimeout; }

  /** Idle connections are validated this often to keep them alive (default 2 min); zero = never. */
  public Duration keepaliveTime() { return keepaliveTime; }

  /** Connections the housekeeper keeps open even when idle (default: {@link #poolSize()}). */
  public int minIdle() { return minIdle; }

  /** Longest a validation ({@code isValid}) may take (default 5 s). */
  public Duration validationTimeout() { return validationTimeout; }

  /** Longest a single connection attempt may take (default 10 s). */
  public Duration connectionTimeout() { return connectionTimeout; }

  /**
   * How long {@code build()} keeps trying to open the first connection before it throws: positive =
   * retry for that long; zero = one attempt (the default); negative = do not check at build time.
   */
  public Duration initializationFailTimeout() { return initializationFailTimeout; }

  /** A connection held longer than this is reported as a possible leak; zero = off (the default). */
  public Duration leakDetectionThreshold() { return leakDetectionThreshold; }

  /** SQL run once on every new connection, or {@code null}. */
  public String connectionInitSql() { return connectionInitSql; }

  /** Auto-commit state of connections handed out (default true). */
  public boolean autoCommit() { return autoCommit; }

  /** Read-only state of connections handed out (default false). */
  public boolean readOnly() { return readOnly; }

  /** Transaction isolation of connections handed out, or {@code null} for the driver's default. */
  public Integer transactionIsolation() { return transactionIsolation; }

  /** Catalog of connections handed out, or {@code null} for the driver's default. */
  public String catalog() { return catalog; }

  /** Schema of connections handed out, or {@code null} for the driver's default. */
  public String schema() { return schema; }

  /** How long {@code close()} waits for borrowed connections before aborting them (default 5 s). */
  public Duration shutdownTimeout() { return shutdownTimeout; }

  /** Whether callers fail fast while the database is unreachable (default false). */
  public boolean circuitBreaker() { return circuitBreaker; }

  /** Total attempts {@code inTransaction} makes on transient failures (default 3; 1 = no retry). */
  public int transactionAttempts() { return transactionAttempts; }

  /** Whether the pool sizes itself (default false). */
  public boolean autoSize() { return autoSize; }

  /** Smallest poolSize automatic sizing may choose (default 1). */
  public int minPoolSize() { return minPoolSize; }

  /** Largest poolSize automatic sizing may choose (default max(poolSize, 50)). */
  public int maxPoolSize() { return maxPoolSize; }

  /** Whether the pool registers its MXBean in JMX when built (default false). */
  public boolean registerMbeans() { return registerMbeans; }

  /** Total connections allowed: poolSize + maxOverflow, or {@link Integer#MAX_VALUE} when unbounded. */
  public int maxConnections() {
    return maxOverflow < 0 ? Integer.MAX_VALUE : (int) Math.min(Integer.MAX_VALUE, (long) poolSize + maxOverflow);
  }

  /**
   * All settings, for logs: the URL in its {@linkplain #displayUrl() display form}, the password as
   * {@code ***}, and secret driver properties masked.
   */
  @Override
  public String toString() {
    return "PoolConfig{poolName=" + poolName + ", url=" + displayUrl + ", user=" + username
        + ", password=" + (password == null ? "<none>" : Redaction.MASK)
        + ", driverClassName=" + driverClassName
        + ", driverProperties=" + Redaction.redactProperties(driverProperties)
        + ", poolSize=" + poolSize + ", maxOverflow=" + maxOverflow + ", minIdle=" + minIdle
        + ", poolTimeout=" + Durations.format(poolTimeout) + ", poolRecycle=" + Durations.format(poolRecycle)
        + ", poolPrePing=" + poolPrePing + ", prePingAfterIdle=" + Durations.format(prePingAfterIdle)
        + ", idleTimeout=" + Durations.format(idleTimeout) + ", keepaliveTime=" + Durations.format(keepaliveTime)
        + ", validationTimeout=" + Durations.format(validationTimeout)
        + ", connectionTimeout=" + Durations.format(connectionTimeout)
        + ", initializationFailTimeout=" + Durations.format(initializationFailTimeout)
        + ", leakDetectionThreshold=" + Durations.format(leakDetectionThreshold)
        + ", shutdownTimeout=" + Durations.format(shutdownTimeout)
        + ", circuitBreaker=" + circuitBreaker + ", transactionAttempts=" + transactionAttempts
        + ", autoSize=" + autoSize + ", minPoolSize=" + minPoolSize + ", maxPoolSize=" + maxPoolSize
        + ", registerMbeans=" + registerMbeans
        + ", connectionInitSql=" + (connectionInitSql == null ? null : Redaction.redactUrl(connectionInitSql))
        + ", autoCommit=" + autoCommit + ", readOnly=" + readOnly
        + ", transactionIsolation=" + transactionIsolation
        + ", catalog=" + catalog + ", schema=" + schema + "}";
  }
}
