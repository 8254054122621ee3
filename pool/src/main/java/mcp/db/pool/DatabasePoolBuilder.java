package mcp.db.pool;

import java.time.Duration;
import java.util.Properties;

/**
 * Collects the settings of a {@link DatabasePool}; {@link #build()} validates them and opens the pool.
 * (Skeleton: validation, URL translation, environment and properties reading are to be filled in.)
 */
public final class DatabasePoolBuilder {

  /** The raw values, as set; {@link PoolConfig} reads them after validation. */
  static final class Values {
    String jdbcUrl;
    String displayUrl;
    String username;
    String password;
    Properties driverProperties = new Properties();
    String driverClassName;
    String poolName;
    int poolSize = 5;
    int maxOverflow = 10;
    Duration poolTimeout = Duration.ofSeconds(30);
    Duration poolRecycle = Duration.ofMinutes(30);
    boolean poolPrePing = true;
    Duration prePingAfterIdle = Duration.ofMillis(500);
    Duration idleTimeout = Duration.ofMinutes(10);
    Duration keepaliveTime = Duration.ofMinutes(2);
    int minIdle = -1;
    Duration validationTimeout = Duration.ofSeconds(5);
    Duration connectionTimeout = Duration.ofSeconds(10);
    Duration initializationFailTimeout = Duration.ZERO;
    Duration leakDetectionThreshold = Duration.ZERO;
    String connectionInitSql;
    boolean autoCommit = true;
    boolean readOnly;
    Integer transactionIsolation;
    String catalog;
    String schema;
    Duration shutdownTimeout = Duration.ofSeconds(5);
  }

  private final Values v = new Values();

  DatabasePoolBuilder() {}

  public DatabasePoolBuilder url(String url) { v.jdbcUrl = url; v.displayUrl = url; return this; }
  public DatabasePoolBuilder username(String username) { v.username = username; return this; }
  public DatabasePoolBuilder password(String password) { v.password = password; return this; }
  public DatabasePoolBuilder poolName(String poolName) { v.poolName = poolName; return this; }
  public DatabasePoolBuilder poolSize(int poolSize) { v.poolSize = poolSize; return this; }
  public DatabasePoolBuilder maxOverflow(int maxOverflow) { v.maxOverflow = maxOverflow; return this; }
  public DatabasePoolBuilder poolTimeout(Duration d) { v.poolTimeout = d; return this; }
  public DatabasePoolBuilder poolRecycle(Duration d) { v.poolRecycle = d; return this; }
  public DatabasePoolBuilder poolPrePing(boolean on) { v.poolPrePing = on; return this; }
  public DatabasePoolBuilder prePingAfterIdle(Duration d) { v.prePingAfterIdle = d; return this; }
  public DatabasePoolBuilder idleTimeout(Duration d) { v.idleTimeout = d; return this; }
  public DatabasePoolBuilder keepaliveTime(Duration d) { v.keepaliveTime = d; return this; }
  public DatabasePoolBuilder minIdle(int n) { v.minIdle = n; return this; }
  public DatabasePoolBuilder validationTimeout(Duration d) { v.validationTimeout = d; return this; }
  public DatabasePoolBuilder connectionTimeout(Duration d) { v.connectionTimeout = d; return this; }
  public DatabasePoolBuilder initializationFailTimeout(Duration d) { v.initializationFailTimeout = d; return this; }
  public DatabasePoolBuilder leakDetectionThreshold(Duration d) { v.leakDetectionThreshold = d; return this; }
  public DatabasePoolBuilder connectionInitSql(String sql) { v.connectionInitSql = sql; return this; }
  public DatabasePoolBuilder autoCommit(boolean on) { v.autoCommit = on; return this; }
  public DatabasePoolBuilder readOnly(boolean on) { v.readOnly = on; return this; }
  public DatabasePoolBuilder transactionIsolation(int level) { v.transactionIsolation = level; return this; }
  public DatabasePoolBuilder catalog(String catalog) { v.catalog = catalog; return this; }
  public DatabasePoolBuilder schema(String schema) { v.schema = schema; return this; }
  public DatabasePoolBuilder driverClassName(String name) { v.driverClassName = name; return this; }
  public DatabasePoolBuilder driverProperty(String key, String value) { v.driverProperties.setProperty(key, value); return this; }
  public DatabasePoolBuilder shutdownTimeout(Duration d) { v.shutdownTimeout = d; return this; }

  /** Validates the settings and returns them, without opening a pool. */
  public PoolConfig buildConfig() {
    if (v.poolName == null) v.poolName = "mcp-pool";
    if (v.minIdle < 0) v.minIdle = v.poolSize;
    return new PoolConfig(v);
  }

  /** Validates the settings and opens the pool. */
  public DatabasePool build() {
    return new DatabasePool(buildConfig());
  }
}
