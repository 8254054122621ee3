package mcp.db.pool.sizing;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import mcp.db.pool.internal.sizing.LoadSample;

/**
 * A deterministic model of a workload on a database with limited capacity, producing the
 * {@link LoadSample} one measurement window would show at a given poolSize. It stands in for the
 * pool and the database in controller tests, so a trace of hundreds of windows runs in
 * milliseconds.
 *
 * <p>The database: a query alone takes {@code serviceMillis}; once more than {@code capacity} run
 * at once, each takes {@code serviceMillis * (n / capacity)^thrash} (thrash 1 = throughput stays
 * flat past capacity, more than 1 = it falls). The workload: either {@code clients} callers in a
 * closed loop without think time, or arrivals at {@code arrivalsPerSecond} (open loop) with a
 * backlog that grows while the pool serves fewer than arrive. Optional noise multiplies each
 * window's throughput by a seeded random factor.
 */
final class ModelLoad {
  /** A measurement window (2 s) plus the settle time before it (1 s). */
  static final long WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(3000);

  double serviceMillis = 5;
  int capacity = 16;
  double thrash = 1.5;
  /** Closed-loop callers; 0 for open loop. */
  int clients;
  double arrivalsPerSecond;
  double noise;
  /** When set, throughput per second at n connections busy, replacing the capacity model. */
  java.util.function.DoubleUnaryOperator curve;
  private final Random random = new Random(42);

  /** Open loop: callers waiting for a connection, carried from window to window. */
  private double backlog;
  private long now = TimeUnit.SECONDS.toNanos(100);

  // What the next window should show instead of normal service.
  boolean connectFailures;
  boolean stalled;
  boolean failingQueries;

  static ModelLoad closedLoop(int clients, int capacity) {
    ModelLoad m = new ModelLoad();
    m.clients = clients;
    m.capacity = capacity;
    return m;
  }

  static ModelLoad openLoop(double arrivalsPerSecond, int capacity) {
    ModelLoad m = new ModelLoad();
    m.arrivalsPerSecond = arrivalsPerSecond;
    m.capacity = capacity;
    return m;
  }

  double holdMillis(double concurrent) {
    if (curve != null) {
      return Math.max(1, concurrent) * 1000 / curve.applyAsDouble(Math.max(1, concurrent));
    }
    return serviceMillis * Math.pow(Math.max(1, concurrent / capacity), thrash);
  }

  /** Best throughput at {@code size} connections in closed loop with enough callers. */
  double throughputAt(int size) {
    return size * 1000 / holdMillis(size);
  }

  /** The window that ends {@link #WINDOW_NANOS} after the previous one, at {@code poolSize}. */
  LoadSample window(int poolSize) {
    now += WINDOW_NANOS;
    double seconds = WINDOW_NANOS / 1e9;
    if (connectFailures || stalled) {
      int waiting = clients > 0 ? clients : (int) (backlog += arrivalsPerSecond * seconds);
      return new LoadSample(now, WINDOW_NANOS, poolSize, 0, 0, 0, 0, 0, stalled ? poolSize : 0,
          poolSize + waiting, waiting, waiting / 2, 0, connectFailures ? 12 : 0, false);
    }
    double inUse;
    double waiting;
    double throughput;
    double hold;
    if (clients > 0) {
      inUse = Math.min(poolSize, clients);
      waiting = clients - inUse;
      hold = holdMillis(inUse);
      throughput = inUse * 1000 / hold;
    } else {
      double demand = offeredConcurrency();
      if (demand <= poolSize && backlog < 1) {
        inUse = demand;
        hold = holdMillis(demand);
        throughput = arrivalsPerSecond;
        waiting = 0;
      } else {
        inUse = poolSize;
        hold = holdMillis(poolSize);
        double capacityNow = poolSize * 1000 / hold;
        double served = Math.min(capacityNow, arrivalsPerSecond + backlog / seconds);
        backlog = Math.max(0, backlog + (arrivalsPerSecond - served) * seconds);
        throughput = served;
        waiting = backlog;
      }
    }
    if (noise > 0) {
      throughput *= 1 + noise * (2 * random.nextDouble() - 1);
    }
    long completions = Math.round(throughput * seconds);
    long holdNanos = Math.round(completions * hold * 1e6);
    long waitNanos = Math.round(waiting * WINDOW_NANOS);
    double waitedShare = waiting >= 1 ? 1 : waiting;
    int peak = (int) Math.ceil(inUse + waiting + (clients > 0 ? 0 : 2 * Math.sqrt(inUse)));
    long errors = failingQueries ? completions : 0;
    return new LoadSample(now, WINDOW_NANOS, poolSize, completions, holdNanos, completions,
        Math.round(completions * waitedShare), waitNanos, inUse, peak, (int) Math.round(waiting), 0, errors,
        0, false);
  }

  /** Open loop: connections the arrivals keep busy when none wait (a fixed point of hold(n)). */
  private double offeredConcurrency() {
    double n = arrivalsPerSecond * serviceMillis / 1000;
    for (int i = 0; i < 50; i++) {
      n = arrivalsPerSecond * holdMillis(n) / 1000;
      if (n > 10_000) {
        return n;
      }
    }
    return n;
  }

  long now() {
    return now;
  }
}
