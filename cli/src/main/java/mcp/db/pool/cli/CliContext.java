package mcp.db.pool.cli;

import java.io.PrintWriter;
import java.util.Map;
import mcp.db.pool.cli.output.ProgressLine;

/**
 * What every command needs from the world outside it, passed in rather than read from
 * {@code System} so that tests can run the tool in-process: where results go ({@code out}, i.e.
 * stdout), where progress and errors go ({@code err}, stderr), the environment variables, and
 * whether a person is watching a terminal.
 *
 * @param out results (stdout)
 * @param err progress, notes and errors (stderr)
 * @param env environment variables ({@code DATABASE_URL}, {@code POOL_*})
 * @param interactive whether stderr is a terminal, so progress can be redrawn in place
 * @param width the terminal's width in columns, 0 when unknown or not a terminal
 */
public record CliContext(PrintWriter out, PrintWriter err, Map<String, String> env, boolean interactive, int width) {
  /** The environment variable {@code name}, or {@code null} when unset or blank. */
  public String env(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** The progress mode for {@code choice}: {@code auto} is a bar on a terminal, lines otherwise. */
  public ProgressLine.Mode progressMode(ProgressChoice choice) {
    return switch (choice) {
      case auto -> interactive ? ProgressLine.Mode.BAR : ProgressLine.Mode.LINES;
      case bar -> ProgressLine.Mode.BAR;
      case lines -> ProgressLine.Mode.LINES;
      case none -> ProgressLine.Mode.NONE;
    };
  }

  /** The values of {@code --progress}. Lower case, as they are typed. */
  public enum ProgressChoice { auto, bar, lines, none }
}
