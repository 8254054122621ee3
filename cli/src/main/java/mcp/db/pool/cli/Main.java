package mcp.db.pool.cli;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.DatabasePoolBuilder;
import mcp.db.pool.PoolStats;

/**
 * The command-line tool. For now it runs the demo: a mixed read/write workload from several
 * threads through a pool on an embedded H2 database (or on {@code DATABASE_URL} when set), then
 * prints the pool's statistics.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    int threads = 8;
    Duration duration = Duration.ofSeconds(3);
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "demo":
          break;
        case "--threads":
          threads = Integer.parseInt(args[++i]);
          break;
        case "--seconds":
          duration = Duration.ofSeconds(Long.parseLong(args[++i]));
          break;
        default:
          err.println("mcp-db-pool: unknown argument '" + args[i] + "' (usage: demo [--threads N] [--seconds S])");
          return 2;
      }
    }
    String envUrl = System.getenv("DATABASE_URL");
    DatabasePoolBuilder builder = envUrl != null
        ? DatabasePoolBuilder.fromEnv(System.getenv())
        : DatabasePool.builder().url("jdbc:h2:mem:demo;DB_CLOSE_DELAY=-1").poolName("demo")
            .poolSize(4).maxOverflow(4);
    try (DatabasePool pool = builder.build()) {
      err.println("demo: " + threads + " threads for " + duration.toSeconds() + " s on " + pool.config().displayUrl());
      runWorkload(pool, threads, duration, out);
    }
    return 0;
  }

  private static void runWorkload(DatabasePool pool, int threads, Duration duration, PrintStream out)
      throws Exception {
    try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS demo_accounts");
      st.execute("CREATE TABLE demo_accounts (id INT PRIMARY KEY, balance BIGINT NOT NULL)");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO demo_accounts VALUES (?, 1000)")) {
        for (int i = 0; i < 100; i++) {
          ps.setInt(1, i);
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
    LongAdder reads = new LongAdder();
    LongAdder writes = new LongAdder();
    LongAdder errors = new LongAdder();
    long end = System.nanoTime() + duration.toNanos();
    ExecutorService workers = Executors.newFixedThreadPool(threads);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      futures.add(workers.submit(() -> {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        while (System.nanoTime() < end) {
          try (Connection c = pool.getConnection()) {
            if (rnd.nextInt(10) < 8) {
              try (PreparedStatement ps = c.prepareStatement("SELECT balance FROM demo_accounts WHERE id = ?")) {
                ps.setInt(1, rnd.nextInt(100));
                try (ResultSet rs = ps.executeQuery()) {
                  rs.next();
                }
              }
              reads.increment();
            } else {
              try (PreparedStatement ps = c.prepareStatement("UPDATE demo_accounts SET balance = balance + 1 WHERE id = ?")) {
                ps.setInt(1, rnd.nextInt(100));
                ps.executeUpdate();
              }
              writes.increment();
            }
          } catch (SQLException e) {
            errors.increment();
          }
        }
        return null;
      }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    workers.shutdown();
    PoolStats stats = pool.getPoolStats();
    double seconds = duration.toMillis() / 1000.0;
    out.printf("operations: %d reads, %d writes, %d errors (%.0f ops/s)%n", reads.sum(), writes.sum(),
        errors.sum(), (reads.sum() + writes.sum()) / seconds);
    out.println("pool statistics:");
    for (Map.Entry<String, Object> e : stats.toMap().entrySet()) {
      out.printf("  %-26s %s%n", e.getKey(), e.getValue());
    }
  }
}
