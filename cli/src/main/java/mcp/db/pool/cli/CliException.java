package mcp.db.pool.cli;

/**
 * A failure the tool has already explained in plain words: {@link Main} prints the message as one
 * line and exits with {@link #exitCode()}, printing the stack trace only with {@code --verbose}.
 */
public final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Exit code for a failure at run time (the database, the network). */
  public static final int RUNTIME = 1;
  /** Exit code for input the tool cannot use (an option, a URL). */
  public static final int USAGE = 2;

  private final int exitCode;

  /**
   * @param message one line, for people
   * @param exitCode {@link #RUNTIME} or {@link #USAGE}
   * @param cause what went wrong underneath, shown with {@code --verbose}; may be {@code null}
   */
  public CliException(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** A runtime failure ({@link #RUNTIME}). */
  public static CliException runtime(String message, Throwable cause) {
    return new CliException(message, RUNTIME, cause);
  }

  /** The process exit code. */
  public int exitCode() {
    return exitCode;
  }
}
