package mcp.db.pool;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import mcp.db.pool.internal.core.PoolClock;

/** A clock that moves only when a test says so. */
final class ManualClock implements PoolClock {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  @Override
  public long nanoTime() {
    return nanos.get();
  }

  void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }
}
