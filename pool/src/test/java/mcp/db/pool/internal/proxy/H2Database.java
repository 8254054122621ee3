package mcp.db.pool.internal.proxy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A private in-memory H2 database per test, with a table {@code item(id int primary key, name
 * varchar)}. The database lives while any of its connections is open; {@link #close()} closes
 * them all.
 */
final class H2Database implements AutoCloseable {
  private final String url = "jdbc:h2:mem:proxy-" + UUID.randomUUID();
  private final List<Connection> opened = new ArrayList<>();

  H2Database() throws SQLException {
    try (Statement s = connect().createStatement()) {
      s.execute("create table item(id int primary key, name varchar(50))");
      s.execute("create schema other");
    }
  }

  /** A new physical connection, in H2's defaults (auto-commit on, schema PUBLIC). */
  Connection connect() throws SQLException {
    Connection c = DriverManager.getConnection(url, "sa", "");
    opened.add(c);
    return c;
  }

  /** Counts the rows of {@code item} through a connection of its own. */
  int countItems() throws SQLException {
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        Statement s = c.createStatement();
        var rs = s.executeQuery("select count(*) from item")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Override
  public void close() throws SQLException {
    for (Connection c : opened) c.close();
  }
}
