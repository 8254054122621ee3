package mcp.db.pool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import mcp.db.pool.cli.support.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The conventions every command shares: help, the default command, and bad input answered with one
 * line on stderr and exit code 2 (usage) or 1 (runtime), never a stack trace unless --verbose.
 */
class CommandLineTest {

  @ParameterizedTest
  @ValueSource(strings = {"demo", "check", "bench", "tune", "serve"})
  void everyCommandHasHelpOnStdout(String command) {
    Cli.Result r = Cli.execute(command, "--help");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Usage: mcp-db-pool " + command).contains("--json").contains("--verbose");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void topLevelHelpListsTheCommands() {
    Cli.Result r = Cli.execute("--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("Commands:").contains("demo").contains("check").contains("bench")
        .contains("tune").contains("serve");
  }

  @Test
  void versionNamesTheTool() {
    Cli.Result r = Cli.execute("--version");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("mcp-db-pool ");
  }

  @Test
  void optionsWithoutACommandGoToTheDemo() {
    Cli.Result r = Cli.execute("--duration", "300ms", "--threads", "2", "--progress", "none");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("Demo: 2 threads");
  }

  @Test
  void unknownCommandIsOneLineWithTheCommandsAndExitCode2() {
    Cli.Result r = Cli.execute("frobnicate");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("unknown command 'frobnicate'").contains("demo, check, bench, tune, serve");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void misspelledCommandGetsASuggestion() {
    Cli.Result r = Cli.execute("bnech");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("did you mean bench?");
  }

  @Test
  void unknownOptionIsAUsageErrorWithASuggestion() {
    Cli.Result r = Cli.execute("bench", "--thread", "4");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("Unknown option").contains("did you mean --threads?");
  }

  @Test
  void badNumberIsAUsageError() {
    Cli.Result r = Cli.execute("bench", "--url", "jdbc:h2:mem:bad-number", "--threads", "many");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("--threads").contains("'many' is not an int");
  }

  @Test
  void outOfRangeNumberIsAUsageErrorNamingTheOption() {
    Cli.Result r = Cli.execute("bench", "--url", "jdbc:h2:mem:bad-range", "--threads", "0");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--threads must be between 1 and 10000 but was 0");
  }

  @Test
  void badDurationIsAUsageError() {
    Cli.Result r = Cli.execute("demo", "--duration", "5 parsecs");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("'5 parsecs' is not a duration");
  }

  @Test
  void badUrlIsAUsageErrorNamingTheUrl() {
    Cli.Result r = Cli.execute("check", "--url", "oracle://scott:tiger@db/orcl");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("unsupported scheme \"oracle\"").doesNotContain("tiger");
  }

  @Test
  void missingDatabaseIsAUsageError() {
    Cli.Result r = Cli.execute("bench", "--duration", "1s");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("no database given: use --url URL or set DATABASE_URL");
  }

  @Test
  void malformedPostgresUrlIsAUsageErrorNotAMissingDriver() {
    // pgjdbc refuses a URL it cannot parse as if it were not its own ("No suitable driver").
    Cli.Result r = Cli.execute("check", "--url", "jdbc:postgresql://h:abc/db");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).startsWith("mcp-db-pool check: malformed URL: the bundled PostgreSQL driver cannot read jdbc:postgresql://h:abc/db")
        .contains("jdbc:postgresql://host[:port]/database").doesNotContain("missing driver");
  }

  @Test
  void malformedMariaDbUrlIsAUsageErrorBeforeAnyConnectAttempt() {
    // MariaDB's driver takes any jdbc:mariadb: URL and would fail only when connecting (exit 1).
    Cli.Result r = Cli.execute("check", "--url", "jdbc:mariadb://h:abc/db?user=app&password=secret");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).startsWith("mcp-db-pool check: malformed URL: the bundled MariaDB driver cannot read "
        + "jdbc:mariadb://h:abc/db?user=app&password=*** (Incorrect port value : abc)").doesNotContain("secret");
  }

  @Test
  void malformedUrlErrorNeverQuotesTheDriverWhenItEchoesThePassword() {
    // The driver reads "app:secret@h" as host and port and says "Incorrect port value : secret@h".
    Cli.Result r = Cli.execute("check", "--url", "jdbc:mariadb://app:secret@h:abc/db");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).startsWith("mcp-db-pool check: malformed URL: the bundled MariaDB driver cannot read jdbc:mariadb://app:***@h:abc/db;")
        .doesNotContain("secret");
  }

  @Test
  void unexpectedErrorIsOneLineWithTheFirstLineOfItsMessage() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintWriter errWriter = new PrintWriter(err, true, StandardCharsets.UTF_8);
    CliContext context = new CliContext(new PrintWriter(new ByteArrayOutputStream(), true), errWriter, Map.of(), false, 0);
    CommandLine commandLine = Main.commandLine(context);
    commandLine.addSubcommand("explode", new Explode());
    commandLine.setErr(context.err()); // to the new subcommand too
    int code = commandLine.execute("explode");
    errWriter.flush();
    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("mcp-db-pool explode: unexpected error: "
        + "java.lang.IllegalStateException: first line (run with --verbose for the stack trace)\n");
  }

  /** A command failing with an exception the tool has not explained, whose message goes on for lines. */
  @Command(name = "explode")
  static final class Explode implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new IllegalStateException("first line\nsecond line\n\tthird");
    }
  }

  @Test
  void badPoolSettingFromTheEnvironmentNamesTheVariable() {
    Cli.Result r = Cli.withEnv().env("DATABASE_URL", "jdbc:h2:mem:env-bad").env("POOL_SIZE", "lots")
        .run("bench", "--duration", "1s");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("POOL_SIZE");
  }

  @Test
  void unreachableDatabaseIsOneLineAndExitCode1() throws IOException {
    Cli.Result r = Cli.execute("bench", "--url", "postgresql://app:secret@127.0.0.1:" + closedPort() + "/orders",
        "--duration", "1s");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.errLines()).hasSize(2); // what bench is about to do, then the failure
    assertThat(r.errLines()[1]).startsWith("mcp-db-pool bench: cannot connect to postgresql://app:***@127.0.0.1:")
        .contains("connection refused").doesNotContain("secret").doesNotContain("Exception");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void verboseAddsTheStackTrace() throws IOException {
    Cli.Result r = Cli.execute("check", "--url", "postgresql://postgres@127.0.0.1:" + closedPort() + "/test", "--verbose");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("connection refused").contains("\tat ").contains("PoolInitializationException");
  }

  /** A local port with nothing listening (it was free a moment ago). */
  static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
