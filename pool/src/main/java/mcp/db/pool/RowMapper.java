package mcp.db.pool;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;

/**
 * Turns the current row of a {@link ResultSet} into one value, for {@link Session#query},
 * {@link Session#queryOne} and {@link Session#queryOptional}.
 *
 * <p>The session positions the result set on each row before calling the mapper; a mapper reads
 * columns only and never calls {@code next()}, {@code close()} or anything that moves the cursor.
 *
 * <pre>{@code
 * RowMapper<Account> account = row -> new Account(row.getLong("id"), row.getLong("balance"));
 * }</pre>
 *
 * @param <T> the type of the mapped value
 */
@FunctionalInterface
public interface RowMapper<T> {

  /**
   * Maps the current row.
   *
   * @param row the result set, positioned on the row to map
   * @return the value for this row; {@code null} is allowed (but see
   *     {@link Session#queryOptional})
   * @throws SQLException if reading a column fails
   */
  T map(ResultSet row) throws SQLException;

  /**
   * A mapper that reads the first column as {@code type}, through
   * {@link ResultSet#getObject(int, Class)}: {@code session.queryOne("SELECT count(*) FROM t",
   * RowMapper.firstColumn(Long.class))}. Which conversions work is up to the driver.
   *
   * @throws NullPointerException if {@code type} is null
   */
  static <T> RowMapper<T> firstColumn(Class<T> type) {
    Objects.requireNonNull(type, "type");
    return row -> row.getObject(1, type);
  }
}
