package mcp.db.pool.testkit;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Calendar;
import java.util.Map;

/**
 * A read-only cursor over a {@link StubResult}. Reading a value allocates nothing when the stored
 * value already has the requested type (an {@code Integer} read by {@code getInt}); other
 * conversions follow the usual JDBC rules (numbers from strings, strings from anything). Scrolling
 * works for every result set type; updates throw {@link SQLFeatureNotSupportedException}.
 */
public final class StubResultSet implements ResultSet {
  private static final String[] TRUE_WORDS = {"true", "t", "1", "yes", "y", "on"};
  private static final String[] FALSE_WORDS = {"false", "f", "0", "no", "n", "off"};

  private final StubConnection connection;
  private final StubStatement statement;
  private final StubResult result;
  private final int rowCount;
  private final int type;
  private final int concurrency;
  private final int holdability;
  private volatile boolean closed;
  /** 0 is before the first row, {@code rowCount + 1} after the last. */
  private int row;
  private boolean lastWasNull;
  private int fetchSize;
  private int fetchDirection = FETCH_FORWARD;

  StubResultSet(StubConnection connection, StubStatement statement, StubResult result, int type,
      int concurrency, int holdability, long maxRows) {
    this.connection = connection;
    this.statement = statement;
    this.result = result;
    this.rowCount = maxRows > 0 ? (int) Math.min(result.rowCount(), maxRows) : result.rowCount();
    this.type = type;
    this.concurrency = concurrency;
    this.holdability = holdability;
  }

  private void checkOpen() throws SQLException {
    if (closed) throw StubErrors.closed("result set");
    connection.checkUsable();
  }

  private Object value(int column) throws SQLException {
    checkOpen();
    if (row < 1 || row > rowCount) throw new SQLException("stub: the cursor is not on a row");
    if (column < 1 || column > result.columnCount()) {
      throw new SQLException("stub: column index " + column + " is out of range 1.."
          + result.columnCount());
    }
    Object value = result.value(row, column);
    lastWasNull = value == null;
    return value;
  }

  private static SQLException conversion(Object value, String target) {
    return new SQLException("stub: cannot convert " + value.getClass().getSimpleName() + " '" + value
        + "' to " + target, "22018");
  }

  private Number number(int column, String target) throws SQLException {
    Object value = value(column);
    if (value == null || value instanceof Number) return (Number) value;
    if (value instanceof Boolean) return (Boolean) value ? 1 : 0;
    if (value instanceof String) {
      try {
        return new BigDecimal(((String) value).trim());
      } catch (NumberFormatException e) {
        throw conversion(value, target);
      }
    }
    throw conversion(value, target);
  }

  private SQLFeatureNotSupportedException readOnly() {
    return new SQLFeatureNotSupportedException("stub: result sets are read-only");
  }

  void closeQuietly() {
    closed = true;
  }

  // ---- Cursor ---------------------------------------------------------------------------------

  @Override
  public boolean next() throws SQLException {
    checkOpen();
    if (row <= rowCount) row++;
    return row <= rowCount;
  }

  @Override
  public boolean previous() throws SQLException {
    checkOpen();
    if (row > 0) row--;
    return row >= 1;
  }

  @Override
  public boolean absolute(int position) throws SQLException {
    checkOpen();
    if (position > 0) {
      row = Math.min(position, rowCount + 1);
    } else if (position < 0) {
      row = Math.max(0, rowCount + 1 + position);
    } else {
      row = 0;
    }
    return row >= 1 && row <= rowCount;
  }

  @Override
  public boolean relative(int rows) throws SQLException {
    checkOpen();
    row = (int) Math.max(0, Math.min((long) row + rows, rowCount + 1L));
    return row >= 1 && row <= rowCount;
  }

  @Override
  public boolean first() throws SQLException {
    return absolute(1);
  }

  @Override
  public boolean last() throws SQLException {
    return absolute(-1);
  }

  @Override
  public void beforeFirst() throws SQLException {
    checkOpen();
    row = 0;
  }

  @Override
  public void afterLast() throws SQLException {
    checkOpen();
    row = rowCount + 1;
  }

  @Override
  public boolean isBeforeFirst() throws SQLException {
    checkOpen();
    return rowCount > 0 && row == 0;
  }

  @Override
  public boolean isAfterLast() throws SQLException {
    checkOpen();
    return rowCount > 0 && row == rowCount + 1;
  }

  @Override
  public boolean isFirst() throws SQLException {
    checkOpen();
    return rowCount > 0 && row == 1;
  }

  @Override
  public boolean isLast() throws SQLException {
    checkOpen();
    return rowCount > 0 && row == rowCount;
  }

  @Override
  public int getRow() throws SQLException {
    checkOpen();
    return row >= 1 && row <= rowCount ? row : 0;
  }

  @Override
  public void close() throws SQLException {
    if (closed) return;
    closed = true;
    if (statement != null) statement.resultSetClosed(this);
  }

  @Override
  public boolean isClosed() {
    return closed || connection.isClosed();
  }

  @Override
  public boolean wasNull() throws SQLException {
    checkOpen();
    return lastWasNull;
  }

  // ---- Values by index ------------------------------------------------------------------------

  @Override
  public String getString(int c) throws SQLException {
    Object value = value(c);
    if (value == null || value instanceof String) return (String) value;
    if (value instanceof byte[]) return new String((byte[]) value, StandardCharsets.UTF_8);
    return value.toString();
  }

  @Override
  public boolean getBoolean(int c) throws SQLException {
    Object value = value(c);
    if (value == null) return false;
    if (value instanceof Boolean) return (Boolean) value;
    if (value instanceof Number) return ((Number) value).intValue() != 0;
    if (value instanceof String) {
      String text = ((String) value).trim();
      for (String yes : TRUE_WORDS) {
        if (yes.equalsIgnoreCase(text)) return true;
      }
      for (String no : FALSE_WORDS) {
        if (no.equalsIgnoreCase(text)) return false;
      }
    }
    throw conversion(value, "boolean");
  }

  @Override
  public byte getByte(int c) throws SQLException {
    Number n = number(c, "byte");
    return n == null ? 0 : n.byteValue();
  }

  @Override
  public short getShort(int c) throws SQLException {
    Number n = number(c, "short");
    return n == null ? 0 : n.shortValue();
  }

  @Override
  public int getInt(int c) throws SQLException {
    Number n = number(c, "int");
    return n == null ? 0 : n.intValue();
  }

  @Override
  public long getLong(int c) throws SQLException {
    Number n = number(c, "long");
    return n == null ? 0 : n.longValue();
  }

  @Override
  public float getFloat(int c) throws SQLException {
    Number n = number(c, "float");
    return n == null ? 0 : n.floatValue();
  }

  @Override
  public double getDouble(int c) throws SQLException {
    Number n = number(c, "double");
    return n == null ? 0 : n.doubleValue();
  }

  @Override
  public BigDecimal getBigDecimal(int c) throws SQLException {
    Number n = number(c, "BigDecimal");
    if (n == null || n instanceof BigDecimal) return (BigDecimal) n;
    if (n instanceof Double || n instanceof Float) return BigDecimal.valueOf(n.doubleValue());
    return BigDecimal.valueOf(n.longValue());
  }

  /** @deprecated as in {@link ResultSet}. */
  @Deprecated
  @Override
  public BigDecimal getBigDecimal(int c, int scale) throws SQLException {
    BigDecimal value = getBigDecimal(c);
    return value == null ? null : value.setScale(scale, java.math.RoundingMode.HALF_UP);
  }

  @Override
  public byte[] getBytes(int c) throws SQLException {
    Object value = value(c);
    if (value == null || value instanceof byte[]) return (byte[]) value;
    if (value instanceof String) return ((String) value).getBytes(StandardCharsets.UTF_8);
    throw conversion(value, "byte[]");
  }

  @Override
  public Date getDate(int c) throws SQLException {
    Object value = value(c);
    if (value == null || value instanceof Date) return (Date) value;
    if (value instanceof java.util.Date) return new Date(((java.util.Date) value).getTime());
    if (value instanceof LocalDate) return Date.valueOf((LocalDate) value);
    if (value instanceof String) {
      try {
        return Date.valueOf(((String) value).trim());
      } catch (IllegalArgumentException e) {
        throw conversion(value, "Date");
      }
    }
    throw conversion(value, "Date");
  }

  @Override
  public Time getTime(int c) throws SQLException {
    Object value = value(c);
    if (value == null || value instanceof Time) return (Time) value;
    if (value instanceof LocalTime) return Time.valueOf((LocalTime) value);
    if (value instanceof String) {
      try {
        return Time.valueOf(((String) value).trim());
      } catch (IllegalArgumentException e) {
        throw conversion(value, "Time");
      }
    }
    throw conversion(value, "Time");
  }

  @Override
  public Timestamp getTimestamp(int c) throws SQLException {
    Object value = value(c);
    if (value == null || value instanceof Timestamp) return (Timestamp) value;
    if (value instanceof java.util.Date) return new Timestamp(((java.util.Date) value).getTime());
    if (value instanceof LocalDateTime) return Timestamp.valueOf((LocalDateTime) value);
    if (value instanceof String) {
      try {
        return Timestamp.valueOf(((String) value).trim());
      } catch (IllegalArgumentException e) {
        throw conversion(value, "Timestamp");
      }
    }
    throw conversion(value, "Timestamp");
  }

  @Override public Date getDate(int c, Calendar cal) throws SQLException { return getDate(c); }
  @Override public Time getTime(int c, Calendar cal) throws SQLException { return getTime(c); }
  @Override public Timestamp getTimestamp(int c, Calendar cal) throws SQLException { return getTimestamp(c); }

  @Override
  public Object getObject(int c) throws SQLException {
    return value(c);
  }

  @Override
  public Object getObject(int c, Map<String, Class<?>> map) throws SQLException {
    return value(c);
  }

  @Override
  public <T> T getObject(int c, Class<T> target) throws SQLException {
    if (target == null) throw new SQLException("stub: target type is null");
    Object value = value(c);
    if (value == null) return null;
    if (target.isInstance(value)) return target.cast(value);
    Object converted;
    if (target == Integer.class) converted = getInt(c);
    else if (target == Long.class) converted = getLong(c);
    else if (target == Short.class) converted = getShort(c);
    else if (target == Byte.class) converted = getByte(c);
    else if (target == Double.class) converted = getDouble(c);
    else if (target == Float.class) converted = getFloat(c);
    else if (target == Boolean.class) converted = getBoolean(c);
    else if (target == BigDecimal.class) converted = getBigDecimal(c);
    else if (target == String.class) converted = getString(c);
    else if (target == byte[].class) converted = getBytes(c);
    else if (target == Date.class) converted = getDate(c);
    else if (target == Time.class) converted = getTime(c);
    else if (target == Timestamp.class) converted = getTimestamp(c);
    else if (target == LocalDate.class) converted = getDate(c).toLocalDate();
    else if (target == LocalTime.class) converted = getTime(c).toLocalTime();
    else if (target == LocalDateTime.class) converted = getTimestamp(c).toLocalDateTime();
    else throw conversion(value, target.getName());
    return target.cast(converted);
  }

  @Override
  public InputStream getAsciiStream(int c) throws SQLException {
    String text = getString(c);
    return text == null ? null : new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public InputStream getBinaryStream(int c) throws SQLException {
    byte[] bytes = getBytes(c);
    return bytes == null ? null : new ByteArrayInputStream(bytes);
  }

  /** @deprecated as in {@link ResultSet}. */
  @Deprecated
  @Override
  public InputStream getUnicodeStream(int c) throws SQLException {
    value(c);
    throw new SQLFeatureNotSupportedException("stub: getUnicodeStream");
  }

  @Override
  public Reader getCharacterStream(int c) throws SQLException {
    String text = getString(c);
    return text == null ? null : new StringReader(text);
  }

  @Override public String getNString(int c) throws SQLException { return getString(c); }
  @Override public Reader getNCharacterStream(int c) throws SQLException { return getCharacterStream(c); }

  @Override
  public URL getURL(int c) throws SQLException {
    String text = getString(c);
    if (text == null) return null;
    try {
      return URI.create(text).toURL();
    } catch (IllegalArgumentException | MalformedURLException e) {
      throw new SQLException("stub: '" + text + "' is not a URL", "22018", e);
    }
  }

  private <T> T unsupported(int c, String what) throws SQLException {
    if (value(c) == null) return null;
    throw new SQLFeatureNotSupportedException("stub: " + what);
  }

  @Override public Ref getRef(int c) throws SQLException { return unsupported(c, "getRef"); }
  @Override public Blob getBlob(int c) throws SQLException { return unsupported(c, "getBlob"); }
  @Override public Clob getClob(int c) throws SQLException { return unsupported(c, "getClob"); }
  @Override public NClob getNClob(int c) throws SQLException { return unsupported(c, "getNClob"); }
  @Override public Array getArray(int c) throws SQLException { return unsupported(c, "getArray"); }
  @Override public RowId getRowId(int c) throws SQLException { return unsupported(c, "getRowId"); }
  @Override public SQLXML getSQLXML(int c) throws SQLException { return unsupported(c, "getSQLXML"); }

  // ---- Values by label ------------------------------------------------------------------------

  @Override
  public int findColumn(String label) throws SQLException {
    checkOpen();
    int column = label == null ? 0 : result.findColumn(label);
    if (column == 0) throw new SQLException("stub: no column is named '" + label + "'", "42703");
    return column;
  }

  @Override public String getString(String l) throws SQLException { return getString(findColumn(l)); }
  @Override public boolean getBoolean(String l) throws SQLException { return getBoolean(findColumn(l)); }
  @Override public byte getByte(String l) throws SQLException { return getByte(findColumn(l)); }
  @Override public short getShort(String l) throws SQLException { return getShort(findColumn(l)); }
  @Override public int getInt(String l) throws SQLException { return getInt(findColumn(l)); }
  @Override public long getLong(String l) throws SQLException { return getLong(findColumn(l)); }
  @Override public float getFloat(String l) throws SQLException { return getFloat(findColumn(l)); }
  @Override public double getDouble(String l) throws SQLException { return getDouble(findColumn(l)); }
  @Override public BigDecimal getBigDecimal(String l) throws SQLException { return getBigDecimal(findColumn(l)); }
  @Override public byte[] getBytes(String l) throws SQLException { return getBytes(findColumn(l)); }
  @Override public Date getDate(String l) throws SQLException { return getDate(findColumn(l)); }
  @Override public Date getDate(String l, Calendar cal) throws SQLException { return getDate(findColumn(l)); }
  @Override public Time getTime(String l) throws SQLException { return getTime(findColumn(l)); }
  @Override public Time getTime(String l, Calendar cal) throws SQLException { return getTime(findColumn(l)); }
  @Override public Timestamp getTimestamp(String l) throws SQLException { return getTimestamp(findColumn(l)); }
  @Override public Timestamp getTimestamp(String l, Calendar cal) throws SQLException { return getTimestamp(findColumn(l)); }
  @Override public Object getObject(String l) throws SQLException { return getObject(findColumn(l)); }
  @Override public Object getObject(String l, Map<String, Class<?>> map) throws SQLException { return getObject(findColumn(l)); }
  @Override public <T> T getObject(String l, Class<T> target) throws SQLException { return getObject(findColumn(l), target); }
  @Override public InputStream getAsciiStream(String l) throws SQLException { return getAsciiStream(findColumn(l)); }
  @Override public InputStream getBinaryStream(String l) throws SQLException { return getBinaryStream(findColumn(l)); }
  @Override public Reader getCharacterStream(String l) throws SQLException { return getCharacterStream(findColumn(l)); }
  @Override public String getNString(String l) throws SQLException { return getNString(findColumn(l)); }
  @Override public Reader getNCharacterStream(String l) throws SQLException { return getNCharacterStream(findColumn(l)); }
  @Override public URL getURL(String l) throws SQLException { return getURL(findColumn(l)); }
  @Override public Ref getRef(String l) throws SQLException { return getRef(findColumn(l)); }
  @Override public Blob getBlob(String l) throws SQLException { return getBlob(findColumn(l)); }
  @Override public Clob getClob(String l) throws SQLException { return getClob(findColumn(l)); }
  @Override public NClob getNClob(String l) throws SQLException { return getNClob(findColumn(l)); }
  @Override public Array getArray(String l) throws SQLException { return getArray(findColumn(l)); }
  @Override public RowId getRowId(String l) throws SQLException { return getRowId(findColumn(l)); }
  @Override public SQLXML getSQLXML(String l) throws SQLException { return getSQLXML(findColumn(l)); }

  /** @deprecated as in {@link ResultSet}. */
  @Deprecated
  @Override
  public BigDecimal getBigDecimal(String l, int scale) throws SQLException {
    return getBigDecimal(findColumn(l), scale);
  }

  /** @deprecated as in {@link ResultSet}. */
  @Deprecated
  @Override
  public InputStream getUnicodeStream(String l) throws SQLException {
    return getUnicodeStream(findColumn(l));
  }

  // ---- Result set properties ------------------------------------------------------------------

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    checkOpen();
    return result.metaData();
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    checkOpen();
    return null;
  }

  @Override
  public void clearWarnings() throws SQLException {
    checkOpen();
  }

  @Override
  public String getCursorName() throws SQLException {
    checkOpen();
    throw new SQLFeatureNotSupportedException("stub: getCursorName");
  }

  @Override
  public void setFetchDirection(int direction) throws SQLException {
    checkOpen();
    if (direction != FETCH_FORWARD && direction != FETCH_REVERSE && direction != FETCH_UNKNOWN) {
      throw new SQLException("stub: fetch direction " + direction + " is not valid");
    }
    fetchDirection = direction;
  }

  @Override
  public int getFetchDirection() throws SQLException {
    checkOpen();
    return fetchDirection;
  }

  @Override
  public void setFetchSize(int rows) throws SQLException {
    checkOpen();
    if (rows < 0) throw new SQLException("stub: fetch size was " + rows + " but must be >= 0");
    fetchSize = rows;
  }

  @Override
  public int getFetchSize() throws SQLException {
    checkOpen();
    return fetchSize;
  }

  @Override
  public int getType() throws SQLException {
    checkOpen();
    return type;
  }

  @Override
  public int getConcurrency() throws SQLException {
    checkOpen();
    return concurrency;
  }

  @Override
  public int getHoldability() throws SQLException {
    checkOpen();
    return holdability;
  }

  @Override
  public Statement getStatement() throws SQLException {
    checkOpen();
    return statement;
  }

  @Override
  public boolean rowUpdated() throws SQLException {
    checkOpen();
    return false;
  }

  @Override
  public boolean rowInserted() throws SQLException {
    checkOpen();
    return false;
  }

  @Override
  public boolean rowDeleted() throws SQLException {
    checkOpen();
    return false;
  }

  @Override
  public void refreshRow() throws SQLException {
    checkOpen();
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

  // ---- Updates: all rejected ------------------------------------------------------------------

  @Override public void insertRow() throws SQLException { throw readOnly(); }
  @Override public void updateRow() throws SQLException { throw readOnly(); }
  @Override public void deleteRow() throws SQLException { throw readOnly(); }
  @Override public void cancelRowUpdates() throws SQLException { throw readOnly(); }
  @Override public void moveToInsertRow() throws SQLException { throw readOnly(); }
  @Override public void moveToCurrentRow() throws SQLException { throw readOnly(); }
  @Override public void updateNull(int c) throws SQLException { throw readOnly(); }
  @Override public void updateNull(String c) throws SQLException { throw readOnly(); }
  @Override public void updateBoolean(int c, boolean x) throws SQLException { throw readOnly(); }
  @Override public void updateBoolean(String c, boolean x) throws SQLException { throw readOnly(); }
  @Override public void updateByte(int c, byte x) throws SQLException { throw readOnly(); }
  @Override public void updateByte(String c, byte x) throws SQLException { throw readOnly(); }
  @Override public void updateShort(int c, short x) throws SQLException { throw readOnly(); }
  @Override public void updateShort(String c, short x) throws SQLException { throw readOnly(); }
  @Override public void updateInt(int c, int x) throws SQLException { throw readOnly(); }
  @Override public void updateInt(String c, int x) throws SQLException { throw readOnly(); }
  @Override public void updateLong(int c, long x) throws SQLException { throw readOnly(); }
  @Override public void updateLong(String c, long x) throws SQLException { throw readOnly(); }
  @Override public void updateFloat(int c, float x) throws SQLException { throw readOnly(); }
  @Override public void updateFloat(String c, float x) throws SQLException { throw readOnly(); }
  @Override public void updateDouble(int c, double x) throws SQLException { throw readOnly(); }
  @Override public void updateDouble(String c, double x) throws SQLException { throw readOnly(); }
  @Override public void updateBigDecimal(int c, BigDecimal x) throws SQLException { throw readOnly(); }
  @Override public void updateBigDecimal(String c, BigDecimal x) throws SQLException { throw readOnly(); }
  @Override public void updateString(int c, String x) throws SQLException { throw readOnly(); }
  @Override public void updateString(String c, String x) throws SQLException { throw readOnly(); }
  @Override public void updateBytes(int c, byte[] x) throws SQLException { throw readOnly(); }
  @Override public void updateBytes(String c, byte[] x) throws SQLException { throw readOnly(); }
  @Override public void updateDate(int c, Date x) throws SQLException { throw readOnly(); }
  @Override public void updateDate(String c, Date x) throws SQLException { throw readOnly(); }
  @Override public void updateTime(int c, Time x) throws SQLException { throw readOnly(); }
  @Override public void updateTime(String c, Time x) throws SQLException { throw readOnly(); }
  @Override public void updateTimestamp(int c, Timestamp x) throws SQLException { throw readOnly(); }
  @Override public void updateTimestamp(String c, Timestamp x) throws SQLException { throw readOnly(); }
  @Override public void updateAsciiStream(int c, InputStream x, int length) throws SQLException { throw readOnly(); }
  @Override public void updateAsciiStream(String c, InputStream x, int length) throws SQLException { throw readOnly(); }
  @Override public void updateBinaryStream(int c, InputStream x, int length) throws SQLException { throw readOnly(); }
  @Override public void updateBinaryStream(String c, InputStream x, int length) throws SQLException { throw readOnly(); }
  @Override public void updateCharacterStream(int c, Reader x, int length) throws SQLException { throw readOnly(); }
  @Override public void updateCharacterStream(String c, Reader x, int length) throws SQLException { throw readOnly(); }
  @Override public void updateObject(int c, Object x, int scaleOrLength) throws SQLException { throw readOnly(); }
  @Override public void updateObject(String c, Object x, int scaleOrLength) throws SQLException { throw readOnly(); }
  @Override public void updateObject(int c, Object x) throws SQLException { throw readOnly(); }
  @Override public void updateObject(String c, Object x) throws SQLException { throw readOnly(); }
  @Override public void updateRef(int c, Ref x) throws SQLException { throw readOnly(); }
  @Override public void updateRef(String c, Ref x) throws SQLException { throw readOnly(); }
  @Override public void updateBlob(int c, Blob x) throws SQLException { throw readOnly(); }
  @Override public void updateBlob(String c, Blob x) throws SQLException { throw readOnly(); }
  @Override public void updateClob(int c, Clob x) throws SQLException { throw readOnly(); }
  @Override public void updateClob(String c, Clob x) throws SQLException { throw readOnly(); }
  @Override public void updateArray(int c, Array x) throws SQLException { throw readOnly(); }
  @Override public void updateArray(String c, Array x) throws SQLException { throw readOnly(); }
  @Override public void updateRowId(int c, RowId x) throws SQLException { throw readOnly(); }
  @Override public void updateRowId(String c, RowId x) throws SQLException { throw readOnly(); }
  @Override public void updateNString(int c, String x) throws SQLException { throw readOnly(); }
  @Override public void updateNString(String c, String x) throws SQLException { throw readOnly(); }
  @Override public void updateNClob(int c, NClob x) throws SQLException { throw readOnly(); }
  @Override public void updateNClob(String c, NClob x) throws SQLException { throw readOnly(); }
  @Override public void updateSQLXML(int c, SQLXML x) throws SQLException { throw readOnly(); }
  @Override public void updateSQLXML(String c, SQLXML x) throws SQLException { throw readOnly(); }
  @Override public void updateNCharacterStream(int c, Reader x, long length) throws SQLException { throw readOnly(); }
  @Override public void updateNCharacterStream(String c, Reader x, long length) throws SQLException { throw readOnly(); }
  @Override public void updateAsciiStream(int c, InputStream x, long length) throws SQLException { throw readOnly(); }
  @Override public void updateAsciiStream(String c, InputStream x, long length) throws SQLException { throw readOnly(); }
  @Override public void updateBinaryStream(int c, InputStream x, long length) throws SQLException { throw readOnly(); }
  @Override public void updateBinaryStream(String c, InputStream x, long length) throws SQLException { throw readOnly(); }
  @Override public void updateCharacterStream(int c, Reader x, long length) throws SQLException { throw readOnly(); }
  @Override public void updateCharacterStream(String c, Reader x, long length) throws SQLException { throw readOnly(); }
  @Override public void updateBlob(int c, InputStream x, long length) throws SQLException { throw readOnly(); }
  @Override public void updateBlob(String c, InputStream x, long length) throws SQLException { throw readOnly(); }
  @Override public void updateClob(int c, Reader x, long length) throws SQLException { throw readOnly(); }
  @Override public void updateClob(String c, Reader x, long length) throws SQLException { throw readOnly(); }
  @Override public void updateNClob(int c, Reader x, long length) throws SQLException { throw readOnly(); }
  @Override public void updateNClob(String c, Reader x, long length) throws SQLException { throw readOnly(); }
  @Override public void updateNCharacterStream(int c, Reader x) throws SQLException { throw readOnly(); }
  @Override public void updateNCharacterStream(String c, Reader x) throws SQLException { throw readOnly(); }
  @Override public void updateAsciiStream(int c, InputStream x) throws SQLException { throw readOnly(); }
  @Override public void updateAsciiStream(String c, InputStream x) throws SQLException { throw readOnly(); }
  @Override public void updateBinaryStream(int c, InputStream x) throws SQLException { throw readOnly(); }
  @Override public void updateBinaryStream(String c, InputStream x) throws SQLException { throw readOnly(); }
  @Override public void updateCharacterStream(int c, Reader x) throws SQLException { throw readOnly(); }
  @Override public void updateCharacterStream(String c, Reader x) throws SQLException { throw readOnly(); }
  @Override public void updateBlob(int c, InputStream x) throws SQLException { throw readOnly(); }
  @Override public void updateBlob(String c, InputStream x) throws SQLException { throw readOnly(); }
  @Override public void updateClob(int c, Reader x) throws SQLException { throw readOnly(); }
  @Override public void updateClob(String c, Reader x) throws SQLException { throw readOnly(); }
  @Override public void updateNClob(int c, Reader x) throws SQLException { throw readOnly(); }
  @Override public void updateNClob(String c, Reader x) throws SQLException { throw readOnly(); }
}
