package mcp.db.pool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mcp.db.pool.cli.support.Cli;
import mcp.db.pool.cli.support.JsonOutput;
import mcp.db.pool.cli.support.RealServers;
import mcp.db.pool.cli.support.RequiresPostgres;
import org.junit.jupiter.api.Test;

/** {@code demo}: the first command a new user runs, on the embedded database or on theirs. */
class DemoCommandTest {

  @Test
  void withNoArgumentsRunsTheDemoOnTheEmbeddedDatabaseWithinTenSeconds() {
    long start = System.nanoTime();
    Cli.Result r = Cli.withEnv().run();
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(seconds).isLessThan(10);
    assertThat(r.out()).startsWith("Demo: 8 threads, 80% reads / 20% updates, for 4s through a pool of 4 (+2 overflow) on jdbc:h2:mem:")
        .contains("operations").contains("throughput").contains("latency (ask to give back)")
        .contains("wait for a connection");
    // Progress and the live view of the pool go to stderr, never into the results.
    assertThat(r.err()).contains("demo: 8 threads for 4s").contains("in use").contains("idle").contains("waiting")
        .contains("size").contains("ops/s");
    assertThat(r.out()).doesNotContain("in use 4");
  }

  @Test
  void jsonCountsReadsAndWritesAndThePoolsPeaks() {
    Cli.Result r = Cli.execute("demo", "--duration", "1s", "--threads", "6", "--json", "--progress", "none");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonObject json = JsonOutput.parse(r);
    assertThat(json.get("command").getAsString()).isEqualTo("demo");
    assertThat(json.get("threads").getAsInt()).isEqualTo(6);
    JsonObject byKind = json.getAsJsonObject("operationsByKind");
    long reads = byKind.get("read").getAsLong();
    long writes = byKind.get("write").getAsLong();
    assertThat(reads + writes).isEqualTo(json.get("operations").getAsLong()).isPositive();
    assertThat(reads).isGreaterThan(writes);
    assertThat(json.get("errors").getAsLong()).isZero();
    assertThat(json.getAsJsonObject("latencyMillis").get("p99").getAsDouble()).isPositive();
    JsonObject pool = json.getAsJsonObject("pool");
    assertThat(pool.get("poolSize").getAsInt()).isEqualTo(4);
    assertThat(pool.get("peakInUse").getAsInt()).isBetween(1, 6);
    assertThat(pool.getAsJsonObject("stats").get("created").getAsLong()).isPositive();
  }

  @Test
  void progressLinesShowTheLiveViewOfThePool() {
    Cli.Result r = Cli.execute("demo", "--duration", "1500ms", "--threads", "4", "--progress", "lines");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    String[] progress = r.err().lines().filter(l -> l.startsWith("demo ")).toArray(String[]::new);
    assertThat(progress).hasSizeGreaterThanOrEqualTo(2);
    assertThat(progress[progress.length - 1]).matches(
        "demo 100%  1\\.5s/1\\.5s \\| in use \\d+  idle \\d+  waiting \\d+  size \\d+ \\(4\\+2\\) \\| [0-9,.]+ ops/s  0 errors");
  }

  @Test
  void poolOptionsOverrideTheEmbeddedDefaults() {
    Cli.Result r = Cli.execute("demo", "--duration", "300ms", "--pool-size", "2", "--max-overflow", "0", "--json",
        "--progress", "none");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonObject pool = JsonOutput.parse(r).getAsJsonObject("pool");
    assertThat(pool.get("poolSize").getAsInt()).isEqualTo(2);
    assertThat(pool.get("peakSize").getAsInt()).isLessThanOrEqualTo(2);
  }

  @Test
  @RequiresPostgres
  void honoursDatabaseUrlAndDropsItsTable() throws SQLException {
    RealServers.Server pg = RealServers.postgres();
    Cli.Result r = Cli.withEnv().env("DATABASE_URL", pg.url()).credentials(pg).env("POOL_SIZE", "3")
        .run("demo", "--duration", "1s", "--progress", "none");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("through a pool of 3").contains(pg.url());
    Matcher table = Pattern.compile("working in table (mcp_pool_demo_[a-z0-9]+)").matcher(r.err());
    assertThat(table.find()).as(r.err()).isTrue();
    assertThat(tablesNamed(pg, table.group(1))).isZero();
  }

  private static int tablesNamed(RealServers.Server server, String name) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", server.user());
    if (!server.password().isEmpty()) p.setProperty("password", server.password());
    try (Connection c = DriverManager.getConnection(server.url(), p);
        ResultSet rs = c.createStatement().executeQuery(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = '" + name + "'")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
