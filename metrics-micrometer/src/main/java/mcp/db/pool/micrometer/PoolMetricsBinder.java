package mcp.db.pool.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.MetricFamily;

/**
 * Binds a pool's metrics to a Micrometer registry, so Spring Boot Actuator (and any registry:
 * Prometheus, OTLP, Datadog, ...) publishes them:
 *
 * <pre>{@code
 * @Bean
 * MeterBinder poolMetrics(DatabasePool pool) {
 *   return new PoolMetricsBinder(pool);
 * }
 * }</pre>
 *
 * <p>Meter names and tag keys are the OpenTelemetry semantic-convention names the pool publishes
 * ({@code db.client.connection.count} tagged {@code db.client.connection.state} and
 * {@code db.client.connection.pool.name}, ...), and each registry renders them in its own
 * convention: Micrometer's Prometheus registry writes
 * {@code db_client_connection_count{db_client_connection_state="used",db_client_connection_pool_name="..."}},
 * where the pool's own {@code /metrics} and Prometheus module write the labels {@code state} and
 * {@code pool_name}. To get those labels from Micrometer too, add {@link #prometheusTagKeys()} to
 * the Prometheus registry before binding. Gauges and
 * up-down counters become {@link Gauge}s, counters {@link FunctionCounter}s, and the three duration
 * histograms {@link FunctionTimer}s (count and total time; Micrometer has no way to publish buckets
 * computed elsewhere, so use the Prometheus module or {@code /metrics} when you need them).
 *
 * <p>Every meter reads a snapshot of the pool that is refreshed at most once per
 * {@code refresh} period (1 second by default), so one publication reads the pool once, not once
 * per meter. Series that appear later (a new SQLState class) are registered at the next refresh.
 */
public final class PoolMetricsBinder implements MeterBinder {
  private static final String SEMCONV_PREFIX = "db.client.connection.";
  private final DatabasePool pool;
  private final Tags extraTags;
  private final long refreshNanos;
  private final Set<String> registered = ConcurrentHashMap.newKeySet();
  private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
  private volatile Snapshot snapshot;

  /** Binds {@code pool}'s metrics with no extra tags. */
  public PoolMetricsBinder(DatabasePool pool) {
    this(pool, Tags.empty(), Duration.ofSeconds(1));
  }

  /**
   * Binds {@code pool}'s metrics.
   *
   * @param tags added to every meter (e.g. the application name)
   * @param refresh how long one snapshot of the pool serves the meters; zero reads the pool on
   *     every meter read
   * @throws IllegalArgumentException if {@code refresh} is negative
   */
  public PoolMetricsBinder(DatabasePool pool, Iterable<Tag> tags, Duration refresh) {
    this.pool = Objects.requireNonNull(pool, "pool");
    this.extraTags = Tags.of(Objects.requireNonNull(tags, "tags"));
    if (refresh.isNegative()) {
      throw new IllegalArgumentException("refresh must not be negative but was " + refresh);
    }
    this.refreshNanos = refresh.toNanos();
  }

  /**
   * A filter that renames this binder's semantic-convention tag keys to the Prometheus labels the
   * pool's {@code /metrics} and Prometheus module use ({@code db.client.connection.state} becomes
   * {@code state}, {@code db.client.connection.pool.name} becomes {@code pool_name}; see
   * {@link MetricFamily#prometheusLabel}), so dashboards work with either source. Other tags and
   * other meters are left alone. Add it to the Prometheus registry only (an OTLP registry should
   * keep the convention's keys), before the binder binds:
   *
   * <pre>{@code
   * prometheusRegistry.config().meterFilter(PoolMetricsBinder.prometheusTagKeys());
   * }</pre>
   *
   * In Spring Boot, from a {@code MeterRegistryCustomizer<PrometheusMeterRegistry>} bean.
   */
  public static MeterFilter prometheusTagKeys() {
    return new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        String name = id.getName();
        if (!name.startsWith(SEMCONV_PREFIX) && !name.startsWith("mcp.db.pool.")) {
          return id;
        }
        List<Tag> renamed = new ArrayList<>();
        boolean changed = false;
        for (Tag t : id.getTagsAsIterable()) {
          if (t.getKey().startsWith(SEMCONV_PREFIX)) {
            renamed.add(Tag.of(MetricFamily.prometheusLabel(t.getKey()), t.getValue()));
            changed = true;
          } else {
            renamed.add(t);
          }
        }
        return changed ? id.replaceTags(renamed) : id;
      }
    };
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    registries.add(registry);
    register(registry, snapshot(true));
  }

  /** Registers the meters for every point not registered in {@code registry} yet. */
  private void register(MeterRegistry registry, Snapshot s) {
    for (MetricFamily f : s.families) {
      for (MetricFamily.Point p : f.points()) {
        String key = key(f.name(), p.attributes());
        if (!registered.add(System.identityHashCode(registry) + "|" + key)) {
          continue;
        }
        Tags tags = extraTags;
        for (Map.Entry<String, String> a : new TreeMap<>(p.attributes()).entrySet()) {
          tags = tags.and(a.getKey(), a.getValue());
        }
        registerMeter(registry, f, key, tags);
      }
    }
  }

  /**
   * The meters watch the pool (Micrometer holds it weakly, so a dropped pool's meters go quiet) and
   * read this binder's snapshot.
   */
  private void registerMeter(MeterRegistry registry, MetricFamily f, String key, Tags tags) {
    switch (f.kind()) {
      case COUNTER:
        FunctionCounter.builder(f.name(), pool, p -> value(key)).tags(tags)
            .description(f.description()).register(registry);
        break;
      case HISTOGRAM:
        FunctionTimer.builder(f.name(), pool, p -> count(key), p -> value(key), TimeUnit.SECONDS)
            .tags(tags).description(f.description()).register(registry);
        break;
      default:
        if ("s".equals(f.unit())) {
          TimeGauge.builder(f.name(), pool, TimeUnit.SECONDS, p -> value(key)).tags(tags)
              .description(f.description()).register(registry);
        } else {
          Gauge.builder(f.name(), pool, p -> value(key)).tags(tags).description(f.description())
              .baseUnit("1".equals(f.unit()) ? "ratio" : null).register(registry);
        }
    }
  }

  private double value(String key) {
    Double v = snapshot(false).values.get(key);
    return v == null ? Double.NaN : v;
  }

  private long count(String key) {
    Long c = snapshot(false).counts.get(key);
    return c == null ? 0 : c;
  }

  /** The current snapshot, refreshed when older than the refresh period (or when forced). */
  private Snapshot snapshot(boolean force) {
    Snapshot s = snapshot;
    long now = System.nanoTime();
    if (!force && s != null && now - s.takenAt < refreshNanos) {
      return s;
    }
    if (pool.isClosed() && s != null) {
      return s; // keep the last values of a closed pool
    }
    Snapshot fresh = new Snapshot(now, pool.collectMetrics());
    snapshot = fresh;
    if (s != null && fresh.values.size() != s.values.size()) {
      for (MeterRegistry r : registries) {
        register(r, fresh); // a series appeared (a new SQLState class, say)
      }
    }
    return fresh;
  }

  private static String key(String name, Map<String, String> attributes) {
    return name + new TreeMap<>(attributes);
  }

  /** Values by meter key, read from one collection. */
  private static final class Snapshot {
    final long takenAt;
    final List<MetricFamily> families;
    final Map<String, Double> values = new ConcurrentHashMap<>();
    final Map<String, Long> counts = new ConcurrentHashMap<>();

    Snapshot(long takenAt, List<MetricFamily> families) {
      this.takenAt = takenAt;
      this.families = families;
      for (MetricFamily f : families) {
        for (MetricFamily.Point p : f.points()) {
          String key = key(f.name(), p.attributes());
          values.put(key, p.value());
          if (p.histogram() != null) {
            counts.put(key, p.histogram().count());
          }
        }
      }
    }
  }
}
