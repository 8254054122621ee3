package mcp.db.pool.cli.load;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import mcp.db.pool.PoolClosedException;
import mcp.db.pool.PoolTimeoutException;

/**
 * A closed-loop load: {@code threads} workers, each borrowing a connection, running one
 * {@link Operation}, optionally holding the connection a little longer (standing in for the
 * application's own work inside a transaction), giving it back, and starting over, until the
 * duration is up or {@link #stop()} is called.
 *
 * <p>Each operation records two times: the <em>wait</em>, from asking the pool for a connection to
 * having one, and the <em>latency</em>, from asking to having given it back, which is what the
 * application sees. Operations that start during the warm-up are not recorded.
 *
 * <p>Design: every worker owns its two {@link LatencyHistogram}s (single writer); counters shared
 * by workers are {@link LongAdder}s. Readers ({@link #live()}, a dashboard, a progress line) merge
 * snapshots without stopping anyone, so what they see may be a few operations behind; the final
 * {@link Result} is taken after every worker has finished.
 */
public final class Workload {
  /** A borrow that took at least this long counts as having waited. */
  public static final long WAIT_THRESHOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final DataSource pool;
  private final Operation operation;
  private final int threads;
  private final long holdNanos;
  private final long startNanos;
  private final long measureFromNanos;
  /** {@link Long#MAX_VALUE} when the load runs until stopped. */
  private final long endNanos;
  private final List<Thread> workers = new ArrayList<>();
  private final List<LatencyHistogram> latencies = new ArrayList<>();
  private final List<LatencyHistogram> waits = new ArrayList<>();
  private final Map<String, LongAdder> opsByKind = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> errorsByKind = new ConcurrentHashMap<>();
  private final LongAdder waited = new LongAdder();
  /** Successful operations, warm-up included, for progress displays. */
  private final LongAdder completed = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private volatile String lastError;
  private volatile boolean stopping;

  private Workload(DataSource pool, Operation operation, int threads, Duration warmup, Duration duration,
      Duration hold) {
    this.pool = pool;
    this.operation = operation;
    this.threads = threads;
    this.holdNanos = hold.toNanos();
    this.startNanos = System.nanoTime();
    this.measureFromNanos = startNanos + warmup.toNanos();
    this.endNanos = duration.isZero() ? Long.MAX_VALUE : measureFromNanos + duration.toNanos();
  }

  /**
   * Starts the workers and returns at once.
   *
   * @param pool where connections come from
   * @param operation what each worker does with a connection
   * @param threads number of workers, at least 1
   * @param warmup time at the start whose operations are not recorded; zero for none
   * @param duration how long to record after the warm-up; zero to run until {@link #stop()}
   * @param hold how long each worker keeps the connection after the operation; zero for none
   * @throws IllegalArgumentException if threads is below 1 or a duration is negative
   */
  public static Workload start(DataSource pool, Operation operation, int threads, Duration warmup,
      Duration duration, Duration hold) {
    if (threads < 1) throw new IllegalArgumentException("threads must be at least 1 but was " + threads);
    if (warmup.isNegative() || duration.isNegative() || hold.isNegative()) {
      throw new IllegalArgumentException("durations must not be negative");
    }
    Workload w = new Workload(pool, operation, threads, warmup, duration, hold);
    for (int i = 0; i < threads; i++) {
      LatencyHistogram latency = new LatencyHistogram();
      LatencyHistogram wait = new LatencyHistogram();
      w.latencies.add(latency);
      w.waits.add(wait);
      Thread t = new Thread(() -> w.work(latency, wait), "mcp-cli-worker-" + (i + 1));
      t.setDaemon(true);
      w.workers.add(t);
    }
    w.workers.forEach(Thread::start);
    return w;
  }

  private void work(LatencyHistogram latency, LatencyHistogram wait) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (!stopping) {
      long asked = System.nanoTime();
      if (asked - endNanos >= 0) return;
      boolean measured = asked - measureFromNanos >= 0;
      try {
        long borrowed;
        String kind;
        try (Connection c = pool.getConnection()) {
          borrowed = System.nanoTime();
          kind = operation.run(c, random);
          if (holdNanos > 0) sleep(holdNanos);
        }
        long returned = System.nanoTime();
        completed.increment();
        if (measured) {
          wait.record(borrowed - asked);
          latency.record(returned - asked);
          if (borrowed - asked >= WAIT_THRESHOLD_NANOS) waited.increment();
          opsByKind.computeIfAbsent(kind, k -> new LongAdder()).increment();
        }
      } catch (PoolClosedException e) {
        return;
      } catch (SQLException | RuntimeException e) {
        if (stopping) return;
        if (measured) {
          errors.increment();
          errorsByKind.computeIfAbsent(errorKind(e), k -> new LongAdder()).increment();
        }
        lastError = describe(e);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static void sleep(long nanos) throws InterruptedException {
    TimeUnit.NANOSECONDS.sleep(nanos);
  }

  /** How errors are counted apart: "pool timeout", the SQLState, or the exception's class. */
  static String errorKind(Exception e) {
    if (e instanceof PoolTimeoutException) return "pool timeout";
    if (e instanceof SQLException sql && sql.getSQLState() != null) return "SQLState " + sql.getSQLState();
    return e.getClass().getSimpleName();
  }

  private static String describe(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int newline = message.indexOf('\n');
    if (newline >= 0) message = message.substring(0, newline);
    return message.length() > 300 ? message.substring(0, 300) + "..." : message;
  }

  /** Asks the workers to finish their current operation and stop. Does not wait; see {@link #await()}. */
  public void stop() {
    stopping = true;
  }

  /** Whether every worker has finished. */
  public boolean isDone() {
    for (Thread t : workers) {
      if (t.isAlive()) return false;
    }
    return true;
  }

  /** Number of workers. */
  public int threads() {
    return threads;
  }

  /** How long the recorded part lasts, or {@code null} when it runs until stopped. */
  public Duration plannedDuration() {
    return endNanos == Long.MAX_VALUE ? null : Duration.ofNanos(endNanos - measureFromNanos);
  }

  /**
   * Waits for every worker to finish (the duration is up or {@link #stop()} was called) and returns
   * the results.
   *
   * @throws InterruptedException if interrupted while waiting; the workers are then told to stop
   */
  public Result await() throws InterruptedException {
    try {
      for (Thread t : workers) t.join();
    } catch (InterruptedException e) {
      stop();
      throw e;
    }
    return result();
  }

  /** What has been recorded so far, while the workers run. */
  public Live live() {
    long now = System.nanoTime();
    long recorded = Math.max(0, Math.min(now, endNanos) - measureFromNanos);
    return new Live(now - startNanos, recorded, completed.sum(), merge(latencies), merge(waits), errors.sum());
  }

  private Result result() {
    long now = System.nanoTime();
    long elapsed = Math.max(0, Math.min(now, endNanos) - measureFromNanos);
    return new Result(threads, elapsed, counts(opsByKind), merge(latencies), merge(waits), waited.sum(),
        errors.sum(), counts(errorsByKind), lastError);
  }

  private static LatencyHistogram.Snapshot merge(List<LatencyHistogram> histograms) {
    return LatencyHistogram.merge(histograms);
  }

  private static Map<String, Long> counts(Map<String, LongAdder> adders) {
    Map<String, Long> m = new TreeMap<>();
    adders.forEach((k, v) -> m.put(k, v.sum()));
    return m;
  }

  /**
   * The load as it is now.
   *
   * @param sinceStartNanos time since the workers started, warm-up included
   * @param recordedNanos time recorded so far (zero during the warm-up)
   * @param completed successful operations so far, warm-up included
   * @param latency latencies recorded so far
   * @param waitTime waits recorded so far
   * @param errors errors recorded so far
   */
  public record Live(long sinceStartNanos, long recordedNanos, long completed, LatencyHistogram.Snapshot latency,
      LatencyHistogram.Snapshot waitTime, long errors) {
    /** Operations recorded so far (after the warm-up). */
    public long operations() {
      return latency.count();
    }
  }

  /**
   * The outcome of a finished load.
   *
   * @param threads workers
   * @param elapsedNanos the recorded time (after the warm-up)
   * @param operationsByKind operations that succeeded, by the kind their {@link Operation} named
   * @param latency ask-to-return times of successful operations
   * @param waitTime ask-to-borrow times of successful operations
   * @param waited successful operations whose borrow took at least {@link #WAIT_THRESHOLD_NANOS}
   * @param errors operations that failed
   * @param errorsByKind failures by {@link #errorKind kind} ("pool timeout", "SQLState 40001", ...)
   * @param lastError the message of the last failure, or {@code null}
   */
  public record Result(int threads, long elapsedNanos, Map<String, Long> operationsByKind,
      LatencyHistogram.Snapshot latency, LatencyHistogram.Snapshot waitTime, long waited, long errors,
      Map<String, Long> errorsByKind, String lastError) {
    /** Successful operations. */
    public long operations() {
      return latency.count();
    }

    /** Successful operations per second of recorded time. */
    public double throughput() {
      return elapsedNanos <= 0 ? 0 : operations() * 1e9 / elapsedNanos;
    }

    /** Operations that timed out waiting for a connection. */
    public long timeouts() {
      return errorsByKind.getOrDefault("pool timeout", 0L);
    }
  }
}
