package mcp.db.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import mcp.db.pool.support.RequiresMariaDb;
import mcp.db.pool.support.TestDatabases;
import mcp.db.pool.support.TestServer;
import mcp.db.pool.testkit.FaultProxy;
import org.junit.jupiter.api.Test;

/** The pool contract, and what only a real server shows, on MariaDB. */
@RequiresMariaDb
class MariaDbPoolTest extends PoolContractTests {
  private static final TestServer MARIADB = TestDatabases.mariaDb();

  @Override
  protected DatabasePoolBuilder builder() {
    return DatabasePool.builder().url(MARIADB.url()).username(MARIADB.user()).poolName("mariadb-test");
  }

  @Override
  protected Connection directConnection() throws SQLException {
    return MARIADB.connect();
  }

  private static long connectionId(Connection c) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT CONNECTION_ID()")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  protected Object sessionId(Connection pooled) throws SQLException {
    return connectionId(pooled);
  }

  @Override
  protected boolean sessionIsOpen(Object sessionId) throws SQLException {
    try (Connection admin = MARIADB.connect(); PreparedStatement ps = admin.prepareStatement(
        "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = ?")) {
      ps.setLong(1, (Long) sessionId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1) > 0;
      }
    }
  }

  @Override
  protected void killSession(Object sessionId) throws SQLException {
    try (Connection admin = MARIADB.connect(); Statement st = admin.createStatement()) {
      st.execute("KILL CONNECTION " + sessionId);
    }
    // KILL returns before the session is gone; wait until the server has dropped it.
    for (int i = 0; i < 250 && sessionIsOpen(sessionId); i++) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  protected InitSqlProbe initSqlProbe() {
    return new InitSqlProbe("SET SESSION wait_timeout = 4321", "SELECT @@SESSION.wait_timeout", "4321");
  }

  @Override
  protected String createCatalog() throws SQLException {
    String database = TestDatabases.uniqueName("pool_catalog");
    try (Connection admin = MARIADB.connect(); Statement st = admin.createStatement()) {
      st.execute("CREATE DATABASE " + database);
    }
    return database;
  }

  @Override
  protected void dropCatalog(String catalog) throws SQLException {
    try (Connection admin = MARIADB.connect(); Statement st = admin.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + catalog);
    }
  }

  // No schema: MariaDB's schemas are its databases, the catalog above, and Connector/J's setSchema
  // does nothing.

  @Test
  void sqlAlchemyStyleUrlConnects() throws SQLException {
    DatabasePool pool = open(DatabasePool.builder().url("mariadb+mariadbconnector://root@127.0.0.1:3306/test")
        .poolSize(1));
    try (Connection c = pool.getConnection()) {
      assertThat(connectionId(c)).isPositive();
    }
  }

  @Test
  void configuredCatalogIsTheDatabaseTheServerRunsStatementsIn() throws SQLException {
    String catalog = createCatalog();
    try {
      DatabasePool pool = open(builder().poolSize(1).maxOverflow(0).catalog(catalog));
      try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
        st.execute("CREATE TABLE in_catalog (id INT)");
        try (ResultSet rs = st.executeQuery("SELECT DATABASE()")) {
          rs.next();
          assertThat(rs.getString(1)).isEqualTo(catalog);
        }
      }
      try (Connection admin = MARIADB.connect(); PreparedStatement ps = admin.prepareStatement(
          "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'in_catalog'")) {
        ps.setString(1, catalog);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          assertThat(rs.getInt(1)).as("the table was created in the configured database").isEqualTo(1);
        }
      }
    } finally {
      pools.forEach(DatabasePool::close);
      dropCatalog(catalog);
    }
  }

  // ---- identity ------------------------------------------------------------------------------

  /**
   * The pool's name reaches the server as the {@code program_name} connection attribute. MariaDB
   * shows connection attributes only in {@code performance_schema.session_connect_attrs}, and only
   * when the server runs with {@code performance_schema=ON} (MariaDB's default is OFF, and it cannot
   * be switched on without a restart; see docs/configuration.md). So the test reads what the client
   * sent in its login packet, through a proxy that records it: the attribute is there as the
   * length-prefixed strings {@code program_name} and the pool name, and the server accepted the
   * login.
   */
  @Test
  void poolNameIsSentToTheServerAsTheProgramNameConnectionAttribute() throws Exception {
    String poolName = TestDatabases.uniqueName("mariadb_identity");
    try (FaultProxy proxy = FaultProxy.inFrontOf(MARIADB.url(), 3306).recordBytesToServer(64 * 1024)) {
      DatabasePool pool = open(DatabasePool.builder().url(proxy.redirect(MARIADB.url())).username(MARIADB.user())
          .poolName(poolName).poolSize(1).maxOverflow(0));
      try (Connection c = pool.getConnection()) {
        assertThat(connectionId(c)).isPositive();
      }
      byte[] sent = proxy.recordedBytesToServer();
      assertThat(indexOf(sent, lengthPrefixed("program_name", poolName)))
          .as("program_name=%s in the login packet", poolName).isNotNegative();
    }
  }

  /**
   * With {@code performance_schema=ON} the server lists the pool's name as its sessions'
   * {@code program_name}; with it OFF (MariaDB's default, and this machine's server) it records no
   * connection attributes at all, which is why the documentation names the requirement.
   */
  @Test
  void sessionConnectAttrsShowThePoolNameExactlyWhenPerformanceSchemaIsOn() throws SQLException {
    String poolName = TestDatabases.uniqueName("mariadb_identity");
    DatabasePool pool = open(builder().poolName(poolName).poolSize(1).maxOverflow(0));
    try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
      boolean performanceSchema;
      try (ResultSet rs = st.executeQuery("SELECT @@performance_schema")) {
        rs.next();
        performanceSchema = rs.getBoolean(1);
      }
      List<String> programNames = new ArrayList<>();
      try (ResultSet rs = st.executeQuery("SELECT ATTR_VALUE FROM performance_schema.session_connect_attrs"
          + " WHERE PROCESSLIST_ID = CONNECTION_ID() AND ATTR_NAME = 'program_name'")) {
        while (rs.next()) {
          programNames.add(rs.getString(1));
        }
      }
      if (performanceSchema) {
        assertThat(programNames).containsExactly(poolName);
      } else {
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM performance_schema.session_connect_attrs")) {
          rs.next();
          assertThat(rs.getInt(1)).as("attributes recorded with performance_schema off").isZero();
        }
        assertThat(programNames).isEmpty();
      }
    }
  }

  private static byte[] lengthPrefixed(String... strings) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String s : strings) {
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      out.write(bytes.length); // a length-encoded string shorter than 251 bytes: one length byte
      out.writeBytes(bytes);
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) continue outer;
      }
      return i;
    }
    return -1;
  }

  @Test
  void configuredCatalogAppliesToEveryNewConnectionAndComesBackAfterABorrowerChangedIt() throws SQLException {
    checkConfiguredCatalogAppliesAndComesBack();
  }

}
