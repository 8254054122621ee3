package mcp.db.pool.internal.core;

/**
 * The pool's source of time. Production uses {@link #SYSTEM}; tests inject a manual clock so that
 * recycling, idle timeouts, keepalive and leak detection run without real sleeps.
 */
public interface PoolClock {

  /** Monotonic nanoseconds, as {@link System#nanoTime()}: only differences are meaningful. */
  long nanoTime();

  /** Wall-clock milliseconds since the epoch, for timestamps shown to people. */
  default long currentTimeMillis() {
    return System.currentTimeMillis();
  }

  /** The real clock. */
  PoolClock SYSTEM = System::nanoTime;
}
