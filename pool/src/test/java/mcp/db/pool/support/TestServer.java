package mcp.db.pool.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;

/**
 * Where a real database server for integration tests lives and how to log in; get one from
 * {@link TestDatabases#postgres()} or {@link TestDatabases#mariaDb()}.
 *
 * @param displayName the product, for messages ({@code PostgreSQL})
 * @param url the JDBC URL
 * @param user the user name
 * @param password the password; empty for none, never printed
 * @param quickTimeouts driver properties that bound a connect and a query to about two seconds,
 *     so that a probe of an unreachable server fails fast
 */
public record TestServer(String displayName, String url, String user, String password,
    Properties quickTimeouts) {

  /** Checks the components; copies the timeouts. */
  public TestServer {
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Properties copy = new Properties();
    copy.putAll(quickTimeouts);
    quickTimeouts = copy;
  }

  /** The {@code host:port} part of the URL, e.g. {@code 127.0.0.1:5432}, for messages. */
  public String address() {
    int start = url.indexOf("//");
    if (start < 0) return url;
    start += 2;
    int end = start;
    while (end < url.length() && "/?;".indexOf(url.charAt(end)) < 0) end++;
    return url.substring(start, end);
  }

  /** The user and password as driver properties (the password only when not empty). */
  public Properties credentials() {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    if (!password.isEmpty()) properties.setProperty("password", password);
    return properties;
  }

  /**
   * Opens a connection through {@link DriverManager} with the credentials and the quick timeouts.
   *
   * @throws SQLException whatever the driver throws
   */
  public Connection connect() throws SQLException {
    Properties properties = credentials();
    properties.putAll(quickTimeouts);
    return DriverManager.getConnection(url, properties);
  }

  /** Never shows the password. */
  @Override
  public String toString() {
    return displayName + " at " + url + " as " + user;
  }
}
