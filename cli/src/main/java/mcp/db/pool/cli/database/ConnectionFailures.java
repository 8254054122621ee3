package mcp.db.pool.cli.database;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import mcp.db.pool.cli.output.Format;

/**
 * Turns a failed connection attempt into one sentence a person can act on: unknown host, refused,
 * no answer, bad login, unknown database, server full, unreadable file. It looks first for the
 * network exception under the driver's (the driver's own wording varies by product and version),
 * then at the SQLState and vendor code, and falls back to the driver's message.
 *
 * <p>The codes come from the products' manuals: PostgreSQL's SQLSTATE appendix (28000, 28P01,
 * 3D000, 53300, 57P03), MariaDB's error list (1045 access denied, 1044 no access to the database,
 * 1049 unknown database, 1040 too many connections), H2's {@code ErrorCode} (90146 database not
 * found, 28000 wrong user or password) and SQLite's result codes (14, {@code SQLITE_CANTOPEN}).
 */
public final class ConnectionFailures {
  private ConnectionFailures() {}

  /**
   * Explains why connecting failed, without the URL (the caller says what it tried to reach).
   *
   * @param failure what the pool or the driver threw
   * @param jdbcUrl the URL the driver was given, to name the host, port and database
   * @param user the user name tried, or {@code null}
   * @param connectTimeout how long one attempt could take, to say how long the host was given
   * @return one line, no trailing period
   */
  public static String explain(Throwable failure, String jdbcUrl, String user, Duration connectTimeout) {
    JdbcTarget target = JdbcTarget.of(jdbcUrl);
    String where = target.address() != null ? target.address() : target.product();
    SQLException sql = null;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof UnknownHostException) {
        return "unknown host '" + target.host() + "': the name does not resolve (is it spelled right?)";
      }
      if (t instanceof NoRouteToHostException) {
        return "no route to " + where + ": the host is unreachable from this machine";
      }
      if (t instanceof ConnectException && String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains("refused")) {
        return "connection refused by " + where + ": nothing is listening there (is the server running, and on this port?)";
      }
      if (t instanceof SocketTimeoutException) {
        return where + " did not answer within " + Format.duration(connectTimeout)
            + ": the host is down or unreachable, or a firewall drops the connection";
      }
      if (sql == null && t instanceof SQLException s) sql = s;
    }
    if (sql == null) {
      return failure.getMessage() == null ? failure.getClass().getSimpleName() : Format.firstLine(failure.getMessage());
    }
    String state = sql.getSQLState() == null ? "" : sql.getSQLState();
    int code = sql.getErrorCode();
    String said = " (" + target.product() + " says: " + Format.firstLine(sql.getMessage()) + ")";
    String who = user == null ? "the user" : "user '" + user + "'";
    if ("28P01".equals(state) || "28000".equals(state) || code == 1045) {
      return "the server refused the login of " + who + ": wrong password, unknown user, or not allowed from this host" + said;
    }
    if ("3D000".equals(state) || code == 1049 || code == 90146) {
      String name = target.database() == null ? "" : " '" + target.database() + "'";
      return "unknown database" + name + ": it does not exist" + (target.address() == null ? "" : " on " + where) + said;
    }
    if (code == 1044) {
      return who + " may not use database '" + target.database() + "'" + said;
    }
    if ("53300".equals(state) || code == 1040 || "08004".equals(state)) {
      return where + " accepts no more connections (its connection limit is reached)" + said;
    }
    if ("57P03".equals(state)) {
      return where + " is starting up, shutting down or recovering; try again shortly" + said;
    }
    if (code == 14 && "SQLite".equals(target.product())) {
      return "cannot open the SQLite file '" + target.database() + "': its directory does not exist or is not writable";
    }
    String message = Format.firstLine(sql.getMessage());
    if (message.startsWith("No suitable driver")) {
      return missingDriver(target);
    }
    return message + (state.isEmpty() ? "" : " (SQLState " + state + ")");
  }

  /** Says that no bundled driver accepts a URL, and what to do about it. */
  public static String missingDriver(JdbcTarget target) {
    String hint = "MySQL".equals(target.product())
        ? "; for a MySQL server use a mariadb:// URL, or add MySQL Connector/J:"
        : "; add its driver:";
    return "missing driver: no JDBC driver in this tool accepts " + target.product()
        + " URLs (it bundles PostgreSQL, MariaDB, SQLite and H2)" + hint
        + " java -cp mcp-db-pool-cli.jar:driver.jar mcp.db.pool.cli.Main ...";
  }
}
