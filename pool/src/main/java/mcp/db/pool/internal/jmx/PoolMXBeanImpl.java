package mcp.db.pool.internal.jmx;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.PoolStats;

/** The MXBean of one pool; every call goes through the pool's public API. */
public final class PoolMXBeanImpl implements PoolMXBean {
  private final DatabasePool pool;

  private PoolMXBeanImpl(DatabasePool pool) {
    this.pool = pool;
  }

  /** {@code mcp.db.pool:type=Pool,name="<pool name>"}. */
  public static ObjectName objectName(String poolName) {
    try {
      return new ObjectName("mcp.db.pool:type=Pool,name=" + ObjectName.quote(poolName));
    } catch (MalformedObjectNameException e) {
      throw new IllegalArgumentException("pool name cannot be used in a JMX name: " + poolName, e);
    }
  }

  /**
   * Registers {@code pool} with the platform MBean server.
   *
   * @throws IllegalStateException if a pool of the same name is registered already
   */
  public static ObjectName register(DatabasePool pool) {
    ObjectName name = objectName(pool.getPoolName());
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      server.registerMBean(new PoolMXBeanImpl(pool), name);
    } catch (InstanceAlreadyExistsException e) {
      throw new IllegalStateException("a pool named '" + pool.getPoolName()
          + "' is registered in JMX already; pool names must be unique to register", e);
    } catch (JMException e) {
      throw new IllegalStateException("cannot register pool '" + pool.getPoolName() + "' in JMX", e);
    }
    return name;
  }

  /** Unregisters the pool of this name; does nothing when it is not registered. */
  public static void unregister(String poolName) {
    ObjectName name = objectName(poolName);
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      server.unregisterMBean(name);
    } catch (InstanceNotFoundException e) {
      // not registered: nothing to do
    } catch (JMException e) {
      throw new IllegalStateException("cannot unregister pool '" + poolName + "' from JMX", e);
    }
  }

  private PoolStats stats() {
    return pool.getPoolStats();
  }

  @Override public String getPoolName() { return pool.getPoolName(); }
  @Override public int getPoolSize() { return stats().poolSize(); }
  @Override public void setPoolSize(int poolSize) { resizePool(poolSize); }
  @Override public int getMaxOverflow() { return stats().maxOverflow(); }

  @Override
  public void setMaxOverflow(int maxOverflow) {
    try {
      pool.setMaxOverflow(maxOverflow);
    } catch (IllegalArgumentException e) {
      throw plain(e);
    }
  }

  @Override public int getSize() { return stats().size(); }
  @Override public int getCheckedOut() { return stats().checkedOut(); }
  @Override public int getCheckedIn() { return stats().checkedIn(); }
  @Override public int getOverflow() { return stats().overflow(); }
  @Override public int getWaiting() { return stats().waiting(); }
  @Override public long getCreated() { return stats().created(); }
  @Override public long getClosed() { return stats().closed(); }
  @Override public long getBroken() { return stats().broken(); }
  @Override public long getConnectFailures() { return stats().connectFailures(); }
  @Override public long getTimeouts() { return stats().timeouts(); }
  @Override public long getRetries() { return stats().retries(); }
  @Override public long getBorrows() { return stats().borrows(); }
  @Override public long getReturns() { return stats().returns(); }
  @Override public double getUtilization() { return stats().utilization(); }
  @Override public int getPeakCheckedOut() { return stats().peakCheckedOut(); }
  @Override public double getAcquireWaitP99Millis() { return millis(stats().acquireWait().p99()); }
  @Override public double getHoldTimeP99Millis() { return millis(stats().holdTime().p99()); }
  @Override public double getOldestCheckoutMillis() { return millis(stats().oldestCheckout()); }
  @Override public boolean isSuspended() { return pool.isSuspended(); }

  @Override
  public Map<String, String> getStatistics() {
    Map<String, String> out = new LinkedHashMap<>();
    stats().toMap().forEach((k, v) -> out.put(k, String.valueOf(v)));
    return out;
  }

  @Override
  public void resizePool(int poolSize) {
    try {
      pool.resizePool(poolSize);
    } catch (IllegalArgumentException e) {
      throw plain(e);
    }
  }

  @Override public void softEvictConnections() { pool.softEvictConnections(); }
  @Override public void suspend() { pool.suspend(); }
  @Override public void resume() { pool.resume(); }

  @Override
  public String checkHealth() {
    return pool.checkHealth(Duration.ofSeconds(2)).toJson();
  }

  /**
   * The same message in a JDK exception: a remote console has no pool classes on its class path,
   * so it could not deserialize {@code PoolConfigException}.
   */
  private static IllegalArgumentException plain(IllegalArgumentException e) {
    return new IllegalArgumentException(e.getMessage());
  }

  private static double millis(Duration d) {
    return d.toNanos() / 1e6;
  }
}
