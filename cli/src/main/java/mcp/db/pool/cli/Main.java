package mcp.db.pool.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import mcp.db.pool.PoolConfigException;
import mcp.db.pool.cli.output.Format;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code mcp-db-pool} command-line tool: {@code demo} (the default), {@code check},
 * {@code bench}, {@code tune} and {@code serve}.
 *
 * <p>Conventions every command follows: results go to stdout and everything else (progress, notes,
 * errors) to stderr, so results can be piped; {@code --json} makes the results machine-readable; a
 * failure is one line on stderr (the stack trace only with {@code --verbose}) and the exit code
 * says what kind: 0 success, 1 a failure at run time (the database, the network), 2 bad input
 * (an unknown command or option, a bad number, a bad URL).
 */
public final class Main {
  /** The tool's name, as the jar is meant to be aliased and as messages start. */
  static final String NAME = "mcp-db-pool";

  private static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";
  private static final Set<String> ROOT_OPTIONS = Set.of("-h", "--help", "-V", "--version");

  private Main() {}

  /** Runs the tool and exits with its exit code. */
  public static void main(String[] args) {
    // The pool logs through SLF4J; the tool shows that log only when asked, since its own messages
    // already say what went wrong. This must happen before the first logger is created.
    boolean verbose = Arrays.asList(args).contains("--verbose");
    if (System.getProperty(LOG_LEVEL) == null && verbose) {
      System.setProperty(LOG_LEVEL, "info");
    }
    // Some drivers log through java.util.logging, which prints to stderr by default: pgjdbc warns
    // "JDBC URL invalid port number" on its own line before the tool's one-line error. Quiet too.
    if (!verbose) Logger.getLogger("").setLevel(Level.OFF);
    boolean terminal = stderrIsTerminal();
    System.exit(run(args, System.out, System.err, System.getenv(), terminal, terminal ? terminalWidth() : 0));
  }

  /** The terminal's width from {@code COLUMNS} or {@code stty size}; 0 when neither tells. */
  static int terminalWidth() {
    String columns = System.getenv("COLUMNS");
    if (columns != null && columns.matches("\\d{2,4}")) return Integer.parseInt(columns);
    try {
      Process stty = new ProcessBuilder("stty", "size").redirectInput(new File("/dev/tty"))
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String answer = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      if (stty.waitFor(2, TimeUnit.SECONDS) && answer.matches("\\d+ \\d+")) {
        return Integer.parseInt(answer.split(" ")[1]);
      }
    } catch (IOException | RuntimeException e) {
      // No stty, or no terminal: width unknown.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /**
   * Whether stderr is a terminal, so progress can be redrawn in place even when stdout is piped
   * ({@code demo > results.txt}). Java cannot ask that directly; on Linux, /proc tells where file
   * descriptor 2 points; elsewhere, a console means stdin and stdout are terminals, and stderr
   * most likely too.
   */
  static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return System.console() != null;
    }
  }

  /**
   * Runs the tool in this process with the real environment, as if on a command line that is not a
   * terminal, and returns the exit code instead of exiting.
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, System.getenv(), false, 0);
  }

  /**
   * Runs the tool in this process and returns the exit code instead of exiting.
   *
   * @param args the command line, without the program name
   * @param out where results go
   * @param err where progress and errors go
   * @param env the environment variables to use ({@code DATABASE_URL}, {@code POOL_*})
   * @param interactive whether {@code err} is a terminal (progress is then redrawn in place)
   * @param width the terminal's width in columns, 0 when unknown
   * @return 0 on success, 1 on a runtime failure, 2 on a usage error
   */
  public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env,
      boolean interactive, int width) {
    PrintWriter outWriter = new PrintWriter(out, true);
    PrintWriter errWriter = new PrintWriter(err, true);
    CliContext context = new CliContext(outWriter, errWriter, Map.copyOf(env), interactive, width);
    CommandLine commandLine = commandLine(context);
    int code = commandLine.execute(withDefaultCommand(args));
    outWriter.flush();
    errWriter.flush();
    return code;
  }

  static CommandLine commandLine(CliContext context) {
    CommandLine cl = new CommandLine(new Root());
    cl.addSubcommand("demo", new DemoCommand(context));
    cl.addSubcommand("check", new CheckCommand(context));
    cl.addSubcommand("bench", new BenchCommand(context));
    cl.addSubcommand("tune", new TuneCommand(context));
    cl.addSubcommand("serve", new ServeCommand(context));
    cl.setOut(context.out());
    cl.setErr(context.err());
    cl.setUsageHelpWidth(100);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setParameterExceptionHandler(Main::usageError);
    cl.setExecutionExceptionHandler(Main::runtimeError);
    return cl;
  }

  /** {@code demo} is the default: no arguments, or options only, run it. */
  static String[] withDefaultCommand(String[] args) {
    if (args.length == 0) return new String[] {"demo"};
    if (args[0].startsWith("-") && !ROOT_OPTIONS.contains(args[0])) {
      String[] withDemo = new String[args.length + 1];
      withDemo[0] = "demo";
      System.arraycopy(args, 0, withDemo, 1, args.length);
      return withDemo;
    }
    return args;
  }

  private static int usageError(ParameterException e, String[] args) {
    CommandLine where = e.getCommandLine();
    String name = where.getCommandSpec().qualifiedName();
    String message = e.getMessage();
    if (e instanceof UnmatchedArgumentException unmatched && where.getParent() == null
        && !unmatched.isUnknownOption() && !unmatched.getUnmatched().isEmpty()) {
      String typed = unmatched.getUnmatched().get(0);
      String closest = closest(typed, where.getSubcommands().keySet());
      message = "unknown command '" + typed + "'" + (closest == null ? "." : "; did you mean " + closest + "?")
          + " The commands are " + String.join(", ", where.getSubcommands().keySet()) + ".";
    } else if (e instanceof UnmatchedArgumentException unmatched && unmatched.isUnknownOption()
        && !unmatched.getUnmatched().isEmpty()) {
      String closest = closest(unmatched.getUnmatched().get(0), where.getCommandSpec().optionsMap().keySet());
      if (closest != null) message = message + "; did you mean " + closest + "?";
    }
    where.getErr().println(name + ": " + message + " (see '" + name + " --help')");
    where.getErr().flush();
    return CliException.USAGE;
  }

  /** The candidate at most two edits (or one swap of neighbours) away from {@code typed}, if any. */
  static String closest(String typed, Iterable<String> candidates) {
    if (typed.replace("-", "").length() < 3) return null; // "-x" is two edits from any short option
    String best = null;
    int bestDistance = 3;
    for (String c : candidates) {
      int d = editDistance(typed, c);
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Edits (insert, delete, replace, swap of neighbours) that turn {@code a} into {@code b}. */
  static int editDistance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) d[i][0] = i;
    for (int j = 0; j <= b.length(); j++) d[0][j] = j;
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  private static int runtimeError(Exception e, CommandLine where, ParseResult parsed) {
    String name = where.getCommandSpec().qualifiedName();
    int code;
    String message;
    if (e instanceof CliException cli) {
      code = cli.exitCode();
      message = cli.getMessage();
    } else if (e instanceof PoolConfigException) {
      code = CliException.USAGE;
      message = e.getMessage();
    } else if (e instanceof InterruptedException) {
      code = CliException.RUNTIME;
      message = "interrupted";
    } else {
      // Not explained by the tool; still one line: the exception's class and its message's first line.
      code = CliException.RUNTIME;
      message = "unexpected error: " + Format.firstLine(e.toString())
          + (verbose(parsed) ? "" : " (run with --verbose for the stack trace)");
    }
    PrintWriter err = where.getErr();
    // Every message is meant to be one line; a driver's words that slipped into one may not be.
    err.println(name + ": " + Format.firstLine(message));
    if (verbose(parsed)) e.printStackTrace(err);
    err.flush();
    return code;
  }

  private static boolean verbose(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) return true;
    }
    return false;
  }

  /** The top-level command: only lists the others (with no arguments the tool runs {@code demo}). */
  @Command(name = NAME, mixinStandardHelpOptions = true, versionProvider = Version.class,
      description = {
          "Try, check, measure, size and watch a JDBC connection pool (mcp-db-pool).",
          "With no command, runs demo: a load on an embedded database with live progress.",
          "",
          "Results go to stdout, progress and errors to stderr.",
          "Exit codes: 0 ok, 1 runtime failure (database, network), 2 usage error (command, option, URL)."},
      commandListHeading = "%nCommands:%n",
      footer = {"",
          "Examples:",
          "  java -jar mcp-db-pool-cli.jar",
          "  java -jar mcp-db-pool-cli.jar check --url postgresql://postgres@127.0.0.1:5432/test",
          "  java -jar mcp-db-pool-cli.jar bench --url postgresql://postgres@127.0.0.1/test --duration 30s",
          "  java -jar mcp-db-pool-cli.jar tune --url postgresql://postgres@127.0.0.1/test --chart tune.html",
          "  java -jar mcp-db-pool-cli.jar serve --port 8080",
          "",
          "The database can also come from DATABASE_URL, and pool settings from POOL_SIZE, MAX_OVERFLOW, ..."})
  static final class Root implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Reached only through picocli with options it does not pass on; shows the usage. */
    @Override
    public Integer call() {
      spec.commandLine().usage(spec.commandLine().getOut());
      return 0;
    }
  }

  /** The version from the jar's manifest, or "development" when run from the classes directory. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {NAME + " " + (version == null ? "(development build)" : version),
          "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
  }
}
