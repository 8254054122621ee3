package mcp.db.pool.cli;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.DatabasePoolBuilder;
import mcp.db.pool.PoolConfig;
import mcp.db.pool.cli.database.PoolOpening;
import mcp.db.pool.cli.database.ServerFacts;
import mcp.db.pool.cli.output.Format;
import mcp.db.pool.cli.output.Json;
import mcp.db.pool.cli.output.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code check}: can the pool reach this database, how fast, and will a pool of the given size fit?
 * Opens one connection through a one-connection pool, times the connect and a few round trips,
 * reports the server's version and the settings that bound a pool, and compares them with the
 * pool's settings ({@code --pool-size}, {@code --max-overflow} or their {@code POOL_*} variables).
 * When it cannot connect it says why in plain words and exits with 1.
 */
@Command(name = "check", sortOptions = false,
    header = "Connect to a database and report what matters to a pool, or why it failed.",
    description = {
        "Connect to a database, time the connect and a round trip, and report the server's version and",
        "the settings that matter to a pool (PostgreSQL max_connections and idle timeouts; MariaDB/MySQL",
        "max_connections and wait_timeout; SQLite journal_mode and busy_timeout), compared with the pool's",
        "settings. A failure is explained in one line (unknown host, refused, no answer, bad login,",
        "unknown database) with exit code 1; a malformed URL or a missing driver is exit code 2."})
final class CheckCommand implements Callable<Integer> {
  /** Round trips timed for the median. */
  static final int ROUND_TRIPS = 5;

  private final CliContext context;

  @Spec
  CommandSpec spec;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "How long to wait for the server to answer a connection attempt. Default: 5s.")
  Duration timeout = Duration.ofSeconds(5);

  @Mixin
  PoolOptions pool;

  @Mixin
  OutputOptions output;

  CheckCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (timeout.compareTo(Duration.ofMillis(250)) < 0) {
      throw new ParameterException(spec.commandLine(),
          "--timeout must be at least 250ms but was " + timeout.toMillis() + "ms");
    }
    DatabasePoolBuilder builder = pool.builder(context, "mcp-check");
    // The settings to advise on are the ones given; the probe itself needs one connection.
    PoolConfig advised = PoolOpening.validate(builder);
    builder.poolSize(1).maxOverflow(0).minIdle(1).minPoolSize(1)
        .connectionTimeout(timeout).initializationFailTimeout(Duration.ZERO);
    context.err().println("check: connecting to " + advised.displayUrl() + " ...");
    long start = System.nanoTime();
    DatabasePool probe;
    try {
      probe = PoolOpening.open(builder);
    } catch (CliException e) {
      if (output.json) context.out().println(Json.pretty(failure(advised, e.getMessage())));
      throw e;
    }
    try (probe) {
      long connectNanos = System.nanoTime() - start;
      ServerFacts facts;
      long roundTripNanos;
      try (Connection c = probe.getConnection()) {
        roundTripNanos = medianRoundTrip(c);
        facts = ServerFacts.read(c, advised);
      } catch (SQLException e) {
        // Connected, so the login and the network are fine; the server answered SELECT 1 or its
        // metadata with an error, whose words say more than any guess here.
        String error = "connected to " + advised.displayUrl() + ", but it failed to answer: " + Format.firstLine(e.getMessage())
            + (e.getSQLState() == null ? "" : " (SQLState " + e.getSQLState() + ")");
        if (output.json) context.out().println(Json.pretty(failure(advised, error)));
        throw CliException.runtime(error, e);
      }
      if (output.json) {
        context.out().println(Json.pretty(success(advised, facts, connectNanos, roundTripNanos)));
      } else {
        print(advised, facts, connectNanos, roundTripNanos);
      }
    }
    return 0;
  }

  private static long medianRoundTrip(Connection c) throws SQLException {
    roundTrip(c); // the first may include statement setup on either side
    long[] nanos = new long[ROUND_TRIPS];
    for (int i = 0; i < ROUND_TRIPS; i++) {
      long t = System.nanoTime();
      roundTrip(c);
      nanos[i] = System.nanoTime() - t;
    }
    Arrays.sort(nanos);
    return nanos[ROUND_TRIPS / 2];
  }

  private static void roundTrip(Connection c) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
      rs.next();
    }
  }

  private void print(PoolConfig config, ServerFacts facts, long connectNanos, long roundTripNanos) {
    PrintWriter out = context.out();
    out.println("OK: connected to " + config.displayUrl());
    out.println();
    TextTable about = new TextTable("", "").withoutHeader();
    about.row("server", facts.version().startsWith(facts.product()) ? facts.version() : facts.product() + " " + facts.version());
    about.row("driver", facts.driver());
    about.row("connect", Format.nanos(connectNanos) + " (opening the pool and its first connection)");
    about.row("round trip", Format.nanos(roundTripNanos) + " (median of " + ROUND_TRIPS + " x SELECT 1)");
    about.print(out, 2);
    if (!facts.settings().isEmpty()) {
      out.println();
      TextTable settings = new TextTable("server setting", "value");
      facts.settings().forEach(s -> settings.row(s.name(), s.display()));
      settings.print(out, 2);
    }
    if (!facts.notes().isEmpty()) {
      out.println();
      facts.notes().forEach(n -> out.println("  - " + n));
    }
  }

  private static Map<String, Object> success(PoolConfig config, ServerFacts facts, long connectNanos, long roundTripNanos) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ok", true);
    m.put("url", config.displayUrl());
    m.put("product", facts.product());
    m.put("version", facts.version());
    m.put("driver", facts.driver());
    m.put("connectMillis", Format.millis(connectNanos));
    m.put("roundTripMillis", Format.millis(roundTripNanos));
    Map<String, Object> settings = new LinkedHashMap<>();
    for (ServerFacts.Setting s : facts.settings()) {
      // Numbers stay numbers, so a script can compare max_connections without parsing.
      settings.put(s.name(), s.value().matches("-?\\d{1,18}") ? (Object) Long.valueOf(s.value()) : s.value());
    }
    m.put("settings", settings);
    m.put("notes", facts.notes());
    Map<String, Object> pool = new LinkedHashMap<>();
    pool.put("poolSize", config.poolSize());
    pool.put("maxOverflow", config.maxOverflow());
    m.put("pool", pool);
    return m;
  }

  private static Map<String, Object> failure(PoolConfig config, String error) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ok", false);
    m.put("url", config.displayUrl());
    m.put("error", error);
    return m;
  }
}
