package mcp.db.pool.reliability;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * A JDBC driver that wraps the real one and records, for every physical connection a pool opens,
 * how many times it was closed or aborted, so a test can check that each was closed exactly once.
 *
 * <p>Use it through the pool's {@code driverClassName} with the real URL and a driver property
 * {@value #TAG} naming the ledger: {@code .driverClassName(TrackingDriver.class.getName())
 * .driverProperty(TrackingDriver.TAG, name)}. The property is removed before the real driver (the
 * one {@link DriverManager} picks for the URL) sees the rest. The URL keeps its prefix, so the pool
 * still recognises the database (error rules, connect timeouts, identity).
 *
 * <p>Connections are wrapped in a {@link Proxy}: {@code close()} and {@code abort()} are counted
 * and delegated, everything else is delegated unchanged (exceptions unwrapped). Ledgers are
 * static, keyed by tag; {@link #ledger(String)} gets one and {@link #forget(String)} drops it.
 */
public final class TrackingDriver implements Driver {
  /** The driver property that names the ledger of a pool's connections. */
  public static final String TAG = "tracking.ledger";

  private static final Map<String, Ledger> LEDGERS = new ConcurrentHashMap<>();

  /** Instantiated by the pool's {@code driverClassName}; not registered with DriverManager. */
  public TrackingDriver() {}

  /** The ledger of connections opened with this tag (created empty if none yet). */
  public static Ledger ledger(String tag) {
    return LEDGERS.computeIfAbsent(tag, Ledger::new);
  }

  /** Drops the ledger of this tag. */
  public static void forget(String tag) {
    LEDGERS.remove(tag);
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    Properties rest = new Properties();
    rest.putAll(info);
    String tag = (String) rest.remove(TAG);
    if (tag == null) {
      throw new SQLException("TrackingDriver needs the driver property " + TAG, "08001");
    }
    Ledger ledger = ledger(tag);
    ledger.attempts.incrementAndGet();
    Connection real = realDriver(url).connect(url, rest);
    if (real == null) {
      return null;
    }
    Tracked tracked = new Tracked(ledger.ids.incrementAndGet(), real);
    ledger.connections.add(tracked);
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
        new Class<?>[] {Connection.class}, tracked);
  }

  private static Driver realDriver(String url) throws SQLException {
    Enumeration<Driver> drivers = DriverManager.getDrivers();
    while (drivers.hasMoreElements()) {
      Driver d = drivers.nextElement();
      if (!(d instanceof TrackingDriver) && d.acceptsURL(url)) {
        return d;
      }
    }
    throw new SQLException("no driver accepts " + url, "08001");
  }

  @Override
  public boolean acceptsURL(String url) throws SQLException {
    return realDriver(url) != null;
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
    return new DriverPropertyInfo[0];
  }

  @Override
  public int getMajorVersion() {
    return 1;
  }

  @Override
  public int getMinorVersion() {
    return 0;
  }

  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  /** Every physical connection opened under one tag. */
  public static final class Ledger {
    private final String tag;
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicInteger ids = new AtomicInteger();
    private final List<Tracked> connections = new CopyOnWriteArrayList<>();

    private Ledger(String tag) {
      this.tag = tag;
    }

    /** Connection attempts made, successful or not. */
    public long attempts() {
      return attempts.get();
    }

    /** Physical connections opened. */
    public int opened() {
      return connections.size();
    }

    /** Physical connections not closed or aborted yet. */
    public int open() {
      int n = 0;
      for (Tracked t : connections) {
        if (t.endings() == 0) {
          n++;
        }
      }
      return n;
    }

    /** Descriptions of connections closed or aborted other than exactly once (empty when all good). */
    public List<String> notClosedExactlyOnce() {
      List<String> bad = new ArrayList<>();
      for (Tracked t : connections) {
        if (t.endings() != 1) {
          bad.add(t.toString());
        }
      }
      return Collections.unmodifiableList(bad);
    }

    @Override
    public String toString() {
      return "Ledger[" + tag + ": attempts=" + attempts() + ", opened=" + opened() + ", open="
          + open() + "]";
    }
  }

  /** One physical connection and its close/abort counts; the invocation handler of its proxy. */
  static final class Tracked implements InvocationHandler {
    private final int id;
    private final Connection real;
    private final AtomicInteger closes = new AtomicInteger();
    private final AtomicInteger aborts = new AtomicInteger();

    Tracked(int id, Connection real) {
      this.id = id;
      this.real = real;
    }

    int endings() {
      return closes.get() + aborts.get();
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      switch (method.getName()) {
        case "close":
          closes.incrementAndGet();
          break;
        case "abort":
          aborts.incrementAndGet();
          break;
        case "equals":
          return proxy == args[0];
        case "hashCode":
          return System.identityHashCode(proxy);
        case "toString":
          return toString();
        default:
          break;
      }
      try {
        return method.invoke(real, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }

    @Override
    public String toString() {
      return "physical#" + id + "(closed " + closes.get() + "x, aborted " + aborts.get() + "x)";
    }
  }
}
