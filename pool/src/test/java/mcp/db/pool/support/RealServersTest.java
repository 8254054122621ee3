package mcp.db.pool.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** The real-server annotations connect to the servers this machine runs, and guard them. */
class RealServersTest {

  private static int selectOne(TestServer server) throws SQLException {
    try (Connection c = server.connect();
        ResultSet rs = c.createStatement().executeQuery("select 1")) {
      assertThat(rs.next()).isTrue();
      return rs.getInt(1);
    }
  }

  @Nested
  @RequiresPostgres
  class Postgres {
    @Test
    void selectOneRunsOnPostgres() throws SQLException {
      assertThat(selectOne(TestDatabases.postgres())).isEqualTo(1);
    }
  }

  @Nested
  @RequiresMariaDb
  class MariaDb {
    @Test
    void selectOneRunsOnMariaDb() throws SQLException {
      assertThat(selectOne(TestDatabases.mariaDb())).isEqualTo(1);
    }
  }

  @Test
  @StubTest
  void unreachableServerSkipsOutsideCiAndFailsInCi() {
    Properties quick = new Properties();
    quick.setProperty("connectTimeout", "2");
    TestServer nowhere = new TestServer("PostgreSQL", "jdbc:postgresql://127.0.0.1:1/test",
        "postgres", "", quick);

    assertThatThrownBy(() -> ServerAvailability.requireServer(nowhere, false))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("PostgreSQL at 127.0.0.1:1 is unreachable");
    assertThatThrownBy(() -> ServerAvailability.requireServer(nowhere, true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("PostgreSQL at 127.0.0.1:1 is required in CI but unreachable: ")
        .hasMessageContaining("Connection");
  }

  @Test
  @StubTest
  void serverDescriptionsShowAddressButNeverThePassword() {
    TestServer server = new TestServer("MariaDB", "jdbc:mariadb://db.example:3307/app?x=1", "u",
        "hunter2", new Properties());
    assertThat(server.address()).isEqualTo("db.example:3307");
    assertThat(server.toString()).doesNotContain("hunter2");
    assertThat(server.credentials().getProperty("password")).isEqualTo("hunter2");
  }
}
