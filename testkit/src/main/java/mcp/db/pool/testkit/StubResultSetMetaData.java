package mcp.db.pool.testkit;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;

/** Column descriptions of a {@link StubResult}; immutable and shared by all its result sets. */
final class StubResultSetMetaData implements ResultSetMetaData {
  private final StubResult result;

  StubResultSetMetaData(StubResult result) {
    this.result = result;
  }

  private int check(int column) throws SQLException {
    if (column < 1 || column > result.columnCount()) {
      throw new SQLException("stub: column index " + column + " is out of range 1.."
          + result.columnCount());
    }
    return column;
  }

  @Override public int getColumnCount() { return result.columnCount(); }
  @Override public boolean isAutoIncrement(int column) throws SQLException { check(column); return false; }
  @Override public boolean isCaseSensitive(int column) throws SQLException { check(column); return true; }
  @Override public boolean isSearchable(int column) throws SQLException { check(column); return true; }
  @Override public boolean isCurrency(int column) throws SQLException { check(column); return false; }

  @Override
  public int isNullable(int column) throws SQLException {
    check(column);
    return columnNullableUnknown;
  }

  @Override
  public boolean isSigned(int column) throws SQLException {
    switch (result.columnType(check(column))) {
      case Types.INTEGER: case Types.BIGINT: case Types.SMALLINT: case Types.TINYINT:
      case Types.DOUBLE: case Types.REAL: case Types.NUMERIC:
        return true;
      default:
        return false;
    }
  }

  @Override public int getColumnDisplaySize(int column) throws SQLException { check(column); return 20; }
  @Override public String getColumnLabel(int column) throws SQLException { return result.columnName(check(column)); }
  @Override public String getColumnName(int column) throws SQLException { return result.columnName(check(column)); }
  @Override public String getSchemaName(int column) throws SQLException { check(column); return ""; }
  @Override public int getPrecision(int column) throws SQLException { check(column); return 0; }
  @Override public int getScale(int column) throws SQLException { check(column); return 0; }
  @Override public String getTableName(int column) throws SQLException { check(column); return ""; }
  @Override public String getCatalogName(int column) throws SQLException { check(column); return ""; }
  @Override public int getColumnType(int column) throws SQLException { return result.columnType(check(column)); }

  @Override
  public String getColumnTypeName(int column) throws SQLException {
    return StubResult.typeName(result.columnType(check(column)));
  }

  @Override public boolean isReadOnly(int column) throws SQLException { check(column); return true; }
  @Override public boolean isWritable(int column) throws SQLException { check(column); return false; }
  @Override public boolean isDefinitelyWritable(int column) throws SQLException { check(column); return false; }

  @Override
  public String getColumnClassName(int column) throws SQLException {
    for (int row = 1; row <= result.rowCount(); row++) {
      Object value = result.value(row, check(column));
      if (value != null) return value.getClass().getName();
    }
    return Object.class.getName();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) return iface.cast(this);
    throw StubErrors.notWrapperFor(iface, this);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }
}
