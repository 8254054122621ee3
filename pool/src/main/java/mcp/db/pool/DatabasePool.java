package mcp.db.pool;

/** Placeholder while the engine is written; replaced shortly. */
public final class DatabasePool {
  private final PoolConfig config;

  DatabasePool(PoolConfig config) {
    this.config = config;
  }

  public static DatabasePoolBuilder builder() {
    return new DatabasePoolBuilder();
  }

  public PoolConfig config() {
    return config;
  }
}
