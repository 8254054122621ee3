package mcp.db.pool.cli.load;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.PoolStats;

/**
 * Looks at a pool (and the load on it, if any) at a fixed interval and keeps what it saw: the last
 * {@code capacity} {@link Sample}s, the peaks, and the {@link SizeChange}s, i.e. every time the
 * pool's target size or overflow limit changed (by a resize, a tuning sweep or automatic sizing).
 * Progress lines, the dashboard and the final reports all read from here.
 *
 * <p>Design: one scheduler thread takes samples and is the only writer; readers copy the series
 * under the object's lock, which guards nothing that blocks. Listeners run on the scheduler
 * thread, after the sample is stored. Peaks come from samples, so a peak shorter than the interval
 * can be missed; reports say "sampled" where that matters.
 */
public final class PoolSampler implements AutoCloseable {
  private final DatabasePool pool;
  private final Workload workload;
  private final long intervalNanos;
  private final int capacity;
  private final long startNanos = System.nanoTime();
  private final List<Consumer<Sample>> listeners = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService scheduler;

  // Guarded by this.
  private final ArrayDeque<Sample> series = new ArrayDeque<>();
  private final List<SizeChange> sizeChanges = new ArrayList<>();
  private long sequence;
  private int peakInUse;
  private int peakWaiting;
  private int peakSize;
  private Sample last;
  private Workload.Live lastLive;
  private PoolStats lastStats;

  /**
   * Starts sampling at once and then every {@code interval}.
   *
   * @param pool the pool to watch
   * @param workload the load on it, or {@code null} to watch the pool alone
   * @param interval time between samples
   * @param capacity how many samples to keep; older ones are dropped
   */
  public PoolSampler(DatabasePool pool, Workload workload, Duration interval, int capacity) {
    this.pool = pool;
    this.workload = workload;
    this.intervalNanos = interval.toNanos();
    this.capacity = capacity;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "mcp-cli-sampler");
      t.setDaemon(true);
      return t;
    });
    sampleNow();
  }

  /** Starts the periodic sampling; call after adding listeners. */
  public PoolSampler start() {
    scheduler.scheduleAtFixedRate(this::sampleQuietly, intervalNanos, intervalNanos, TimeUnit.NANOSECONDS);
    return this;
  }

  /** Calls {@code listener} with every new sample, on the sampler's thread. */
  public void onSample(Consumer<Sample> listener) {
    listeners.add(listener);
  }

  private void sampleQuietly() {
    try {
      sampleNow();
    } catch (RuntimeException e) {
      // A failed sample (the pool closing under us) must not stop the schedule.
    }
  }

  /** Takes a sample now (besides the periodic ones) and returns it. */
  public Sample sampleNow() {
    PoolStats stats = pool.getPoolStats();
    Workload.Live live = workload == null ? null : workload.live();
    Sample sample;
    synchronized (this) {
      long now = System.nanoTime();
      double seconds = last == null ? 0 : (now - startNanos - last.sinceStartNanos()) / 1e9;
      double throughput = 0;
      long p50 = -1;
      long p99 = -1;
      long waitP99 = -1;
      if (live != null) {
        LatencyHistogram.Snapshot latency = lastLive == null ? live.latency() : live.latency().minus(lastLive.latency());
        LatencyHistogram.Snapshot wait = lastLive == null ? live.waitTime() : live.waitTime().minus(lastLive.waitTime());
        long completed = live.completed() - (lastLive == null ? 0 : lastLive.completed());
        throughput = seconds > 0 ? completed / seconds : 0;
        p50 = latency.percentile(0.50);
        p99 = latency.percentile(0.99);
        waitP99 = wait.percentile(0.99);
      }
      sample = new Sample(++sequence, now - startNanos, System.currentTimeMillis(), stats.checkedOut(),
          stats.checkedIn(), stats.waiting(), stats.size(), stats.poolSize(), stats.maxOverflow(), throughput,
          p50, p99, waitP99, live == null ? 0 : live.operations(), live == null ? 0 : live.errors(),
          stats.timeouts());
      if (lastStats != null && (lastStats.poolSize() != stats.poolSize() || lastStats.maxOverflow() != stats.maxOverflow())) {
        sizeChanges.add(new SizeChange(sample.sinceStartNanos(), sample.epochMillis(), lastStats.poolSize(),
            stats.poolSize(), lastStats.maxOverflow(), stats.maxOverflow()));
      }
      peakInUse = Math.max(peakInUse, stats.checkedOut());
      peakWaiting = Math.max(peakWaiting, stats.waiting());
      peakSize = Math.max(peakSize, stats.size());
      series.addLast(sample);
      while (series.size() > capacity) series.removeFirst();
      last = sample;
      lastLive = live;
      lastStats = stats;
    }
    for (Consumer<Sample> listener : listeners) listener.accept(sample);
    return sample;
  }

  /** The most recent sample. */
  public synchronized Sample last() {
    return last;
  }

  /** The pool statistics of the most recent sample. */
  public synchronized PoolStats lastStats() {
    return lastStats;
  }

  /** The kept samples, oldest first. */
  public synchronized List<Sample> series() {
    return new ArrayList<>(series);
  }

  /** Every change of the pool's size or overflow limit seen so far, oldest first. */
  public synchronized List<SizeChange> sizeChanges() {
    return new ArrayList<>(sizeChanges);
  }

  /** The largest number of connections in use in any sample. */
  public synchronized int peakInUse() {
    return peakInUse;
  }

  /** The largest number of waiting callers in any sample. */
  public synchronized int peakWaiting() {
    return peakWaiting;
  }

  /** The largest number of open connections in any sample. */
  public synchronized int peakSize() {
    return peakSize;
  }

  /** Stops sampling. Samples taken so far stay readable. */
  @Override
  public void close() {
    scheduler.shutdownNow();
  }

  /**
   * What the pool and the load looked like at one moment; rates and percentiles cover the interval
   * since the previous sample.
   *
   * @param sequence 1 for the first sample, then counting up
   * @param sinceStartNanos time since the sampler started
   * @param epochMillis wall-clock time of the sample
   * @param inUse connections lent out
   * @param idle idle connections
   * @param waiting callers waiting for a connection
   * @param size open connections
   * @param poolSize the pool's target size
   * @param maxOverflow the overflow limit (-1 = unbounded)
   * @param throughput successful operations per second in the interval, warm-up included (0 without a load)
   * @param latencyP50Nanos median latency in the interval, -1 if none
   * @param latencyP99Nanos 99th percentile latency in the interval, -1 if none
   * @param waitP99Nanos 99th percentile wait for a connection in the interval, -1 if none
   * @param operations successful operations so far
   * @param errors failed operations so far
   * @param timeouts callers that gave up waiting, as the pool counts them
   */
  public record Sample(long sequence, long sinceStartNanos, long epochMillis, int inUse, int idle, int waiting,
      int size, int poolSize, int maxOverflow, double throughput, long latencyP50Nanos, long latencyP99Nanos,
      long waitP99Nanos, long operations, long errors, long timeouts) {}

  /**
   * A change of the pool's target size or overflow limit between two samples.
   *
   * @param sinceStartNanos when it was seen, since the sampler started
   * @param epochMillis wall-clock time it was seen
   * @param fromPoolSize poolSize before
   * @param toPoolSize poolSize after
   * @param fromMaxOverflow maxOverflow before
   * @param toMaxOverflow maxOverflow after
   */
  public record SizeChange(long sinceStartNanos, long epochMillis, int fromPoolSize, int toPoolSize,
      int fromMaxOverflow, int toMaxOverflow) {}
}
