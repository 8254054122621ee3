package mcp.db.pool;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import mcp.db.pool.support.H2Test;
import mcp.db.pool.support.TestDatabases;
import org.junit.jupiter.api.Test;

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

  @Override
  protected Object sessionId(Connection pooled) throws SQLException {
    try (Statement st = pooled.createStatement(); ResultSet rs = st.executeQuery("SELECT SESSION_ID()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Override
  protected boolean sessionIsOpen(Object sessionId) throws SQLException {
    try (Connection c = directConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE SESSION_ID = ?")) {
      ps.setInt(1, (Integer) sessionId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1) > 0;
      }
    }
  }

  @Override
  protected void killSession(Object sessionId) throws SQLException {
    try (Connection c = directConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT ABORT_SESSION(" + sessionId + ")")) {
      rs.next();
      if (!rs.getBoolean(1)) throw new IllegalStateException("H2 session " + sessionId + " was not aborted");
    }
  }

  @Override
  protected InitSqlProbe initSqlProbe() {
    return new InitSqlProbe("SET @pool_init = 4321", "SELECT @pool_init", "4321"); // a session variable
  }

  /** H2 takes the read-only flag as a hint and ignores it: {@code isReadOnly()} stays false. */
  @Override
  protected boolean readOnlyIsAdjustable() {
    return false;
  }

  // No catalog: an H2 database is a single catalog, and H2's setCatalog does nothing.

  @Override
  protected String createSchema() throws SQLException {
    // Upper case: H2 folds unquoted names to upper case and setSchema takes the name as it is.
    String schema = TestDatabases.uniqueName("pool_schema").toUpperCase(Locale.ROOT);
    try (Connection c = directConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA " + schema);
    }
    return schema;
  }

  @Override
  protected void dropSchema(String schema) throws SQLException {
    try (Connection c = directConnection(); Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  @Test
  void configuredSchemaAppliesToEveryNewConnectionAndComesBackAfterABorrowerChangedIt() throws SQLException {
    checkConfiguredSchemaAppliesAndComesBack();
  }

}
