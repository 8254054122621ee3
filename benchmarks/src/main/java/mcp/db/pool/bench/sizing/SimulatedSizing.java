package mcp.db.pool.bench.sizing;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.SizingReport;
import mcp.db.pool.testkit.StubDatabase;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Automatic sizing against a simulated database whose capacity is known, so that its decisions can
 * be checked against the right answer. The stub driver's query time is {@code service} while at
 * most {@code capacity} queries run at once, and {@code service * (active / capacity)^thrash}
 * beyond, so throughput peaks at exactly {@code capacity} connections and falls after.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar mcp.db.pool.bench.sizing.SimulatedSizing
 * }</pre>
 *
 * <p>One pool with {@code autoSize(true)}, starting at poolSize 5 within [1, 64], goes through four
 * phases: (A) {@code --clients} callers in a closed loop, far more than the capacity, for
 * {@code --saturate} seconds: it must settle within 20% of the capacity within 60 s and stay within
 * 10% after; (B) arrivals at a rate that keeps 6 connections busy (open loop), then (C) twice that
 * rate: it must absorb the doubling within 10 s (throughput at least 95% of the arrival rate and
 * the p99 back under twice phase B's, for 3 s in a row); (D) a tenth of C's rate: it must shrink.
 * With {@code --sweep} it first measures fixed sizes in the closed loop, to show where the best
 * size really is. Last, (E) {@code optimizePoolSize(0.8)} on a second pool, not sized
 * automatically, after phase B's load: the utilisation then measured at the size it chose must be
 * within 0.1 of 0.8.
 *
 * <p>Options (defaults in brackets): {@code --capacity} [16], {@code --service-ms} [5],
 * {@code --thrash} [1.5], {@code --clients} [64], {@code --saturate} seconds [120],
 * {@code --phase} seconds for B, C and D [40], {@code --sweep} sizes, e.g. 8,12,16,20,24,32
 * [none], {@code --timeline} to print every second (standard output) instead of every fifth.
 * Progress goes to standard error.
 */
public final class SimulatedSizing {
  static final long HIGHEST_LATENCY_NANOS = TimeUnit.MINUTES.toNanos(1);

  private SimulatedSizing() {}

  /** Runs the phases; see the class comment. */
  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    StubDatabase db = StubDatabase.unique();
    long serviceNanos = TimeUnit.MICROSECONDS.toNanos(Math.round(o.serviceMillis * 1000));
    db.queryTime(active -> Duration.ofNanos(
        Math.round(serviceNanos * Math.pow(Math.max(1.0, active / (double) o.capacity), o.thrash))));
    PrintStream out = System.out;
    out.printf(Locale.ROOT, "simulated database: %.1f ms per query up to %d at once, x (n/%d)^%.1f beyond; "
        + "best size %d; load before %s%n", o.serviceMillis, o.capacity, o.capacity, o.thrash, o.capacity,
        SizingLoad.loadAverage());
    if (o.sweep.length > 0) {
      sweep(o, db, out);
    }
    double busyPerSecond = 1000 / o.serviceMillis; // completions per second per busy connection
    double rateB = 6 * busyPerSecond;
    List<Phase> phases = List.of(
        new Phase("A", o.clients, 0, o.saturateSeconds),
        new Phase("B", 0, rateB, o.phaseSeconds),
        new Phase("C", 0, 2 * rateB, o.phaseSeconds),
        new Phase("D", 0, 2 * rateB / 10, o.phaseSeconds));
    List<Second> timeline = run(o, db, phases);
    print(timeline, o, out);
    judge(timeline, o, out);
    optimize(o, db, rateB, out);
  }

  /**
   * {@code optimizePoolSize(0.8)} on a pool that is not sized automatically: 16 connections, the
   * arrivals of phase B (6 busy) for {@code --phase} seconds; then the same load for as long again
   * at the size it chose, and the utilisation measured there.
   */
  static void optimize(Options o, StubDatabase db, double rate, PrintStream out) throws Exception {
    try (DatabasePool pool = DatabasePool.builder().url(db.url()).poolName("simulated-optimize").poolSize(16)
        .maxOverflow(0).poolTimeout(Duration.ofSeconds(30)).build()) {
      pool.sizingReport(); // starts measuring, should the pool's constructor not have started it yet
      Load load = new Load(pool);
      load.start(new Phase("E", 0, rate, o.phaseSeconds));
      Thread.sleep(TimeUnit.SECONDS.toMillis(o.phaseSeconds));
      mcp.db.pool.SizingDecision d = pool.optimizePoolSize(0.8);
      Thread.sleep(TimeUnit.SECONDS.toMillis(o.phaseSeconds));
      load.stop();
      SizingReport.SizeRow at = pool.sizingReport().bySize().stream()
          .filter(r -> r.poolSize() == d.newSize()).findFirst().orElse(null);
      double measured = at == null ? Double.NaN : at.utilization();
      out.printf(Locale.ROOT, "E optimizePoolSize(0.8) after %d s at %.0f/s: %s%n", o.phaseSeconds, rate, d);
      out.printf(Locale.ROOT, "E utilisation measured at %d over the next %d s: %.2f (target: within 0.1 of 0.8) "
          + "-> %s%n", d.newSize(), o.phaseSeconds, measured, Math.abs(measured - 0.8) <= 0.1 ? "met" : "MISSED");
    }
  }

  /** One phase of load: closed loop with {@code clients}, or open loop at {@code rate} per second. */
  record Phase(String name, int clients, double rate, int seconds) {
    String describe() {
      return clients > 0 ? clients + " clients" : String.format(Locale.ROOT, "%.0f/s", rate);
    }
  }

  /** What one second looked like. */
  record Second(int t, Phase phase, long completions, double p99Millis, int poolSize, int chosen, int waiting) {}

  /** Runs the phases against one automatically sized pool, sampling every second. */
  static List<Second> run(Options o, StubDatabase db, List<Phase> phases) throws Exception {
    List<Second> timeline = new ArrayList<>();
    try (DatabasePool pool = DatabasePool.builder().url(db.url()).poolName("simulated-auto").autoSize(true)
        .poolSize(5).minPoolSize(1).maxPoolSize(64).maxOverflow(0).poolTimeout(Duration.ofSeconds(30)).build()) {
      pool.sizingReport(); // starts sizing, should the pool's constructor not have started it yet
      Load load = new Load(pool);
      int t = 0;
      for (Phase phase : phases) {
        System.err.printf(Locale.ROOT, "phase %s: %s for %d s (load %s)%n", phase.name(), phase.describe(),
            phase.seconds(), SizingLoad.loadAverage());
        load.start(phase);
        long next = System.nanoTime();
        for (int s = 0; s < phase.seconds(); s++) {
          next += TimeUnit.SECONDS.toNanos(1);
          LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
          Histogram h = load.latency.getIntervalHistogram();
          SizingReport report = pool.sizingReport();
          timeline.add(new Second(++t, phase, load.completions.sumThenReset(),
              h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(99) / 1e6, report.poolSize(),
              report.chosenSize(), pool.getPoolStats().waiting()));
        }
        load.stop();
      }
      System.err.println(pool.sizingReport().toTable());
    }
    return timeline;
  }

  /** Drives a phase's load: closed-loop client threads, or an arrival thread feeding workers. */
  static final class Load {
    final DatabasePool pool;
    final Recorder latency = new Recorder(HIGHEST_LATENCY_NANOS, 2);
    final LongAdder completions = new LongAdder();
    final ExecutorService workers = new ThreadPoolExecutor(256, 256, 10, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread w = new Thread(r, "sim-worker");
          w.setDaemon(true);
          return w;
        });
    private AtomicBoolean running = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();

    Load(DatabasePool pool) {
      this.pool = pool;
    }

    void start(Phase phase) {
      running = new AtomicBoolean(true);
      AtomicBoolean on = running;
      if (phase.clients() > 0) {
        for (int i = 0; i < phase.clients(); i++) {
          threads.add(daemon(() -> {
            while (on.get()) {
              once(System.nanoTime());
            }
          }, "sim-client-" + i));
        }
      } else {
        double meanGapNanos = 1e9 / phase.rate();
        threads.add(daemon(() -> {
          long next = System.nanoTime();
          while (on.get()) {
            // Poisson arrivals on an absolute schedule, so a late wake-up catches up instead of
            // lowering the rate.
            next += (long) (-Math.log(1 - ThreadLocalRandom.current().nextDouble()) * meanGapNanos);
            long wait = next - System.nanoTime();
            if (wait > 0) {
              LockSupport.parkNanos(wait);
            }
            long arrival = next;
            workers.execute(() -> once(arrival));
          }
        }, "sim-arrivals"));
      }
    }

    void stop() throws InterruptedException {
      running.set(false);
      for (Thread t : threads) {
        t.join();
      }
      threads.clear();
    }

    /** One borrow-query-return, timed from {@code arrival}. */
    void once(long arrival) {
      try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
        s.execute("select 1");
      } catch (SQLException e) {
        return;
      }
      latency.recordValue(Math.min(HIGHEST_LATENCY_NANOS, System.nanoTime() - arrival));
      completions.increment();
    }

    private static Thread daemon(Runnable r, String name) {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      t.start();
      return t;
    }
  }

  /** Closed-loop throughput and p99 at fixed sizes, for reference. */
  static void sweep(Options o, StubDatabase db, PrintStream out) throws Exception {
    out.printf(Locale.ROOT, "%nfixed sizes, %d clients in a closed loop (2 s warm-up, 6 s measured each):%n", o.clients);
    out.printf(Locale.ROOT, "%5s %9s %9s%n", "size", "tps", "p99 ms");
    for (int size : o.sweep) {
      try (DatabasePool pool = DatabasePool.builder().url(db.url()).poolName("simulated-" + size).poolSize(size)
          .maxOverflow(0).maxPoolSize(Math.max(size, 64)).poolTimeout(Duration.ofSeconds(30)).build()) {
        Load load = new Load(pool);
        load.start(new Phase("sweep", o.clients, 0, 8));
        Thread.sleep(2000);
        load.latency.getIntervalHistogram();
        load.completions.reset();
        Thread.sleep(6000);
        Histogram h = load.latency.getIntervalHistogram();
        long n = load.completions.sum();
        load.stop();
        out.printf(Locale.ROOT, "%5d %9.0f %9.2f%n", size, n / 6.0, h.getValueAtPercentile(99) / 1e6);
      }
    }
    out.println();
  }

  static void print(List<Second> timeline, Options o, PrintStream out) {
    out.printf(Locale.ROOT, "%5s %5s %10s %9s %9s %9s %7s %8s%n", "t s", "phase", "offered", "tps", "p99 ms",
        "poolSize", "chosen", "waiting");
    for (Second s : timeline) {
      if (o.timeline || s.t() % 5 == 0 || s.t() <= 10) {
        out.printf(Locale.ROOT, "%5d %5s %10s %9d %9.2f %9d %7d %8d%n", s.t(), s.phase().name(),
            s.phase().describe(), s.completions(), s.p99Millis(), s.poolSize(), s.chosen(), s.waiting());
      }
    }
  }

  /** Checks the targets and prints one line each. */
  static void judge(List<Second> timeline, Options o, PrintStream out) {
    out.println();
    int best = o.capacity;
    List<Second> a = phase(timeline, "A");
    int settle20 = settledFrom(a, (int) Math.ceil(0.8 * best), (int) Math.floor(1.2 * best));
    int settle10 = settledFrom(a, (int) Math.ceil(0.9 * best), (int) Math.floor(1.1 * best));
    out.printf(Locale.ROOT, "A settle: chosen size within 20%% of %d (%d..%d) from %s to the end of the phase "
        + "(target: within 60 s) -> %s%n", best, (int) Math.ceil(0.8 * best), (int) Math.floor(1.2 * best),
        settle20 < 0 ? "never" : settle20 + " s", settle20 >= 0 && settle20 <= 60 ? "met" : "MISSED");
    if (settle20 >= 0) {
      List<Second> after = a.subList(Math.min(a.size(), settle20), a.size());
      long within10 = after.stream().filter(s -> Math.abs(s.chosen() - best) <= 0.1 * best).count();
      long liveWithin10 = after.stream().filter(s -> Math.abs(s.poolSize() - best) <= 0.1 * best).count();
      out.printf(Locale.ROOT, "A stay: after settling, chosen size within 10%% in %d of %d s, poolSize (probes "
          + "included) in %d of %d s; within 10%% to the end from %s -> %s%n", within10, after.size(), liveWithin10,
          after.size(), settle10 < 0 ? "never" : settle10 + " s", within10 == after.size() ? "met" : "MISSED");
    }
    List<Second> b = phase(timeline, "B");
    List<Second> c = phase(timeline, "C");
    List<Second> d = phase(timeline, "D");
    double p99B = median(b.subList(b.size() / 2, b.size()));
    double rateC = c.get(0).phase().rate();
    int absorbed = -1;
    for (int i = 0; i + 2 < c.size() && absorbed < 0; i++) {
      boolean ok = true;
      for (int k = i; k < i + 3; k++) {
        ok &= c.get(k).completions() >= 0.95 * rateC && c.get(k).p99Millis() <= 2 * p99B;
      }
      if (ok) {
        absorbed = i + 1;
      }
    }
    out.printf(Locale.ROOT, "C absorb: arrivals doubled to %.0f/s at poolSize %d; throughput >= 95%% and p99 <= 2 x "
        + "%.2f ms (phase B) for 3 s from %s after the step (target: within 10 s) -> %s%n", rateC,
        b.get(b.size() - 1).poolSize(), p99B, absorbed < 0 ? "never" : absorbed + " s",
        absorbed >= 1 && absorbed <= 10 ? "met" : "MISSED");
    int endC = c.get(c.size() - 1).poolSize();
    int endD = d.get(d.size() - 1).poolSize();
    int halved = -1;
    for (int i = 0; i < d.size() && halved < 0; i++) {
      if (d.get(i).poolSize() <= endC / 2) {
        halved = i + 1;
      }
    }
    out.printf(Locale.ROOT, "D shrink: arrivals fell to a tenth; poolSize %d -> %d, at half or less after %s "
        + "-> %s%n", endC, endD, halved < 0 ? "never" : halved + " s", endD < endC ? "met" : "MISSED");
  }

  private static List<Second> phase(List<Second> timeline, String name) {
    return timeline.stream().filter(s -> s.phase().name().equals(name)).toList();
  }

  /** Seconds from the phase start after which the chosen size stays in [low, high]; -1 if never. */
  static int settledFrom(List<Second> seconds, int low, int high) {
    int from = -1;
    for (int i = 0; i < seconds.size(); i++) {
      int size = seconds.get(i).chosen();
      boolean in = size >= low && size <= high;
      if (in && from < 0) {
        from = i + 1;
      } else if (!in) {
        from = -1;
      }
    }
    return from;
  }

  private static double median(List<Second> seconds) {
    double[] v = seconds.stream().mapToDouble(Second::p99Millis).sorted().toArray();
    return v.length == 0 ? 0 : v[v.length / 2];
  }

  /** The parsed command line. */
  static final class Options {
    int capacity = 16;
    double serviceMillis = 5;
    double thrash = 1.5;
    int clients = 64;
    int saturateSeconds = 120;
    int phaseSeconds = 40;
    int[] sweep = {};
    boolean timeline;

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String name = args[i];
        if (name.equals("--timeline")) {
          o.timeline = true;
          continue;
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("option " + name + " needs a value");
        }
        String value = args[++i];
        switch (name) {
          case "--capacity": o.capacity = Integer.parseInt(value); break;
          case "--service-ms": o.serviceMillis = Double.parseDouble(value); break;
          case "--thrash": o.thrash = Double.parseDouble(value); break;
          case "--clients": o.clients = Integer.parseInt(value); break;
          case "--saturate": o.saturateSeconds = Integer.parseInt(value); break;
          case "--phase": o.phaseSeconds = Integer.parseInt(value); break;
          case "--sweep":
            o.sweep = java.util.Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray();
            break;
          default: throw new IllegalArgumentException("unknown option " + name);
        }
      }
      return o;
    }
  }
}
