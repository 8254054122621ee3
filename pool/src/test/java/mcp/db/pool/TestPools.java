package mcp.db.pool;

import mcp.db.pool.internal.core.PoolClock;

/** Opens pools with a manual clock and housekeeping driven by the test. */
final class TestPools {
  private TestPools() {}

  static DatabasePool withClock(DatabasePoolBuilder builder, PoolClock clock) {
    return new DatabasePool(builder.buildConfig(), clock, false);
  }
}
