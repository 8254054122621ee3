package mcp.db.pool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import mcp.db.pool.cli.support.Cli;
import mcp.db.pool.cli.support.JsonOutput;
import mcp.db.pool.cli.support.RealServers;
import mcp.db.pool.cli.support.RequiresMariaDb;
import mcp.db.pool.cli.support.RequiresPostgres;
import mcp.db.pool.testkit.StubDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check}: what it reports about each kind of database, and how it explains failures. */
class CheckCommandTest {

  @Test
  void embeddedH2ReportsVersionAndRoundTrip() {
    Cli.Result r = Cli.execute("check", "--url", "jdbc:h2:mem:check-h2");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("OK: connected to jdbc:h2:mem:check-h2").contains("server      H2 2.")
        .contains("round trip").contains("no connection limit");
    assertThat(r.err()).contains("check: connecting to jdbc:h2:mem:check-h2");
  }

  @Test
  void sqliteReportsJournalModeAndBusyTimeout(@TempDir Path dir) {
    Cli.Result r = Cli.execute("check", "--url", "sqlite:///" + dir.resolve("check.db"));
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("SQLite 3.").contains("journal_mode").contains("busy_timeout")
        .contains("one connection write at a time");
  }

  @Test
  @RequiresPostgres
  void postgresReportsMaxConnectionsAndWhetherThePoolFits() {
    RealServers.Server pg = RealServers.postgres();
    Cli.Result r = Cli.withEnv().credentials(pg).run("check", "--url", pg.url(), "--pool-size", "7", "--max-overflow", "3");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("server      PostgreSQL ").contains("max_connections").contains("idle_session_timeout")
        .contains("This pool opens at most 10 (poolSize 7 + maxOverflow 3)");
  }

  @Test
  @RequiresPostgres
  void postgresJsonHasTheSettingsAsNumbers() {
    RealServers.Server pg = RealServers.postgres();
    Cli.Result r = Cli.withEnv().credentials(pg).run("check", "--url", pg.url(), "--json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonObject json = JsonOutput.parse(r);
    assertThat(json.get("ok").getAsBoolean()).isTrue();
    assertThat(json.get("product").getAsString()).isEqualTo("PostgreSQL");
    assertThat(json.get("roundTripMillis").getAsDouble()).isPositive();
    assertThat(json.getAsJsonObject("settings").get("max_connections").getAsInt()).isPositive();
  }

  @Test
  @RequiresMariaDb
  void mariaDbReportsMaxConnectionsAndWaitTimeout() {
    RealServers.Server maria = RealServers.mariaDb();
    Cli.Result r = Cli.withEnv().credentials(maria).run("check", "--url", maria.url());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("MariaDB").contains("max_connections").contains("wait_timeout");
  }

  @Test
  void refusedConnectionIsExplained() throws IOException {
    int port = CommandLineTest.closedPort();
    Cli.Result r = Cli.execute("check", "--url", "postgresql://postgres@127.0.0.1:" + port + "/test");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.errLines()).hasSize(2);
    assertThat(r.errLines()[1]).isEqualTo("mcp-db-pool check: cannot connect to postgresql://postgres@127.0.0.1:" + port
        + "/test: connection refused by 127.0.0.1:" + port + ": nothing is listening there (is the server running, and on this port?)");
  }

  @Test
  void unknownHostIsExplained() {
    Cli.Result r = Cli.execute("check", "--url", "postgresql://postgres@no-such-host.invalid/test");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("unknown host 'no-such-host.invalid': the name does not resolve");
  }

  @Test
  @RequiresPostgres
  void unknownDatabaseIsExplained() {
    RealServers.Server pg = RealServers.postgres();
    String url = pg.url().replaceFirst("/[^/?]+(\\?|$)", "/no_such_database$1");
    Cli.Result r = Cli.withEnv().credentials(pg).run("check", "--url", url);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.errLines()[r.errLines().length - 1]).contains("unknown database 'no_such_database': it does not exist");
  }

  @Test
  @RequiresMariaDb
  void badPasswordIsExplainedWithoutShowingIt() {
    RealServers.Server maria = RealServers.mariaDb();
    Cli.Result r = Cli.withEnv().env("DATABASE_USER", maria.user()).env("DATABASE_PASSWORD", "not-the-password-42")
        .run("check", "--url", maria.url());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("the server refused the login of user '" + maria.user() + "'")
        .doesNotContain("not-the-password-42");
  }

  @Test
  @RequiresPostgres
  void unknownUserIsExplained() {
    RealServers.Server pg = RealServers.postgres();
    Cli.Result r = Cli.withEnv().env("DATABASE_USER", "no_such_role_x").run("check", "--url", pg.url());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("the server refused the login of user 'no_such_role_x'");
  }

  @Test
  void missingDriverIsExplained() {
    Cli.Result r = Cli.execute("check", "--url", "mysql://root@127.0.0.1/test");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("missing driver: no JDBC driver in this tool accepts MySQL URLs")
        .contains("use a mariadb:// URL");
  }

  @Test
  void unopenableSqliteFileIsExplained() {
    Cli.Result r = Cli.execute("check", "--url", "sqlite:////no/such/directory/app.db");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("cannot open the SQLite file '/no/such/directory/app.db'");
  }

  @Test
  void failureWithJsonAlsoPrintsAJsonVerdict() throws IOException {
    Cli.Result r = Cli.execute("check", "--url", "postgresql://postgres@127.0.0.1:" + CommandLineTest.closedPort() + "/test", "--json");
    assertThat(r.exitCode()).isEqualTo(1);
    JsonObject json = JsonOutput.parse(r);
    assertThat(json.get("ok").getAsBoolean()).isFalse();
    assertThat(json.get("error").getAsString()).contains("connection refused");
  }

  @Test
  void serverThatFailsAfterTheConnectIsOneLineWithTheFirstLineOfItsMessage() {
    StubDatabase db = StubDatabase.unique()
        .failExecutions(new SQLException("permission denied for function\n  Detail: more\n  Hint: ask", "42501"));
    Cli.Result r = Cli.execute("check", "--url", db.url());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.errLines()).as(r.toString()).containsExactly("check: connecting to " + db.url() + " ...",
        "mcp-db-pool check: connected to " + db.url() + ", but it failed to answer: permission denied for function (SQLState 42501)");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void serverThatFailsAfterTheConnectWithJsonPrintsAJsonVerdict() {
    StubDatabase db = StubDatabase.unique().failExecutions(new SQLException("no SELECT here", "42501"));
    Cli.Result r = Cli.execute("check", "--url", db.url(), "--json");
    assertThat(r.exitCode()).isEqualTo(1);
    JsonObject json = JsonOutput.parse(r);
    assertThat(json.get("ok").getAsBoolean()).isFalse();
    assertThat(json.get("error").getAsString()).contains("but it failed to answer: no SELECT here");
  }

  @Test
  void tooShortTimeoutIsAUsageError() {
    Cli.Result r = Cli.execute("check", "--url", "jdbc:h2:mem:t", "--timeout", "10ms");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--timeout must be at least 250ms");
  }
}
