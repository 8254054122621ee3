package mcp.db.pool.session;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A stand-in for the pool while its engine is being written: opens a new driver connection per
 * borrow (at most {@code limit} at once), closes it on return, and counts the connections lent
 * out now, as {@code PoolStats.checkedOut()} would.
 */
final class CountingDataSource implements DataSource {
  private final String url;
  private final Properties properties;
  private final Semaphore permits;
  private final AtomicInteger checkedOut = new AtomicInteger();

  CountingDataSource(String url, Properties properties, int limit) {
    this.url = url;
    this.properties = properties;
    this.permits = new Semaphore(limit, true);
  }

  int checkedOut() {
    return checkedOut.get();
  }

  @Override
  public Connection getConnection() throws SQLException {
    try {
      if (!permits.tryAcquire(30, TimeUnit.SECONDS)) {
        throw new SQLException("no connection within 30 s", "HYT00");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted", "HYT00", e);
    }
    Connection physical;
    try {
      physical = DriverManager.getConnection(url, properties);
    } catch (SQLException | RuntimeException e) {
      permits.release();
      throw e;
    }
    checkedOut.incrementAndGet();
    AtomicBoolean returned = new AtomicBoolean();
    InvocationHandler handler = (proxy, method, args) -> {
      String name = method.getName();
      boolean ends = (name.equals("close") || name.equals("abort"))
          && returned.compareAndSet(false, true);
      try {
        if (name.equals("close") && !ends) return null;
        return method.invoke(physical, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      } finally {
        if (ends) {
          checkedOut.decrementAndGet();
          permits.release();
        }
      }
    };
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
        new Class<?>[] {Connection.class}, handler);
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return false;
  }
}
