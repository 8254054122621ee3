package mcp.db.pool.testkit;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;

/**
 * A prepared statement on a {@link StubConnection}. Parameters are checked (index from 1, statement
 * open) and discarded; {@link #execute()} treats the SQL as a query by the rule of
 * {@link StubStatement}.
 */
public class StubPreparedStatement extends StubStatement implements PreparedStatement {
  private final boolean query;

  StubPreparedStatement(StubConnection connection, String sql, int type, int concurrency,
      int holdability) throws SQLException {
    super(connection, sql, type, concurrency, holdability);
    this.query = isQuery(sql);
  }

  /** Checks that a parameter may be set: statement open and index from 1. */
  final void parameter(int index) throws SQLException {
    checkOpen();
    if (index < 1) throw new SQLException("stub: parameter index " + index + " is below 1");
  }

  @Override public ResultSet executeQuery() throws SQLException { return runQuery(); }
  @Override public int executeUpdate() throws SQLException { return runUpdate(); }
  @Override public long executeLargeUpdate() throws SQLException { return runUpdate(); }
  @Override public boolean execute() throws SQLException { return run(query); }
  @Override public void addBatch() throws SQLException { addToBatch(); }
  @Override public void clearParameters() throws SQLException { checkOpen(); }

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    checkOpen();
    return query ? connection.database().result().metaData() : null;
  }

  @Override
  public ParameterMetaData getParameterMetaData() throws SQLException {
    checkOpen();
    throw new SQLFeatureNotSupportedException("stub: getParameterMetaData");
  }

  @Override public void setNull(int i, int sqlType) throws SQLException { parameter(i); }
  @Override public void setNull(int i, int sqlType, String typeName) throws SQLException { parameter(i); }
  @Override public void setBoolean(int i, boolean x) throws SQLException { parameter(i); }
  @Override public void setByte(int i, byte x) throws SQLException { parameter(i); }
  @Override public void setShort(int i, short x) throws SQLException { parameter(i); }
  @Override public void setInt(int i, int x) throws SQLException { parameter(i); }
  @Override public void setLong(int i, long x) throws SQLException { parameter(i); }
  @Override public void setFloat(int i, float x) throws SQLException { parameter(i); }
  @Override public void setDouble(int i, double x) throws SQLException { parameter(i); }
  @Override public void setBigDecimal(int i, BigDecimal x) throws SQLException { parameter(i); }
  @Override public void setString(int i, String x) throws SQLException { parameter(i); }
  @Override public void setNString(int i, String x) throws SQLException { parameter(i); }
  @Override public void setBytes(int i, byte[] x) throws SQLException { parameter(i); }
  @Override public void setDate(int i, Date x) throws SQLException { parameter(i); }
  @Override public void setDate(int i, Date x, Calendar cal) throws SQLException { parameter(i); }
  @Override public void setTime(int i, Time x) throws SQLException { parameter(i); }
  @Override public void setTime(int i, Time x, Calendar cal) throws SQLException { parameter(i); }
  @Override public void setTimestamp(int i, Timestamp x) throws SQLException { parameter(i); }
  @Override public void setTimestamp(int i, Timestamp x, Calendar cal) throws SQLException { parameter(i); }
  @Override public void setObject(int i, Object x) throws SQLException { parameter(i); }
  @Override public void setObject(int i, Object x, int sqlType) throws SQLException { parameter(i); }
  @Override public void setObject(int i, Object x, int sqlType, int scale) throws SQLException { parameter(i); }
  @Override public void setObject(int i, Object x, SQLType sqlType) throws SQLException { parameter(i); }
  @Override public void setObject(int i, Object x, SQLType sqlType, int scale) throws SQLException { parameter(i); }
  @Override public void setAsciiStream(int i, InputStream x) throws SQLException { parameter(i); }
  @Override public void setAsciiStream(int i, InputStream x, int length) throws SQLException { parameter(i); }
  @Override public void setAsciiStream(int i, InputStream x, long length) throws SQLException { parameter(i); }
  @Override public void setBinaryStream(int i, InputStream x) throws SQLException { parameter(i); }
  @Override public void setBinaryStream(int i, InputStream x, int length) throws SQLException { parameter(i); }
  @Override public void setBinaryStream(int i, InputStream x, long length) throws SQLException { parameter(i); }
  @Override public void setCharacterStream(int i, Reader x) throws SQLException { parameter(i); }
  @Override public void setCharacterStream(int i, Reader x, int length) throws SQLException { parameter(i); }
  @Override public void setCharacterStream(int i, Reader x, long length) throws SQLException { parameter(i); }
  @Override public void setNCharacterStream(int i, Reader x) throws SQLException { parameter(i); }
  @Override public void setNCharacterStream(int i, Reader x, long length) throws SQLException { parameter(i); }
  @Override public void setRef(int i, Ref x) throws SQLException { parameter(i); }
  @Override public void setBlob(int i, Blob x) throws SQLException { parameter(i); }
  @Override public void setBlob(int i, InputStream x) throws SQLException { parameter(i); }
  @Override public void setBlob(int i, InputStream x, long length) throws SQLException { parameter(i); }
  @Override public void setClob(int i, Clob x) throws SQLException { parameter(i); }
  @Override public void setClob(int i, Reader x) throws SQLException { parameter(i); }
  @Override public void setClob(int i, Reader x, long length) throws SQLException { parameter(i); }
  @Override public void setNClob(int i, NClob x) throws SQLException { parameter(i); }
  @Override public void setNClob(int i, Reader x) throws SQLException { parameter(i); }
  @Override public void setNClob(int i, Reader x, long length) throws SQLException { parameter(i); }
  @Override public void setArray(int i, Array x) throws SQLException { parameter(i); }
  @Override public void setURL(int i, URL x) throws SQLException { parameter(i); }
  @Override public void setRowId(int i, RowId x) throws SQLException { parameter(i); }
  @Override public void setSQLXML(int i, SQLXML x) throws SQLException { parameter(i); }

  /** @deprecated as in {@link PreparedStatement}. */
  @Deprecated
  @Override
  public void setUnicodeStream(int i, InputStream x, int length) throws SQLException {
    parameter(i);
  }
}
