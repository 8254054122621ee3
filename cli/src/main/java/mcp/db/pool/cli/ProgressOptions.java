package mcp.db.pool.cli;

import mcp.db.pool.cli.output.ProgressLine;
import picocli.CommandLine.Option;

/** {@code --progress}, for the commands that run a timed load ({@code demo}, {@code bench}, {@code tune}). */
public final class ProgressOptions {
  @Option(names = "--progress", paramLabel = "MODE",
      description = "Progress on stderr: auto (a bar on a terminal, else lines), bar, lines or none. Default: auto.")
  CliContext.ProgressChoice choice = CliContext.ProgressChoice.auto;

  /** The progress mode chosen, resolved against whether stderr is a terminal. */
  ProgressLine.Mode mode(CliContext context) {
    return context.progressMode(choice);
  }
}
