package mcp.db.pool.cli.support;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Map;
import mcp.db.pool.cli.Main;

/**
 * Runs the tool in this JVM, as {@code java -jar mcp-db-pool-cli.jar ARGS} would, with stdout and
 * stderr captured and an environment of the test's choosing. The environment starts empty, so a
 * developer's own {@code DATABASE_URL} or {@code POOL_SIZE} never changes what a test sees.
 */
public final class Cli {
  private final Map<String, String> env = new HashMap<>();

  private Cli() {}

  /** A run with an empty environment. */
  public static Cli withEnv() {
    return new Cli();
  }

  /** Sets an environment variable for the run. */
  public Cli env(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** Sets the variables that log in to {@code server} ({@code DATABASE_USER}, {@code DATABASE_PASSWORD}). */
  public Cli credentials(RealServers.Server server) {
    env.put("DATABASE_USER", server.user());
    if (!server.password().isEmpty()) env.put("DATABASE_PASSWORD", server.password());
    return this;
  }

  /** Runs the tool with these arguments and returns what it did. */
  public Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(args, o, e, env, false, 0);
    }
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /**
   * Starts the tool on a thread of its own, for commands that run until stopped ({@code serve}).
   * Stop it with {@link Running#stop()}, which interrupts it the way Ctrl-C would stop the process.
   */
  public Running start(String... args) {
    return new Running(args, Map.copyOf(env));
  }

  /** Runs the tool with an empty environment. */
  public static Result execute(String... args) {
    return withEnv().run(args);
  }

  /** A run in progress on its own thread. */
  public static final class Running {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Thread thread;
    private volatile int exitCode = -1;

    Running(String[] args, Map<String, String> env) {
      thread = new Thread(() -> {
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
            PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
          exitCode = Main.run(args, o, e, env, false, 0);
        }
      }, "cli-under-test");
      thread.start();
    }

    /** What the tool has written to stderr so far. */
    public String errSoFar() {
      return err.toString(StandardCharsets.UTF_8);
    }

    /**
     * Waits up to {@code seconds} for a line on stderr matching {@code regex} (its first group
     * returned), failing if the tool ends or the time runs out first.
     */
    public String awaitErr(String regex, int seconds) throws InterruptedException {
      Pattern pattern = Pattern.compile(regex);
      long deadline = System.nanoTime() + seconds * 1_000_000_000L;
      while (System.nanoTime() < deadline) {
        Matcher m = pattern.matcher(errSoFar());
        if (m.find()) return m.groupCount() > 0 ? m.group(1) : m.group();
        if (!thread.isAlive()) break;
        Thread.sleep(50);
      }
      throw new AssertionError("no stderr line matching " + regex + " (exit " + exitCode + "):\n" + errSoFar());
    }

    /** Interrupts the tool, waits for it to finish (up to 20 seconds) and returns what it did. */
    public Result stop() throws InterruptedException {
      thread.interrupt();
      return await(20);
    }

    /** Waits up to {@code seconds} for the tool to finish on its own. */
    public Result await(int seconds) throws InterruptedException {
      thread.join(seconds * 1000L);
      if (thread.isAlive()) throw new AssertionError("the tool did not stop:\n" + errSoFar());
      return new Result(exitCode, out.toString(StandardCharsets.UTF_8), errSoFar());
    }
  }

  /**
   * What a run did.
   *
   * @param exitCode the exit code
   * @param out what went to stdout
   * @param err what went to stderr
   */
  public record Result(int exitCode, String out, String err) {
    /** The non-blank lines of stderr. */
    public String[] errLines() {
      return err.lines().filter(l -> !l.isBlank()).toArray(String[]::new);
    }

    /** For assertion messages. */
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
    }
  }
}
