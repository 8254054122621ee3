package mcp.db.pool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import mcp.db.pool.cli.support.Cli;
import mcp.db.pool.cli.support.JsonOutput;
import mcp.db.pool.cli.support.RealServers;
import mcp.db.pool.cli.support.RequiresPostgres;
import org.junit.jupiter.api.Test;

/** {@code bench}: a timed load with a report, on the embedded database and on PostgreSQL. */
class BenchCommandTest {

  @Test
  void embeddedH2ReportsThroughputPercentilesAndWaits() {
    Cli.Result r = Cli.execute("bench", "--url", "jdbc:h2:mem:bench-h2", "--threads", "4", "--duration", "1s",
        "--warmup", "200ms", "--pool-size", "2", "--max-overflow", "0");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("Bench: 4 threads for 1s on jdbc:h2:mem:bench-h2, pool of 2 (+0 overflow)")
        .contains("SQL: SELECT 1").contains("throughput").contains("borrows that waited >= 1 ms")
        .contains("p50").contains("p99").contains("p99.9").contains("wait for a connection");
    assertThat(r.err()).contains("bench").contains("(after 200ms warm-up)").contains("ops/s");
  }

  @Test
  void jsonIsMachineReadableAndStdoutHoldsNothingElse() {
    Cli.Result r = Cli.execute("bench", "--url", "jdbc:h2:mem:bench-json", "--threads", "3", "--duration", "1s",
        "--warmup", "0", "--sql", "SELECT 1", "--sql", "SELECT 2", "--json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonObject json = JsonOutput.parse(r);
    assertThat(json.get("command").getAsString()).isEqualTo("bench");
    assertThat(json.get("threads").getAsInt()).isEqualTo(3);
    assertThat(json.get("operations").getAsLong()).isPositive();
    assertThat(json.get("throughput").getAsDouble()).isPositive();
    assertThat(json.get("errors").getAsLong()).isZero();
    assertThat(json.getAsJsonArray("sql")).hasSize(2);
    JsonObject latency = json.getAsJsonObject("latencyMillis");
    assertThat(latency.get("p50").getAsDouble()).isLessThanOrEqualTo(latency.get("p99").getAsDouble());
    assertThat(latency.get("p99").getAsDouble()).isLessThanOrEqualTo(latency.get("max").getAsDouble());
  }

  @Test
  void holdingConnectionsMakesCallersWait() {
    // Four threads holding a connection 20 ms each share one connection: most borrows must wait.
    Cli.Result r = Cli.execute("bench", "--url", "jdbc:h2:mem:bench-hold", "--threads", "4", "--duration", "1s",
        "--warmup", "0", "--hold", "20ms", "--pool-size", "1", "--max-overflow", "0", "--json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonObject json = JsonOutput.parse(r);
    long operations = json.get("operations").getAsLong();
    assertThat(operations).isBetween(10L, 60L);
    assertThat(json.get("waited").getAsLong()).isGreaterThan(operations / 2);
    assertThat(json.getAsJsonObject("waitMillis").get("p50").getAsDouble()).isGreaterThan(10);
    assertThat(json.getAsJsonObject("pool").get("peakWaiting").getAsInt()).isBetween(1, 3);
  }

  @Test
  void statementThatAlwaysFailsIsARuntimeErrorWithTheDatabasesMessage() {
    Cli.Result r = Cli.execute("bench", "--url", "jdbc:h2:mem:bench-bad-sql", "--duration", "300ms", "--warmup", "0",
        "--sql", "SELECT * FROM no_such_table", "--progress", "none");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.errLines()[r.errLines().length - 1]).startsWith("mcp-db-pool bench: every operation failed (")
        .contains("NO_SUCH_TABLE");
    assertThat(r.out()).isEmpty();
  }

  @Test
  @RequiresPostgres
  void postgresEndToEnd() {
    RealServers.Server pg = RealServers.postgres();
    Cli.Result r = Cli.withEnv().credentials(pg).run("bench", "--url", pg.url(), "--threads", "8", "--duration", "2s",
        "--warmup", "300ms", "--sql", "SELECT count(*) FROM pg_class", "--json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonObject json = JsonOutput.parse(r);
    assertThat(json.get("operations").getAsLong()).isGreaterThan(100);
    assertThat(json.get("errors").getAsLong()).isZero();
    assertThat(json.getAsJsonObject("pool").get("peakInUse").getAsInt()).isPositive();
    assertThat(json.get("url").getAsString()).isEqualTo(pg.url());
  }
}
