package mcp.db.pool;

/** The verdict of {@link DatabasePool#checkHealth()}, worst last. */
public enum HealthStatus {
  /** The database answered and the pool serves callers without waiting or failing. */
  UP,
  /**
   * The database answered, but callers are waiting or timing out, the round trip is slow, or new
   * connections fail: the pool works but something needs a look. HTTP health returns 200.
   */
  DEGRADED,
  /** The database did not answer, or the pool is closed. HTTP health returns 503. */
  DOWN;

  /** The worse of the two. */
  public HealthStatus worse(HealthStatus other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
