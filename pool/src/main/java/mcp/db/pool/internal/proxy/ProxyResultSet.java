package mcp.db.pool.internal.proxy;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
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
import java.sql.SQLType;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/**
 * The {@link ResultSet} the proxies hand out. It delegates every call to the driver's result set
 * and adds three things: driver exceptions go through
 * {@link ProxyConnection#inspect(SQLException)}; {@link #getStatement()} answers the proxy
 * statement (or {@code null} for metadata results, as JDBC allows, rather than a driver statement
 * that would lead to the physical connection); and {@code updateRow}, {@code insertRow} and
 * {@code deleteRow}, which write to the database, mark the connection's transaction dirty.
 *
 * <p>Result sets are not tracked: closing a statement closes its result sets in the driver, and a
 * metadata result set refuses every call once its connection is closed (see {@link #live()}). A
 * column value that is itself a result set (a PostgreSQL refcursor) is wrapped as well.
 *
 * <p>Used by one thread at a time, like its connection; all fields are final.
 */
final class ProxyResultSet implements ResultSet {
  private final ProxyConnection connection;
  private final ProxyStatement statement;
  private final ResultSet delegate;

  /**
   * @param statement the proxy statement that produced the result set, {@code null} when it came
   *     from database metadata
   */
  ProxyResultSet(ProxyConnection connection, ProxyStatement statement, ResultSet delegate) {
    this.connection = connection;
    this.statement = statement;
    this.delegate = delegate;
  }

  /**
   * The driver's result set. For a metadata result set ({@code statement == null}) the connection
   * must still be open: closing a connection closes its statements and so their result sets, but a
   * metadata result set belongs to no statement the proxy tracks, and once the physical connection
   * is lent to someone else a kept one must not read from it.
   */
  private ResultSet live() throws SQLException {
    if (statement == null) {
      connection.checkOpen();
    }
    return delegate;
  }

  /** Whether this wraps exactly {@code resultSet}. */
  boolean wraps(ResultSet resultSet) {
    return delegate == resultSet;
  }

  /**
   * A column or out-parameter value that is itself a result set (a PostgreSQL refcursor, say),
   * wrapped so that it too leads back to the proxies; any other value unchanged.
   */
  static Object nested(ProxyConnection connection, ProxyStatement statement, Object value) {
    if (!(value instanceof ResultSet)) return value;
    return new ProxyResultSet(connection, statement, (ResultSet) value);
  }

  /**
   * As {@link #nested(ProxyConnection, ProxyStatement, Object)} for the typed getters: wrapped
   * when the caller asked for a type the wrapper has (such as {@code ResultSet}), otherwise the
   * driver's object, which is what asking for a driver class means.
   */
  static <T> T nested(ProxyConnection connection, ProxyStatement statement, T value,
      Class<T> type) {
    if (value instanceof ResultSet) {
      ProxyResultSet wrapper = new ProxyResultSet(connection, statement, (ResultSet) value);
      if (type.isInstance(wrapper)) return type.cast(wrapper);
    }
    return value;
  }

  /**
   * The proxy statement that produced this result set, or {@code null} for a result set from
   * {@link java.sql.DatabaseMetaData}.
   */
  @Override
  public Statement getStatement() {
    return statement;
  }

  /**
   * Returns this wrapper when it implements {@code iface}, else the driver's result set (or what
   * its own {@code unwrap} returns).
   */
  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) return iface.cast(this);
    try {
      ResultSet d = live();
      return iface.isInstance(d) ? iface.cast(d) : d.unwrap(iface);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    if (iface.isInstance(this)) return true;
    try {
      ResultSet d = live();
      return iface.isInstance(d) || d.isWrapperFor(iface);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public String toString() {
    return delegate.toString();
  }

  // ---- Everything else delegates ----

  @Override
  public boolean next() throws SQLException {
    try {
      return live().next();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void close() throws SQLException {
    if (statement == null && connection.isClosed()) {
      return; // its connection went back to the pool; see live()
    }
    try {
      delegate.close();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public boolean wasNull() throws SQLException {
    try {
      return live().wasNull();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public String getString(int columnIndex) throws SQLException {
    try {
      return live().getString(columnIndex);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public boolean getBoolean(int columnIndex) throws SQLException {
    try {
      return live().getBoolean(columnIndex);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public byte getByte(int columnIndex) throws SQLException {
    try {
      return live().getByte(columnIndex);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public short getShort(int columnIndex) throws SQLException {
    try {
      return live().getShort(columnIndex);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public int getInt(int columnIndex) throws SQLException {
    try {
      return live().getInt(columnIndex);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public long getLong(int columnIndex) throws SQLException {
    try {
      return live().getLong(columnIndex);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public float getFloat(int columnIndex) throws SQLException {
    try {
      return live().getFloat(columnIndex);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public double getDouble(int columnIndex) throws SQLException {
    try {
      return live().getDouble(columnIndex);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  @Deprecated(since = "1.2")
  public BigDecimal getBigDecimal(int columnIndex, int scale) throws SQLException {
    try {
      return live().getBigDecimal(columnIndex, scale);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public byte[] getBytes(int columnIndex) throws SQLException {
    try {
      return live().getBytes(columnIndex);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public Date getDate(int columnIndex) throws SQLException {
    try {
      return live().getDate(columnIndex);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public Time getTime(int columnIndex) throws SQLException {
    try {
      return live().getTime(columnIndex);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public Timestamp getTimestamp(int columnIndex) throws SQLException {
    try {
      return live().getTimestamp(columnIndex);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public InputStream getAsciiStream(int columnIndex) throws SQLException {
    try {
      return live().getAsciiStream(columnIndex);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  @Deprecated(since = "1.2")
  public InputStream getUnicodeStream(int columnIndex) throws SQLException {
    try {
      return live().getUnicodeStream(columnIndex);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public InputStream getBinaryStream(int columnIndex) throws SQLException {
    try {
      return live().getBinaryStream(columnIndex);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public String getString(String columnLabel) throws SQLException {
    try {
      return live().getString(columnLabel);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public boolean getBoolean(String columnLabel) throws SQLException {
    try {
      return live().getBoolean(columnLabel);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public byte getByte(String columnLabel) throws SQLException {
    try {
      return live().getByte(columnLabel);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public short getShort(String columnLabel) throws SQLException {
    try {
      return live().getShort(columnLabel);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public int getInt(String columnLabel) throws SQLException {
    try {
      return live().getInt(columnLabel);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public long getLong(String columnLabel) throws SQLException {
    try {
      return live().getLong(columnLabel);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public float getFloat(String columnLabel) throws SQLException {
    try {
      return live().getFloat(columnLabel);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public double getDouble(String columnLabel) throws SQLException {
    try {
      return live().getDouble(columnLabel);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  @Deprecated(since = "1.2")
  public BigDecimal getBigDecimal(String columnLabel, int scale) throws SQLException {
    try {
      return live().getBigDecimal(columnLabel, scale);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public byte[] getBytes(String columnLabel) throws SQLException {
    try {
      return live().getBytes(columnLabel);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public Date getDate(String columnLabel) throws SQLException {
    try {
      return live().getDate(columnLabel);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public Time getTime(String columnLabel) throws SQLException {
    try {
      return live().getTime(columnLabel);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public Timestamp getTimestamp(String columnLabel) throws SQLException {
    try {
      return live().getTimestamp(columnLabel);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public InputStream getAsciiStream(String columnLabel) throws SQLException {
    try {
      return live().getAsciiStream(columnLabel);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  @Deprecated(since = "1.2")
  public InputStream getUnicodeStream(String columnLabel) throws SQLException {
    try {
      return live().getUnicodeStream(columnLabel);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public InputStream getBinaryStream(String columnLabel) throws SQLException {
    try {
      return live().getBinaryStream(columnLabel);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    try {
      return live().getWarnings();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void clearWarnings() throws SQLException {
    try {
      live().clearWarnings();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public String getCursorName() throws SQLException {
    try {
      return live().getCursorName();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    try {
      return live().getMetaData();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public Object getObject(int columnIndex) throws SQLException {
    try {
      return nested(connection, statement, live().getObject(columnIndex));
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public Object getObject(String columnLabel) throws SQLException {
    try {
      return nested(connection, statement, live().getObject(columnLabel));
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public int findColumn(String columnLabel) throws SQLException {
    try {
      return live().findColumn(columnLabel);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public Reader getCharacterStream(int columnIndex) throws SQLException {
    try {
      return live().getCharacterStream(columnIndex);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public Reader getCharacterStream(String columnLabel) throws SQLException {
    try {
      return live().getCharacterStream(columnLabel);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public BigDecimal getBigDecimal(int columnIndex) throws SQLException {
    try {
      return live().getBigDecimal(columnIndex);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public BigDecimal getBigDecimal(String columnLabel) throws SQLException {
    try {
      return live().getBigDecimal(columnLabel);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public boolean isBeforeFirst() throws SQLException {
    try {
      return live().isBeforeFirst();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public boolean isAfterLast() throws SQLException {
    try {
      return live().isAfterLast();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public boolean isFirst() throws SQLException {
    try {
      return live().isFirst();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public boolean isLast() throws SQLException {
    try {
      return live().isLast();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void beforeFirst() throws SQLException {
    try {
      live().beforeFirst();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void afterLast() throws SQLException {
    try {
      live().afterLast();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public boolean first() throws SQLException {
    try {
      return live().first();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public boolean last() throws SQLException {
    try {
      return live().last();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public int getRow() throws SQLException {
    try {
      return live().getRow();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public boolean absolute(int row) throws SQLException {
    try {
      return live().absolute(row);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public boolean relative(int rows) throws SQLException {
    try {
      return live().relative(rows);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public boolean previous() throws SQLException {
    try {
      return live().previous();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void setFetchDirection(int direction) throws SQLException {
    try {
      live().setFetchDirection(direction);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public int getFetchDirection() throws SQLException {
    try {
      return live().getFetchDirection();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void setFetchSize(int rows) throws SQLException {
    try {
      live().setFetchSize(rows);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public int getFetchSize() throws SQLException {
    try {
      return live().getFetchSize();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public int getType() throws SQLException {
    try {
      return live().getType();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public int getConcurrency() throws SQLException {
    try {
      return live().getConcurrency();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public boolean rowUpdated() throws SQLException {
    try {
      return live().rowUpdated();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public boolean rowInserted() throws SQLException {
    try {
      return live().rowInserted();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public boolean rowDeleted() throws SQLException {
    try {
      return live().rowDeleted();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateNull(int columnIndex) throws SQLException {
    try {
      live().updateNull(columnIndex);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateBoolean(int columnIndex, boolean x) throws SQLException {
    try {
      live().updateBoolean(columnIndex, x);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateByte(int columnIndex, byte x) throws SQLException {
    try {
      live().updateByte(columnIndex, x);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateShort(int columnIndex, short x) throws SQLException {
    try {
      live().updateShort(columnIndex, x);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateInt(int columnIndex, int x) throws SQLException {
    try {
      live().updateInt(columnIndex, x);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateLong(int columnIndex, long x) throws SQLException {
    try {
      live().updateLong(columnIndex, x);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateFloat(int columnIndex, float x) throws SQLException {
    try {
      live().updateFloat(columnIndex, x);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateDouble(int columnIndex, double x) throws SQLException {
    try {
      live().updateDouble(columnIndex, x);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateBigDecimal(int columnIndex, BigDecimal x) throws SQLException {
    try {
      live().updateBigDecimal(columnIndex, x);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateString(int columnIndex, String x) throws SQLException {
    try {
      live().updateString(columnIndex, x);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateBytes(int columnIndex, byte[] x) throws SQLException {
    try {
      live().updateBytes(columnIndex, x);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateDate(int columnIndex, Date x) throws SQLException {
    try {
      live().updateDate(columnIndex, x);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateTime(int columnIndex, Time x) throws SQLException {
    try {
      live().updateTime(columnIndex, x);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateTimestamp(int columnIndex, Timestamp x) throws SQLException {
    try {
      live().updateTimestamp(columnIndex, x);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateAsciiStream(int columnIndex, InputStream x, int length) throws SQLException {
    try {
      live().updateAsciiStream(columnIndex, x, length);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateBinaryStream(int columnIndex, InputStream x, int length) throws SQLException {
    try {
      live().updateBinaryStream(columnIndex, x, length);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateCharacterStream(int columnIndex, Reader x, int length) throws SQLException {
    try {
      live().updateCharacterStream(columnIndex, x, length);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateObject(int columnIndex, Object x, int scaleOrLength) throws SQLException {
    try {
      live().updateObject(columnIndex, x, scaleOrLength);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateObject(int columnIndex, Object x) throws SQLException {
    try {
      live().updateObject(columnIndex, x);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateNull(String columnLabel) throws SQLException {
    try {
      live().updateNull(columnLabel);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateBoolean(String columnLabel, boolean x) throws SQLException {
    try {
      live().updateBoolean(columnLabel, x);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateByte(String columnLabel, byte x) throws SQLException {
    try {
      live().updateByte(columnLabel, x);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateShort(String columnLabel, short x) throws SQLException {
    try {
      live().updateShort(columnLabel, x);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateInt(String columnLabel, int x) throws SQLException {
    try {
      live().updateInt(columnLabel, x);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateLong(String columnLabel, long x) throws SQLException {
    try {
      live().updateLong(columnLabel, x);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateFloat(String columnLabel, float x) throws SQLException {
    try {
      live().updateFloat(columnLabel, x);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateDouble(String columnLabel, double x) throws SQLException {
    try {
      live().updateDouble(columnLabel, x);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateBigDecimal(String columnLabel, BigDecimal x) throws SQLException {
    try {
      live().updateBigDecimal(columnLabel, x);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateString(String columnLabel, String x) throws SQLException {
    try {
      live().updateString(columnLabel, x);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateBytes(String columnLabel, byte[] x) throws SQLException {
    try {
      live().updateBytes(columnLabel, x);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateDate(String columnLabel, Date x) throws SQLException {
    try {
      live().updateDate(columnLabel, x);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateTime(String columnLabel, Time x) throws SQLException {
    try {
      live().updateTime(columnLabel, x);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateTimestamp(String columnLabel, Timestamp x) throws SQLException {
    try {
      live().updateTimestamp(columnLabel, x);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateAsciiStream(String columnLabel, InputStream x, int length) throws SQLException {
    try {
      live().updateAsciiStream(columnLabel, x, length);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateBinaryStream(String columnLabel, InputStream x, int length)
      throws SQLException {
    try {
      live().updateBinaryStream(columnLabel, x, length);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateCharacterStream(String columnLabel, Reader reader, int length)
      throws SQLException {
    try {
      live().updateCharacterStream(columnLabel, reader, length);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateObject(String columnLabel, Object x, int scaleOrLength) throws SQLException {
    try {
      live().updateObject(columnLabel, x, scaleOrLength);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateObject(String columnLabel, Object x) throws SQLException {
    try {
      live().updateObject(columnLabel, x);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void insertRow() throws SQLException {
    try {
      connection.markTransactionDirty();
      live().insertRow();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateRow() throws SQLException {
    try {
      connection.markTransactionDirty();
      live().updateRow();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void deleteRow() throws SQLException {
    try {
      connection.markTransactionDirty();
      live().deleteRow();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void refreshRow() throws SQLException {
    try {
      live().refreshRow();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void cancelRowUpdates() throws SQLException {
    try {
      live().cancelRowUpdates();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void moveToInsertRow() throws SQLException {
    try {
      live().moveToInsertRow();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void moveToCurrentRow() throws SQLException {
    try {
      live().moveToCurrentRow();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public Object getObject(int columnIndex, Map<String, Class<?>> map) throws SQLException {
    try {
      return nested(connection, statement, live().getObject(columnIndex, map));
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public Ref getRef(int columnIndex) throws SQLException {
    try {
      return live().getRef(columnIndex);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public Blob getBlob(int columnIndex) throws SQLException {
    try {
      return live().getBlob(columnIndex);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public Clob getClob(int columnIndex) throws SQLException {
    try {
      return live().getClob(columnIndex);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public Array getArray(int columnIndex) throws SQLException {
    try {
      return live().getArray(columnIndex);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public Object getObject(String columnLabel, Map<String, Class<?>> map) throws SQLException {
    try {
      return nested(connection, statement, live().getObject(columnLabel, map));
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public Ref getRef(String columnLabel) throws SQLException {
    try {
      return live().getRef(columnLabel);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public Blob getBlob(String columnLabel) throws SQLException {
    try {
      return live().getBlob(columnLabel);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public Clob getClob(String columnLabel) throws SQLException {
    try {
      return live().getClob(columnLabel);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public Array getArray(String columnLabel) throws SQLException {
    try {
      return live().getArray(columnLabel);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public Date getDate(int columnIndex, Calendar cal) throws SQLException {
    try {
      return live().getDate(columnIndex, cal);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public Date getDate(String columnLabel, Calendar cal) throws SQLException {
    try {
      return live().getDate(columnLabel, cal);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public Time getTime(int columnIndex, Calendar cal) throws SQLException {
    try {
      return live().getTime(columnIndex, cal);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public Time getTime(String columnLabel, Calendar cal) throws SQLException {
    try {
      return live().getTime(columnLabel, cal);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public Timestamp getTimestamp(int columnIndex, Calendar cal) throws SQLException {
    try {
      return live().getTimestamp(columnIndex, cal);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public Timestamp getTimestamp(String columnLabel, Calendar cal) throws SQLException {
    try {
      return live().getTimestamp(columnLabel, cal);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public URL getURL(int columnIndex) throws SQLException {
    try {
      return live().getURL(columnIndex);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public URL getURL(String columnLabel) throws SQLException {
    try {
      return live().getURL(columnLabel);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateRef(int columnIndex, Ref x) throws SQLException {
    try {
      live().updateRef(columnIndex, x);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateRef(String columnLabel, Ref x) throws SQLException {
    try {
      live().updateRef(columnLabel, x);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateBlob(int columnIndex, Blob x) throws SQLException {
    try {
      live().updateBlob(columnIndex, x);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateBlob(String columnLabel, Blob x) throws SQLException {
    try {
      live().updateBlob(columnLabel, x);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateClob(int columnIndex, Clob x) throws SQLException {
    try {
      live().updateClob(columnIndex, x);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateClob(String columnLabel, Clob x) throws SQLException {
    try {
      live().updateClob(columnLabel, x);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateArray(int columnIndex, Array x) throws SQLException {
    try {
      live().updateArray(columnIndex, x);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateArray(String columnLabel, Array x) throws SQLException {
    try {
      live().updateArray(columnLabel, x);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public RowId getRowId(int columnIndex) throws SQLException {
    try {
      return live().getRowId(columnIndex);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public RowId getRowId(String columnLabel) throws SQLException {
    try {
      return live().getRowId(columnLabel);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateRowId(int columnIndex, RowId x) throws SQLException {
    try {
      live().updateRowId(columnIndex, x);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateRowId(String columnLabel, RowId x) throws SQLException {
    try {
      live().updateRowId(columnLabel, x);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public int getHoldability() throws SQLException {
    try {
      return live().getHoldability();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public boolean isClosed() throws SQLException {
    if (statement == null && connection.isClosed()) {
      return true;
    }
    try {
      return delegate.isClosed();
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }


  @Override
  public void updateNString(int columnIndex, String nString) throws SQLException {
    try {
      live().updateNString(columnIndex, nString);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateNString(String columnLabel, String nString) throws SQLException {
    try {
      live().updateNString(columnLabel, nString);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateNClob(int columnIndex, NClob nClob) throws SQLException {
    try {
      live().updateNClob(columnIndex, nClob);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateNClob(String columnLabel, NClob nClob) throws SQLException {
    try {
      live().updateNClob(columnLabel, nClob);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public NClob getNClob(int columnIndex) throws SQLException {
    try {
      return live().getNClob(columnIndex);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public NClob getNClob(String columnLabel) throws SQLException {
    try {
      return live().getNClob(columnLabel);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public SQLXML getSQLXML(int columnIndex) throws SQLException {
    try {
      return live().getSQLXML(columnIndex);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public SQLXML getSQLXML(String columnLabel) throws SQLException {
    try {
      return live().getSQLXML(columnLabel);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateSQLXML(int columnIndex, SQLXML xmlObject) throws SQLException {
    try {
      live().updateSQLXML(columnIndex, xmlObject);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateSQLXML(String columnLabel, SQLXML xmlObject) throws SQLException {
    try {
      live().updateSQLXML(columnLabel, xmlObject);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public String getNString(int columnIndex) throws SQLException {
    try {
      return live().getNString(columnIndex);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public String getNString(String columnLabel) throws SQLException {
    try {
      return live().getNString(columnLabel);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public Reader getNCharacterStream(int columnIndex) throws SQLException {
    try {
      return live().getNCharacterStream(columnIndex);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public Reader getNCharacterStream(String columnLabel) throws SQLException {
    try {
      return live().getNCharacterStream(columnLabel);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateNCharacterStream(int columnIndex, Reader x, long length) throws SQLException {
    try {
      live().updateNCharacterStream(columnIndex, x, length);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateNCharacterStream(String columnLabel, Reader reader, long length)
      throws SQLException {
    try {
      live().updateNCharacterStream(columnLabel, reader, length);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateAsciiStream(int columnIndex, InputStream x, long length) throws SQLException {
    try {
      live().updateAsciiStream(columnIndex, x, length);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateBinaryStream(int columnIndex, InputStream x, long length) throws SQLException {
    try {
      live().updateBinaryStream(columnIndex, x, length);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateCharacterStream(int columnIndex, Reader x, long length) throws SQLException {
    try {
      live().updateCharacterStream(columnIndex, x, length);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateAsciiStream(String columnLabel, InputStream x, long length)
      throws SQLException {
    try {
      live().updateAsciiStream(columnLabel, x, length);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateBinaryStream(String columnLabel, InputStream x, long length)
      throws SQLException {
    try {
      live().updateBinaryStream(columnLabel, x, length);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateCharacterStream(String columnLabel, Reader reader, long length)
      throws SQLException {
    try {
      live().updateCharacterStream(columnLabel, reader, length);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateBlob(int columnIndex, InputStream inputStream, long length)
      throws SQLException {
    try {
      live().updateBlob(columnIndex, inputStream, length);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateBlob(String columnLabel, InputStream inputStream, long length)
      throws SQLException {
    try {
      live().updateBlob(columnLabel, inputStream, length);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateClob(int columnIndex, Reader reader, long length) throws SQLException {
    try {
      live().updateClob(columnIndex, reader, length);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateClob(String columnLabel, Reader reader, long length) throws SQLException {
    try {
      live().updateClob(columnLabel, reader, length);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateNClob(int columnIndex, Reader reader, long length) throws SQLException {
    try {
      live().updateNClob(columnIndex, reader, length);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateNClob(String columnLabel, Reader reader, long length) throws SQLException {
    try {
      live().updateNClob(columnLabel, reader, length);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateNCharacterStream(int columnIndex, Reader x) throws SQLException {
    try {
      live().updateNCharacterStream(columnIndex, x);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateNCharacterStream(String columnLabel, Reader reader) throws SQLException {
    try {
      live().updateNCharacterStream(columnLabel, reader);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateAsciiStream(int columnIndex, InputStream x) throws SQLException {
    try {
      live().updateAsciiStream(columnIndex, x);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateBinaryStream(int columnIndex, InputStream x) throws SQLException {
    try {
      live().updateBinaryStream(columnIndex, x);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateCharacterStream(int columnIndex, Reader x) throws SQLException {
    try {
      live().updateCharacterStream(columnIndex, x);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateAsciiStream(String columnLabel, InputStream x) throws SQLException {
    try {
      live().updateAsciiStream(columnLabel, x);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateBinaryStream(String columnLabel, InputStream x) throws SQLException {
    try {
      live().updateBinaryStream(columnLabel, x);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateCharacterStream(String columnLabel, Reader reader) throws SQLException {
    try {
      live().updateCharacterStream(columnLabel, reader);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateBlob(int columnIndex, InputStream inputStream) throws SQLException {
    try {
      live().updateBlob(columnIndex, inputStream);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateBlob(String columnLabel, InputStream inputStream) throws SQLException {
    try {
      live().updateBlob(columnLabel, inputStream);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateClob(int columnIndex, Reader reader) throws SQLException {
    try {
      live().updateClob(columnIndex, reader);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateClob(String columnLabel, Reader reader) throws SQLException {
    try {
      live().updateClob(columnLabel, reader);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateNClob(int columnIndex, Reader reader) throws SQLException {
    try {
      live().updateNClob(columnIndex, reader);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateNClob(String columnLabel, Reader reader) throws SQLException {
    try {
      live().updateNClob(columnLabel, reader);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
    try {
      return nested(connection, statement, live().getObject(columnIndex, type), type);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
    try {
      return nested(connection, statement, live().getObject(columnLabel, type), type);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateObject(int columnIndex, Object x, SQLType targetSqlType, int scaleOrLength)
      throws SQLException {
    try {
      live().updateObject(columnIndex, x, targetSqlType, scaleOrLength);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateObject(String columnLabel, Object x, SQLType targetSqlType, int scaleOrLength)
      throws SQLException {
    try {
      live().updateObject(columnLabel, x, targetSqlType, scaleOrLength);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateObject(int columnIndex, Object x, SQLType targetSqlType) throws SQLException {
    try {
      live().updateObject(columnIndex, x, targetSqlType);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }

  @Override
  public void updateObject(String columnLabel, Object x, SQLType targetSqlType)
      throws SQLException {
    try {
      live().updateObject(columnLabel, x, targetSqlType);
    } catch (SQLException e) {
      throw connection.inspect(e);
    }
  }
}
