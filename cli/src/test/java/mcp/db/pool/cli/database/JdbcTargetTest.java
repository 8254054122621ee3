package mcp.db.pool.cli.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JdbcTargetTest {

  @Test
  void readsHostPortAndDatabaseOfServerUrls() {
    assertThat(JdbcTarget.of("jdbc:postgresql://db.example:5433/orders?ssl=true"))
        .isEqualTo(new JdbcTarget("PostgreSQL", "db.example", 5433, "orders"));
    assertThat(JdbcTarget.of("jdbc:postgresql://db1,db2:5433/orders").address()).isEqualTo("db1:5432");
    assertThat(JdbcTarget.of("jdbc:mariadb://[::1]/shop").address()).isEqualTo("[::1]:3306");
    assertThat(JdbcTarget.of("jdbc:h2:tcp://h2host/~/test")).isEqualTo(new JdbcTarget("H2", "h2host", 9092, "~/test"));
  }

  @Test
  void embeddedDatabasesHaveAFileInsteadOfAHost() {
    JdbcTarget sqlite = JdbcTarget.of("jdbc:sqlite:/var/lib/app.db");
    assertThat(sqlite.embedded()).isTrue();
    assertThat(sqlite.database()).isEqualTo("/var/lib/app.db");
    assertThat(JdbcTarget.of("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1").database()).isEqualTo("mem:x");
  }

  @Test
  void explanationsLookUnderTheDriversWording() {
    String url = "jdbc:postgresql://db:6543/app";
    Duration timeout = Duration.ofSeconds(5);
    SQLException refused = new SQLException("Connection to db:6543 refused", "08001", new ConnectException("Connection refused"));
    assertThat(ConnectionFailures.explain(refused, url, "app", timeout)).startsWith("connection refused by db:6543");
    SQLException unknown = new SQLException("attempt failed", "08001", new UnknownHostException("db"));
    assertThat(ConnectionFailures.explain(unknown, url, "app", timeout)).startsWith("unknown host 'db'");
    SQLException timedOut = new SQLException("timed out", "08001", new java.net.SocketTimeoutException("connect timed out"));
    assertThat(ConnectionFailures.explain(timedOut, url, "app", timeout)).startsWith("db:6543 did not answer within 5s");
    SQLException tooMany = new SQLException("FATAL: sorry, too many clients already", "53300");
    assertThat(ConnectionFailures.explain(tooMany, url, "app", timeout)).startsWith("db:6543 accepts no more connections");
    SQLException other = new SQLException("something odd", "XX000");
    assertThat(ConnectionFailures.explain(other, url, "app", timeout)).isEqualTo("something odd (SQLState XX000)");
  }
}
