package mcp.db.pool.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** The H2 and SQLite URL factories give databases that several connections share. */
class EmbeddedDatabasesTest {

  private static int countRowsSeenByASecondConnection(String url) throws SQLException {
    String table = TestDatabases.uniqueName("t");
    try (Connection first = DriverManager.getConnection(url)) {
      first.createStatement().execute("create table " + table + " (id int)");
      first.createStatement().execute("insert into " + table + " values (1)");
    }
    try (Connection second = DriverManager.getConnection(url);
        ResultSet rs = second.createStatement().executeQuery("select count(*) from " + table)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  @H2Test
  void h2DatabaseOutlivesItsConnections() throws SQLException {
    String url = TestDatabases.h2Url();
    assertThat(url).startsWith("jdbc:h2:mem:h2_").endsWith(";DB_CLOSE_DELAY=-1");
    assertThat(countRowsSeenByASecondConnection(url)).isEqualTo(1);
    assertThat(TestDatabases.h2Url()).isNotEqualTo(url);
  }

  @Test
  @SqliteTest
  void sqliteDatabaseIsAFileSharedByConnections() throws SQLException {
    String url = TestDatabases.sqliteUrl();
    assertThat(url).startsWith("jdbc:sqlite:").endsWith(".db");
    assertThat(countRowsSeenByASecondConnection(url)).isEqualTo(1);
  }

  @Test
  @StubTest
  void uniqueNamesAreLowerCaseIdentifiers() {
    String name = TestDatabases.uniqueName("orders");
    assertThat(name).matches("orders_[a-z0-9]{8}");
    assertThat(TestDatabases.uniqueName("orders")).isNotEqualTo(name);
    assertThatThrownBy(() -> TestDatabases.uniqueName("Orders"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TestDatabases.uniqueName("1x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
