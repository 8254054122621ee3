package mcp.db.pool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.regex.Pattern;
import mcp.db.pool.cli.support.Cli;
import mcp.db.pool.cli.support.JsonOutput;
import mcp.db.pool.cli.support.RealServers;
import mcp.db.pool.cli.support.RequiresPostgres;
import mcp.db.pool.testkit.StubDatabase;
import org.junit.jupiter.api.Test;

/** {@code serve}: the dashboard page, its data, and the library's /metrics and /health behind it. */
class ServeCommandTest {
  static final String DASHBOARD_LINE = "serve: dashboard at (http://127\\.0\\.0\\.1:\\d+/)";

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void servesTheDashboardItsDataMetricsAndHealthOnLoopback() throws Exception {
    Cli.Running serve = Cli.withEnv().start("serve", "--port", "0", "--threads", "4", "--progress", "none");
    try {
      URI base = URI.create(serve.awaitErr(DASHBOARD_LINE, 30));
      JsonObject stats = awaitStats(base, 2);
      assertThat(stats.get("sample").getAsLong()).isGreaterThanOrEqualTo(2);

      HttpResponse<String> page = get(base);
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
      assertThat(page.body()).contains("<svg id=\"chart-connections\"").contains("fetch(\"/api/stats\"")
          .doesNotContain("<script src=").doesNotContain("https://");

      assertThat(stats.getAsJsonObject("pool").get("pool_name").getAsString()).isEqualTo("mcp-serve");
      assertThat(stats.getAsJsonArray("series").size()).isGreaterThanOrEqualTo(2);
      assertThat(stats.getAsJsonObject("workload").get("operations").getAsLong()).isPositive();
      assertThat(stats.getAsJsonObject("waitHistogram").get("source").getAsString()).isEqualTo("pool");
      assertThat(stats.getAsJsonObject("waitHistogram").get("count").getAsLong()).isPositive();
      assertThat(stats.getAsJsonObject("sizingReport").get("automatic").getAsBoolean()).isFalse();

      HttpResponse<String> metrics = get(base.resolve("metrics"));
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("db_client_connection_count{pool_name=\"mcp-serve\"")
          .contains("db_client_connection_wait_time_seconds_bucket");

      HttpResponse<String> health = get(base.resolve("health"));
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"status\":").contains("\"database_reachable\":true");

      assertThat(get(base.resolve("nothing-here")).statusCode()).isEqualTo(404);
      HttpResponse<String> post = http.send(HttpRequest.newBuilder(base.resolve("api/stats"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(405);
    } finally {
      Cli.Result r = serve.stop();
      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(r.out()).startsWith("Served ").contains("operations");
    }
  }

  @Test
  void stopsByItselfAfterTheDurationWithAJsonSummary() throws Exception {
    Cli.Running serve = Cli.withEnv().start("serve", "--port", "0", "--duration", "1500ms", "--json", "--progress", "none");
    Cli.Result r = serve.await(30);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonObject json = JsonOutput.parse(r);
    assertThat(json.get("command").getAsString()).isEqualTo("serve");
    assertThat(json.get("operations").getAsLong()).isPositive();
    assertThat(json.get("seconds").getAsDouble()).isBetween(1.4, 5.0);
  }

  @Test
  void portInUseIsARuntimeError() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Cli.Result r = Cli.execute("serve", "--port", Integer.toString(taken.getLocalPort()), "--load", "none");
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.errLines()[r.errLines().length - 1]).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort())
          .contains("--port");
    }
  }

  @Test
  void demoTableThatCannotBeCreatedIsOneLineAndExitCode1() {
    StubDatabase db = StubDatabase.unique()
        .failExecutions(new SQLException("permission denied for schema public\n  Detail: more\n  Hint: ask", "42501"));
    Cli.Result r = Cli.execute("serve", "--url", db.url(), "--load", "demo", "--port", "0", "--progress", "none");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.errLines()).as(r.toString())
        .containsExactly("mcp-db-pool serve: cannot create the demo's table on " + db.url() + ": permission denied for schema public");
  }

  @Test
  void demoTableThatCannotBeDroppedIsOneLineAfterTheSummary() throws Exception {
    StubDatabase db = StubDatabase.unique();
    Cli.Running serve = Cli.withEnv().start("serve", "--url", db.url(), "--load", "demo", "--threads", "2",
        "--port", "0", "--progress", "none");
    serve.awaitErr(DASHBOARD_LINE, 30);
    db.failExecutions(new SQLException("cannot drop table because other objects depend on it\n  Detail: a view", "2BP01"));
    Cli.Result r = serve.stop();
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.out()).startsWith("Served ");
    String[] lines = r.errLines();
    assertThat(lines[lines.length - 1]).matches("mcp-db-pool serve: cannot drop the demo's table mcp_pool_demo_\\w+ on "
        + Pattern.quote(db.url()) + " \\(drop it by hand\\): cannot drop table because other objects depend on it");
    assertThat(r.err()).doesNotContain("Detail");
  }

  @Test
  void badPortAndBindAreUsageErrors() {
    assertThat(Cli.execute("serve", "--port", "70000").exitCode()).isEqualTo(2);
    assertThat(Cli.execute("serve", "--bind", "no-such-host.invalid").exitCode()).isEqualTo(2);
    assertThat(Cli.execute("serve", "--load", "sql").err()).contains("--load sql needs at least one --sql");
  }

  @Test
  @RequiresPostgres
  void postgresWithASqlLoad() throws Exception {
    RealServers.Server pg = RealServers.postgres();
    Cli.Running serve = Cli.withEnv().credentials(pg).start("serve", "--url", pg.url(), "--port", "0",
        "--sql", "SELECT pg_sleep(0.002)", "--threads", "4", "--pool-size", "2", "--max-overflow", "0", "--auto-size",
        "--progress", "none");
    try {
      URI base = URI.create(serve.awaitErr(DASHBOARD_LINE, 30));
      JsonObject stats = awaitStats(base, 3);
      assertThat(stats.get("url").getAsString()).isEqualTo(pg.url());
      assertThat(stats.getAsJsonObject("pool").get("pool_size").getAsInt()).isBetween(1, 8);
      assertThat(stats.getAsJsonObject("sizingReport").get("automatic").getAsBoolean()).isTrue();
      assertThat(stats.getAsJsonObject("workload").get("operations").getAsLong()).isPositive();
      assertThat(get(base.resolve("health")).statusCode()).isEqualTo(200);
    } finally {
      assertThat(serve.stop().exitCode()).isZero();
    }
  }

  /** Polls /api/stats until it has at least {@code samples} samples and the load has done something. */
  private JsonObject awaitStats(URI base, long samples) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      JsonObject stats = JsonParser.parseString(get(base.resolve("api/stats")).body()).getAsJsonObject();
      boolean loaded = stats.get("workload").isJsonNull() || stats.getAsJsonObject("workload").get("operations").getAsLong() > 0;
      if ((stats.get("sample").getAsLong() >= samples && loaded) || System.nanoTime() > deadline) return stats;
      Thread.sleep(200);
    }
  }

  private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
