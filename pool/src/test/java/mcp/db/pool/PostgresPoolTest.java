package mcp.db.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import mcp.db.pool.support.RequiresPostgres;
import mcp.db.pool.support.TestDatabases;
import mcp.db.pool.support.TestServer;
import org.junit.jupiter.api.Test;

/** The pool contract, and what only a real server shows, on PostgreSQL. */
@RequiresPostgres
class PostgresPoolTest extends PoolContractTests {
  private static final TestServer PG = TestDatabases.postgres();

  @Override
  protected DatabasePoolBuilder builder() {
    return DatabasePool.builder().url(PG.url()).username(PG.user()).poolName(TestDatabases.uniqueName("pgpool"));
  }

  @Override
  protected Connection directConnection() throws SQLException {
    return PG.connect();
  }

  @Override
  protected Object sessionId(Connection pooled) throws SQLException {
    return backendPid(pooled);
  }

  @Override
  protected boolean sessionIsOpen(Object sessionId) throws SQLException {
    try (Connection admin = PG.connect(); Statement st = admin.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE pid = " + sessionId)) {
      rs.next();
      return rs.getInt(1) > 0;
    }
  }

  @Override
  protected void killSession(Object sessionId) throws SQLException {
    terminate((Integer) sessionId);
  }

  @Override
  protected InitSqlProbe initSqlProbe() {
    return new InitSqlProbe("SET statement_timeout = 4321", "SHOW statement_timeout", "4321ms");
  }

  // No catalog: a PostgreSQL connection is bound to the database it opened, and pgjdbc's setCatalog
  // does nothing.

  @Override
  protected String createSchema() throws SQLException {
    String schema = TestDatabases.uniqueName("pool_schema");
    try (Connection admin = PG.connect(); Statement st = admin.createStatement()) {
      st.execute("CREATE SCHEMA " + schema);
    }
    return schema;
  }

  @Override
  protected void dropSchema(String schema) throws SQLException {
    try (Connection admin = PG.connect(); Statement st = admin.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  private static int backendPid(Connection c) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static void terminate(int pid) throws SQLException {
    try (Connection admin = PG.connect(); Statement st = admin.createStatement();
        ResultSet rs = st.executeQuery("SELECT pg_terminate_backend(" + pid + ")")) {
      rs.next();
      assertThat(rs.getBoolean(1)).isTrue();
    }
    // Wait until the server has really removed the backend.
    for (int i = 0; i < 200; i++) {
      try (Connection admin = PG.connect(); Statement st = admin.createStatement();
          ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid)) {
        rs.next();
        if (rs.getInt(1) == 0) {
          return;
        }
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Test
  void sqlAlchemyStyleUrlConnects() throws SQLException {
    DatabasePool pool = open(DatabasePool.builder().url("postgresql+psycopg2://postgres@127.0.0.1:5432/test")
        .poolSize(1));
    try (Connection c = pool.getConnection()) {
      assertThat(backendPid(c)).isPositive();
    }
  }

  @Test
  void poolNameIdentifiesItsSessionsInPgStatActivity() throws SQLException {
    DatabasePool pool = open(builder().poolSize(1));
    try (Connection c = pool.getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo(pool.getPoolName());
    }
  }

  @Test
  void connectionKilledWhileBorrowedIsDiscardedWhenReturned() throws Exception {
    DatabasePool pool = open(builder().poolSize(1).maxOverflow(0));
    int first;
    try (Connection c = pool.getConnection()) {
      first = backendPid(c);
      terminate(first);
      assertThatThrownBy(() -> backendPid(c)).isInstanceOf(SQLException.class);
    }
    try (Connection c = pool.getConnection()) {
      assertThat(backendPid(c)).isNotEqualTo(first);
    }
    assertThat(pool.getPoolStats().broken()).isEqualTo(1);
  }

  @Test
  void buildAgainstAClosedPortFailsFastWithTheDriversError() {
    long start = System.nanoTime();
    assertThatThrownBy(() -> open(DatabasePool.builder()
            .url("postgresql://postgres:s3cr3t-Pa55@127.0.0.1:1/test").connectionTimeout(Duration.ofSeconds(2))))
        .isInstanceOf(PoolInitializationException.class)
        .hasMessageContaining("127.0.0.1:1")
        .hasMessageContaining("Connection")
        .hasMessageNotContaining("s3cr3t-Pa55");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  private static String show(Connection c, String setting) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW " + setting)) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void connectionDefaultsAndInitSqlApplyToEveryNewConnection() throws SQLException {
    String schema = TestDatabases.uniqueName("pool_schema");
    try (Connection admin = PG.connect(); Statement st = admin.createStatement()) {
      st.execute("CREATE SCHEMA " + schema);
    }
    try {
      DatabasePool pool = open(builder().poolSize(2).maxOverflow(0)
          .connectionInitSql("SET statement_timeout = 4321")
          .autoCommit(false).readOnly(true)
          .transactionIsolation(Connection.TRANSACTION_SERIALIZABLE).schema(schema));
      try (Connection a = pool.getConnection(); Connection b = pool.getConnection()) {
        for (Connection c : new Connection[] {a, b}) {
          assertThat(show(c, "statement_timeout")).isEqualTo("4321ms");
          assertThat(c.getAutoCommit()).isFalse();
          assertThat(c.isReadOnly()).isTrue();
          assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
          assertThat(c.getSchema()).isEqualTo(schema);
        }
        // A borrower's changes are undone: the next borrower sees the configured defaults again.
        a.rollback(); // SHOW opened a transaction; PostgreSQL refuses these changes inside one
        a.setReadOnly(false);
        a.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        a.setSchema("public");
      }
      try (Connection a = pool.getConnection(); Connection b = pool.getConnection()) {
        for (Connection c : new Connection[] {a, b}) {
          assertThat(c.isReadOnly()).isTrue();
          assertThat(c.getSchema()).isEqualTo(schema);
          c.rollback(); // the reset must survive a rollback by the next borrower
          assertThat(c.getSchema()).isEqualTo(schema);
          assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
        }
      }
      assertThat(pool.getPoolStats().broken()).isZero();
    } finally {
      try (Connection admin = PG.connect(); Statement st = admin.createStatement()) {
        st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }

  @Test
  void configuredSchemaAppliesToEveryNewConnectionAndComesBackAfterABorrowerChangedIt() throws SQLException {
    checkConfiguredSchemaAppliesAndComesBack();
  }

}
