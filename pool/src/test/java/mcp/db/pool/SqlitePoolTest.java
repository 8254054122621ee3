package mcp.db.pool;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import mcp.db.pool.support.SqliteTest;
import mcp.db.pool.support.TestDatabases;

/** The pool contract on SQLite (embedded, a file, so that several connections see one database). */
@SqliteTest
class SqlitePoolTest extends PoolContractTests {
  private final String url = TestDatabases.sqliteUrl();

  @Override
  protected DatabasePoolBuilder builder() {
    // busy_timeout makes a writer wait for the file lock instead of failing at once.
    return DatabasePool.builder().url(url).poolName("sqlite-test").driverProperty("busy_timeout", "10000");
  }

  @Override
  protected Connection directConnection() throws SQLException {
    return DriverManager.getConnection(url);
  }

  @Override
  protected int nonDefaultIsolation() {
    return Connection.TRANSACTION_READ_UNCOMMITTED; // SQLite starts SERIALIZABLE
  }

  @Override
  protected void insertWithRetry(DatabasePool pool, int id) throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " VALUES (?, 'x')")) {
      ps.setInt(1, id);
      ps.executeUpdate();
    }
  }
}
