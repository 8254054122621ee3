package mcp.db.pool.testkit;

import java.math.BigDecimal;
import java.sql.Types;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * The fixed, immutable result every query on a {@link StubDatabase} returns: column names and a few
 * rows of values. The default is {@link #singleInt(int) singleInt(1)}: one row, one {@code INTEGER}
 * column named {@code value}.
 *
 * <pre>{@code
 * database.result(StubResult.columns("id", "name").row(1, "ann").row(2, "bob"));
 * }</pre>
 *
 * <p>Each column's SQL type is taken from the class of its first non-null value ({@code Integer} is
 * {@code INTEGER}, {@code String} is {@code VARCHAR}, and so on; anything unknown is {@code OTHER}).
 */
public final class StubResult {
  private static final StubResult EMPTY = new StubResult(new String[0], new Object[0][]);

  private final String[] columns;
  private final Object[][] rows;
  private final int[] sqlTypes;
  private final StubResultSetMetaData metaData;

  private StubResult(String[] columns, Object[][] rows) {
    this.columns = columns;
    this.rows = rows;
    this.sqlTypes = new int[columns.length];
    for (int c = 0; c < columns.length; c++) {
      sqlTypes[c] = typeOfColumn(rows, c);
    }
    this.metaData = new StubResultSetMetaData(this);
  }

  /** One row with one {@code INTEGER} column named {@code value}. */
  public static StubResult singleInt(int value) {
    return columns("value").row(value);
  }

  /** No columns and no rows, as returned for generated keys. */
  public static StubResult empty() {
    return EMPTY;
  }

  /**
   * A result with the given columns and no rows yet; add rows with {@link #row(Object...)}.
   *
   * @throws IllegalArgumentException if a name is blank or repeated (ignoring case)
   */
  public static StubResult columns(String... names) {
    String[] copy = names.clone();
    for (int i = 0; i < copy.length; i++) {
      if (copy[i] == null || copy[i].isBlank()) {
        throw new IllegalArgumentException("column " + (i + 1) + " has no name");
      }
      for (int j = 0; j < i; j++) {
        if (copy[j].equalsIgnoreCase(copy[i])) {
          throw new IllegalArgumentException("column name '" + copy[i] + "' is repeated");
        }
      }
    }
    return new StubResult(copy, new Object[0][]);
  }

  /**
   * A copy of this result with one more row.
   *
   * @throws IllegalArgumentException if the number of values differs from the number of columns
   */
  public StubResult row(Object... values) {
    if (values.length != columns.length) {
      throw new IllegalArgumentException(
          "row has " + values.length + " values but the result has " + columns.length + " columns");
    }
    Object[][] more = Arrays.copyOf(rows, rows.length + 1);
    more[rows.length] = values.clone();
    return new StubResult(columns, more);
  }

  /** The number of columns. */
  public int columnCount() {
    return columns.length;
  }

  /** The number of rows. */
  public int rowCount() {
    return rows.length;
  }

  /** The name of a column, counting from 1. */
  public String columnName(int column) {
    return columns[column - 1];
  }

  /** The {@link java.sql.Types} code of a column, counting from 1. */
  public int columnType(int column) {
    return sqlTypes[column - 1];
  }

  /** The value at a row and column, both counting from 1. */
  public Object value(int row, int column) {
    return rows[row - 1][column - 1];
  }

  /** The 1-based index of the column with this name (ignoring case), or {@code 0} if none has it. */
  public int findColumn(String name) {
    for (int c = 0; c < columns.length; c++) {
      if (columns[c].equalsIgnoreCase(name)) return c + 1;
    }
    return 0;
  }

  StubResultSetMetaData metaData() {
    return metaData;
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(String.join(", ", columns));
    for (Object[] row : rows) {
      text.append(" | ").append(Arrays.toString(row));
    }
    return text.toString();
  }

  private static int typeOfColumn(Object[][] rows, int column) {
    for (Object[] row : rows) {
      if (row[column] != null) return typeOf(row[column]);
    }
    return Types.VARCHAR;
  }

  private static int typeOf(Object value) {
    Objects.requireNonNull(value);
    if (value instanceof Integer) return Types.INTEGER;
    if (value instanceof Long) return Types.BIGINT;
    if (value instanceof Short) return Types.SMALLINT;
    if (value instanceof Byte) return Types.TINYINT;
    if (value instanceof Boolean) return Types.BOOLEAN;
    if (value instanceof Double) return Types.DOUBLE;
    if (value instanceof Float) return Types.REAL;
    if (value instanceof BigDecimal) return Types.NUMERIC;
    if (value instanceof String) return Types.VARCHAR;
    if (value instanceof byte[]) return Types.VARBINARY;
    if (value instanceof java.sql.Date) return Types.DATE;
    if (value instanceof java.sql.Time) return Types.TIME;
    if (value instanceof java.sql.Timestamp) return Types.TIMESTAMP;
    return Types.OTHER;
  }

  static String typeName(int sqlType) {
    try {
      return java.sql.JDBCType.valueOf(sqlType).getName().toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return "other";
    }
  }
}
