package mcp.db.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import mcp.db.pool.internal.config.ConnectionIdentity;
import mcp.db.pool.internal.config.DatabaseUrl;
import mcp.db.pool.internal.config.Redaction;
import mcp.db.pool.internal.config.Setting;
import mcp.db.pool.internal.config.SettingSources;

/**
 * Collects the settings of a {@link DatabasePool}; {@link #buildConfig()} validates them and
 * {@link #build()} opens the pool.
 *
 * <p>Start from {@link DatabasePool#builder()}, {@link #fromEnv(Map)} or
 * {@link #fromProperties(Properties)}; setters called afterwards override what those read. Setters
 * only record values: the checks run in {@link #buildConfig()}, which throws a
 * {@link PoolConfigException} naming the setting as the user wrote it (the builder method, the
 * environment variable or the properties key), the value, and what is allowed. Setters reject
 * {@code null} at once where it has no meaning.
 *
 * <p>Every setting, with its environment variable and properties key, is listed in
 * {@code docs/configuration.md}. A builder is not thread-safe; it may be used to build several
 * configurations.
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
    boolean circuitBreaker;
    int transactionAttempts = 3;
    boolean autoSize;
    int minPoolSize = 1;
    int maxPoolSize = -1;
    boolean registerMbeans;

    /** A copy whose driver properties are independent of this one's. */
    Values copy() {
      Values c = new Values();
      c.jdbcUrl = jdbcUrl;
      c.displayUrl = displayUrl;
      c.username = username;
      c.password = password;
      c.driverProperties.putAll(driverProperties);
      c.driverClassName = driverClassName;
      c.poolName = poolName;
      c.poolSize = poolSize;
      c.maxOverflow = maxOverflow;
      c.poolTimeout = poolTimeout;
      c.poolRecycle = poolRecycle;
      c.poolPrePing = poolPrePing;
      c.prePingAfterIdle = prePingAfterIdle;
      c.idleTimeout = idleTimeout;
      c.keepaliveTime = keepaliveTime;
      c.minIdle = minIdle;
      c.validationTimeout = validationTimeout;
      c.connectionTimeout = connectionTimeout;
      c.initializationFailTimeout = initializationFailTimeout;
      c.leakDetectionThreshold = leakDetectionThreshold;
      c.connectionInitSql = connectionInitSql;
      c.autoCommit = autoCommit;
      c.readOnly = readOnly;
      c.transactionIsolation = transactionIsolation;
      c.catalog = catalog;
      c.schema = schema;
      c.shutdownTimeout = shutdownTimeout;
      c.circuitBreaker = circuitBreaker;
      c.transactionAttempts = transactionAttempts;
      c.autoSize = autoSize;
      c.minPoolSize = minPoolSize;
      c.maxPoolSize = maxPoolSize;
      c.registerMbeans = registerMbeans;
      return c;
    }
  }

  /**
   * Where a setting's current value came from: {@code name} is the builder method, environment
   * variable or properties key to name in messages; {@code text} is the text it was parsed from,
   * or {@code null} when it was set in code.
   */
  private record Origin(String name, String text) {}

  /** Numbers the default pool names, {@code mcp-pool-1}, {@code mcp-pool-2}, ..., process-wide. */
  private static final AtomicInteger POOL_NUMBERS = new AtomicInteger();

  private final Values v = new Values();
  /** The URL as given; translated by {@link #buildConfig()} so errors can name where it came from. */
  private String url;
  /** Settings given a value, by setter, environment or properties; absent = default. */
  private final Map<Setting, Origin> origins = new EnumMap<>(Setting.class);

  DatabasePoolBuilder() {}

  // ---------------------------------------------------------------------------------------------
  // Sources other than code

  /**
   * A builder holding the settings found in {@code env}, typically {@code System.getenv()}.
   *
   * <p>Recognised variables: {@code DATABASE_URL}, {@code DATABASE_USER}, {@code DATABASE_PASSWORD},
   * {@code POOL_SIZE}, {@code MAX_OVERFLOW}, {@code POOL_TIMEOUT} and a {@code POOL_*} variable for
   * every other setting (see {@code docs/configuration.md}). Values are trimmed; an empty value
   * counts as not set. Durations are a number of seconds ({@code 30}, {@code 0.5}) or a number with
   * a unit ({@code 250ms}, {@code 30s}, {@code 2m}, {@code 1h}); booleans are {@code true/false},
   * {@code yes/no}, {@code on/off} or {@code 1/0}, ignoring case. {@code POOL_DRIVER_PROPERTIES}
   * holds free-form driver properties as {@code key=value} entries separated by {@code ;} (for
   * example {@code sslmode=require;connectTimeout=5}), as if each were passed to
   * {@link #driverProperty(String, String)}. Other variables, including unknown {@code POOL_*} ones,
   * are ignored.
   *
   * @param env the environment variables
   * @return a new builder; its setters may override what was read
   * @throws PoolConfigException naming the variable when a recognised variable's value cannot be
   *     parsed, or naming {@code POOL_DRIVER_PROPERTIES} and the entry when one of its entries is not
   *     {@code key=value} or repeats a key (a password is never shown); range checks run later, in
   *     {@link #buildConfig()}, and also name the variable
   */
  public static DatabasePoolBuilder fromEnv(Map<String, String> env) {
    Objects.requireNonNull(env, "env");
    DatabasePoolBuilder b = new DatabasePoolBuilder();
    for (SettingSources.Entry e : SettingSources.readEnv(env)) b.setFrom(e);
    SettingSources.readEnvDriverProperties(env).forEach(b::driverProperty);
    return b;
  }

  /**
   * A builder holding the settings in {@code properties}. Keys are the builder method names
   * ({@code url}, {@code username}, {@code password}, {@code poolSize}, {@code poolTimeout}, ...);
   * values follow the same rules as {@link #fromEnv(Map)} (trimmed, empty = not set, plain numbers
   * are seconds). A key {@code dataSource.<name>} becomes the driver property {@code <name>}.
   *
   * @param properties the properties, including their defaults
   * @return a new builder; its setters may override what was read
   * @throws PoolConfigException naming the key when a key is unknown (suggesting close matches), or
   *     when a value cannot be parsed
   */
  public static DatabasePoolBuilder fromProperties(Properties properties) {
    Objects.requireNonNull(properties, "properties");
    SettingSources.PropertiesContent content = SettingSources.readProperties(properties);
    DatabasePoolBuilder b = new DatabasePoolBuilder();
    for (SettingSources.Entry e : content.settings()) b.setFrom(e);
    content.driverProperties().forEach(b::driverProperty);
    return b;
  }

  /** Sets a value read from a source, remembering the variable or key and text for messages. */
  private void setFrom(SettingSources.Entry e) {
    set(e.setting(), e.value());
    origins.put(e.setting(), new Origin(e.name(), e.text()));
  }

  /** The setter for each row of the table; exhaustive, so a new row must be wired in here. */
  private DatabasePoolBuilder set(Setting s, Object value) {
    return switch (s) {
      case URL -> url((String) value);
      case USERNAME -> username((String) value);
      case PASSWORD -> password((String) value);
      case POOL_SIZE -> poolSize((Integer) value);
      case MAX_OVERFLOW -> maxOverflow((Integer) value);
      case POOL_TIMEOUT -> poolTimeout((Duration) value);
      case POOL_RECYCLE -> poolRecycle((Duration) value);
      case POOL_PRE_PING -> poolPrePing((Boolean) value);
      case PRE_PING_AFTER_IDLE -> prePingAfterIdle((Duration) value);
      case IDLE_TIMEOUT -> idleTimeout((Duration) value);
      case KEEPALIVE_TIME -> keepaliveTime((Duration) value);
      case MIN_IDLE -> minIdle((Integer) value);
      case VALIDATION_TIMEOUT -> validationTimeout((Duration) value);
      case CONNECTION_TIMEOUT -> connectionTimeout((Duration) value);
      case INITIALIZATION_FAIL_TIMEOUT -> initializationFailTimeout((Duration) value);
      case LEAK_DETECTION_THRESHOLD -> leakDetectionThreshold((Duration) value);
      case CONNECTION_INIT_SQL -> connectionInitSql((String) value);
      case AUTO_COMMIT -> autoCommit((Boolean) value);
      case READ_ONLY -> readOnly((Boolean) value);
      case TRANSACTION_ISOLATION -> transactionIsolation((Integer) value);
      case CATALOG -> catalog((String) value);
      case SCHEMA -> schema((String) value);
      case POOL_NAME -> poolName((String) value);
      case DRIVER_CLASS_NAME -> driverClassName((String) value);
      case SHUTDOWN_TIMEOUT -> shutdownTimeout((Duration) value);
      case CIRCUIT_BREAKER -> circuitBreaker((Boolean) value);
      case TRANSACTION_ATTEMPTS -> transactionAttempts((Integer) value);
      case AUTO_SIZE -> autoSize((Boolean) value);
      case MIN_POOL_SIZE -> minPoolSize((Integer) value);
      case MAX_POOL_SIZE -> maxPoolSize((Integer) value);
      case REGISTER_MBEANS -> registerMbeans((Boolean) value);
    };
  }

  /** The current value of each row; exhaustive, like {@link #set(Setting, Object)}. */
  private Object valueOf(Setting s, Values c) {
    return switch (s) {
      case URL -> url;
      case USERNAME -> c.username;
      case PASSWORD -> c.password;
      case POOL_SIZE -> c.poolSize;
      case MAX_OVERFLOW -> c.maxOverflow;
      case POOL_TIMEOUT -> c.poolTimeout;
      case POOL_RECYCLE -> c.poolRecycle;
      case POOL_PRE_PING -> c.poolPrePing;
      case PRE_PING_AFTER_IDLE -> c.prePingAfterIdle;
      case IDLE_TIMEOUT -> c.idleTimeout;
      case KEEPALIVE_TIME -> c.keepaliveTime;
      case MIN_IDLE -> c.minIdle;
      case VALIDATION_TIMEOUT -> c.validationTimeout;
      case CONNECTION_TIMEOUT -> c.connectionTimeout;
      case INITIALIZATION_FAIL_TIMEOUT -> c.initializationFailTimeout;
      case LEAK_DETECTION_THRESHOLD -> c.leakDetectionThreshold;
      case CONNECTION_INIT_SQL -> c.connectionInitSql;
      case AUTO_COMMIT -> c.autoCommit;
      case READ_ONLY -> c.readOnly;
      case TRANSACTION_ISOLATION -> c.transactionIsolation;
      case CATALOG -> c.catalog;
      case SCHEMA -> c.schema;
      case POOL_NAME -> c.poolName;
      case DRIVER_CLASS_NAME -> c.driverClassName;
      case SHUTDOWN_TIMEOUT -> c.shutdownTimeout;
      case CIRCUIT_BREAKER -> c.circuitBreaker;
      case TRANSACTION_ATTEMPTS -> c.transactionAttempts;
      case AUTO_SIZE -> c.autoSize;
      case MIN_POOL_SIZE -> c.minPoolSize;
      case MAX_POOL_SIZE -> c.maxPoolSize;
      case REGISTER_MBEANS -> c.registerMbeans;
    };
  }

  private DatabasePoolBuilder setInCode(Setting s) {
    origins.put(s, new Origin(s.key(), null));
    return this;
  }

  private Origin origin(Setting s) {
    Origin o = origins.get(s);
    return o != null ? o : new Origin(s.key(), null);
  }

  private static Duration nonNull(Setting s, Duration d) {
    if (d == null) s.check(s.key(), null, null); // throws, naming the setting and what it allows
    return d;
  }

  // ---------------------------------------------------------------------------------------------
  // Connection

  /**
   * The database to connect to: a JDBC URL ({@code jdbc:postgresql://db:5432/app}), passed to the
   * driver unchanged, or a SQLAlchemy-style URL ({@code postgresql://user:pass@db/app},
   * {@code mysql://}, {@code mariadb://}, {@code sqlite:///file.db}), translated to JDBC by
   * {@link #buildConfig()}. A user name and password in a SQLAlchemy URL are percent-decoded and
   * passed as driver properties; {@link #username(String)} and {@link #password(String)} win over
   * them. Required; there is no default.
   *
   * @param url the URL; surrounding whitespace is ignored
   * @return this builder
   * @throws PoolConfigException when {@code url} is {@code null}
   */
  public DatabasePoolBuilder url(String url) {
    if (url == null) {
      throw new PoolConfigException(Setting.URL.key(), "url must not be null: expected " + DatabaseUrl.SUPPORTED_FORMS);
    }
    this.url = url;
    return setInCode(Setting.URL);
  }

  /**
   * The database user, passed to the driver as the {@code user} property. Overrides a user name in
   * the URL's userinfo and a {@code user} driver property. Default: none ({@code null}), leaving
   * the user to the URL or driver.
   *
   * @param username the user, or {@code null} to use the one in the URL, if any
   * @return this builder
   */
  public DatabasePoolBuilder username(String username) {
    v.username = username;
    return setInCode(Setting.USERNAME);
  }

  /**
   * The database password, passed to the driver as the {@code password} property and never shown
   * in logs, messages or {@code toString()}. Overrides a password in the URL's userinfo and a
   * {@code password} driver property. Default: none ({@code null}).
   *
   * @param password the password, or {@code null} to use the one in the URL, if any
   * @return this builder
   */
  public DatabasePoolBuilder password(String password) {
    v.password = password;
    return setInCode(Setting.PASSWORD);
  }

  /**
   * The JDBC driver class to load, for drivers that do not register themselves with
   * {@code DriverManager}. Default: {@code null}, which lets {@code DriverManager} pick the driver
   * that accepts the URL.
   *
   * @param name a fully qualified class name implementing {@code java.sql.Driver}, or {@code null}
   * @return this builder
   */
  public DatabasePoolBuilder driverClassName(String name) {
    v.driverClassName = name;
    return setInCode(Setting.DRIVER_CLASS_NAME);
  }

  /**
   * Adds a free-form property passed to {@code Driver.connect}, such as {@code sslmode} or
   * {@code connectTimeout}; setting the same key again replaces it. From a properties file, use the
   * key {@code dataSource.<key>}. A {@code user} or {@code password} property is used only when
   * {@link #username(String)} or {@link #password(String)} is not set; a password property is
   * never shown. Default: no properties, apart from the pool's identity (see
   * {@link #buildConfig()}).
   *
   * @param key the driver property name, not blank
   * @param value its value, not {@code null}
   * @return this builder
   * @throws PoolConfigException when the key is {@code null} or blank, or the value is {@code null}
   */
  public DatabasePoolBuilder driverProperty(String key, String value) {
    if (key == null || key.isBlank()) {
      throw new PoolConfigException("driverProperty", "driverProperty key must not be null or blank but was "
          + (key == null ? "null" : "\"" + key + "\""));
    }
    if (value == null) {
      throw new PoolConfigException("driverProperty", "driverProperty \"" + key + "\" must not have a null value");
    }
    v.driverProperties.setProperty(key, value);
    return this;
  }

  /**
   * The pool's name, used in logs, metrics, thread names and as the application name the database
   * server sees. Default: {@code mcp-pool-<n>}, numbered per process in the order configurations
   * are built. Must not be blank and may hold only printable characters.
   *
   * @param poolName the name, not {@code null}
   * @return this builder
   * @throws PoolConfigException when {@code poolName} is {@code null}
   */
  public DatabasePoolBuilder poolName(String poolName) {
    if (poolName == null) {
      throw new PoolConfigException(Setting.POOL_NAME.key(),
          "poolName must not be null: it must be " + Setting.POOL_NAME.rule().allowed());
    }
    v.poolName = poolName;
    return setInCode(Setting.POOL_NAME);
  }

  // ---------------------------------------------------------------------------------------------
  // Size

  /**
   * The number of connections the pool keeps open, between 1 and 10000. Default 5. May change at
   * runtime (the pool can be resized); this sets the initial value.
   *
   * @param poolSize the number of pooled connections
   * @return this builder
   */
  public DatabasePoolBuilder poolSize(int poolSize) {
    v.poolSize = poolSize;
    return setInCode(Setting.POOL_SIZE);
  }

  /**
   * How many connections may be opened above {@link #poolSize(int)} when every pooled one is in
   * use; they are closed when returned to a full pool. Between 0 and 10000, or -1 for no limit.
   * Default 10; 0 means callers wait for a pooled connection instead. May change at runtime; this
   * sets the initial value.
   *
   * @param maxOverflow the number of extra connections, or -1 for unbounded
   * @return this builder
   */
  public DatabasePoolBuilder maxOverflow(int maxOverflow) {
    v.maxOverflow = maxOverflow;
    return setInCode(Setting.MAX_OVERFLOW);
  }

  /**
   * The number of connections the housekeeper keeps open even when idle, between 0 and
   * {@link #poolSize(int)}. Default: equal to poolSize, so the pool stays full. 0 lets every idle
   * connection be closed after {@link #idleTimeout(Duration)}.
   *
   * @param minIdle the minimum number of idle connections
   * @return this builder
   */
  public DatabasePoolBuilder minIdle(int minIdle) {
    v.minIdle = minIdle;
    return setInCode(Setting.MIN_IDLE);
  }

  // ---------------------------------------------------------------------------------------------
  // Timeouts and lifetimes

  /**
   * The longest a caller waits for a connection before getting an exception. Must be greater than
   * zero: the pool never waits forever. Default 30 s.
   *
   * @param poolTimeout the wait limit, not {@code null}
   * @return this builder
   * @throws PoolConfigException when {@code null}
   */
  public DatabasePoolBuilder poolTimeout(Duration poolTimeout) {
    v.poolTimeout = nonNull(Setting.POOL_TIMEOUT, poolTimeout);
    return setInCode(Setting.POOL_TIMEOUT);
  }

  /**
   * The maximum lifetime of a connection: an older one is closed when returned (or when idle) and
   * replaced. Each connection's deadline is drawn at random from the last 2.5% of the lifetime
   * (with 30 min, between 29 min 15 s and 30 min after it opened), so connections opened together
   * do not all expire together. Default 30 min; zero means connections are never recycled; negative
   * is rejected.
   *
   * @param poolRecycle the lifetime, not {@code null}
   * @return this builder
   * @throws PoolConfigException when {@code null}
   */
  public DatabasePoolBuilder poolRecycle(Duration poolRecycle) {
    v.poolRecycle = nonNull(Setting.POOL_RECYCLE, poolRecycle);
    return setInCode(Setting.POOL_RECYCLE);
  }

  /**
   * Whether a connection is validated before it is handed out when it has been idle for longer
   * than {@link #prePingAfterIdle(Duration)}, so callers do not get a connection the server has
   * closed. Default {@code true}.
   *
   * @param poolPrePing whether to validate on borrow
   * @return this builder
   */
  public DatabasePoolBuilder poolPrePing(boolean poolPrePing) {
    v.poolPrePing = poolPrePing;
    return setInCode(Setting.POOL_PRE_PING);
  }

  /**
   * How long a connection must have been idle before pre-ping validates it; a connection used more
   * recently is handed out without a round trip. Default 500 ms; zero means validate on every
   * borrow; negative is rejected. Ignored when {@link #poolPrePing(boolean)} is off.
   *
   * @param prePingAfterIdle the idle time, not {@code null}
   * @return this builder
   * @throws PoolConfigException when {@code null}
   */
  public DatabasePoolBuilder prePingAfterIdle(Duration prePingAfterIdle) {
    v.prePingAfterIdle = nonNull(Setting.PRE_PING_AFTER_IDLE, prePingAfterIdle);
    return setInCode(Setting.PRE_PING_AFTER_IDLE);
  }

  /**
   * How long a connection above {@link #minIdle(int)} may sit idle before it is closed. Default
   * 10 min; zero means idle connections are never closed; negative is rejected.
   *
   * @param idleTimeout the idle limit, not {@code null}
   * @return this builder
   * @throws PoolConfigException when {@code null}
   */
  public DatabasePoolBuilder idleTimeout(Duration idleTimeout) {
    v.idleTimeout = nonNull(Setting.IDLE_TIMEOUT, idleTimeout);
    return setInCode(Setting.IDLE_TIMEOUT);
  }

  /**
   * How often an idle connection is validated to keep it (and any firewall or proxy state) alive.
   * Default 2 min; zero turns keepalive off; negative is rejected.
   *
   * @param keepaliveTime the interval, not {@code null}
   * @return this builder
   * @throws PoolConfigException when {@code null}
   */
  public DatabasePoolBuilder keepaliveTime(Duration keepaliveTime) {
    v.keepaliveTime = nonNull(Setting.KEEPALIVE_TIME, keepaliveTime);
    return setInCode(Setting.KEEPALIVE_TIME);
  }

  /**
   * The longest a validation ({@code Connection.isValid}) may take before the connection is
   * considered dead. At least 250 ms; default 5 s. Zero (no limit) is not allowed.
   *
   * @param validationTimeout the limit, not {@code null}
   * @return this builder
   * @throws PoolConfigException when {@code null}
   */
  public DatabasePoolBuilder validationTimeout(Duration validationTimeout) {
    v.validationTimeout = nonNull(Setting.VALIDATION_TIMEOUT, validationTimeout);
    return setInCode(Setting.VALIDATION_TIMEOUT);
  }

  /**
   * The longest a single attempt to open a connection may take. At least 250 ms; default 10 s.
   * Zero (no limit) is not allowed.
   *
   * @param connectionTimeout the limit, not {@code null}
   * @return this builder
   * @throws PoolConfigException when {@code null}
   */
  public DatabasePoolBuilder connectionTimeout(Duration connectionTimeout) {
    v.connectionTimeout = nonNull(Setting.CONNECTION_TIMEOUT, connectionTimeout);
    return setInCode(Setting.CONNECTION_TIMEOUT);
  }

  /**
   * How long {@link #build()} keeps trying to open the first connection before it throws. Positive:
   * retry for that long; zero (the default): one attempt; negative: do not check at build time and
   * start the pool even if the database is down.
   *
   * @param initializationFailTimeout the limit, not {@code null}
   * @return this builder
   * @throws PoolConfigException when {@code null}
   */
  public DatabasePoolBuilder initializationFailTimeout(Duration initializationFailTimeout) {
    v.initializationFailTimeout = nonNull(Setting.INITIALIZATION_FAIL_TIMEOUT, initializationFailTimeout);
    return setInCode(Setting.INITIALIZATION_FAIL_TIMEOUT);
  }

  /**
   * A connection held by a caller for longer than this is reported in the log as a possible leak,
   * with the stack trace of the borrow. Zero (the default) turns leak detection off; otherwise at
   * least 100 ms; negative is rejected.
   *
   * @param leakDetectionThreshold the threshold, not {@code null}
   * @return this builder
   * @throws PoolConfigException when {@code null}
   */
  public DatabasePoolBuilder leakDetectionThreshold(Duration leakDetectionThreshold) {
    v.leakDetectionThreshold = nonNull(Setting.LEAK_DETECTION_THRESHOLD, leakDetectionThreshold);
    return setInCode(Setting.LEAK_DETECTION_THRESHOLD);
  }

  /**
   * How long closing the pool waits for borrowed connections to be returned before aborting them.
   * Default 5 s; zero aborts borrowed connections at once; negative is rejected.
   *
   * @param shutdownTimeout the grace period, not {@code null}
   * @return this builder
   * @throws PoolConfigException when {@code null}
   */
  public DatabasePoolBuilder shutdownTimeout(Duration shutdownTimeout) {
    v.shutdownTimeout = nonNull(Setting.SHUTDOWN_TIMEOUT, shutdownTimeout);
    return setInCode(Setting.SHUTDOWN_TIMEOUT);
  }

  // ---------------------------------------------------------------------------------------------
  // Connection state

  /**
   * SQL run once on every new connection before it joins the pool, e.g. {@code SET TIME ZONE 'UTC'}.
   * Default: none ({@code null}).
   *
   * @param sql the statement, or {@code null} for none
   * @return this builder
   */
  public DatabasePoolBuilder connectionInitSql(String sql) {
    v.connectionInitSql = sql;
    return setInCode(Setting.CONNECTION_INIT_SQL);
  }

  /**
   * The auto-commit state of every connection handed out; a caller's change is undone when the
   * connection is returned. Default {@code true}.
   *
   * @param autoCommit the auto-commit state
   * @return this builder
   */
  public DatabasePoolBuilder autoCommit(boolean autoCommit) {
    v.autoCommit = autoCommit;
    return setInCode(Setting.AUTO_COMMIT);
  }

  /**
   * The read-only state of every connection handed out; a caller's change is undone when the
   * connection is returned. Default {@code false}.
   *
   * @param readOnly the read-only state
   * @return this builder
   */
  public DatabasePoolBuilder readOnly(boolean readOnly) {
    v.readOnly = readOnly;
    return setInCode(Setting.READ_ONLY);
  }

  /**
   * The transaction isolation of every connection handed out: one of
   * {@link java.sql.Connection#TRANSACTION_READ_UNCOMMITTED}, {@code TRANSACTION_READ_COMMITTED},
   * {@code TRANSACTION_REPEATABLE_READ} or {@code TRANSACTION_SERIALIZABLE}
   * ({@code TRANSACTION_NONE} cannot be set on a connection). Default: the driver's default. From
   * the environment or properties, a name such as {@code READ_COMMITTED} is accepted too.
   *
   * @param level a {@code java.sql.Connection.TRANSACTION_*} constant
   * @return this builder
   */
  public DatabasePoolBuilder transactionIsolation(int level) {
    v.transactionIsolation = level;
    return setInCode(Setting.TRANSACTION_ISOLATION);
  }

  /**
   * The catalog of every connection handed out. Default: the driver's default ({@code null}).
   *
   * @param catalog the catalog, or {@code null} for the driver's default
   * @return this builder
   */
  public DatabasePoolBuilder catalog(String catalog) {
    v.catalog = catalog;
    return setInCode(Setting.CATALOG);
  }

  /**
   * The schema of every connection handed out. Default: the driver's default ({@code null}).
   *
   * @param schema the schema, or {@code null} for the driver's default
   * @return this builder
   */
  public DatabasePoolBuilder schema(String schema) {
    v.schema = schema;
    return setInCode(Setting.SCHEMA);
  }

  // ---------------------------------------------------------------------------------------------
  // Failure handling, transactions and sizing

  /**
   * Turns on the circuit breaker (off by default). While connection attempts keep failing (three in
   * a row) and no connection is idle, callers get a {@link PoolUnavailableException} at once
   * instead of each waiting poolTimeout; the pool keeps probing the database in the background with
   * backoff and closes the breaker on the first successful connection.
   *
   * @param circuitBreaker whether to fail fast while the database is unreachable
   * @return this builder
   */
  public DatabasePoolBuilder circuitBreaker(boolean circuitBreaker) {
    v.circuitBreaker = circuitBreaker;
    return setInCode(Setting.CIRCUIT_BREAKER);
  }

  /**
   * How many times {@code inTransaction} runs a unit of work in all when the database reports a
   * transient failure (serialization failure, deadlock, lock wait timeout, or a connection lost
   * before the commit). Default 3; 1 means no retry; 1 to 100.
   *
   * @param transactionAttempts the total number of attempts
   * @return this builder
   */
  public DatabasePoolBuilder transactionAttempts(int transactionAttempts) {
    v.transactionAttempts = transactionAttempts;
    return setInCode(Setting.TRANSACTION_ATTEMPTS);
  }

  /**
   * Lets the pool size itself (off by default): a background controller moves poolSize between
   * {@link #minPoolSize(int)} and {@link #maxPoolSize(int)} from the demand and the database's
   * response it measures. poolSize is then only the starting size.
   *
   * @param autoSize whether the pool sizes itself
   * @return this builder
   */
  public DatabasePoolBuilder autoSize(boolean autoSize) {
    v.autoSize = autoSize;
    return setInCode(Setting.AUTO_SIZE);
  }

  /**
   * The smallest poolSize that automatic sizing and {@code optimizePoolSize} may choose. Default 1;
   * between 1 and poolSize.
   *
   * @param minPoolSize the lower bound
   * @return this builder
   */
  public DatabasePoolBuilder minPoolSize(int minPoolSize) {
    v.minPoolSize = minPoolSize;
    return setInCode(Setting.MIN_POOL_SIZE);
  }

  /**
   * The largest poolSize that automatic sizing and {@code optimizePoolSize} may choose. Default:
   * the larger of poolSize and 50; between poolSize and 10000.
   *
   * @param maxPoolSize the upper bound
   * @return this builder
   */
  public DatabasePoolBuilder maxPoolSize(int maxPoolSize) {
    v.maxPoolSize = maxPoolSize;
    return setInCode(Setting.MAX_POOL_SIZE);
  }

  /**
   * Registers the pool's MXBean ({@code mcp.db.pool:type=Pool,name="<poolName>"}) with the platform
   * MBean server when the pool is built, and unregisters it when the pool closes (off by default),
   * as {@link DatabasePool#registerMBean()} does from code. Pool names must then be unique in the
   * process: {@code build()} fails if another registered pool has the same name.
   *
   * @param registerMbeans whether to register the pool in JMX
   * @return this builder
   */
  public DatabasePoolBuilder registerMbeans(boolean registerMbeans) {
    v.registerMbeans = registerMbeans;
    return setInCode(Setting.REGISTER_MBEANS);
  }

  // ---------------------------------------------------------------------------------------------
  // Build

  /**
   * Validates the settings and returns them, without opening any connection. Translates the URL,
   * applies defaults ({@code minIdle} = {@code poolSize}, pool name {@code mcp-pool-<n>}) and adds
   * the pool's identity as a driver property unless already set in the driver properties or the
   * URL's query string: {@code ApplicationName=<poolName>} for PostgreSQL,
   * {@code connectionAttributes=program_name:<poolName>} for MariaDB and MySQL.
   *
   * @return the validated configuration
   * @throws PoolConfigException for the first setting that is missing or out of range; the message
   *     names the setting as written (builder method, environment variable or properties key), the
   *     value with any password redacted, and what is allowed
   */
  public PoolConfig buildConfig() {
    Values c = v.copy();
    if (url == null) {
      throw new PoolConfigException(Setting.URL.key(),
          "url is required: set url(...), DATABASE_URL or the 'url' property");
    }
    DatabaseUrl parsed = DatabaseUrl.parse(url, origin(Setting.URL).name());
    c.jdbcUrl = parsed.jdbcUrl();
    c.displayUrl = parsed.displayUrl();
    // Precedence: username()/password() (or their variable or key), then the "user" and
    // "password" driver properties, then the URL's userinfo. PoolConfig adds them back as
    // driver properties, so they are kept out of driverProperties here.
    String userProperty = (String) c.driverProperties.remove("user");
    String passwordProperty = (String) c.driverProperties.remove("password");
    if (c.username == null) c.username = userProperty != null ? userProperty : parsed.username();
    if (c.password == null) c.password = passwordProperty != null ? passwordProperty : parsed.password();

    if (!origins.containsKey(Setting.MIN_IDLE)) c.minIdle = c.poolSize;
    if (!origins.containsKey(Setting.MAX_POOL_SIZE)) c.maxPoolSize = Math.max(c.poolSize, 50);

    for (Setting s : Setting.values()) {
      Object value = valueOf(s, c);
      if (value == null) continue; // only optional settings can be null here; setters reject the rest
      Origin o = origin(s);
      s.check(o.name(), value, o.text());
    }
    if (c.minIdle > c.poolSize) {
      Origin o = origin(Setting.MIN_IDLE);
      throw Setting.MIN_IDLE.rejected(o.name(), c.minIdle, o.text(),
          "between 0 and poolSize (" + c.poolSize + ")");
    }
    if (c.minPoolSize > c.poolSize) {
      Origin o = origin(Setting.MIN_POOL_SIZE);
      throw Setting.MIN_POOL_SIZE.rejected(o.name(), c.minPoolSize, o.text(),
          "between 1 and poolSize (" + c.poolSize + ")");
    }
    if (c.maxPoolSize < c.poolSize) {
      Origin o = origin(Setting.MAX_POOL_SIZE);
      throw Setting.MAX_POOL_SIZE.rejected(o.name(), c.maxPoolSize, o.text(),
          "between poolSize (" + c.poolSize + ") and 10000");
    }
    // Numbered only once the configuration is known to be valid, so failed attempts leave no gaps.
    if (c.poolName == null) c.poolName = "mcp-pool-" + POOL_NUMBERS.incrementAndGet();
    ConnectionIdentity.addTo(c.jdbcUrl, c.driverProperties, c.poolName);
    return new PoolConfig(c);
  }

  /**
   * Validates the settings, as {@link #buildConfig()} does, and opens the pool.
   *
   * @return the open pool
   * @throws PoolConfigException when a setting is missing or out of range; opening the pool may
   *     also fail as {@link DatabasePool} documents
   */
  public DatabasePool build() {
    return new DatabasePool(buildConfig());
  }

  /** The settings as set so far, with the URL redacted and the password shown as {@code ***}. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    for (Setting s : Setting.values()) {
      Object value = valueOf(s, v);
      if (s == Setting.MIN_IDLE && !origins.containsKey(s)) {
        parts.add(s.key() + "=<poolSize>");
      } else if (s == Setting.MAX_POOL_SIZE && !origins.containsKey(s)) {
        parts.add(s.key() + "=<max(poolSize, 50)>");
      } else {
        parts.add(s.key() + "=" + (value == null ? "null" : s.show(value, null)));
      }
    }
    parts.add("driverProperties=" + Redaction.redactProperties(v.driverProperties));
    return "DatabasePoolBuilder{" + String.join(", ", parts) + "}";
  }
}
