package mcp.db.pool.cli;

import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Range checks for option values that picocli has already parsed. Each failure is a usage error
 * (exit 2) naming the option, the value and the allowed range.
 */
final class Checks {
  /** Most worker threads a load may have. */
  static final int MAX_THREADS = 10_000;

  private Checks() {}

  /** {@code --threads} must be 1 to {@value #MAX_THREADS}. */
  static void threads(CommandSpec spec, int threads) {
    if (threads < 1 || threads > MAX_THREADS) {
      throw new ParameterException(spec.commandLine(),
          "--threads must be between 1 and " + MAX_THREADS + " but was " + threads);
    }
  }

  /** A duration option that must be greater than zero. */
  static void positive(CommandSpec spec, String option, Duration value) {
    if (value.isZero() || value.isNegative()) {
      throw new ParameterException(spec.commandLine(), option + " must be greater than 0 but was " + value.toMillis() + "ms");
    }
  }
}
