package mcp.db.pool.testkit;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/**
 * A callable statement on a {@link StubConnection}: executes like a {@link StubPreparedStatement};
 * out parameters may be registered, and every one reads as SQL {@code NULL}.
 */
public final class StubCallableStatement extends StubPreparedStatement implements CallableStatement {
  StubCallableStatement(StubConnection connection, String sql, int type, int concurrency,
      int holdability) throws SQLException {
    super(connection, sql, type, concurrency, holdability);
  }

  private void named(String name) throws SQLException {
    checkOpen();
    if (name == null) throw new SQLException("stub: parameter name is null");
  }

  /** Every out parameter is NULL; checks the statement and index and returns {@code null}. */
  private <T> T out(int index) throws SQLException {
    parameter(index);
    return null;
  }

  private <T> T out(String name) throws SQLException {
    named(name);
    return null;
  }

  @Override public void registerOutParameter(int i, int sqlType) throws SQLException { parameter(i); }
  @Override public void registerOutParameter(int i, int sqlType, int scale) throws SQLException { parameter(i); }
  @Override public void registerOutParameter(int i, int sqlType, String typeName) throws SQLException { parameter(i); }
  @Override public void registerOutParameter(String n, int sqlType) throws SQLException { named(n); }
  @Override public void registerOutParameter(String n, int sqlType, int scale) throws SQLException { named(n); }
  @Override public void registerOutParameter(String n, int sqlType, String typeName) throws SQLException { named(n); }

  @Override
  public boolean wasNull() throws SQLException {
    checkOpen();
    return true;
  }

  @Override public String getString(int i) throws SQLException { return out(i); }
  @Override public boolean getBoolean(int i) throws SQLException { parameter(i); return false; }
  @Override public byte getByte(int i) throws SQLException { parameter(i); return 0; }
  @Override public short getShort(int i) throws SQLException { parameter(i); return 0; }
  @Override public int getInt(int i) throws SQLException { parameter(i); return 0; }
  @Override public long getLong(int i) throws SQLException { parameter(i); return 0; }
  @Override public float getFloat(int i) throws SQLException { parameter(i); return 0; }
  @Override public double getDouble(int i) throws SQLException { parameter(i); return 0; }
  @Override public BigDecimal getBigDecimal(int i) throws SQLException { return out(i); }
  @Override public byte[] getBytes(int i) throws SQLException { return out(i); }
  @Override public Date getDate(int i) throws SQLException { return out(i); }
  @Override public Date getDate(int i, Calendar cal) throws SQLException { return out(i); }
  @Override public Time getTime(int i) throws SQLException { return out(i); }
  @Override public Time getTime(int i, Calendar cal) throws SQLException { return out(i); }
  @Override public Timestamp getTimestamp(int i) throws SQLException { return out(i); }
  @Override public Timestamp getTimestamp(int i, Calendar cal) throws SQLException { return out(i); }
  @Override public Object getObject(int i) throws SQLException { return out(i); }
  @Override public Object getObject(int i, Map<String, Class<?>> map) throws SQLException { return out(i); }
  @Override public <T> T getObject(int i, Class<T> type) throws SQLException { return out(i); }
  @Override public Ref getRef(int i) throws SQLException { return out(i); }
  @Override public Blob getBlob(int i) throws SQLException { return out(i); }
  @Override public Clob getClob(int i) throws SQLException { return out(i); }
  @Override public NClob getNClob(int i) throws SQLException { return out(i); }
  @Override public Array getArray(int i) throws SQLException { return out(i); }
  @Override public URL getURL(int i) throws SQLException { return out(i); }
  @Override public RowId getRowId(int i) throws SQLException { return out(i); }
  @Override public SQLXML getSQLXML(int i) throws SQLException { return out(i); }
  @Override public String getNString(int i) throws SQLException { return out(i); }
  @Override public Reader getNCharacterStream(int i) throws SQLException { return out(i); }
  @Override public Reader getCharacterStream(int i) throws SQLException { return out(i); }

  /** @deprecated as in {@link CallableStatement}. */
  @Deprecated
  @Override
  public BigDecimal getBigDecimal(int i, int scale) throws SQLException {
    return out(i);
  }

  @Override public String getString(String n) throws SQLException { return out(n); }
  @Override public boolean getBoolean(String n) throws SQLException { named(n); return false; }
  @Override public byte getByte(String n) throws SQLException { named(n); return 0; }
  @Override public short getShort(String n) throws SQLException { named(n); return 0; }
  @Override public int getInt(String n) throws SQLException { named(n); return 0; }
  @Override public long getLong(String n) throws SQLException { named(n); return 0; }
  @Override public float getFloat(String n) throws SQLException { named(n); return 0; }
  @Override public double getDouble(String n) throws SQLException { named(n); return 0; }
  @Override public BigDecimal getBigDecimal(String n) throws SQLException { return out(n); }
  @Override public byte[] getBytes(String n) throws SQLException { return out(n); }
  @Override public Date getDate(String n) throws SQLException { return out(n); }
  @Override public Date getDate(String n, Calendar cal) throws SQLException { return out(n); }
  @Override public Time getTime(String n) throws SQLException { return out(n); }
  @Override public Time getTime(String n, Calendar cal) throws SQLException { return out(n); }
  @Override public Timestamp getTimestamp(String n) throws SQLException { return out(n); }
  @Override public Timestamp getTimestamp(String n, Calendar cal) throws SQLException { return out(n); }
  @Override public Object getObject(String n) throws SQLException { return out(n); }
  @Override public Object getObject(String n, Map<String, Class<?>> map) throws SQLException { return out(n); }
  @Override public <T> T getObject(String n, Class<T> type) throws SQLException { return out(n); }
  @Override public Ref getRef(String n) throws SQLException { return out(n); }
  @Override public Blob getBlob(String n) throws SQLException { return out(n); }
  @Override public Clob getClob(String n) throws SQLException { return out(n); }
  @Override public NClob getNClob(String n) throws SQLException { return out(n); }
  @Override public Array getArray(String n) throws SQLException { return out(n); }
  @Override public URL getURL(String n) throws SQLException { return out(n); }
  @Override public RowId getRowId(String n) throws SQLException { return out(n); }
  @Override public SQLXML getSQLXML(String n) throws SQLException { return out(n); }
  @Override public String getNString(String n) throws SQLException { return out(n); }
  @Override public Reader getNCharacterStream(String n) throws SQLException { return out(n); }
  @Override public Reader getCharacterStream(String n) throws SQLException { return out(n); }

  @Override public void setNull(String n, int sqlType) throws SQLException { named(n); }
  @Override public void setNull(String n, int sqlType, String typeName) throws SQLException { named(n); }
  @Override public void setBoolean(String n, boolean x) throws SQLException { named(n); }
  @Override public void setByte(String n, byte x) throws SQLException { named(n); }
  @Override public void setShort(String n, short x) throws SQLException { named(n); }
  @Override public void setInt(String n, int x) throws SQLException { named(n); }
  @Override public void setLong(String n, long x) throws SQLException { named(n); }
  @Override public void setFloat(String n, float x) throws SQLException { named(n); }
  @Override public void setDouble(String n, double x) throws SQLException { named(n); }
  @Override public void setBigDecimal(String n, BigDecimal x) throws SQLException { named(n); }
  @Override public void setString(String n, String x) throws SQLException { named(n); }
  @Override public void setNString(String n, String x) throws SQLException { named(n); }
  @Override public void setBytes(String n, byte[] x) throws SQLException { named(n); }
  @Override public void setDate(String n, Date x) throws SQLException { named(n); }
  @Override public void setDate(String n, Date x, Calendar cal) throws SQLException { named(n); }
  @Override public void setTime(String n, Time x) throws SQLException { named(n); }
  @Override public void setTime(String n, Time x, Calendar cal) throws SQLException { named(n); }
  @Override public void setTimestamp(String n, Timestamp x) throws SQLException { named(n); }
  @Override public void setTimestamp(String n, Timestamp x, Calendar cal) throws SQLException { named(n); }
  @Override public void setObject(String n, Object x) throws SQLException { named(n); }
  @Override public void setObject(String n, Object x, int sqlType) throws SQLException { named(n); }
  @Override public void setObject(String n, Object x, int sqlType, int scale) throws SQLException { named(n); }
  @Override public void setAsciiStream(String n, InputStream x) throws SQLException { named(n); }
  @Override public void setAsciiStream(String n, InputStream x, int length) throws SQLException { named(n); }
  @Override public void setAsciiStream(String n, InputStream x, long length) throws SQLException { named(n); }
  @Override public void setBinaryStream(String n, InputStream x) throws SQLException { named(n); }
  @Override public void setBinaryStream(String n, InputStream x, int length) throws SQLException { named(n); }
  @Override public void setBinaryStream(String n, InputStream x, long length) throws SQLException { named(n); }
  @Override public void setCharacterStream(String n, Reader x) throws SQLException { named(n); }
  @Override public void setCharacterStream(String n, Reader x, int length) throws SQLException { named(n); }
  @Override public void setCharacterStream(String n, Reader x, long length) throws SQLException { named(n); }
  @Override public void setNCharacterStream(String n, Reader x) throws SQLException { named(n); }
  @Override public void setNCharacterStream(String n, Reader x, long length) throws SQLException { named(n); }
  @Override public void setBlob(String n, Blob x) throws SQLException { named(n); }
  @Override public void setBlob(String n, InputStream x) throws SQLException { named(n); }
  @Override public void setBlob(String n, InputStream x, long length) throws SQLException { named(n); }
  @Override public void setClob(String n, Clob x) throws SQLException { named(n); }
  @Override public void setClob(String n, Reader x) throws SQLException { named(n); }
  @Override public void setClob(String n, Reader x, long length) throws SQLException { named(n); }
  @Override public void setNClob(String n, NClob x) throws SQLException { named(n); }
  @Override public void setNClob(String n, Reader x) throws SQLException { named(n); }
  @Override public void setNClob(String n, Reader x, long length) throws SQLException { named(n); }
  @Override public void setURL(String n, URL x) throws SQLException { named(n); }
  @Override public void setRowId(String n, RowId x) throws SQLException { named(n); }
  @Override public void setSQLXML(String n, SQLXML x) throws SQLException { named(n); }
}
