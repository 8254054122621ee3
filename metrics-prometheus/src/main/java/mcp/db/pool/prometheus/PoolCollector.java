package mcp.db.pool.prometheus;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.MetricFamily;

/**
 * Publishes the metrics of one or more pools in a Prometheus registry of the official Java client.
 *
 * <pre>{@code
 * PrometheusRegistry registry = PrometheusRegistry.defaultRegistry;
 * PoolCollector.register(pool, registry);
 * // serve it: with the pool's own endpoint (adds /health) ...
 * PoolHttpServer.start(PoolHttpServer.options().port(9464)
 *     .metricsExposition(PrometheusExposition.of(registry)), pool);
 * // ... or with the client's HTTPServer, or any framework that scrapes the registry.
 * }</pre>
 *
 * <p>Each scrape takes a fresh, lock-free snapshot of each pool ({@link DatabasePool#collectMetrics()}).
 * Names follow the Prometheus conventions derived from the OpenTelemetry names
 * ({@link MetricFamily#prometheusName()}): {@code db_client_connection_count{pool_name="orders",
 * state="used"}}, {@code db_client_connection_wait_time_seconds} (a histogram in seconds),
 * {@code db_client_connection_timeouts_total}, ... Closed pools are left out of scrapes.
 * docs/monitoring.md lists every series.
 */
public final class PoolCollector implements MultiCollector {
  private final List<DatabasePool> pools = new CopyOnWriteArrayList<>();
  private final PrometheusRegistry registry;

  private PoolCollector(PrometheusRegistry registry) {
    this.registry = registry;
  }

  /** Creates a collector for {@code pool} and registers it in the default registry. */
  public static PoolCollector register(DatabasePool pool) {
    return register(pool, PrometheusRegistry.defaultRegistry);
  }

  /**
   * Creates a collector for {@code pool} and registers it in {@code registry}. To publish several
   * pools, {@link #add} them to one collector, so each metric family is written once with one
   * series per pool.
   */
  public static PoolCollector register(DatabasePool pool, PrometheusRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    PoolCollector collector = new PoolCollector(registry);
    collector.add(pool);
    registry.register(collector);
    return collector;
  }

  /** Adds another pool to this collector; its series are told apart by {@code pool_name}. */
  public PoolCollector add(DatabasePool pool) {
    pools.add(Objects.requireNonNull(pool, "pool"));
    return this;
  }

  /** Removes a pool; its series disappear from the next scrape. */
  public void remove(DatabasePool pool) {
    pools.remove(pool);
  }

  /** Removes this collector from its registry. */
  public void unregister() {
    registry.unregister(this);
  }

  @Override
  public MetricSnapshots collect() {
    Map<String, List<MetricFamily>> byName = new LinkedHashMap<>();
    for (DatabasePool pool : pools) {
      if (pool.isClosed()) {
        continue;
      }
      for (MetricFamily f : pool.collectMetrics()) {
        byName.computeIfAbsent(f.prometheusName(), k -> new ArrayList<>()).add(f);
      }
    }
    MetricSnapshots.Builder out = MetricSnapshots.builder();
    for (Map.Entry<String, List<MetricFamily>> e : byName.entrySet()) {
      out.metricSnapshot(snapshot(e.getKey(), e.getValue()));
    }
    return out.build();
  }

  private static MetricSnapshot snapshot(String name, List<MetricFamily> families) {
    MetricFamily first = families.get(0);
    Unit unit = unit(first);
    switch (first.kind()) {
      case COUNTER: {
        CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(first.description());
        if (unit != null) {
          b.unit(unit);
        }
        for (MetricFamily f : families) {
          for (MetricFamily.Point p : f.points()) {
            b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                .labels(labels(p.attributes())).value(p.value()).build());
          }
        }
        return b.build();
      }
      case HISTOGRAM: {
        HistogramSnapshot.Builder b = HistogramSnapshot.builder().name(name).help(first.description());
        if (unit != null) {
          b.unit(unit);
        }
        for (MetricFamily f : families) {
          for (MetricFamily.Point p : f.points()) {
            b.dataPoint(histogramPoint(p));
          }
        }
        return b.build();
      }
      default: {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(first.description());
        if (unit != null) {
          b.unit(unit);
        }
        for (MetricFamily f : families) {
          for (MetricFamily.Point p : f.points()) {
            b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                .labels(labels(p.attributes())).value(p.value()).build());
          }
        }
        return b.build();
      }
    }
  }

  /** Prometheus buckets are per bucket, not cumulative, and end with +Inf. */
  private static HistogramSnapshot.HistogramDataPointSnapshot histogramPoint(MetricFamily.Point p) {
    MetricFamily.Histogram h = p.histogram();
    int n = h.upperBounds().size();
    double[] bounds = new double[n + 1];
    long[] counts = new long[n + 1];
    long previous = 0;
    for (int i = 0; i < n; i++) {
      bounds[i] = h.upperBounds().get(i);
      long cumulative = h.cumulativeCounts().get(i);
      counts[i] = Math.max(0, cumulative - previous);
      previous = Math.max(previous, cumulative);
    }
    bounds[n] = Double.POSITIVE_INFINITY;
    counts[n] = Math.max(0, h.count() - previous);
    HistogramSnapshot.HistogramDataPointSnapshot.Builder b =
        HistogramSnapshot.HistogramDataPointSnapshot.builder();
    b.sum(h.sum());
    return b.classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts))
        .labels(labels(p.attributes())).build();
  }

  private static Unit unit(MetricFamily f) {
    String name = f.prometheusName();
    if (name.endsWith("_seconds")) {
      return Unit.SECONDS;
    }
    if (name.endsWith("_ratio")) {
      return Unit.RATIO;
    }
    return null;
  }

  private static Labels labels(Map<String, String> attributes) {
    Labels.Builder b = Labels.builder();
    attributes.forEach((k, v) -> b.label(MetricFamily.prometheusLabel(k), v));
    return b.build();
  }
}
