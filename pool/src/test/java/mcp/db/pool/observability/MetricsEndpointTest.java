package mcp.db.pool.observability;

import mcp.db.pool.testkit.PrometheusTextParser;
import static mcp.db.pool.observability.PoolStatsTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.MetricFamily;
import mcp.db.pool.PoolConfigException;
import mcp.db.pool.PoolHttpServer;
import mcp.db.pool.support.CapturedLogs;
import mcp.db.pool.testkit.StubDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code /metrics} over HTTP, parsed strictly, holds the expected series and values. */
@Tag("stub")
class MetricsEndpointTest {
  private static final String PASSWORD = "Pw-metrics-9f3e1c";
  private final StubDatabase db = StubDatabase.unique();
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
    StubDatabase.remove(db.name());
  }

  private DatabasePool open(String name) {
    DatabasePool pool = DatabasePool.builder().url(db.url()).username("app").password(PASSWORD)
        .poolName(name).poolSize(3).maxOverflow(2).minIdle(3).build();
    closeables.add(pool);
    return pool;
  }

  private PoolHttpServer serve(PoolHttpServer.Options options, DatabasePool... pools) throws Exception {
    PoolHttpServer server = PoolHttpServer.start(options, pools);
    closeables.add(server);
    return server;
  }

  @Test
  void scrapeHoldsTheSemanticConventionSeriesWithTheirValues() throws Exception {
    CapturedLogs.clear();
    DatabasePool pool = open("orders-" + db.name());
    await(() -> pool.getPoolStats().size() == 3, "three connections are open");
    PoolHttpServer server = serve(PoolHttpServer.options(), pool);
    Connection a = pool.getConnection();
    Connection b = pool.getConnection();
    db.failNextExecutions(1, new SQLException("serialization failure", "40001"));
    try (Statement st = a.createStatement()) {
      assertThatThrownBy(() -> st.execute("update")).isInstanceOf(SQLException.class);
    }

    HttpResponse<String> r = Http.get(server.uri().resolve("/metrics"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    PrometheusTextParser.Exposition page = PrometheusTextParser.parsePrometheus(r.body());

    Map<String, String> p = Map.of("pool_name", pool.getPoolName());
    assertThat(page.value("db_client_connection_count", Map.of("pool_name", pool.getPoolName(), "state", "used"))).isEqualTo(2);
    assertThat(page.value("db_client_connection_count", Map.of("pool_name", pool.getPoolName(), "state", "idle"))).isEqualTo(1);
    assertThat(page.value("db_client_connection_idle_max", p)).isEqualTo(3);
    assertThat(page.value("db_client_connection_idle_min", p)).isEqualTo(3);
    assertThat(page.value("db_client_connection_limit", p)).isEqualTo(5);
    assertThat(page.value("db_client_connection_pending_requests", p)).isZero();
    assertThat(page.value("db_client_connection_timeouts_total", p)).isZero();
    assertThat(page.types).containsEntry("db_client_connection_count", "gauge")
        .containsEntry("db_client_connection_timeouts_total", "counter")
        .containsEntry("db_client_connection_wait_time_seconds", "histogram")
        .containsEntry("db_client_connection_use_time_seconds", "histogram")
        .containsEntry("db_client_connection_create_time_seconds", "histogram");
    assertThat(page.value("db_client_connection_wait_time_seconds_count", p)).isEqualTo(2);
    assertThat(page.value("db_client_connection_create_time_seconds_count", p)).isEqualTo(3);
    assertThat(page.value("db_client_connection_use_time_seconds_count", p)).isZero();
    assertThat(page.value("mcp_db_pool_connection_overflow", p)).isZero();
    assertThat(page.value("mcp_db_pool_connection_created_total", p)).isEqualTo(3);
    assertThat(page.value("mcp_db_pool_errors_total", Map.of("pool_name", pool.getPoolName(), "sqlstate_class", "40"))).isEqualTo(1);
    assertThat(page.value("mcp_db_pool_connection_closed_total", Map.of("pool_name", pool.getPoolName(), "reason", "idle"))).isZero();
    assertThat(page.value("mcp_db_pool_connection_used_peak", p)).isEqualTo(2);
    assertThat(page.value("mcp_db_pool_circuit_breaker_open", p)).isZero();
    assertThat(page.names()).contains("mcp_db_pool_utilization_ratio",
        "mcp_db_pool_connection_use_oldest_age_seconds", "mcp_db_pool_transaction_retries_total",
        "mcp_db_pool_sizing_estimated_concurrency", "mcp_db_pool_sizing_no_load_hold_time_seconds");
    assertThat(page.value("mcp_db_pool_sizing_automatic", p)).isZero();
    assertThat(page.value("mcp_db_pool_sizing_chosen_size", p)).isZero();
    assertThat(page.value("mcp_db_pool_sizing_changes_total", Map.of("pool_name", pool.getPoolName(), "direction", "grow"))).isZero();
    assertThat(page.value("mcp_db_pool_sizing_changes_total", Map.of("pool_name", pool.getPoolName(), "direction", "shrink"))).isZero();
    assertThat(page.types).containsEntry("mcp_db_pool_sizing_changes_total", "counter");

    a.close();
    b.close();
    page = PrometheusTextParser.parsePrometheus(Http.get(server.uri().resolve("/metrics")).body());
    assertThat(page.value("db_client_connection_use_time_seconds_count", p)).isEqualTo(2);
    assertThat(page.value("db_client_connection_count", Map.of("pool_name", pool.getPoolName(), "state", "used"))).isZero();
    assertThat(r.body()).doesNotContain(PASSWORD);
    assertThat(CapturedLogs.matching(PASSWORD)).isEmpty();
  }

  @Test
  void twoPoolsShareEachFamilyAndAreToldApartByPoolName() throws Exception {
    DatabasePool first = open("first-" + db.name());
    DatabasePool second = open("second-" + db.name());
    PoolHttpServer server = serve(PoolHttpServer.options(), first, second);
    PrometheusTextParser.Exposition page =
        PrometheusTextParser.parsePrometheus(Http.get(server.uri().resolve("/metrics")).body());
    assertThat(page.named("db_client_connection_idle_max")).hasSize(2);
    assertThat(page.value("db_client_connection_idle_max", Map.of("pool_name", second.getPoolName()))).isEqualTo(3);
  }

  @Test
  void bearerTokenIsRequiredWhenSet() throws Exception {
    DatabasePool pool = open("secured-" + db.name());
    PoolHttpServer server = serve(PoolHttpServer.options().bearerToken("t0ken-abc"), pool);
    URI metrics = server.uri().resolve("/metrics");
    assertThat(Http.get(metrics).statusCode()).isEqualTo(401);
    assertThat(Http.get(metrics, "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
    assertThat(Http.get(metrics, "Authorization", "Bearer t0ken-abc").statusCode()).isEqualTo(200);
    assertThat(Http.get(server.uri().resolve("/health")).statusCode()).isEqualTo(401);
  }

  @Test
  void bindsToLoopbackByDefaultAndAnswersOnlyItsTwoPages() throws Exception {
    DatabasePool pool = open("pages-" + db.name());
    PoolHttpServer server = serve(PoolHttpServer.options(), pool);
    assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
    assertThat(Http.get(server.uri().resolve("/other")).statusCode()).isEqualTo(404);
    assertThat(Http.send(server.uri().resolve("/metrics"), "POST").statusCode()).isEqualTo(405);
    assertThat(Http.send(server.uri().resolve("/metrics"), "HEAD").statusCode()).isEqualTo(200);
  }

  @Test
  void badOptionsNameTheSetting() {
    assertThatThrownBy(() -> PoolHttpServer.options().port(70000))
        .isInstanceOf(PoolConfigException.class).hasMessageContaining("port");
    assertThatThrownBy(() -> PoolHttpServer.options().bearerToken(""))
        .isInstanceOf(PoolConfigException.class).hasMessageContaining("bearerToken");
  }

  @Test
  void customExpositionReplacesTheBuiltInPage() throws Exception {
    DatabasePool pool = open("custom-" + db.name());
    PoolHttpServer server = serve(PoolHttpServer.options().metricsExposition((accept, out) -> {
      out.write("custom\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return "text/plain; charset=utf-8";
    }), pool);
    assertThat(Http.get(server.uri().resolve("/metrics")).body()).isEqualTo("custom\n");
  }

  @Test
  void collectMetricsUsesOpenTelemetryNames() {
    DatabasePool pool = open("otel-" + db.name());
    List<MetricFamily> families = pool.collectMetrics();
    assertThat(families).extracting(MetricFamily::name).contains("db.client.connection.count",
        "db.client.connection.idle.max", "db.client.connection.idle.min", "db.client.connection.limit",
        "db.client.connection.pending_requests", "db.client.connection.timeouts",
        "db.client.connection.create_time", "db.client.connection.wait_time",
        "db.client.connection.use_time", "mcp.db.pool.sizing.automatic", "mcp.db.pool.sizing.chosen_size",
        "mcp.db.pool.sizing.estimated_concurrency", "mcp.db.pool.sizing.no_load_hold_time",
        "mcp.db.pool.sizing.changes");
    MetricFamily count = families.get(0);
    assertThat(count.points()).allSatisfy(pt -> assertThat(pt.attributes())
        .containsEntry("db.client.connection.pool.name", pool.getPoolName())
        .containsKey("db.client.connection.state"));
  }
}
