package mcp.db.pool;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import mcp.db.pool.support.SqliteTest;
import mcp.db.pool.support.TestDatabases;
import org.sqlite.SQLiteConnection;

/**
 * The pool contract on SQLite (embedded, a file, so that several connections see one database).
 * SQLite has no server, so a "session" is the driver's connection object, and killing it closes
 * that object behind the pool's back, the nearest SQLite comes to a connection dying while idle.
 */
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
  protected Object sessionId(Connection pooled) throws SQLException {
    return pooled.unwrap(SQLiteConnection.class);
  }

  @Override
  protected boolean sessionIsOpen(Object sessionId) throws SQLException {
    return !((SQLiteConnection) sessionId).isClosed();
  }

  @Override
  protected void killSession(Object sessionId) throws SQLException {
    ((SQLiteConnection) sessionId).close();
  }

  @Override
  protected InitSqlProbe initSqlProbe() {
    return new InitSqlProbe("PRAGMA cache_size = 4321", "PRAGMA cache_size", "4321"); // per connection
  }

  /**
   * sqlite-jdbc opens a connection read-only or not (its {@code open_mode}) and refuses
   * {@code setReadOnly} with a different value afterwards.
   */
  @Override
  protected boolean readOnlyIsAdjustable() {
    return false;
  }

  // No catalog and no schema: SQLite has neither (getCatalog() and getSchema() are null), and
  // sqlite-jdbc's setCatalog and setSchema do nothing.

  @Override
  protected void insertWithRetry(DatabasePool pool, int id) throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " VALUES (?, 'x')")) {
      ps.setInt(1, id);
      ps.executeUpdate();
    }
  }
}
