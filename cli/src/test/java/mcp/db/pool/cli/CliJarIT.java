package mcp.db.pool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import mcp.db.pool.cli.support.RealServers;
import mcp.db.pool.cli.support.RequiresPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar as users run it: {@code java -jar cli/target/mcp-db-pool-cli.jar ...} in a process of its
 * own, after {@code package} (maven-failsafe-plugin, in {@code mvn verify}). The in-process tests
 * cannot see what only the real process does: the shaded jar's manifest and service files, and
 * stray lines that a driver or SLF4J writes straight to stderr around the tool's one-line error.
 *
 * <p>The jar's path comes from the system property {@code cli.jar} (set by the pom); the process
 * gets the environment of the build less {@code DATABASE_URL}, {@code DATABASE_*} and {@code POOL_*},
 * so a developer's own settings never change what it does.
 */
class CliJarIT {
  private static Path jar;

  @BeforeAll
  static void findJar() {
    jar = Path.of(System.getProperty("cli.jar", "target/mcp-db-pool-cli.jar")).toAbsolutePath();
    assertThat(jar).as("the shaded jar (run mvn package first)").isRegularFile();
  }

  @Test
  void defaultCommandRunsTheDemoAndPrintsItsSummary() throws Exception {
    Run r = java("--duration", "1s", "--threads", "4", "--progress", "none");
    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.out).startsWith("Demo: 4 threads, 80% reads / 20% updates, for 1s through a pool of 4 (+2 overflow) on jdbc:h2:mem:")
        .contains("operations").contains("throughput").contains("latency (ask to give back)");
    // With progress off, stderr holds just the two lines that say what runs where: no log lines.
    assertThat(r.errLines()).as(r.toString()).hasSize(2);
    assertThat(r.errLines().get(0)).startsWith("demo: 4 threads for 1s on jdbc:h2:mem:");
    assertThat(r.errLines().get(1)).startsWith("pool: poolSize 4, maxOverflow 2");
  }

  @Test
  void jarBundlesTheFourDriversAndRegistersEachAsAJdbcService() throws IOException {
    List<String> drivers = List.of("org.postgresql.Driver", "org.mariadb.jdbc.Driver", "org.sqlite.JDBC", "org.h2.Driver");
    try (JarFile file = new JarFile(jar.toFile())) {
      assertThat(file.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("mcp.db.pool.cli.Main");
      for (String driver : drivers) {
        assertThat(file.getEntry(driver.replace('.', '/') + ".class")).as(driver).isNotNull();
      }
      ZipEntry services = file.getEntry("META-INF/services/java.sql.Driver");
      assertThat(services).as("META-INF/services/java.sql.Driver").isNotNull();
      String listed;
      try (InputStream in = file.getInputStream(services)) {
        listed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      // The shade plugin must merge the four drivers' service files, not keep whichever came first.
      assertThat(listed.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")))
          .containsAll(drivers);
    }
  }

  @Test
  void embeddedDatabasesAreReachedThroughTheServiceFiles(@TempDir Path dir) throws Exception {
    // DriverManager finds a driver only through its service file: no Class.forName in the tool.
    Run h2 = java("check", "--url", "jdbc:h2:mem:jar-check");
    assertThat(h2.exitCode).as(h2.toString()).isZero();
    assertThat(h2.out).contains("driver      H2 JDBC Driver");
    Run sqlite = java("check", "--url", "sqlite:///" + dir.resolve("jar-check.db"));
    assertThat(sqlite.exitCode).as(sqlite.toString()).isZero();
    assertThat(sqlite.out).contains("driver      SQLite JDBC");
  }

  @Test
  @RequiresPostgres
  void checkReachesTheRealPostgresThroughTheJar() throws Exception {
    RealServers.Server pg = RealServers.postgres();
    Map<String, String> login = new HashMap<>(Map.of("DATABASE_USER", pg.user()));
    if (!pg.password().isEmpty()) login.put("DATABASE_PASSWORD", pg.password());
    Run r = java(login, "check", "--url", pg.url());
    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.out).startsWith("OK: connected to " + pg.url()).contains("server      PostgreSQL ")
        .contains("driver      PostgreSQL JDBC Driver").contains("max_connections");
    assertThat(r.errLines()).as(r.toString()).containsExactly("check: connecting to " + pg.url() + " ...");
  }

  @Test
  void unknownCommandIsOneStderrLineAndExitCode2() throws Exception {
    Run r = java("frobnicate");
    assertOneLine(r, 2, "mcp-db-pool: unknown command 'frobnicate'");
  }

  @Test
  void unsupportedUrlIsOneStderrLineAndExitCode2() throws Exception {
    Run r = java("check", "--url", "oracle://scott:tiger@db/orcl");
    assertOneLine(r, 2, "mcp-db-pool check: url has an unsupported scheme \"oracle\"");
    assertThat(r.err).doesNotContain("tiger");
  }

  @Test
  void malformedPostgresUrlIsOneStderrLineWithoutTheDriversWarning() throws Exception {
    // pgjdbc logs "JDBC URL invalid port number" through java.util.logging before it says no.
    Run r = java("check", "--url", "jdbc:postgresql://127.0.0.1:abc/test");
    assertOneLine(r, 2, "mcp-db-pool check: malformed URL: the bundled PostgreSQL driver cannot read");
  }

  @Test
  void badNumberIsOneStderrLineAndExitCode2() throws Exception {
    Run r = java("bench", "--url", "jdbc:h2:mem:bad-number", "--threads", "many");
    assertOneLine(r, 2, "mcp-db-pool bench: Invalid value for option '--threads': 'many' is not an int");
  }

  @Test
  void unreachableDatabaseIsOneStderrLineAndExitCode1() throws Exception {
    // serve says nothing before it has a pool, so its stderr is the error alone.
    Run r = java("serve", "--port", "0", "--url", "postgresql://app:secret@127.0.0.1:" + closedPort() + "/orders");
    assertOneLine(r, 1, "mcp-db-pool serve: cannot connect to postgresql://app:***@127.0.0.1:");
    assertThat(r.err).contains("connection refused").doesNotContain("secret");
  }

  @Test
  void unreachableDatabaseInCheckIsItsAnnouncementAndOneErrorLine() throws Exception {
    int port = closedPort();
    Run r = java("check", "--url", "postgresql://postgres@127.0.0.1:" + port + "/test");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(1);
    assertThat(r.errLines()).as(r.toString()).hasSize(2);
    assertThat(r.errLines().get(0)).isEqualTo("check: connecting to postgresql://postgres@127.0.0.1:" + port + "/test ...");
    assertThat(r.errLines().get(1)).startsWith("mcp-db-pool check: cannot connect to").contains("connection refused");
    assertThat(r.out).isEmpty();
  }

  private static void assertOneLine(Run r, int exitCode, String start) {
    assertThat(r.exitCode).as(r.toString()).isEqualTo(exitCode);
    assertThat(r.errLines()).as(r.toString()).hasSize(1);
    assertThat(r.errLines().get(0)).startsWith(start).doesNotContain("Exception");
    assertThat(r.out).as(r.toString()).isEmpty();
  }

  private static Run java(String... args) throws IOException, InterruptedException {
    return java(Map.of(), args);
  }

  /** Runs {@code java -jar mcp-db-pool-cli.jar args} with {@code env} added, and waits up to a minute. */
  private static Run java(Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.startsWith("DATABASE_") || name.startsWith("POOL_")
        || name.equals("MAX_OVERFLOW") || name.equals("COLUMNS"));
    builder.environment().putAll(env);
    Path out = Files.createTempFile("cli-out", ".txt");
    Path err = Files.createTempFile("cli-err", ".txt");
    try {
      Process p = builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(command + " did not finish in 60 s; stderr:\n" + Files.readString(err));
      }
      return new Run(String.join(" ", args), p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** A local port with nothing listening (it was free a moment ago). */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private record Run(String args, int exitCode, String out, String err) {
    /** The non-blank lines of stderr. */
    List<String> errLines() {
      return err.lines().filter(l -> !l.isBlank()).toList();
    }

    @Override
    public String toString() {
      return "java -jar mcp-db-pool-cli.jar " + args + "\nexit " + exitCode + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
    }
  }
}
