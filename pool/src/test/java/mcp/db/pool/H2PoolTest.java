package mcp.db.pool;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import mcp.db.pool.support.H2Test;
import mcp.db.pool.support.TestDatabases;

/** The pool contract on H2 (embedded, in memory). */
@H2Test
class H2PoolTest extends PoolContractTests {
  private final String url = TestDatabases.h2Url();

  @Override
  protected DatabasePoolBuilder builder() {
    return DatabasePool.builder().url(url).poolName("h2-test");
  }

  @Override
  protected Connection directConnection() throws SQLException {
    return DriverManager.getConnection(url);
  }
}
