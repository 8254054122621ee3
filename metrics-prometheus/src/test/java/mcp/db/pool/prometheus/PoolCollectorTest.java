package mcp.db.pool.prometheus;

import mcp.db.pool.testkit.PrometheusTextParser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.PoolHttpServer;
import mcp.db.pool.testkit.StubDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pool's metrics through the official Prometheus client, in both text formats, over HTTP. */
class PoolCollectorTest {
  private static final String PASSWORD = "Pw-prom-31d7aa";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final StubDatabase db = StubDatabase.unique();
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
    StubDatabase.remove(db.name());
  }

  private DatabasePool open(String name) throws InterruptedException {
    DatabasePool pool = DatabasePool.builder().url(db.url()).username("app").password(PASSWORD)
        .poolName(name).poolSize(3).maxOverflow(2).minIdle(3).build();
    closeables.add(pool);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (pool.getPoolStats().size() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    return pool;
  }

  private static HttpResponse<String> get(URI uri, String accept) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20));
    if (accept != null) {
      b.header("Accept", accept);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void scrapeInBothTextFormatsHoldsTheSameSeriesAsThePoolReports() throws Exception {
    DatabasePool pool = open("orders-" + db.name());
    PrometheusRegistry registry = new PrometheusRegistry();
    PoolCollector.register(pool, registry);
    PoolHttpServer server = PoolHttpServer.start(
        PoolHttpServer.options().metricsExposition(PrometheusExposition.of(registry)), pool);
    closeables.add(server);
    Connection a = pool.getConnection();
    Connection b = pool.getConnection();
    db.failNextExecutions(1, new SQLException("deadlock detected", "40P01"));
    try (Statement st = a.createStatement()) {
      assertThatThrownBy(() -> st.execute("update")).isInstanceOf(SQLException.class);
    }
    b.close();

    URI metrics = server.uri().resolve("/metrics");
    HttpResponse<String> om = get(metrics, "application/openmetrics-text; version=1.0.0; charset=utf-8");
    assertThat(om.headers().firstValue("Content-Type").orElse("")).startsWith("application/openmetrics-text");
    HttpResponse<String> text = get(metrics, null);
    assertThat(text.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");

    for (PrometheusTextParser.Exposition page : List.of(
        PrometheusTextParser.parseOpenMetrics(om.body()), PrometheusTextParser.parsePrometheus(text.body()))) {
      Map<String, String> p = Map.of("pool_name", pool.getPoolName());
      assertThat(page.value("db_client_connection_count", Map.of("pool_name", pool.getPoolName(), "state", "used"))).isEqualTo(1);
      assertThat(page.value("db_client_connection_count", Map.of("pool_name", pool.getPoolName(), "state", "idle"))).isEqualTo(2);
      assertThat(page.value("db_client_connection_idle_max", p)).isEqualTo(3);
      assertThat(page.value("db_client_connection_limit", p)).isEqualTo(5);
      assertThat(page.value("db_client_connection_pending_requests", p)).isZero();
      assertThat(page.value("db_client_connection_timeouts_total", p)).isZero();
      assertThat(page.value("db_client_connection_wait_time_seconds_count", p)).isEqualTo(2);
      assertThat(page.value("db_client_connection_use_time_seconds_count", p)).isEqualTo(1);
      assertThat(page.value("db_client_connection_create_time_seconds_count", p)).isEqualTo(3);
      assertThat(page.value("db_client_connection_wait_time_seconds_bucket",
          Map.of("pool_name", pool.getPoolName(), "le", page == null ? "" : leOf(page, "db_client_connection_wait_time_seconds_bucket", "0.001"))))
          .isEqualTo(2);
      assertThat(page.value("mcp_db_pool_errors_total", Map.of("pool_name", pool.getPoolName(), "sqlstate_class", "40"))).isEqualTo(1);
      assertThat(page.value("mcp_db_pool_connection_created_total", p)).isEqualTo(3);
      assertThat(page.names()).contains("mcp_db_pool_utilization_ratio",
          "mcp_db_pool_connection_closed_total", "mcp_db_pool_connection_use_oldest_age_seconds",
          "mcp_db_pool_sizing_estimated_concurrency", "mcp_db_pool_sizing_no_load_hold_time_seconds");
      assertThat(page.value("mcp_db_pool_sizing_automatic", p)).isZero();
      assertThat(page.value("mcp_db_pool_sizing_chosen_size", p)).isZero();
      assertThat(page.value("mcp_db_pool_sizing_changes_total", Map.of("pool_name", pool.getPoolName(), "direction", "shrink"))).isZero();
    }
    assertThat(om.body()).endsWith("# EOF\n").doesNotContain(PASSWORD);
    assertThat(text.body()).doesNotContain(PASSWORD);
    a.close();
  }

  /** The le label as this page spells the bound (the formats differ: "0.001" vs "0.001"). */
  private static String leOf(PrometheusTextParser.Exposition page, String bucket, String bound) {
    double wanted = Double.parseDouble(bound);
    for (PrometheusTextParser.Sample s : page.named(bucket)) {
      String le = s.labels().get("le");
      if (!le.equals("+Inf") && Double.parseDouble(le) == wanted) {
        return le;
      }
    }
    throw new AssertionError("no bucket le=" + bound);
  }

  @Test
  void officialAndBuiltInPagesAgreeOnEverySeries() throws Exception {
    DatabasePool pool = open("agree-" + db.name());
    PrometheusRegistry registry = new PrometheusRegistry();
    PoolCollector.register(pool, registry);
    PoolHttpServer official = PoolHttpServer.start(
        PoolHttpServer.options().metricsExposition(PrometheusExposition.of(registry)), pool);
    PoolHttpServer builtIn = PoolHttpServer.start(pool);
    closeables.add(official);
    closeables.add(builtIn);
    try (Connection c = pool.getConnection()) {
      c.getAutoCommit();
    }
    PrometheusTextParser.Exposition a = PrometheusTextParser.parsePrometheus(get(official.uri().resolve("/metrics"), null).body());
    PrometheusTextParser.Exposition b = PrometheusTextParser.parsePrometheus(get(builtIn.uri().resolve("/metrics"), null).body());
    assertThat(a.names()).isEqualTo(b.names());
    Set<String> timeDependent = Set.of("mcp_db_pool_utilization_ratio", "mcp_db_pool_connection_use_oldest_age_seconds",
        "mcp_db_pool_sizing_estimated_concurrency", "mcp_db_pool_sizing_no_load_hold_time_seconds"); // per sizing window
    for (PrometheusTextParser.Sample s : b.samples) {
      if (s.name().endsWith("_bucket") || timeDependent.contains(s.name())) {
        continue;
      }
      assertThat(a.value(s.name(), s.labels())).as(s.name() + s.labels()).isEqualTo(s.value());
    }
    assertThat(a.types).isEqualTo(b.types);
  }

  @Test
  void severalPoolsShareOneCollector() throws Exception {
    DatabasePool first = open("one-" + db.name());
    DatabasePool second = open("two-" + db.name());
    PrometheusRegistry registry = new PrometheusRegistry();
    PoolCollector collector = PoolCollector.register(first, registry).add(second);
    PrometheusTextParser.Exposition page = PrometheusTextParser.parsePrometheus(
        new String(scrape(registry), java.nio.charset.StandardCharsets.UTF_8));
    assertThat(page.named("db_client_connection_idle_max")).hasSize(2);
    collector.remove(second);
    second.close();
    page = PrometheusTextParser.parsePrometheus(new String(scrape(registry), java.nio.charset.StandardCharsets.UTF_8));
    assertThat(page.named("db_client_connection_idle_max")).hasSize(1);
    collector.unregister();
    assertThat(registry.scrape().size()).isZero();
  }

  private static byte[] scrape(PrometheusRegistry registry) throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    PrometheusExposition.of(registry).write(null, out);
    return out.toByteArray();
  }
}
