package mcp.db.pool.cli.load;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Random;

/**
 * The operation behind {@code bench --sql}: each call runs one of the given statements, chosen at
 * random, and reads every row it returns (so a query costs what it would cost an application).
 * Statements are sent as written; nothing is prepared or rewritten.
 */
public final class SqlStatements implements Operation {
  private final List<String> statements;

  /**
   * @param statements at least one SQL statement
   * @throws IllegalArgumentException if the list is empty or holds a blank statement
   */
  public SqlStatements(List<String> statements) {
    if (statements.isEmpty()) throw new IllegalArgumentException("at least one SQL statement is needed");
    for (String s : statements) {
      if (s.isBlank()) throw new IllegalArgumentException("a SQL statement is blank");
    }
    this.statements = List.copyOf(statements);
  }

  /** The statements, in the order given. */
  public List<String> statements() {
    return statements;
  }

  /** Runs one statement; the kind is "query" if it returned rows, else "update". */
  @Override
  public String run(Connection connection, Random random) throws SQLException {
    String sql = statements.size() == 1 ? statements.get(0) : statements.get(random.nextInt(statements.size()));
    try (Statement st = connection.createStatement()) {
      boolean rows = st.execute(sql);
      boolean anyRows = rows;
      // Drain every result, including those of multi-statement strings.
      while (true) {
        if (rows) {
          try (ResultSet rs = st.getResultSet()) {
            while (rs.next()) {
              // Reading the rows is the point; their values are not needed.
            }
          }
        } else if (st.getUpdateCount() == -1) {
          break;
        }
        rows = st.getMoreResults();
        anyRows |= rows;
      }
      return anyRows ? "query" : "update";
    }
  }
}
