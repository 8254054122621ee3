package mcp.db.pool.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * pgbench's select-only transaction ({@code pgbench -S -M prepared}) driven through each pool
 * against a real PostgreSQL: every client thread loops borrow, {@code prepareStatement("SELECT
 * abalance FROM pgbench_accounts WHERE aid = ?")} with a random aid, execute, read the row, close
 * everything, for a warm-up and then the measured seconds. A transaction's latency is the whole loop
 * body, so it includes the wait for a connection when there are more threads than connections.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar mcp.db.pool.bench.PgbenchLoad \
 *     --pools mcp,hikari --threads 8,64 --sizes 8,64 --seconds 20
 * }</pre>
 *
 * <p>Options (defaults in brackets): {@code --pools} [mcp,hikari], {@code --threads} [8,64],
 * {@code --sizes} [8,64] (a size larger than the thread count is skipped: the extra connections would
 * sit idle), {@code --seconds} measured [20], {@code --warmup} seconds [5], {@code --url}
 * [jdbc:postgresql://127.0.0.1:5432/mcp_pgbench], {@code --user} [postgres], {@code --password}
 * [none], {@code --init} create the database and run {@code pgbench -i -s 10} if it is missing,
 * {@code --pgbench} the pgbench binary [/usr/lib/postgresql/15/bin/pgbench].
 *
 * <p>Before measuring it checks that {@code pgbench_accounts} exists and reads the scale from
 * {@code pgbench_branches}; without {@code --init} a missing table is an error that prints the
 * command to create it. It prints one table on standard output (progress goes to standard error)
 * and writes no file.
 */
public final class PgbenchLoad {
  /** pgbench's select-only query ({@code -S}); also the sizing load's {@code select} workload. */
  public static final String QUERY = "SELECT abalance FROM pgbench_accounts WHERE aid = ?";
  static final int ACCOUNTS_PER_SCALE = 100_000;
  /** The largest latency the histograms record (longer ones are recorded as this). */
  public static final long HIGHEST_LATENCY_NANOS = TimeUnit.MINUTES.toNanos(2);

  private PgbenchLoad() {}

  /** Runs the load; see the class comment for the options. */
  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("PgbenchLoad: " + e.getMessage());
      System.exit(2);
      return;
    }
    Pools.Target target = new Pools.Target(options.url, options.user, options.password);
    int accounts = prepareDatabase(options, target);
    System.err.printf(Locale.ROOT, "pgbench_accounts has %,d rows; %d s warm-up, %d s measured per run%n",
        accounts, options.warmupSeconds, options.seconds);

    List<Result> results = new ArrayList<>();
    for (int threads : options.threads) {
      for (int size : options.sizes) {
        if (size > threads) continue;
        for (String pool : options.pools) {
          System.err.printf(Locale.ROOT, "running %s, %d threads, %d connections...%n", pool, threads, size);
          results.add(run(pool, target, threads, size, accounts, options));
        }
      }
    }
    print(results, System.out);
  }

  /** One measured run of one pool at one thread count and size. */
  static Result run(String poolName, Pools.Target target, int threads, int size, int accounts,
      Options options) throws SQLException, InterruptedException {
    try (Pools.BenchPool pool = Pools.open(poolName, target, size)) {
      long start = System.nanoTime();
      long measureFrom = start + TimeUnit.SECONDS.toNanos(options.warmupSeconds);
      long measureUntil = measureFrom + TimeUnit.SECONDS.toNanos(options.seconds);
      Client[] clients = new Client[threads];
      Thread[] running = new Thread[threads];
      for (int i = 0; i < threads; i++) {
        clients[i] = new Client(pool, accounts, measureFrom, measureUntil);
        running[i] = new Thread(clients[i], "pgbench-client-" + i);
        running[i].start();
      }
      Histogram latency = new Histogram(HIGHEST_LATENCY_NANOS, 3);
      long errors = 0;
      for (int i = 0; i < threads; i++) {
        running[i].join();
        latency.add(clients[i].latency);
        errors += clients[i].errors;
      }
      double seconds = (measureUntil - measureFrom) / 1e9;
      return new Result(poolName, threads, size, latency.getTotalCount() / seconds, latency, errors);
    }
  }

  /**
   * One client thread: transactions back to back until {@code measureUntil}, recording those that
   * start at or after {@code measureFrom}.
   */
  static final class Client implements Runnable {
    final Pools.BenchPool pool;
    final int accounts;
    final long measureFrom;
    final long measureUntil;
    final Histogram latency = new Histogram(HIGHEST_LATENCY_NANOS, 3);
    long errors;
    volatile long balances;

    Client(Pools.BenchPool pool, int accounts, long measureFrom, long measureUntil) {
      this.pool = pool;
      this.accounts = accounts;
      this.measureFrom = measureFrom;
      this.measureUntil = measureUntil;
    }

    @Override
    public void run() {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      long balanceSum = 0;
      while (true) {
        long begin = System.nanoTime();
        if (begin >= measureUntil) break;
        try (Connection connection = pool.dataSource().getConnection();
            PreparedStatement statement = connection.prepareStatement(QUERY)) {
          statement.setInt(1, 1 + random.nextInt(accounts));
          try (ResultSet rows = statement.executeQuery()) {
            if (rows.next()) balanceSum += rows.getInt(1);
          }
        } catch (SQLException e) {
          if (begin >= measureFrom) errors++;
          continue;
        }
        long end = System.nanoTime();
        if (begin >= measureFrom && end <= measureUntil) {
          latency.recordValue(Math.min(end - begin, HIGHEST_LATENCY_NANOS));
        }
      }
      balances = balanceSum; // publishes the reads so the JIT cannot drop them
    }
  }

  /** One line of the table. */
  record Result(String pool, int threads, int size, double tps, Histogram latency, long errors) {
    double millisAt(double percentile) {
      return latency.getValueAtPercentile(percentile) / 1e6;
    }
  }

  static void print(List<Result> results, PrintStream out) {
    out.printf(Locale.ROOT, "%-8s %7s %5s %12s %9s %9s %9s %7s%n",
        "pool", "threads", "size", "tps", "p50 ms", "p99 ms", "p99.9 ms", "errors");
    for (Result r : results) {
      out.printf(Locale.ROOT, "%-8s %7d %5d %12.0f %9.3f %9.3f %9.3f %7d%n", r.pool(), r.threads(),
          r.size(), r.tps(), r.millisAt(50), r.millisAt(99), r.millisAt(99.9), r.errors());
    }
  }

  /**
   * Checks that the pgbench tables exist and returns the number of accounts; with {@code --init},
   * creates the database and initializes it at scale 10 first if they do not.
   */
  static int prepareDatabase(Options options, Pools.Target target) throws SQLException, IOException,
      InterruptedException {
    Integer accounts = accounts(target);
    if (accounts != null) return accounts;
    String database = databaseName(options.url);
    String initCommand = options.pgbench + " -i -s 10 -h " + host(options.url) + " -p " + port(options.url)
        + " -U " + options.user + " " + database;
    if (!options.init) {
      throw new IllegalStateException("database " + options.url + " has no pgbench tables; run with"
          + " --init, or: createdb -h " + host(options.url) + " -U " + options.user + " " + database
          + " && " + initCommand);
    }
    createDatabaseIfMissing(options, database);
    System.err.println("initializing: " + initCommand);
    List<String> command = new ArrayList<>(Arrays.asList(initCommand.split(" ")));
    command.add(command.size() - 1, "-q");
    Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.INHERIT)
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    process.getOutputStream().close();
    if (process.waitFor() != 0) {
      throw new IllegalStateException("pgbench -i failed with exit code " + process.exitValue());
    }
    accounts = accounts(target);
    if (accounts == null) throw new IllegalStateException("pgbench -i ran but the tables are missing");
    return accounts;
  }

  /** The number of accounts (100,000 per scale unit), or {@code null} if the tables are missing. */
  private static Integer accounts(Pools.Target target) throws SQLException {
    try (Connection connection = DriverManager.getConnection(target.url(), target.user(), target.password());
        Statement statement = connection.createStatement()) {
      try (ResultSet exists = statement.executeQuery(
          "SELECT to_regclass('pgbench_accounts') IS NOT NULL AND to_regclass('pgbench_branches') IS NOT NULL")) {
        exists.next();
        if (!exists.getBoolean(1)) return null;
      }
      try (ResultSet scale = statement.executeQuery("SELECT count(*) FROM pgbench_branches")) {
        scale.next();
        return Math.toIntExact(scale.getLong(1) * ACCOUNTS_PER_SCALE);
      }
    } catch (SQLException e) {
      if ("3D000".equals(e.getSQLState())) return null; // database does not exist
      throw e;
    }
  }

  private static void createDatabaseIfMissing(Options options, String database) throws SQLException {
    String maintenanceUrl = options.url.substring(0, options.url.lastIndexOf('/') + 1) + "postgres";
    try (Connection connection = DriverManager.getConnection(maintenanceUrl, options.user, options.password);
        Statement statement = connection.createStatement()) {
      try (ResultSet exists = statement.executeQuery(
          "SELECT 1 FROM pg_database WHERE datname = '" + database.replace("'", "''") + "'")) {
        if (exists.next()) return;
      }
      System.err.println("creating database " + database);
      statement.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"");
    }
  }

  /** The database name: the URL's path after the last {@code /}, without parameters. */
  static String databaseName(String url) {
    String tail = url.substring(url.lastIndexOf('/') + 1);
    int query = tail.indexOf('?');
    return query < 0 ? tail : tail.substring(0, query);
  }

  /** The host of a {@code jdbc:postgresql://host:port/db} URL. */
  static String host(String url) {
    String authority = authority(url);
    int colon = authority.lastIndexOf(':');
    return colon < 0 ? authority : authority.substring(0, colon);
  }

  /** The port of a {@code jdbc:postgresql://host:port/db} URL, 5432 when absent. */
  static String port(String url) {
    String authority = authority(url);
    int colon = authority.lastIndexOf(':');
    return colon < 0 ? "5432" : authority.substring(colon + 1);
  }

  private static String authority(String url) {
    int start = url.indexOf("//");
    if (start < 0) throw new IllegalArgumentException("--url " + url + " is not jdbc:postgresql://host:port/db");
    int end = url.indexOf('/', start + 2);
    return url.substring(start + 2, end < 0 ? url.length() : end);
  }

  /** The parsed command line. */
  static final class Options {
    List<String> pools = List.of("mcp", "hikari");
    int[] threads = {8, 64};
    int[] sizes = {8, 64};
    int seconds = 20;
    int warmupSeconds = 5;
    String url = "jdbc:postgresql://127.0.0.1:5432/mcp_pgbench";
    String user = "postgres";
    String password;
    boolean init;
    String pgbench = "/usr/lib/postgresql/15/bin/pgbench";

    static Options parse(String[] args) {
      Options o = new Options();
      Map<String, String> values = new LinkedHashMap<>();
      for (int i = 0; i < args.length; i++) {
        String name = args[i];
        if (name.equals("--init")) {
          o.init = true;
        } else if (name.startsWith("--") && i + 1 < args.length) {
          values.put(name, args[++i]);
        } else {
          throw new IllegalArgumentException("unexpected argument '" + name + "'");
        }
      }
      for (Map.Entry<String, String> option : values.entrySet()) {
        String value = option.getValue();
        switch (option.getKey()) {
          case "--pools":
            o.pools = value.equals("all") ? Pools.ALL : List.of(value.split(","));
            for (String pool : o.pools) {
              if (!Pools.ALL.contains(pool)) {
                throw new IllegalArgumentException("--pools: '" + pool + "' is not one of " + Pools.ALL);
              }
            }
            break;
          case "--threads": o.threads = positiveInts(option.getKey(), value); break;
          case "--sizes": o.sizes = positiveInts(option.getKey(), value); break;
          case "--seconds": o.seconds = positiveInts(option.getKey(), value)[0]; break;
          case "--warmup": o.warmupSeconds = Integer.parseInt(value); break;
          case "--url": o.url = value; break;
          case "--user": o.user = value; break;
          case "--password": o.password = value; break;
          case "--pgbench": o.pgbench = value; break;
          default: throw new IllegalArgumentException("unknown option " + option.getKey());
        }
      }
      if (o.warmupSeconds < 0) throw new IllegalArgumentException("--warmup was " + o.warmupSeconds + " but must be >= 0");
      return o;
    }

    private static int[] positiveInts(String name, String value) {
      int[] numbers;
      try {
        numbers = Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray();
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " '" + value + "' is not a comma-separated list of integers");
      }
      for (int n : numbers) {
        if (n <= 0) throw new IllegalArgumentException(name + " was " + n + " but must be > 0");
      }
      return numbers;
    }
  }
}
