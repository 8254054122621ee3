package mcp.db.pool.internal.sizing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import mcp.db.pool.PoolConfig;
import mcp.db.pool.PoolStats;
import mcp.db.pool.SizingDecision;
import mcp.db.pool.SizingDecision.Action;
import mcp.db.pool.SizingReport;
import mcp.db.pool.internal.core.ConnectionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pool's sizing: the {@link LoadSampler}, the recent windows it produced, the
 * {@link SizingController} when {@code autoSize} is on, {@code optimizePoolSize}, and the report.
 *
 * <h2>Threads</h2>
 * {@link #tick()} runs every {@link LoadSampler#TICK_NANOS} on the pool's housekeeper thread (or a
 * test's thread); {@link #optimize} and {@link #report} run on callers' threads. All three take
 * {@link #lock}, a {@link ReentrantLock} held only for computation and for
 * {@link ConnectionPool#resize}, which never blocks (it hands connection attempts and closes to the
 * pool's own threads). Nothing here is on the borrow/return path.
 *
 * <h2>Applying a size</h2>
 * Each decision that changes the size resizes the engine and restarts the sampler's window, so the
 * next window measures the new size only. With {@code autoSize} the controller owns the size, so
 * {@link #start} sets {@code maxOverflow} to 0 (otherwise overflow connections would add
 * concurrency the controller did not choose). Sizes that change are logged at INFO with their
 * reason, probes and returns from probes at DEBUG; the recent ones are kept for the report.
 *
 * <h2>Publishing to the statistics</h2>
 * At start, after each tick that closed a window and after each {@link #optimize}, still under
 * {@link #lock}, sizing hands a fresh immutable {@link PoolStats.Sizing} (chosen size, state,
 * estimate, counters, last decision) to {@link mcp.db.pool.internal.metrics.PoolMetrics#publishSizing},
 * whose volatile field every snapshot and metrics collection copies. Readers never take the lock,
 * and a snapshot may show sizing as of the previous window.
 */
public final class PoolSizing {
  private static final Logger log = LoggerFactory.getLogger(PoolSizing.class);
  /** Windows kept for the report and optimizePoolSize: 2 s or more each, about ten minutes. */
  static final int HISTORY_WINDOWS = 300;
  /** Decisions kept for the report. */
  static final int DECISIONS_KEPT = 50;
  /** How far back optimizePoolSize looks. */
  static final long OPTIMIZE_LOOKBACK_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final ConnectionPool engine;
  private final PoolConfig config;
  private final ReentrantLock lock = new ReentrantLock();
  /** Guarded by {@link #lock}. */
  private final LoadSampler sampler;
  /** Null unless autoSize is on. Guarded by {@link #lock}. */
  private final SizingController controller;
  /** Recent windows, oldest first. Guarded by {@link #lock}. */
  private final ArrayDeque<LoadSample> history = new ArrayDeque<>();
  /** Recent decisions that changed or froze the size, oldest first. Guarded by {@link #lock}. */
  private final ArrayDeque<SizingDecision> decisions = new ArrayDeque<>();
  /** The previous automatic decision's action, to log a freeze once. Guarded by {@link #lock}. */
  private Action previousAction = Action.KEEP;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicLong grows = new AtomicLong();
  private final AtomicLong shrinks = new AtomicLong();

  /** Sizing for {@code engine}; nothing runs until {@link #start}. */
  public PoolSizing(ConnectionPool engine) {
    this.engine = engine;
    this.config = engine.config();
    this.sampler = new LoadSampler(engine);
    this.controller = config.autoSize()
        ? new SizingController(config.minPoolSize(), config.maxPoolSize(), engine.poolSize())
        : null;
  }

  /**
   * Starts sampling, and automatic sizing when {@code autoSize} is on; only the first call acts.
   *
   * @param background true to tick on the pool's housekeeper thread; false when a test calls
   *     {@link #tick(long)} itself
   */
  public void start(boolean background) {
    if (!started.compareAndSet(false, true)) {
      return;
    }
    lock.lock();
    try {
      publish(); // an automatic pool says so from the start, not from its first window
    } finally {
      lock.unlock();
    }
    if (controller != null) {
      if (engine.maxOverflow() != 0) {
        log.info("Pool '{}': automatic sizing owns the pool's size; maxOverflow {} -> 0", engine.name(),
            engine.maxOverflow());
        engine.setMaxOverflow(0);
      }
      log.info("Pool '{}': automatic sizing on, starting at poolSize {} within [{}, {}]", engine.name(),
          engine.poolSize(), config.minPoolSize(), config.maxPoolSize());
    }
    if (background) {
      engine.addPeriodicTask("pool sizing", this::tick, Duration.ofNanos(LoadSampler.TICK_NANOS));
    }
  }

  /** Whether automatic sizing is on. */
  public boolean automatic() {
    return controller != null;
  }

  /** Size increases automatic sizing made since the pool started (probes not counted). */
  public long grows() {
    return grows.get();
  }

  /** Size decreases automatic sizing made since the pool started (probes not counted). */
  public long shrinks() {
    return shrinks.get();
  }

  /** One tick at the pool clock's current time; for the housekeeper. */
  public void tick() {
    tick(engine.nanoTime());
  }

  /**
   * One tick at pool-clock time {@code now}: reads the counters and, when a window closed, records
   * it and lets the controller decide.
   *
   * @return the controller's decision when a window closed and autoSize is on, else null
   */
  public SizingDecision tick(long now) {
    lock.lock();
    try {
      if (engine.isClosed()) {
        return null;
      }
      LoadSample s = sampler.tick(now);
      if (s == null) {
        return null;
      }
      history.addLast(s);
      while (history.size() > HISTORY_WINDOWS) {
        history.removeFirst();
      }
      if (controller == null) {
        publish();
        return null;
      }
      int chosenBefore = controller.size();
      SizingController.Decision d = controller.decide(s);
      SizingDecision decision = apply(d.action(), d.newSize(), controller.size(), chosenBefore, d.reason(), s, true);
      publish();
      return decision;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Sets poolSize so that the demand measured over the last minute would use the pool at
   * {@code target}; see {@link UtilizationTarget}. With autoSize on, the controller continues from
   * the new size.
   *
   * @throws IllegalArgumentException if {@code target} is not in (0, 1]
   */
  public SizingDecision optimize(double target) {
    if (!(target > 0 && target <= 1)) {
      throw new IllegalArgumentException("targetUtilization must be more than 0 and at most 1 but was " + target);
    }
    lock.lock();
    try {
      long now = engine.nanoTime();
      List<LoadSample> recent = new ArrayList<>();
      for (LoadSample s : history) {
        if (now - s.endNanos() < OPTIMIZE_LOOKBACK_NANOS) {
          recent.add(s);
        }
      }
      LoadSample open = sampler.peek(now);
      if (open != null) {
        recent.add(open);
      }
      LoadSample measured = recent.isEmpty() ? null : LoadSample.combine(recent);
      UtilizationTarget.Choice c = UtilizationTarget.choose(measured, engine.poolSize(), config.minPoolSize(),
          config.maxPoolSize(), target);
      int before = engine.poolSize();
      SizingDecision d = apply(c.action(), c.newSize(), c.newSize(), before, c.reason(), measured, false);
      if (controller != null && d.resized()) {
        controller.restartAt(d.newSize());
      }
      publish();
      return d;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Applies a decision: resizes when {@code newSize} differs from poolSize, records it when the
   * size or the chosen size changed (or a freeze began), and logs it.
   */
  private SizingDecision apply(Action action, int newSize, int chosen, int chosenBefore, String reason,
      LoadSample measured, boolean automatic) {
    int previous = engine.poolSize();
    if (newSize != previous && !engine.isClosed()) {
      engine.resize(newSize);
      sampler.restart(engine.nanoTime(), newSize > previous);
    }
    SizingDecision d = new SizingDecision(Instant.ofEpochMilli(engine.currentTimeMillis()), action, automatic,
        previous, newSize, chosen, reason, measurement(measured));
    boolean firstFreeze = action == Action.FREEZE && previousAction != Action.FREEZE;
    boolean chosenMoved = chosen != chosenBefore;
    if (d.resized() || chosenMoved || firstFreeze || !automatic) {
      decisions.addLast(d);
      while (decisions.size() > DECISIONS_KEPT) {
        decisions.removeFirst();
      }
    }
    if (automatic) {
      previousAction = action;
    }
    if (chosenMoved) {
      if (automatic && action != Action.KEEP) { // KEEP: someone else resized the pool
        (chosen > chosenBefore ? grows : shrinks).incrementAndGet();
      }
      log.info("Pool '{}': {} chose poolSize {} (was {}; {} {} -> {}): {}", engine.name(),
          automatic ? "automatic sizing" : "optimizePoolSize", chosen, chosenBefore, action, previous, newSize,
          reason);
    } else if (firstFreeze || (!automatic && action != Action.KEEP)) {
      log.info("Pool '{}': {} holds poolSize {} ({}): {}", engine.name(),
          automatic ? "automatic sizing" : "optimizePoolSize", newSize, action, reason);
    } else if (d.resized()) {
      log.debug("Pool '{}': automatic sizing poolSize {} -> {} ({}): {}", engine.name(), previous, newSize,
          action, reason);
    } else {
      log.trace("Pool '{}': sizing {}: {}", engine.name(), action, reason);
    }
    return d;
  }

  /** What sizing measured and decided recently. */
  public SizingReport report() {
    lock.lock();
    try {
      long now = engine.nanoTime();
      Map<Integer, List<LoadSample>> bySize = new TreeMap<>();
      for (LoadSample s : history) {
        bySize.computeIfAbsent(s.poolSize(), k -> new ArrayList<>()).add(s);
      }
      List<SizingReport.SizeRow> rows = new ArrayList<>();
      for (Map.Entry<Integer, List<LoadSample>> e : bySize.entrySet()) {
        LoadSample c = LoadSample.combine(e.getValue());
        rows.add(new SizingReport.SizeRow(e.getKey(), Duration.ofNanos(c.windowNanos()), e.getValue().size(),
            c.throughput(), Duration.ofNanos(Math.round(c.meanHoldNanos())),
            Duration.ofNanos(Math.round(c.meanWaitNanos())), c.meanInUse(), c.meanWaiting(), c.utilization()));
      }
      Estimates est = estimates();
      return new SizingReport(engine.name(), Instant.ofEpochMilli(engine.currentTimeMillis()), controller != null,
          engine.poolSize(), config.minPoolSize(), config.maxPoolSize(),
          controller != null ? controller.size() : engine.poolSize(),
          controller != null ? controller.state() : "off",
          Duration.ofNanos(Math.round(est.noLoadHoldNanos())), est.peakThroughput(), est.concurrency(),
          controller != null ? controller.ceiling(now) : 0, rows, new ArrayList<>(decisions));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Hands what sizing believes now to the pool's statistics and metrics; see the class comment.
   * Called with {@link #lock} held, so publications are ordered.
   */
  private void publish() {
    Estimates est = estimates();
    SizingDecision last = decisions.peekLast();
    int chosen = controller != null ? controller.size() : last != null ? last.chosenSize() : 0;
    engine.metrics().publishSizing(new PoolStats.Sizing(controller != null, chosen,
        controller != null ? controller.state() : "off", est.concurrency(),
        Duration.ofNanos(Math.round(est.noLoadHoldNanos())),
        grows.get(), shrinks.get(), last));
  }

  /**
   * The database's no-load hold time and peak throughput: the controller's own once it has them,
   * else the lowest mean hold and highest throughput among the recent windows with enough
   * completions. Their product is its concurrency at its best (Little's law).
   */
  private record Estimates(double noLoadHoldNanos, double peakThroughput) {
    double concurrency() {
      return peakThroughput * noLoadHoldNanos / 1e9;
    }
  }

  /** See {@link Estimates}. Called with {@link #lock} held. */
  private Estimates estimates() {
    double lowestHold = 0;
    double peak = 0;
    for (LoadSample s : history) {
      if (s.completions() >= SizingController.MIN_PROBE_COMPLETIONS) {
        double hold = s.meanHoldNanos();
        lowestHold = lowestHold == 0 ? hold : Math.min(lowestHold, hold);
        peak = Math.max(peak, s.throughput());
      }
    }
    double noLoad = controller != null && controller.noLoadHoldNanos() > 0 ? controller.noLoadHoldNanos() : lowestHold;
    double best = controller != null && controller.peakThroughput() > 0 ? controller.peakThroughput() : peak;
    return new Estimates(noLoad, best);
  }

  static SizingDecision.Measurement measurement(LoadSample s) {
    if (s == null) {
      return SizingDecision.Measurement.NONE;
    }
    return new SizingDecision.Measurement(Duration.ofNanos(s.windowNanos()), s.throughput(),
        Duration.ofNanos(Math.round(s.meanHoldNanos())), Duration.ofNanos(Math.round(s.meanWaitNanos())),
        s.meanInUse(), s.meanWaiting(), s.peakDemand(), s.utilization(), s.timeouts(), s.errors(),
        s.connectFailures());
  }
}
