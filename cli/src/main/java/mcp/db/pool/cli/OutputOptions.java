package mcp.db.pool.cli;

import picocli.CommandLine.Option;

/** The options every command has: {@code --json}, {@code --verbose} and {@code --help}. */
public final class OutputOptions {
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--json", description = "Print the results on stdout as JSON instead of a table.")
  boolean json;

  @Option(names = "--verbose", description = "On failure, print the stack trace too; show the pool's log (INFO) and the drivers' own log.")
  boolean verbose;
}
