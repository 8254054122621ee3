package mcp.db.pool.internal.metrics;

/** Why the pool closed a physical connection; counted per reason in the statistics. */
public enum CloseReason {
  /** Reached its maximum lifetime ({@code poolRecycle}). */
  RECYCLED("recycled"),
  /** Sat idle longer than {@code idleTimeout} while more than {@code minIdle} were idle. */
  IDLE("idle"),
  /** A fatal error was seen on it, or it was aborted. */
  BROKEN("broken"),
  /** Evicted on request ({@code softEvictConnections}, a resize, or pool-wide invalidation). */
  EVICTED("evicted"),
  /** Returned while {@code poolSize} connections were already idle (an overflow connection). */
  OVERFLOW("overflow"),
  /** Failed validation (pre-ping or keepalive). */
  VALIDATION_FAILED("validation_failed"),
  /** Aborted after it was held past the shutdown grace period. */
  LEAK("leak"),
  /** The pool was closed. */
  POOL_CLOSED("pool_closed");

  private final String label;

  CloseReason(String label) {
    this.label = label;
  }

  /** The lower-case name used in metrics and {@code toMap()}. */
  public String label() {
    return label;
  }
}
