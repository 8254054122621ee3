package mcp.db.pool.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.MetricFamily;
import mcp.db.pool.testkit.PrometheusTextParser;
import mcp.db.pool.testkit.StubDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The binder publishes into a SimpleMeterRegistry the same numbers the pool reports. */
class PoolMetricsBinderTest {
  private final StubDatabase db = StubDatabase.unique();
  private DatabasePool pool;

  @AfterEach
  void close() {
    if (pool != null) {
      pool.close();
    }
    StubDatabase.remove(db.name());
  }

  private static Tags tagsOf(Map<String, String> attributes) {
    Tags t = Tags.of("app", "shop");
    for (Map.Entry<String, String> e : attributes.entrySet()) {
      t = t.and(e.getKey(), e.getValue());
    }
    return t;
  }

  @Test
  void everySeriesIsPublishedWithThePoolsNumbers() throws Exception {
    pool = DatabasePool.builder().url(db.url()).poolName("mm-" + db.name()).poolSize(3)
        .maxOverflow(1).minIdle(3).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (pool.getPoolStats().size() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new PoolMetricsBinder(pool, List.of(Tag.of("app", "shop")), Duration.ZERO).bindTo(registry);

    Connection held = pool.getConnection();
    try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
      db.failNextExecutions(1, new SQLException("unique violation", "23505"));
      assertThatThrownBy(() -> st.execute("insert")).isInstanceOf(SQLException.class);
    }

    // a series that appeared after binding is registered on the next read
    registry.get("db.client.connection.count").gauges().forEach(Gauge::value);
    List<MetricFamily> families = pool.collectMetrics();
    int checked = 0;
    for (MetricFamily f : families) {
      if (f.name().equals("mcp.db.pool.utilization") || f.name().equals("mcp.db.pool.connection.use.oldest_age")
          || f.name().equals("mcp.db.pool.sizing.estimated_concurrency")
          || f.name().equals("mcp.db.pool.sizing.no_load_hold_time")) {
        continue; // time-dependent (the sizing estimates move with each sizing window)
      }
      for (MetricFamily.Point p : f.points()) {
        Meter meter = registry.find(f.name()).tags(tagsOf(p.attributes())).meter();
        assertThat(meter).as(f.name() + p.attributes()).isNotNull();
        if (meter instanceof FunctionTimer) {
          FunctionTimer t = (FunctionTimer) meter;
          assertThat(t.count()).as(f.name()).isEqualTo((double) p.histogram().count());
          assertThat(t.totalTime(TimeUnit.SECONDS)).as(f.name()).isEqualTo(p.histogram().sum());
        } else if (meter instanceof FunctionCounter) {
          assertThat(((FunctionCounter) meter).count()).as(f.name() + p.attributes()).isEqualTo(p.value());
        } else if (meter instanceof TimeGauge) {
          assertThat(((TimeGauge) meter).value(TimeUnit.SECONDS)).as(f.name()).isEqualTo(p.value());
        } else {
          assertThat(((Gauge) meter).value()).as(f.name() + p.attributes()).isEqualTo(p.value());
        }
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(25);
    assertThat(registry.get("db.client.connection.count")
        .tags("db.client.connection.state", "used", "db.client.connection.pool.name", pool.getPoolName())
        .gauge().value()).isEqualTo(1);
    assertThat(registry.get("mcp.db.pool.errors").tag("sqlstate_class", "23").functionCounter().count()).isEqualTo(1);
    assertThat(registry.get("db.client.connection.wait_time").functionTimer().count()).isEqualTo(2);
    assertThat(registry.get("db.client.connection.limit").gauge().value()).isEqualTo(4);
    assertThat(registry.get("mcp.db.pool.sizing.changes").tag("direction", "shrink").functionCounter().count()).isZero();
    assertThat(registry.get("mcp.db.pool.sizing.chosen_size").gauge().value()).isZero();
    held.close();
  }

  @Test
  void micrometersPrometheusRegistryWritesTheLongTagKeysUnlessRenamedToThePoolsLabels()
      throws Exception {
    pool = DatabasePool.builder().url(db.url()).poolName("mm-prom-" + db.name()).poolSize(2).build();
    String name = pool.getPoolName();
    try (Connection held = pool.getConnection()) {
      PrometheusMeterRegistry plain = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      new PoolMetricsBinder(pool, Tags.of("app", "shop"), Duration.ZERO).bindTo(plain);
      PrometheusTextParser.Exposition page = PrometheusTextParser.parsePrometheus(plain.scrape());
      assertThat(page.value("db_client_connection_count", Map.of("app", "shop",
          "db_client_connection_state", "used", "db_client_connection_pool_name", name))).isEqualTo(1);

      PrometheusMeterRegistry renamed = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      renamed.config().meterFilter(PoolMetricsBinder.prometheusTagKeys());
      new PoolMetricsBinder(pool, Tags.of("app", "shop"), Duration.ZERO).bindTo(renamed);
      page = PrometheusTextParser.parsePrometheus(renamed.scrape());
      // the labels of the pool's own /metrics and of the Prometheus module
      assertThat(page.value("db_client_connection_count",
          Map.of("app", "shop", "state", "used", "pool_name", name))).isEqualTo(1);
      assertThat(page.value("db_client_connection_timeouts_total",
          Map.of("app", "shop", "pool_name", name))).isZero();
      assertThat(page.value("mcp_db_pool_connection_closed_total",
          Map.of("app", "shop", "pool_name", name, "reason", "idle"))).isZero();
      // histograms arrive as timers: count and sum, no buckets
      assertThat(page.value("db_client_connection_wait_time_seconds_count",
          Map.of("app", "shop", "pool_name", name))).isEqualTo(1);
      assertThat(page.names()).doesNotContain("db_client_connection_wait_time_seconds_bucket");
      for (PrometheusTextParser.Sample sample : page.samples) {
        assertThat(sample.labels().keySet()).as(sample.name())
            .noneMatch(k -> k.startsWith("db_client_connection_"));
      }
    }
  }
}
