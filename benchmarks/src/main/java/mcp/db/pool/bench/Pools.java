package mcp.db.pool.bench;

import com.mchange.v2.c3p0.ComboPooledDataSource;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration.ConnectionValidator;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import mcp.db.pool.DatabasePool;
import org.apache.commons.dbcp2.BasicDataSource;
import org.apache.tomcat.jdbc.pool.PoolProperties;
import org.vibur.dbcp.ViburDBCPDataSource;

/**
 * Opens each pool under comparison with the same, fair configuration, so that every difference a
 * benchmark shows comes from the pool's engine and not from a setting.
 *
 * <h2>What "fair" means here</h2>
 * <ul>
 *   <li><b>Size.</b> Exactly {@code size} connections: minimum = maximum = initial = {@code size}, no
 *       overflow, and the pool is filled before measuring ({@link BenchPool#fill()}).
 *   <li><b>Wait.</b> A caller waits up to 30 s for a connection; no benchmark comes near that.
 *   <li><b>Validation.</b> Each pool validates the way its documentation recommends for production,
 *       with {@code Connection.isValid}, which the stub driver answers without doing anything. Where
 *       the pool can skip validation for recently used connections, the window is 500 ms (HikariCP's
 *       fixed, built-in bypass window), so on a busy benchmark none of them validates:
 *       <ul>
 *         <li>mcp: {@code poolPrePing(true)}, {@code prePingAfterIdle(500 ms)};
 *         <li>HikariCP: always on (no knob), isValid when idle more than 500 ms;
 *         <li>Agroal: {@code idleValidationTimeout(500 ms)} with the isValid validator;
 *         <li>Tomcat JDBC: {@code testOnBorrow} with {@code validationInterval = 500 ms};
 *         <li>Vibur: isValid when idle more than {@code connectionIdleLimitInSeconds = 1} (its
 *             finest setting);
 *         <li>DBCP2 and c3p0 have no idle window: {@code testOnBorrow} /
 *             {@code testConnectionOnCheckout} call isValid on every borrow. On the stub that is one
 *             cheap call; on PostgreSQL it is a round trip, which is these pools' real cost.
 *       </ul>
 *   <li><b>No extras.</b> No leak detection, no abandoned-connection tracking, no statement cache, no
 *       JMX, no slow-query logging (Vibur's is on by default and turned off here), no metrics.
 *   <li>Everything else is the pool's default (auto-commit on, default isolation, lifetime 30 min
 *       where there is one).
 * </ul>
 */
public final class Pools {
  /** The pools, in the order the tables list them. */
  public static final List<String> ALL =
      List.of("mcp", "hikari", "dbcp2", "tomcat", "c3p0", "vibur", "agroal");

  /** Longest a caller waits for a connection, in every pool. */
  static final Duration WAIT = Duration.ofSeconds(30);

  /** Connections used within this window are not re-validated (HikariCP's fixed value). */
  static final Duration VALIDATION_BYPASS = Duration.ofMillis(500);

  private Pools() {}

  /**
   * Where the connections come from.
   *
   * @param url the JDBC URL
   * @param user the user, or {@code null}
   * @param password the password, or {@code null}
   */
  public record Target(String url, String user, String password) {
    /**
     * A stub-driver target. The stub ignores credentials, but Vibur refuses to start without a user
     * and a password, so every pool gets the same dummy pair.
     */
    public static Target stub(String url) {
      return new Target(url, "bench", "bench");
    }
  }

  /**
   * Opens the named pool with {@code size} connections to {@code target} and waits until all of
   * them are open.
   *
   * @throws IllegalArgumentException if the name is not one of {@link #ALL}
   */
  public static BenchPool open(String name, Target target, int size) throws SQLException {
    BenchPool pool = switch (name.toLowerCase(Locale.ROOT)) {
      case "mcp" -> mcp(target, size);
      case "mcp-nometrics" -> mcpWithoutMetrics(target, size);
      case "hikari" -> hikari(target, size);
      case "dbcp2" -> dbcp2(target, size);
      case "tomcat" -> tomcat(target, size);
      case "c3p0" -> c3p0(target, size);
      case "vibur" -> vibur(target, size);
      case "agroal" -> agroal(target, size);
      default -> throw new IllegalArgumentException(
          "pool '" + name + "' is not one of " + ALL + " or mcp-nometrics");
    };
    try {
      pool.fill();
    } catch (SQLException | RuntimeException e) {
      pool.close();
      throw e;
    }
    return pool;
  }

  private static BenchPool mcp(Target t, int size) {
    var builder = DatabasePool.builder()
        .url(t.url())
        .poolName("mcp-bench")
        .poolSize(size)
        .maxOverflow(0)
        .minIdle(size)
        .poolTimeout(WAIT)
        .poolPrePing(true)
        .prePingAfterIdle(VALIDATION_BYPASS)
        .leakDetectionThreshold(Duration.ZERO);
    if (t.user() != null) builder.username(t.user());
    if (t.password() != null) builder.password(t.password());
    DatabasePool pool = builder.build();
    return new BenchPool("mcp", size, pool, pool::close);
  }

  /**
   * Our pool with its statistics switched off ({@code -Dmcp.db.pool.metrics=false} while it is
   * built): not a competitor, the baseline for what recording statistics costs on the hot path.
   * The property is read when a pool is built, so it is set and cleared around the build only.
   */
  private static BenchPool mcpWithoutMetrics(Target t, int size) {
    String key = "mcp.db.pool.metrics"; // PoolMetrics.ENABLED_PROPERTY
    System.setProperty(key, "false");
    try {
      BenchPool pool = mcp(t, size);
      return new BenchPool("mcp-nometrics", size, pool.dataSource(), pool::close);
    } finally {
      System.clearProperty(key);
    }
  }

  private static BenchPool hikari(Target t, int size) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("hikari-bench");
    config.setJdbcUrl(t.url());
    if (t.user() != null) config.setUsername(t.user());
    if (t.password() != null) config.setPassword(t.password());
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(size);
    config.setConnectionTimeout(WAIT.toMillis());
    config.setLeakDetectionThreshold(0);
    config.setRegisterMbeans(false);
    HikariDataSource pool = new HikariDataSource(config);
    return new BenchPool("hikari", size, pool, pool::close);
  }

  private static BenchPool dbcp2(Target t, int size) {
    BasicDataSource pool = new BasicDataSource();
    pool.setUrl(t.url());
    pool.setDriverClassName(driverClassName(t.url()));
    if (t.user() != null) pool.setUsername(t.user());
    if (t.password() != null) pool.setPassword(t.password());
    pool.setInitialSize(size);
    pool.setMinIdle(size);
    pool.setMaxIdle(size);
    pool.setMaxTotal(size);
    pool.setMaxWait(WAIT);
    pool.setTestOnBorrow(true); // no validation query: DBCP2 calls isValid
    pool.setPoolPreparedStatements(false);
    pool.setRemoveAbandonedOnBorrow(false);
    pool.setRemoveAbandonedOnMaintenance(false);
    return new BenchPool("dbcp2", size, pool, pool::close);
  }

  private static BenchPool tomcat(Target t, int size) {
    PoolProperties props = new PoolProperties();
    props.setName("tomcat-bench");
    props.setUrl(t.url());
    props.setDriverClassName(driverClassName(t.url()));
    if (t.user() != null) props.setUsername(t.user());
    if (t.password() != null) props.setPassword(t.password());
    props.setInitialSize(size);
    props.setMinIdle(size);
    props.setMaxIdle(size);
    props.setMaxActive(size);
    props.setMaxWait((int) WAIT.toMillis());
    props.setTestOnBorrow(true); // no validation query: Tomcat calls isValid
    props.setValidationInterval(VALIDATION_BYPASS.toMillis());
    props.setJmxEnabled(false);
    props.setRemoveAbandoned(false);
    props.setLogAbandoned(false);
    org.apache.tomcat.jdbc.pool.DataSource pool = new org.apache.tomcat.jdbc.pool.DataSource(props);
    return new BenchPool("tomcat", size, pool, () -> pool.close(true));
  }

  private static BenchPool c3p0(Target t, int size) throws SQLException {
    ComboPooledDataSource pool = new ComboPooledDataSource();
    try {
      pool.setDriverClass(driverClassName(t.url()));
    } catch (java.beans.PropertyVetoException e) {
      throw new SQLException("c3p0 refused the driver class", e);
    }
    pool.setJdbcUrl(t.url());
    if (t.user() != null) pool.setUser(t.user());
    if (t.password() != null) pool.setPassword(t.password());
    pool.setInitialPoolSize(size);
    pool.setMinPoolSize(size);
    pool.setMaxPoolSize(size);
    pool.setCheckoutTimeout((int) WAIT.toMillis());
    pool.setTestConnectionOnCheckout(true); // no test query: c3p0 calls isValid
    pool.setMaxStatements(0);
    pool.setUnreturnedConnectionTimeout(0);
    return new BenchPool("c3p0", size, pool, pool::close);
  }

  private static BenchPool vibur(Target t, int size) {
    ViburDBCPDataSource pool = new ViburDBCPDataSource();
    pool.setName("vibur-bench");
    pool.setJdbcUrl(t.url());
    if (t.user() != null) pool.setUsername(t.user());
    if (t.password() != null) pool.setPassword(t.password());
    pool.setPoolInitialSize(size);
    pool.setPoolMaxSize(size);
    pool.setConnectionTimeoutInMs(WAIT.toMillis());
    pool.setTestConnectionQuery("isValid");
    pool.setConnectionIdleLimitInSeconds(1);
    pool.setStatementCacheMaxSize(0);
    pool.setPoolEnableConnectionTracking(false);
    pool.setEnableJMX(false);
    pool.setLogConnectionLongerThanMs(-1);
    pool.setLogQueryExecutionLongerThanMs(-1);
    pool.setLogLargeResultSet(-1);
    pool.start();
    return new BenchPool("vibur", size, pool, pool::close);
  }

  private static BenchPool agroal(Target t, int size) throws SQLException {
    AgroalDataSourceConfigurationSupplier config = new AgroalDataSourceConfigurationSupplier();
    config.connectionPoolConfiguration()
        .initialSize(size)
        .minSize(size)
        .maxSize(size)
        .acquisitionTimeout(WAIT)
        .connectionValidator(ConnectionValidator.defaultValidator()) // isValid
        .idleValidationTimeout(VALIDATION_BYPASS)
        .leakTimeout(Duration.ZERO)
        .connectionFactoryConfiguration(factory -> {
          factory.jdbcUrl(t.url());
          if (t.user() != null) factory.principal(new NamePrincipal(t.user()));
          if (t.password() != null) factory.credential(new SimplePassword(t.password()));
          return factory;
        });
    AgroalDataSource pool = AgroalDataSource.from(config);
    return new BenchPool("agroal", size, pool, pool::close);
  }

  private static String driverClassName(String url) {
    try {
      return DriverManager.getDriver(url).getClass().getName();
    } catch (SQLException e) {
      throw new IllegalStateException("no JDBC driver on the class path accepts " + url, e);
    }
  }

  /** A function that closes a pool; the pools' own close methods throw different things. */
  @FunctionalInterface
  interface Closer {
    void close() throws Exception;
  }

  /** One open pool under test: its name, its size and the {@link DataSource} callers borrow from. */
  public static final class BenchPool implements AutoCloseable {
    private final String name;
    private final int size;
    private final DataSource dataSource;
    private final Closer closer;

    BenchPool(String name, int size, DataSource dataSource, Closer closer) {
      this.name = name;
      this.size = size;
      this.dataSource = dataSource;
      this.closer = closer;
    }

    /** The pool's short name, one of {@link Pools#ALL}. */
    public String name() {
      return name;
    }

    /** The connections the pool holds. */
    public int size() {
      return size;
    }

    /** Where callers borrow connections. */
    public DataSource dataSource() {
      return dataSource;
    }

    /**
     * Makes sure all {@code size} connections are open: borrows that many at once (which forces a
     * pool that opens connections lazily or in the background to open all of them) and returns
     * them.
     */
    void fill() throws SQLException {
      List<Connection> held = new ArrayList<>(size);
      try {
        for (int i = 0; i < size; i++) {
          held.add(dataSource.getConnection());
        }
      } finally {
        for (Connection connection : held) {
          connection.close();
        }
      }
    }

    /** Closes the pool and its connections. */
    @Override
    public void close() {
      try {
        closer.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing pool " + name + " failed", e);
      }
    }
  }
}
