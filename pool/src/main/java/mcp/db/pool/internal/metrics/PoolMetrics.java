package mcp.db.pool.internal.metrics;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import mcp.db.pool.MetricFamily;
import mcp.db.pool.PoolStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool's counters and distributions, and the snapshots built from them.
 *
 * <h2>Hot path</h2>
 * The engine calls {@link #recordBorrow} and {@link #recordReturn} on every borrow and return. A
 * borrow that found an idle connection adds one to a counter of that connection; a return adds one
 * to a bucket of that connection's hold-time histogram and its hold time to the connection's sum,
 * and reads the epoch maximum. The connection's owner does both with plain (opaque) stores, no
 * atomics ({@link EntryCounters}); snapshots add up the connections, and a closing connection's
 * counts are folded into totals, both without locks ({@link ConnectionTotals}). Only borrows that
 * waited touch shared counters. Nothing locks. One return in 64 (chosen by bits of its hold time,
 * so the choice itself costs nothing) and every borrow that had to wait also count the connections
 * in use, to track the peak: a borrow that waited found the pool exhausted, which is when the peak
 * matters. That count ({@link PoolView#inUseCount}) allocates nothing either. With
 * {@link #ENABLED_PROPERTY}{@code =false} both methods return at once, so a benchmark
 * can measure what recording costs; the other counters are not on the hot path and stay on.
 *
 * <h2>Recent window</h2>
 * Percentiles, maxima, the peak, utilisation and recent error counts cover roughly the last
 * {@link #WINDOW_NANOS}. Snapshots leave a {@link Checkpoint} at most every
 * {@link #CHECKPOINT_INTERVAL_NANOS}: cumulative bucket counts, totals, the integral of in-use
 * connections over time, and the maxima of the epoch that the checkpoint closes. A snapshot's window
 * starts at the newest checkpoint at least a window old (or the oldest one there is), and its
 * figures are differences against that checkpoint. The checkpoint list is immutable and replaced by
 * one snapshot at a time (a flag taken by CAS; a snapshot that finds it taken simply does not leave
 * a checkpoint), so snapshots never block each other or the pool.
 *
 * <h2>Utilisation</h2>
 * The time integral of in-use connections is the sum of completed hold times plus, for
 * connections in use now, the time since they were borrowed ({@link PoolView#scan}). The
 * difference of two integrals divided by the time between them and the mean size is the
 * time-weighted utilisation. A return between reading the sum and scanning the connections is
 * counted in neither, which errs by one hold time for one window; the result is clamped to [0, 1].
 */
public final class PoolMetrics {
  private static final Logger log = LoggerFactory.getLogger(PoolMetrics.class);

  /**
   * System property that turns hot-path recording (wait and hold times, peak) off when
   * {@code false}; read once per pool. For benchmarks that measure what recording costs.
   */
  public static final String ENABLED_PROPERTY = "mcp.db.pool.metrics";

  static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(60);
  static final long CHECKPOINT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final long EXHAUSTION_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
  /** One return in 64 samples the in-use count; see the class comment. */
  private static final long PEAK_SAMPLE_MASK = 63;

  private final boolean enabled;
  /** The engine; set at construction or by the first snapshot. */
  private volatile PoolView view;
  private final long constructedAt = System.nanoTime();

  private final LongAdder created = new LongAdder();
  private final LongAdder broken = new LongAdder();
  private final LongAdder connectFailures = new LongAdder();
  private final LongAdder validationFailures = new LongAdder();
  private final LongAdder timeouts = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final EnumMap<CloseReason, LongAdder> closedBy = new EnumMap<>(CloseReason.class);
  private final ConcurrentHashMap<String, LongAdder> errorsByClass = new ConcurrentHashMap<>();
  private final RecentErrors recentErrors = new RecentErrors();

  /** Waits of borrows that waited; those that did not are counted per connection. */
  private final LatencyHistogram waitTime = new LatencyHistogram();
  /**
   * Only the epoch maximum of hold times; the counts and sum are per connection
   * ({@link EntryCounters}), added up by {@link #perConnection}.
   */
  private final LatencyHistogram holdTime = new LatencyHistogram();
  /**
   * Zero-wait borrows and hold-time counts and sums of every connection, open or closed, read
   * without locks (a seqlock between folds and readings; see {@link ConnectionTotals}).
   */
  private final ConnectionTotals perConnection = new ConnectionTotals();
  private final LatencyHistogram connectTime = new LatencyHistogram();
  /** Most connections seen in use at once since the last checkpoint. */
  private final AtomicInteger epochPeak = new AtomicInteger();

  private final AtomicReference<List<Checkpoint>> checkpoints =
      new AtomicReference<>();
  private final AtomicBoolean checkpointing = new AtomicBoolean();

  private final AtomicLong lastExhaustionLogAt = new AtomicLong();
  /** Timeouts counted when the last exhaustion line was logged; written by the logging thread. */
  private volatile long timeoutsAtLastLog;
  private volatile String lastConnectError;
  private volatile long lastConnectErrorAtMillis;
  /** System.nanoTime() of the last timeout, connect failure and connect; {@link #NEVER} if none. */
  private volatile long lastTimeoutAt = NEVER;
  private volatile long lastConnectFailureAt = NEVER;
  private volatile long lastConnectAt = NEVER;
  private static final long NEVER = Long.MIN_VALUE;
  /**
   * Sizing's latest beliefs and decision, copied into every snapshot. Written only by
   * {@code PoolSizing} while it holds its own lock (so writes are ordered), read without a lock by
   * snapshots; the record is immutable, so a snapshot sees one whole publication.
   */
  private volatile PoolStats.Sizing sizing = PoolStats.Sizing.OFF;

  /** Metrics for an engine that binds itself on its first snapshot; recording per the property. */
  public PoolMetrics() {
    this(null, !"false".equalsIgnoreCase(System.getProperty(ENABLED_PROPERTY, "true").trim()));
  }

  /** Metrics for {@code view} (not read until the first record or snapshot); recording per the property. */
  public PoolMetrics(PoolView view) {
    this(view, !"false".equalsIgnoreCase(System.getProperty(ENABLED_PROPERTY, "true").trim()));
  }

  /**
   * Metrics for {@code view}.
   *
   * @param enabled false to make {@link #recordBorrow} and {@link #recordReturn} do nothing
   */
  public PoolMetrics(PoolView view, boolean enabled) {
    this.view = view;
    this.enabled = enabled;
    for (CloseReason r : CloseReason.values()) {
      closedBy.put(r, new LongAdder());
    }
  }

  /** Whether wait and hold times are recorded. */
  public boolean isEnabled() {
    return enabled;
  }

  // ---------------------------------------------------------------- hot path

  /**
   * A borrow of the connection whose counters are {@code owner} succeeded after waiting
   * {@code waitNanos} (0 when an idle connection was at hand). Called by the new owner.
   */
  public void recordBorrow(EntryCounters owner, long waitNanos) {
    if (!enabled) {
      return;
    }
    if (waitNanos <= 0) {
      owner.recordZeroWait();
      return;
    }
    waitTime.record(waitNanos);
    sampleInUse(); // it waited: the pool was exhausted, a peak worth knowing exactly
  }

  /**
   * The connection whose counters are {@code owner} came back after being held
   * {@code holdNanos}. Called by its owner, before it gives the connection up.
   */
  public void recordReturn(EntryCounters owner, long holdNanos) {
    if (!enabled) {
      return;
    }
    owner.recordHold(holdNanos);
    holdTime.noteMax(holdNanos);
    if (((holdNanos >>> 4) & PEAK_SAMPLE_MASK) == 0) {
      sampleInUse(); // the returning connection still counts as in use here
    }
  }

  private void sampleInUse() {
    PoolView v = view;
    if (v != null) {
      notePeak(v.inUseCount());
    }
  }

  private void notePeak(int inUse) {
    int p;
    while (inUse > (p = epochPeak.get())) {
      if (epochPeak.compareAndSet(p, inUse)) {
        return;
      }
    }
  }

  // ---------------------------------------------------------------- events off the hot path

  /** A connection was opened in {@code connectNanos}. */
  public void recordConnect(long connectNanos) {
    created.increment();
    connectTime.record(connectNanos);
    lastConnectAt = System.nanoTime();
  }

  /** A connection attempt failed. */
  public void recordConnectFailure(Throwable error) {
    connectFailures.increment();
    lastConnectFailureAt = System.nanoTime();
    String msg = error == null ? null : error.getMessage();
    lastConnectError = RecentErrors.clean(msg == null ? String.valueOf(error) : msg);
    lastConnectErrorAtMillis = wallMillis();
  }

  /**
   * A caller gave up after poolTimeout. Logs the pool's counts at WARN, at most once every 10
   * seconds with the number of timeouts since the previous line, so an exhausted pool is visible in
   * the log even when the application swallows the exception.
   */
  public void recordTimeout() {
    timeouts.increment();
    long now = System.nanoTime();
    lastTimeoutAt = now;
    long last = lastExhaustionLogAt.get();
    if ((last == 0 || now - last >= EXHAUSTION_LOG_INTERVAL_NANOS)
        && lastExhaustionLogAt.compareAndSet(last, now == 0 ? 1 : now)) {
      logExhaustion();
    }
  }

  private void logExhaustion() {
    long total = timeouts.sum();
    long since = total - timeoutsAtLastLog;
    timeoutsAtLastLog = total;
    PoolView v = view;
    if (v == null) {
      log.warn("Connection pool exhausted: {} caller(s) gave up after poolTimeout", since);
      return;
    }
    int[] counts = new int[2];
    v.scanEntries(counts);
    int size = counts[0] + counts[1];
    log.warn("Pool '{}' exhausted: {} caller(s) gave up after poolTimeout since the last report; "
        + "size {}, in use {}, idle {}, overflow {}, waiting {}, connecting {}; poolSize {}, "
        + "maxOverflow {}, circuit breaker {}", v.name(), since, size, counts[0], counts[1],
        Math.max(0, size - v.poolSize()), v.waiting(), v.pendingConnects(), v.poolSize(),
        v.maxOverflow(), v.circuitState());
  }

  /** A connection failed pre-ping or keepalive validation. */
  public void recordValidationFailure() {
    validationFailures.increment();
  }

  /** A connection was found broken (a fatal error). */
  public void recordBroken() {
    broken.increment();
  }

  /** A physical connection was closed for {@code reason}. */
  public void recordClose(CloseReason reason) {
    closedBy.get(reason).increment();
  }

  /** An SQL error was seen through one of the pool's connections. */
  public void recordError(SQLException e) {
    errors.increment();
    errorsByClass.computeIfAbsent(sqlStateClass(e.getSQLState()), k -> new LongAdder()).increment();
    recentErrors.add(e, wallMillis());
  }

  /** The first two characters of a SQLState, or {@code "unknown"}. */
  static String sqlStateClass(String state) {
    if (state == null || state.length() < 2) {
      return "unknown";
    }
    String cls = state.substring(0, 2);
    for (int i = 0; i < 2; i++) {
      char c = cls.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'A' && c <= 'Z')) {
        return "unknown"; // not a SQLState; keep label values to the standard alphabet
      }
    }
    return cls;
  }

  /** A transaction callback was retried after a transient failure. */
  public void recordRetry() {
    retries.increment();
  }

  /** The counter sessions increment per retry. */
  public LongAdder retryCounter() {
    return retries;
  }

  /** The last connection failure's message (redacted, first line) and when, or null. */
  public String lastConnectError() {
    String msg = lastConnectError;
    return msg == null ? null : msg + " (at " + Instant.ofEpochMilli(lastConnectErrorAtMillis) + ")";
  }

  /**
   * Publishes sizing's latest beliefs and decision for the snapshots that follow. For the sizing
   * thread only, under the sizing lock; never called on the borrow/return path.
   */
  public void publishSizing(PoolStats.Sizing latest) {
    sizing = Objects.requireNonNull(latest, "latest");
  }

  /** Whether a caller timed out within the last {@code nanos}. */
  public boolean timedOutWithin(long nanos) {
    long at = lastTimeoutAt;
    return at != NEVER && System.nanoTime() - at <= nanos;
  }

  /**
   * Whether the latest connection attempt failed (no success since) within the last
   * {@code nanos}: the database is, as far as the pool last knew, refusing new connections.
   */
  public boolean connectsFailingWithin(long nanos) {
    long failedAt = lastConnectFailureAt;
    long okAt = lastConnectAt;
    return failedAt != NEVER && (okAt == NEVER || failedAt - okAt > 0)
        && System.nanoTime() - failedAt <= nanos;
  }

  private long wallMillis() {
    PoolView v = view;
    return v == null ? System.currentTimeMillis() : v.currentTimeMillis();
  }

  // ---------------------------------------------------------------- snapshots

  /** A lock-free snapshot; see the class comment for the recent window. */
  public PoolStats snapshot(PoolView pool) {
    return read(pool).stats;
  }

  /**
   * The metrics in the exporters' model: OpenTelemetry names, cumulative counters and histograms.
   */
  public List<MetricFamily> collect(PoolView pool) {
    Reading r = read(pool);
    return MetricCatalog.families(r.stats, r.waitCumulative, r.holdCumulative, r.connectCumulative);
  }

  /** A snapshot plus the cumulative histograms, from one read. */
  private Reading read(PoolView pool) {
    if (view == null) {
      view = pool;
    }
    long now = pool.nanoTime();
    Checkpoint current = capture(pool, now);
    EntryScan scan = current.scan;
    notePeak(scan.inUse);

    List<Checkpoint> list = checkpoints.get();
    if (list == null) {
      Checkpoint start = Checkpoint.start(now - (System.nanoTime() - constructedAt));
      checkpoints.compareAndSet(null, List.of(start));
      list = checkpoints.get();
    }
    int baseIndex = baseIndex(list, now);
    Checkpoint base = list.get(baseIndex);

    long waitMax = waitTime.peekEpochMax();
    long holdMax = holdTime.peekEpochMax();
    long connectMax = connectTime.peekEpochMax();
    int peak = epochPeak.get();
    for (int i = baseIndex + 1; i < list.size(); i++) {
      Checkpoint c = list.get(i);
      waitMax = Math.max(waitMax, c.waitMax);
      holdMax = Math.max(holdMax, c.holdMax);
      connectMax = Math.max(connectMax, c.connectMax);
      peak = Math.max(peak, c.peak);
    }

    long windowNanos = Math.max(0, now - base.at);
    int size = scan.inUse + scan.idle;
    PoolStats stats = new PoolStats(pool.name(), Instant.ofEpochMilli(pool.currentTimeMillis()),
        pool.poolSize(), pool.maxOverflow(), pool.currentMinIdle(), size, scan.inUse, scan.idle,
        Math.max(0, size - pool.poolSize()), pool.waiting(), pool.pendingConnects(),
        current.created, closedTotal(current.closedBy), broken.sum(), current.connectFailures,
        validationFailures.sum(), current.timeouts, retries.sum(),
        LatencyHistogram.total(current.wait), LatencyHistogram.total(current.hold), current.closedBy,
        errorClasses(), recentErrors.list(),
        scan.inUse == 0 ? Duration.ZERO : Duration.ofNanos(Math.max(0, now - scan.oldestBorrowedAt)),
        Duration.ofNanos(windowNanos), utilization(base, current, windowNanos), peak,
        current.timeouts - base.timeouts, current.errors - base.errors,
        current.connectFailures - base.connectFailures,
        timing(current.wait, base.wait, waitMax), timing(current.hold, base.hold, holdMax),
        timing(current.connect, base.connect, connectMax), pool.circuitState(), sizing);

    maybeCheckpoint(list, current, now);
    return new Reading(stats, current.wait, current.waitSum, current.hold, current.holdSum,
        current.connect, current.connectSum);
  }

  /** Reads every counter and distribution, and scans the connections. */
  private Checkpoint capture(PoolView pool, long now) {
    Checkpoint c = new Checkpoint(now);
    c.wait = new long[LatencyHistogram.BOUNDS.length];
    c.hold = new long[LatencyHistogram.BOUNDS.length];
    c.connect = new long[LatencyHistogram.BOUNDS.length];
    connectTime.readCounts(c.connect);
    c.connectSum = connectTime.sumNanos();
    // The hold sum before the scan: a return in between is counted in neither (see class comment).
    ConnectionTotals.Totals totals = perConnection.read(pool);
    totals.addHoldCountsTo(c.hold);
    waitTime.readCounts(c.wait);
    c.wait[0] += totals.zeroWaits;
    c.waitSum = waitTime.sumNanos();
    c.holdSum = totals.holdSumNanos;
    EntryScan scan = new EntryScan();
    pool.scan(scan, now);
    c.scan = scan;
    c.size = scan.inUse + scan.idle;
    c.inUseIntegral = c.holdSum + (scan.heldNanos == EntryScan.UNKNOWN ? 0 : scan.heldNanos);
    c.created = created.sum();
    c.connectFailures = connectFailures.sum();
    c.timeouts = timeouts.sum();
    c.errors = errors.sum();
    Map<String, Long> byReason = new TreeMap<>();
    for (Map.Entry<CloseReason, LongAdder> r : closedBy.entrySet()) {
      byReason.put(r.getKey().label(), r.getValue().sum());
    }
    c.closedBy = byReason;
    return c;
  }

  private static long closedTotal(Map<String, Long> byReason) {
    long n = 0;
    for (long v : byReason.values()) {
      n += v;
    }
    return n;
  }

  private Map<String, Long> errorClasses() {
    Map<String, Long> out = new TreeMap<>();
    errorsByClass.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /** The newest checkpoint at least a window old, else the oldest. */
  private static int baseIndex(List<Checkpoint> list, long now) {
    for (int i = list.size() - 1; i >= 0; i--) {
      if (now - list.get(i).at >= WINDOW_NANOS) {
        return i;
      }
    }
    return 0;
  }

  private double utilization(Checkpoint base, Checkpoint current, long windowNanos) {
    int size = current.size;
    double instant = size == 0 ? 0.0 : (double) current.scan.inUse / size;
    if (!enabled || windowNanos < TimeUnit.MILLISECONDS.toNanos(1)) {
      return instant;
    }
    double meanSize = base.size < 0 ? size : (base.size + size) / 2.0;
    if (meanSize <= 0) {
      return 0.0;
    }
    double u = (current.inUseIntegral - base.inUseIntegral) / (windowNanos * meanSize);
    return Math.max(0.0, Math.min(1.0, u));
  }

  private static PoolStats.Timing timing(long[] now, long[] base, long max) {
    long[] delta = new long[now.length];
    long count = 0;
    for (int i = 0; i < now.length; i++) {
      delta[i] = Math.max(0, now[i] - base[i]);
      count += delta[i];
    }
    if (count == 0) {
      return PoolStats.Timing.EMPTY;
    }
    return new PoolStats.Timing(count,
        Duration.ofNanos(LatencyHistogram.quantile(delta, 0.50, max)),
        Duration.ofNanos(LatencyHistogram.quantile(delta, 0.95, max)),
        Duration.ofNanos(LatencyHistogram.quantile(delta, 0.99, max)),
        Duration.ofNanos(max));
  }

  /** Leaves {@code current} as a checkpoint when the newest is old enough and nobody else is. */
  private void maybeCheckpoint(List<Checkpoint> list, Checkpoint current, long now) {
    Checkpoint newest = list.get(list.size() - 1);
    if (now - newest.at < CHECKPOINT_INTERVAL_NANOS || !checkpointing.compareAndSet(false, true)) {
      return;
    }
    try {
      List<Checkpoint> latest = checkpoints.get();
      if (latest != list) {
        return; // another snapshot just left one
      }
      current.waitMax = waitTime.takeEpochMax();
      current.holdMax = holdTime.takeEpochMax();
      current.connectMax = connectTime.takeEpochMax();
      current.peak = epochPeak.getAndSet(0);
      current.scan = null; // not needed any more; keep checkpoints small
      int from = baseIndex(list, now);
      ArrayList<Checkpoint> next = new ArrayList<>(list.subList(from, list.size()));
      next.add(current);
      checkpoints.set(List.copyOf(next));
    } finally {
      checkpointing.set(false);
    }
  }

  /** Cumulative figures at one moment; see the class comment. */
  private static final class Checkpoint {
    final long at;
    long[] wait;
    long[] hold;
    long[] connect;
    long waitSum;
    long holdSum;
    long connectSum;
    long inUseIntegral;
    /** Connections open then; -1 for the start checkpoint, whose size is unknown. */
    int size;
    long created;
    long connectFailures;
    long timeouts;
    long errors;
    Map<String, Long> closedBy;
    /** Maxima of the epoch this checkpoint closes. */
    long waitMax;
    long holdMax;
    long connectMax;
    int peak;
    /** The scan this capture made; dropped once it becomes a checkpoint. */
    EntryScan scan;

    Checkpoint(long at) {
      this.at = at;
    }

    static Checkpoint start(long at) {
      Checkpoint c = new Checkpoint(at);
      int n = LatencyHistogram.BOUNDS.length;
      c.wait = new long[n];
      c.hold = new long[n];
      c.connect = new long[n];
      c.size = -1;
      c.closedBy = Map.of();
      return c;
    }
  }

  /** What {@link #read} found. */
  private static final class Reading {
    final PoolStats stats;
    final MetricCatalog.Cumulative waitCumulative;
    final MetricCatalog.Cumulative holdCumulative;
    final MetricCatalog.Cumulative connectCumulative;

    Reading(PoolStats stats, long[] wait, long waitSum, long[] hold, long holdSum, long[] connect,
        long connectSum) {
      this.stats = stats;
      this.waitCumulative = new MetricCatalog.Cumulative(wait, waitSum);
      this.holdCumulative = new MetricCatalog.Cumulative(hold, holdSum);
      this.connectCumulative = new MetricCatalog.Cumulative(connect, connectSum);
    }
  }

  // ---------------------------------------------------------------- totals for pool sizing
  // Read-only cumulative totals for the sizing sampler (mcp.db.pool.internal.sizing), which reads
  // them a few times a second on the housekeeper thread and works on the differences. Nothing here
  // adds work to recordBorrow or recordReturn.

  /**
   * Borrows, waits and returns since the pool started, read in one pass over the connections
   * (zeros while hot-path recording is off).
   *
   * @param returns connections given back
   * @param holdNanos their hold times added up
   * @param borrows borrows that succeeded
   * @param borrowsWithoutWait those that found a connection at once
   * @param waitNanos the waits of successful borrows added up
   */
  public record HotTotals(long returns, long holdNanos, long borrows, long borrowsWithoutWait,
      long waitNanos) {}

  /** The hot-path totals; see {@link HotTotals}. */
  public HotTotals hotTotals() {
    ConnectionTotals.Totals perConnectionTotals = perConnection.read(view);
    long[] wait = new long[LatencyHistogram.BOUNDS.length];
    waitTime.readCounts(wait);
    long zeroWaits = wait[0] + perConnectionTotals.zeroWaits;
    return new HotTotals(perConnectionTotals.returns(), perConnectionTotals.holdSumNanos,
        LatencyHistogram.total(wait) + perConnectionTotals.zeroWaits, zeroWaits,
        waitTime.sumNanos());
  }

  // ---------------------------------------------------------------- per-connection counters

  /**
   * A connection is closing: adds its counters to the totals, after which they are no longer
   * read. Lock-free and called once per connection (later calls do nothing), before it leaves the
   * pool's list of connections, so that every reading counts it exactly once.
   */
  public void fold(EntryCounters closing) {
    perConnection.fold(closing);
  }

  /** Callers that gave up after poolTimeout since the pool started. */
  public long timeoutCount() {
    return timeouts.sum();
  }

  /** SQL errors seen through the pool's connections since the pool started. */
  public long errorCount() {
    return errors.sum();
  }

  /** Failed connection attempts since the pool started. */
  public long connectFailureCount() {
    return connectFailures.sum();
  }
}
