package mcp.db.pool;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import mcp.db.pool.internal.session.TextTable;

/**
 * What {@link Session#execute} returns: the rows of a query with their column labels, or the
 * update count of any other statement. Immutable, and usable without a row mapper:
 *
 * <pre>{@code
 * QueryResult r = session.execute("SELECT id, name FROM users WHERE id < ?", 3);
 * r.columns();          // [id, name]
 * r.rows().get(0);      // [1, alice]
 * r.get(0, "name");     // "alice"
 * System.out.println(r);
 * // id | name
 * // ---+------
 * //  1 | alice
 * //  2 | bob
 * // (2 rows)
 * }</pre>
 *
 * <p>Values are what the driver's {@code ResultSet.getObject(int)} returned; SQL {@code NULL} is
 * {@code null}. All rows are read into memory, so use {@link Session#query} with a mapper, or
 * {@link Session#connection()} and a cursor, for large results.
 */
public final class QueryResult {
  private final List<String> columns;
  private final List<List<Object>> rows;
  private final long updateCount;

  private QueryResult(List<String> columns, List<List<Object>> rows, long updateCount) {
    this.columns = columns;
    this.rows = rows;
    this.updateCount = updateCount;
  }

  /**
   * The result of a query.
   *
   * @param columns the column labels, in order
   * @param rows the rows; each has one value per column ({@code null} for SQL {@code NULL})
   * @throws IllegalArgumentException if a row's size differs from the number of columns
   * @throws NullPointerException if a list, a label or a row is null
   */
  public static QueryResult ofRows(List<String> columns, List<? extends List<?>> rows) {
    List<String> labels = List.copyOf(columns);
    List<List<Object>> copied = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      List<?> row = Objects.requireNonNull(rows.get(i), "row");
      if (row.size() != labels.size()) {
        throw new IllegalArgumentException("row " + i + " has " + row.size()
            + " values but there are " + labels.size() + " columns");
      }
      copied.add(Collections.unmodifiableList(Arrays.asList(row.toArray())));
    }
    return new QueryResult(labels, Collections.unmodifiableList(copied), -1);
  }

  /**
   * The result of a statement that returned no rows.
   *
   * @param updateCount the rows it changed, as the driver reported (0 for DDL)
   * @throws IllegalArgumentException if {@code updateCount} is negative
   */
  public static QueryResult ofUpdateCount(long updateCount) {
    if (updateCount < 0) {
      throw new IllegalArgumentException("updateCount was " + updateCount + " but must be >= 0");
    }
    return new QueryResult(List.of(), List.of(), updateCount);
  }

  /** Whether the statement returned rows (possibly none): a query rather than an update. */
  public boolean hasResultSet() {
    return updateCount < 0;
  }

  /** The column labels in order; empty when the statement returned no result set. */
  public List<String> columns() {
    return columns;
  }

  /** The rows, each a list with one value per column; empty for an update. */
  public List<List<Object>> rows() {
    return rows;
  }

  /** The number of rows returned; 0 for an update. */
  public int rowCount() {
    return rows.size();
  }

  /** The rows changed by an update; -1 when the statement returned a result set. */
  public long updateCount() {
    return updateCount;
  }

  /**
   * One value, by row index (from 0) and column label (first match, ignoring case).
   *
   * @throws IndexOutOfBoundsException if there is no such row
   * @throws IllegalArgumentException if there is no such column
   */
  public Object get(int row, String column) {
    return rows.get(row).get(columnIndex(column));
  }

  /**
   * The rows as maps from column label to value, in column order; when two columns share a label
   * the later one wins.
   */
  public List<Map<String, Object>> rowMaps() {
    List<Map<String, Object>> maps = new ArrayList<>(rows.size());
    for (List<Object> row : rows) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (int c = 0; c < columns.size(); c++) {
        map.put(columns.get(c), row.get(c));
      }
      maps.add(Collections.unmodifiableMap(map));
    }
    return Collections.unmodifiableList(maps);
  }

  private int columnIndex(String column) {
    for (int c = 0; c < columns.size(); c++) {
      if (columns.get(c).equalsIgnoreCase(column)) return c;
    }
    throw new IllegalArgumentException("no column '" + column + "' in " + columns);
  }

  /**
   * A small text table for logs and consoles: columns aligned, numbers right-aligned, values
   * longer than 40 characters and rows after the first 20 cut off, and a last line with the row
   * count. SQL {@code NULL} shows as {@code NULL}, bytes in hex, line breaks and tabs escaped. For
   * an update, {@code (N rows affected)}.
   */
  @Override
  public String toString() {
    if (!hasResultSet()) {
      return "(" + updateCount + (updateCount == 1 ? " row" : " rows") + " affected)";
    }
    return TextTable.render(columns, rows);
  }
}
