package mcp.db.pool.bench.sizing;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.DatabasePoolBuilder;
import mcp.db.pool.bench.PgbenchLoad;
import org.HdrHistogram.Histogram;

/**
 * Fixed pool sizes against automatic sizing on a real PostgreSQL, with pgbench's two standard
 * transactions, in one run: for each workload and client-thread count, the pool is opened once per
 * fixed size and once with {@code autoSize(true)}, and each run measures throughput and latency.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar mcp.db.pool.bench.sizing.SizingLoad \
 *     --workloads select,readwrite --threads 8,64,256 --sizes 2,4,8,16,32,64 --warmup 20 --seconds 20
 * }</pre>
 *
 * <p>Workloads: {@code select} is pgbench's select-only transaction ({@code -S}: one
 * {@code SELECT abalance FROM pgbench_accounts WHERE aid = ?}, auto-commit); {@code readwrite} is
 * pgbench's TPC-B-like default (update an account, read it, update a teller and a branch, insert a
 * history row, commit). Each client thread loops borrow, transaction, give back; a transaction's
 * latency includes the wait for a connection. A fixed size larger than the thread count is skipped
 * (the extra connections would sit idle). Every pool has the same settings (30 s poolTimeout,
 * maxOverflow 0, pre-ping after 500 ms idle, no leak detection); fixed pools are filled before
 * measuring, the automatic one starts at poolSize {@value #AUTO_START} within [1,
 * {@code --max-pool-size}] and is told nothing else. Runs get the same warm-up, which for the
 * automatic pool includes finding its size.
 *
 * <p>Options (defaults in brackets): {@code --workloads} [select,readwrite], {@code --threads}
 * [8,64,256], {@code --sizes} [2,4,8,16,32,64], {@code --warmup} seconds [20], {@code --seconds}
 * measured [20], {@code --max-pool-size} [64], {@code --url}
 * [jdbc:postgresql://127.0.0.1:5432/mcp_pgbench], {@code --user} [postgres], {@code --password}
 * [none], {@code --jvm-warmup} seconds of unmeasured load per workload before the first run, so
 * that no run is measured while the JIT is still compiling [30], {@code --reports} to print the
 * automatic pool's sizing report after each run (standard error). The database must hold pgbench tables ({@code pgbench -i -s 10 mcp_pgbench}).
 *
 * <p>Prints a table of every run and a summary against the targets (automatic sizing at least 95%
 * of the best fixed size's throughput, p99 at most 1.2x the best fixed size's) on standard output,
 * with the 1-minute load average before each run; progress goes to standard error.
 */
public final class SizingLoad {
  static final int AUTO_START = 5;
  static final long HIGHEST_LATENCY_NANOS = PgbenchLoad.HIGHEST_LATENCY_NANOS;
  static final String SELECT = PgbenchLoad.QUERY;

  private SizingLoad() {}

  /** Runs the comparison; see the class comment. */
  public static void main(String[] args) throws Exception {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("SizingLoad: " + e.getMessage());
      System.exit(2);
      return;
    }
    int scale = scale(o);
    System.err.printf(Locale.ROOT, "pgbench scale %d; %d s warm-up, %d s measured per run%n", scale, o.warmup, o.seconds);
    if (o.jvmWarmup > 0) {
      // The first runs would otherwise be measured while the JIT still compiles the driver and the
      // pool, which handicaps whichever size comes first.
      for (String workload : o.workloads) {
        System.err.printf(Locale.ROOT, "JVM warm-up: %s, %d s%n", workload, o.jvmWarmup);
        run(o.withWarmup(o.jvmWarmup, 1), workload, 64, 16, scale);
      }
    }
    List<Result> results = new ArrayList<>();
    for (String workload : o.workloads) {
      for (int threads : o.threads) {
        for (int size : o.sizes) {
          if (size <= threads) {
            results.add(run(o, workload, threads, size, scale));
          }
        }
        results.add(run(o, workload, threads, 0, scale));
      }
    }
    print(results, System.out);
    summarize(results, System.out);
  }

  /** Reads the pgbench scale (branches), failing with the command to create the tables. */
  static int scale(Options o) throws SQLException {
    try (Connection c = DriverManager.getConnection(o.url, o.user, o.password);
        Statement s = c.createStatement()) {
      try (ResultSet r = s.executeQuery("SELECT to_regclass('pgbench_branches') IS NOT NULL")) {
        r.next();
        if (!r.getBoolean(1)) {
          throw new IllegalStateException(o.url + " has no pgbench tables; run: pgbench -i -s 10 <database>");
        }
      }
      try (ResultSet r = s.executeQuery("SELECT count(*) FROM pgbench_branches")) {
        r.next();
        return r.getInt(1);
      }
    }
  }

  /** One measured run; {@code size} 0 means automatic sizing. */
  static Result run(Options o, String workload, int threads, int size, int scale) throws Exception {
    String load = loadAverage();
    System.err.printf(Locale.ROOT, "%s, %d threads, %s (load %s)...%n", workload, threads,
        size == 0 ? "auto" : "size " + size, load);
    DatabasePoolBuilder b = DatabasePool.builder().url(o.url).username(o.user).password(o.password)
        .poolName("sizing-" + workload + "-" + threads + "-" + (size == 0 ? "auto" : size))
        .maxOverflow(0).poolTimeout(Duration.ofSeconds(30)).poolPrePing(true)
        .prePingAfterIdle(Duration.ofMillis(500)).leakDetectionThreshold(Duration.ZERO);
    if (size == 0) {
      b.autoSize(true).poolSize(AUTO_START).minPoolSize(1).maxPoolSize(o.maxPoolSize);
    } else {
      b.poolSize(size).minIdle(size).maxPoolSize(Math.max(size, o.maxPoolSize));
    }
    try (DatabasePool pool = b.build()) {
      pool.sizingReport(); // starts sizing, should the pool's constructor not have started it yet
      awaitFilled(pool);
      long start = System.nanoTime();
      long measureFrom = start + TimeUnit.SECONDS.toNanos(o.warmup);
      long measureUntil = measureFrom + TimeUnit.SECONDS.toNanos(o.seconds);
      Client[] clients = new Client[threads];
      Thread[] running = new Thread[threads];
      for (int i = 0; i < threads; i++) {
        clients[i] = new Client(pool, workload, scale, measureFrom, measureUntil);
        running[i] = new Thread(clients[i], "sizing-client-" + i);
        running[i].start();
      }
      SizeTrace trace = new SizeTrace();
      AtomicBoolean done = new AtomicBoolean();
      Thread sampler = new Thread(() -> trace.follow(pool, measureFrom, measureUntil, done), "sizing-sampler");
      sampler.setDaemon(true);
      sampler.start();
      Histogram latency = new Histogram(HIGHEST_LATENCY_NANOS, 3);
      long errors = 0;
      for (int i = 0; i < threads; i++) {
        running[i].join();
        latency.add(clients[i].latency);
        errors += clients[i].errors;
      }
      done.set(true);
      sampler.join();
      if (size == 0 && o.reports) {
        System.err.println(pool.sizingReport().toTable());
      }
      double seconds = (measureUntil - measureFrom) / 1e9;
      int end = size == 0 ? pool.sizingReport().chosenSize() : size;
      return new Result(workload, threads, size, latency.getTotalCount() / seconds, latency, errors, load,
          trace.mean(), trace.min, trace.max, end);
    }
  }

  private static void awaitFilled(DatabasePool pool) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (pool.getPoolStats().size() < pool.getPoolStats().poolSize() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  /** The pool's size while measuring, sampled every 50 ms. */
  static final class SizeTrace {
    long samples;
    long sum;
    int min = Integer.MAX_VALUE;
    int max;

    void follow(DatabasePool pool, long from, long until, AtomicBoolean done) {
      while (!done.get()) {
        long now = System.nanoTime();
        if (now >= from && now < until) {
          int size = pool.getPoolStats().poolSize();
          samples++;
          sum += size;
          min = Math.min(min, size);
          max = Math.max(max, size);
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    double mean() {
      return samples == 0 ? 0 : (double) sum / samples;
    }
  }

  /** One client thread: transactions back to back, recording those inside the measured span. */
  static final class Client implements Runnable {
    final DatabasePool pool;
    final boolean readWrite;
    final int scale;
    final long measureFrom;
    final long measureUntil;
    final Histogram latency = new Histogram(HIGHEST_LATENCY_NANOS, 3);
    long errors;
    volatile long sink;

    Client(DatabasePool pool, String workload, int scale, long measureFrom, long measureUntil) {
      this.pool = pool;
      this.readWrite = workload.equals("readwrite");
      this.scale = scale;
      this.measureFrom = measureFrom;
      this.measureUntil = measureUntil;
    }

    @Override
    public void run() {
      long seen = 0;
      while (true) {
        long begin = System.nanoTime();
        if (begin >= measureUntil) {
          break;
        }
        try {
          seen += readWrite ? readWrite() : selectOnly();
        } catch (SQLException e) {
          if (begin >= measureFrom) {
            errors++;
          }
          continue;
        }
        long end = System.nanoTime();
        if (begin >= measureFrom && end <= measureUntil) {
          latency.recordValue(Math.min(end - begin, HIGHEST_LATENCY_NANOS));
        }
      }
      sink = seen;
    }

    private long selectOnly() throws SQLException {
      int aid = 1 + ThreadLocalRandom.current().nextInt(scale * 100_000);
      try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(SELECT)) {
        s.setInt(1, aid);
        try (ResultSet r = s.executeQuery()) {
          return r.next() ? r.getInt(1) : 0;
        }
      }
    }

    /** pgbench's TPC-B-like transaction. */
    private long readWrite() throws SQLException {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      int aid = 1 + random.nextInt(scale * 100_000);
      int tid = 1 + random.nextInt(scale * 10);
      int bid = 1 + random.nextInt(scale);
      int delta = random.nextInt(-5000, 5001);
      try (Connection c = pool.getConnection()) {
        c.setAutoCommit(false);
        try {
          long balance;
          try (PreparedStatement s = c.prepareStatement(
              "UPDATE pgbench_accounts SET abalance = abalance + ? WHERE aid = ?")) {
            s.setInt(1, delta);
            s.setInt(2, aid);
            s.executeUpdate();
          }
          try (PreparedStatement s = c.prepareStatement(SELECT)) {
            s.setInt(1, aid);
            try (ResultSet r = s.executeQuery()) {
              balance = r.next() ? r.getInt(1) : 0;
            }
          }
          try (PreparedStatement s = c.prepareStatement(
              "UPDATE pgbench_tellers SET tbalance = tbalance + ? WHERE tid = ?")) {
            s.setInt(1, delta);
            s.setInt(2, tid);
            s.executeUpdate();
          }
          try (PreparedStatement s = c.prepareStatement(
              "UPDATE pgbench_branches SET bbalance = bbalance + ? WHERE bid = ?")) {
            s.setInt(1, delta);
            s.setInt(2, bid);
            s.executeUpdate();
          }
          try (PreparedStatement s = c.prepareStatement("INSERT INTO pgbench_history (tid, bid, aid, delta, mtime)"
              + " VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP)")) {
            s.setInt(1, tid);
            s.setInt(2, bid);
            s.setInt(3, aid);
            s.setInt(4, delta);
            s.executeUpdate();
          }
          c.commit();
          return balance;
        } catch (SQLException e) {
          c.rollback();
          throw e;
        }
      }
    }
  }

  /** One run; {@code size} 0 is automatic sizing. */
  record Result(String workload, int threads, int size, double tps, Histogram latency, long errors, String load,
      double meanSize, int minSize, int maxSize, int endSize) {
    double millisAt(double percentile) {
      return latency.getValueAtPercentile(percentile) / 1e6;
    }

    String sizeLabel() {
      return size == 0
          ? String.format(Locale.ROOT, "auto %.1f (%d-%d, end %d)", meanSize, minSize, maxSize, endSize)
          : Integer.toString(size);
    }
  }

  static void print(List<Result> results, PrintStream out) {
    out.printf(Locale.ROOT, "%-9s %7s %-24s %9s %9s %9s %9s %7s  %s%n", "workload", "threads", "size",
        "tps", "p50 ms", "p99 ms", "p99.9 ms", "errors", "load before");
    for (Result r : results) {
      out.printf(Locale.ROOT, "%-9s %7d %-24s %9.0f %9.3f %9.3f %9.3f %7d  %s%n", r.workload(), r.threads(),
          r.sizeLabel(), r.tps(), r.millisAt(50), r.millisAt(99), r.millisAt(99.9), r.errors(), r.load());
    }
  }

  /** Per workload and thread count: automatic sizing against the best fixed size, and the targets. */
  static void summarize(List<Result> results, PrintStream out) {
    out.println();
    out.printf(Locale.ROOT, "%-9s %7s %10s %9s %9s %9s %9s %8s %8s  %s%n", "workload", "threads", "best fixed",
        "tps", "p99 ms", "auto tps", "auto p99", "tps %", "p99 x", "targets (>= 95%, <= 1.2x)");
    Map<String, List<Result>> groups = new LinkedHashMap<>();
    for (Result r : results) {
      groups.computeIfAbsent(r.workload() + "/" + r.threads(), k -> new ArrayList<>()).add(r);
    }
    for (List<Result> group : groups.values()) {
      Result best = null;
      Result auto = null;
      for (Result r : group) {
        if (r.size() == 0) {
          auto = r;
        } else if (best == null || r.tps() > best.tps()) {
          best = r;
        }
      }
      if (best == null || auto == null) {
        continue;
      }
      double share = 100 * auto.tps() / best.tps();
      double p99 = auto.millisAt(99) / best.millisAt(99);
      out.printf(Locale.ROOT, "%-9s %7d %10d %9.0f %9.3f %9.0f %9.3f %7.1f%% %7.2fx  %s%n", best.workload(),
          best.threads(), best.size(), best.tps(), best.millisAt(99), auto.tps(), auto.millisAt(99), share, p99,
          (share >= 95 ? "tps met" : "tps MISSED") + ", " + (p99 <= 1.2 ? "p99 met" : "p99 MISSED"));
    }
  }

  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }

  /** The parsed command line. */
  static final class Options {
    List<String> workloads = List.of("select", "readwrite");
    int[] threads = {8, 64, 256};
    int[] sizes = {2, 4, 8, 16, 32, 64};
    int warmup = 20;
    int seconds = 20;
    int maxPoolSize = 64;
    String url = "jdbc:postgresql://127.0.0.1:5432/mcp_pgbench";
    String user = "postgres";
    String password;
    boolean reports;
    int jvmWarmup = 30;

    /** A copy with other warm-up and measured seconds. */
    Options withWarmup(int warmupSeconds, int measuredSeconds) {
      Options c = new Options();
      c.workloads = workloads;
      c.threads = threads;
      c.sizes = sizes;
      c.warmup = warmupSeconds;
      c.seconds = measuredSeconds;
      c.maxPoolSize = maxPoolSize;
      c.url = url;
      c.user = user;
      c.password = password;
      c.reports = false;
      c.jvmWarmup = 0;
      return c;
    }

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String name = args[i];
        if (name.equals("--reports")) {
          o.reports = true;
          continue;
        }
        if (!name.startsWith("--") || i + 1 >= args.length) {
          throw new IllegalArgumentException("unexpected argument '" + name + "'");
        }
        String value = args[++i];
        switch (name) {
          case "--workloads":
            o.workloads = List.of(value.split(","));
            for (String w : o.workloads) {
              if (!w.equals("select") && !w.equals("readwrite")) {
                throw new IllegalArgumentException("--workloads: '" + w + "' is not select or readwrite");
              }
            }
            break;
          case "--threads": o.threads = positive(name, value); break;
          case "--sizes": o.sizes = positive(name, value); break;
          case "--warmup": o.warmup = positive(name, value)[0]; break;
          case "--seconds": o.seconds = positive(name, value)[0]; break;
          case "--max-pool-size": o.maxPoolSize = positive(name, value)[0]; break;
          case "--jvm-warmup": o.jvmWarmup = Integer.parseInt(value); break;
          case "--url": o.url = value; break;
          case "--user": o.user = value; break;
          case "--password": o.password = value; break;
          default: throw new IllegalArgumentException("unknown option " + name);
        }
      }
      return o;
    }

    private static int[] positive(String name, String value) {
      int[] numbers;
      try {
        numbers = Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray();
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " '" + value + "' is not a comma-separated list of integers");
      }
      for (int n : numbers) {
        if (n <= 0) {
          throw new IllegalArgumentException(name + " was " + n + " but must be more than 0");
        }
      }
      return numbers;
    }
  }
}
