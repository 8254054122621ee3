package mcp.db.pool.cli.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.time.Duration;
import mcp.db.pool.PoolInitializationException;
import org.junit.jupiter.api.Test;

/**
 * The explanations that real servers cannot be made to give on cue (a host that does not answer, a
 * full server, one starting up), from exceptions shaped like the drivers': the network error as a
 * cause under the driver's SQLException, the SQLState and vendor code on the SQLException itself.
 */
class ConnectionFailuresTest {
  private static final String PG = "jdbc:postgresql://db.example:5432/orders";
  private static final String MARIADB = "jdbc:mariadb://db.example:3306/orders";
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @Test
  void socketTimeoutUnderTheDriversErrorSaysTheHostDidNotAnswerInTime() {
    SQLException driver = new SQLException("The connection attempt failed.", "08001",
        new SocketTimeoutException("Connect timed out"));
    String said = ConnectionFailures.explain(pooled(driver), PG, "app", TIMEOUT);
    assertThat(said).isEqualTo("db.example:5432 did not answer within 5s: the host is down or unreachable, "
        + "or a firewall drops the connection");
  }

  @Test
  void noRouteToHostSaysTheHostIsUnreachable() {
    SQLException driver = new SQLNonTransientConnectionException("Socket fail to connect to host:db.example, port:3306.",
        "08000", -1, new NoRouteToHostException("No route to host"));
    assertThat(ConnectionFailures.explain(pooled(driver), MARIADB, "app", TIMEOUT))
        .isEqualTo("no route to db.example:3306: the host is unreachable from this machine");
  }

  @Test
  void postgresTooManyConnectionsSaysTheServerIsFull() {
    SQLException driver = new SQLException("FATAL: sorry, too many clients already", "53300");
    assertThat(ConnectionFailures.explain(pooled(driver), PG, "app", TIMEOUT))
        .isEqualTo("db.example:5432 accepts no more connections (its connection limit is reached) "
            + "(PostgreSQL says: FATAL: sorry, too many clients already)");
  }

  @Test
  void mariaDbError1040SaysTheServerIsFull() {
    SQLException driver = new SQLException("Too many connections", "08004", 1040);
    assertThat(ConnectionFailures.explain(pooled(driver), MARIADB, "app", TIMEOUT))
        .startsWith("db.example:3306 accepts no more connections").endsWith("(MariaDB says: Too many connections)");
  }

  @Test
  void postgresCannotConnectNowSaysTheServerIsStartingOrStopping() {
    SQLException driver = new SQLException("FATAL: the database system is starting up", "57P03");
    assertThat(ConnectionFailures.explain(pooled(driver), PG, "app", TIMEOUT))
        .isEqualTo("db.example:5432 is starting up, shutting down or recovering; try again shortly "
            + "(PostgreSQL says: FATAL: the database system is starting up)");
  }

  @Test
  void mariaDbError1044SaysTheUserMayNotUseTheDatabase() {
    SQLException driver = new SQLException("Access denied for user 'app'@'%' to database 'orders'", "42000", 1044);
    assertThat(ConnectionFailures.explain(pooled(driver), MARIADB, "app", TIMEOUT))
        .isEqualTo("user 'app' may not use database 'orders' (MariaDB says: Access denied for user 'app'@'%' to database 'orders')");
  }

  @Test
  void driversMultiLineMessageIsCutToItsFirstLine() {
    SQLException driver = new SQLException("FATAL: something odd\n  Detail: more\n  Hint: even more", "XX000");
    assertThat(ConnectionFailures.explain(pooled(driver), PG, null, TIMEOUT))
        .isEqualTo("FATAL: something odd (SQLState XX000)");
  }

  /** The pool's wrapper around the driver's exception, as {@link PoolOpening#open} sees it. */
  private static PoolInitializationException pooled(SQLException driver) {
    return new PoolInitializationException("could not open the first connection", driver);
  }
}
