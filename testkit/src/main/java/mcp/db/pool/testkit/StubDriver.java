package mcp.db.pool.testkit;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * A JDBC driver that talks to no server: URLs {@code jdbc:stub:<name>} connect to the in-memory
 * {@link StubDatabase} of that name (created on first use). Fast unit tests, fault injection and
 * micro-benchmarks use it to see exactly what a pool does to its connections, and to make the
 * "server" misbehave on cue. It registers itself with {@link DriverManager} through
 * {@code META-INF/services/java.sql.Driver}.
 *
 * <pre>{@code
 * StubDatabase db = StubDatabase.unique();            // or StubDatabase.named("orders")
 * db.maxConnections(5)                                // the 6th connect fails with 53300
 *   .connectDelay(Duration.ofMillis(20))
 *   .failNextExecutions(1);                           // next statement throws fatal 08006
 *
 * try (Connection c = DriverManager.getConnection(db.url())) {
 *   StubConnection stub = c.unwrap(StubConnection.class);
 *   c.setReadOnly(true);
 *   assert stub.setterCalls(SessionSetting.READ_ONLY) == 1;
 *   stub.kill();                                      // as if the server terminated the backend
 *   assert !c.isValid(1);                             // and every call now throws 08006
 * }
 * assert db.connectionsOpen() == 0 && db.doubleCloses() == 0;
 * }</pre>
 *
 * <p>Anything after the name from the first {@code ;} or {@code ?} is ignored, so
 * {@code jdbc:stub:orders;user=x} reaches the database {@code orders}. Connect properties are
 * recorded ({@link StubDatabase#lastConnectProperties()}) and otherwise ignored.
 *
 * <p>The driver, connections, statements and result sets do no I/O and allocate only what JDBC
 * obliges them to (a statement per prepare, a result set per query), so a benchmark that runs queries
 * through a pool measures the pool.
 */
public final class StubDriver implements Driver {
  /** The URL prefix this driver accepts. */
  public static final String URL_PREFIX = "jdbc:stub:";
  static final String DRIVER_NAME = "mcp-db-pool stub driver";

  static {
    try {
      DriverManager.registerDriver(new StubDriver());
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Creates a driver; {@link DriverManager} does this through the service loader. */
  public StubDriver() {}

  /**
   * Connects to the stub database the URL names.
   *
   * @return the connection, or {@code null} if the URL is not a {@code jdbc:stub:} URL
   * @throws SQLException as configured on the {@link StubDatabase}: a connect failure,
   *     {@value StubErrors#TOO_MANY_CONNECTIONS} beyond its limit, or an interrupt during its
   *     connect delay
   */
  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) return null;
    return StubDatabase.named(databaseName(url)).connect(info);
  }

  /** The database name in a stub URL: between the prefix and the first {@code ;} or {@code ?}. */
  static String databaseName(String url) {
    int end = url.length();
    for (int i = URL_PREFIX.length(); i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == ';' || c == '?') {
        end = i;
        break;
      }
    }
    return url.substring(URL_PREFIX.length(), end);
  }

  /** Whether the URL starts with {@code jdbc:stub:} and names a database. */
  @Override
  public boolean acceptsURL(String url) {
    return url != null && url.startsWith(URL_PREFIX) && !databaseName(url).isEmpty();
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
    return new DriverPropertyInfo[0];
  }

  @Override
  public int getMajorVersion() {
    return 1;
  }

  @Override
  public int getMinorVersion() {
    return 0;
  }

  /** {@code false}: the stub is not a complete SQL implementation. */
  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("stub: no java.util.logging");
  }
}
