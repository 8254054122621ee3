package mcp.db.pool.testkit;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** A {@link DataSource} over one {@link StubDatabase}; get one from {@link StubDatabase#dataSource()}. */
final class StubDataSource implements DataSource {
  private final StubDatabase database;
  private volatile PrintWriter logWriter;
  private volatile int loginTimeoutSeconds;

  StubDataSource(StubDatabase database) {
    this.database = Objects.requireNonNull(database, "database");
  }

  @Override
  public Connection getConnection() throws SQLException {
    return database.connect(new Properties());
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    Properties info = new Properties();
    if (user != null) info.setProperty("user", user);
    if (password != null) info.setProperty("password", password);
    return database.connect(info);
  }

  @Override public PrintWriter getLogWriter() { return logWriter; }
  @Override public void setLogWriter(PrintWriter out) { logWriter = out; }
  @Override public void setLoginTimeout(int seconds) { loginTimeoutSeconds = seconds; }
  @Override public int getLoginTimeout() { return loginTimeoutSeconds; }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("stub: no java.util.logging");
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) return iface.cast(this);
    if (iface.isInstance(database)) return iface.cast(database);
    throw StubErrors.notWrapperFor(iface, this);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this) || iface.isInstance(database);
  }

  @Override
  public String toString() {
    return "StubDataSource[" + database.url() + "]";
  }
}
