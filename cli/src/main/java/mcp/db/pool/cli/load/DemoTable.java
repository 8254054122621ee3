package mcp.db.pool.cli.load;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/**
 * The demo's workload: a small table of accounts, read four times as often as it is written. The
 * table gets a name of its own ({@code mcp_pool_demo_<random>}) so the demo never touches a table
 * of the user's when it runs on their database, and {@link #drop} removes it afterwards. The SQL is
 * the subset that PostgreSQL, MariaDB/MySQL, SQLite and H2 all accept.
 */
public final class DemoTable implements Operation {
  /** Rows in the table; small, so that writers meet each other now and then. */
  static final int ROWS = 100;
  /** Percent of operations that read. */
  static final int READ_PERCENT = 80;

  private final String name;
  private final String select;
  private final String update;

  private DemoTable(String name) {
    this.name = name;
    this.select = "SELECT balance FROM " + name + " WHERE id = ?";
    this.update = "UPDATE " + name + " SET balance = balance + 1 WHERE id = ?";
  }

  /**
   * Creates the table with {@value #ROWS} rows through one connection of {@code database}.
   *
   * @throws SQLException if the table cannot be created (e.g. the user may not create tables)
   */
  public static DemoTable create(DataSource database) throws SQLException {
    String name = "mcp_pool_demo_" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
    try (Connection c = database.getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE " + name + " (id INT PRIMARY KEY, balance BIGINT NOT NULL)");
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + name + " (id, balance) VALUES (?, 1000)")) {
        for (int id = 0; id < ROWS; id++) {
          insert.setInt(1, id);
          insert.addBatch();
        }
        insert.executeBatch();
        c.commit();
      } finally {
        c.setAutoCommit(autoCommit);
      }
    }
    return new DemoTable(name);
  }

  /** The table's name. */
  public String name() {
    return name;
  }

  /** Reads one account (kind "read") or adds 1 to one (kind "write"). */
  @Override
  public String run(Connection connection, Random random) throws SQLException {
    int id = random.nextInt(ROWS);
    if (random.nextInt(100) < READ_PERCENT) {
      try (PreparedStatement ps = connection.prepareStatement(select)) {
        ps.setInt(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
        }
      }
      return "read";
    }
    try (PreparedStatement ps = connection.prepareStatement(update)) {
      ps.setInt(1, id);
      ps.executeUpdate();
    }
    return "write";
  }

  /**
   * Drops the table.
   *
   * @throws SQLException if it cannot be dropped
   */
  public void drop(DataSource database) throws SQLException {
    try (Connection c = database.getConnection(); Statement st = c.createStatement()) {
      st.execute("DROP TABLE " + name);
    }
  }
}
