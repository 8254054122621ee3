package mcp.db.pool.internal.jmx;

import java.util.Map;

/**
 * What a pool shows in JMX (jconsole, VisualVM, JMX exporters), registered as
 * {@code mcp.db.pool:type=Pool,name=<pool name>} by {@code DatabasePool.registerMBean()}. The
 * attributes are read from one fresh statistics snapshot each; the operations change the running
 * pool.
 */
public interface PoolMXBean {
  /** The pool's name. */
  String getPoolName();

  /** Connections the pool keeps open; writable: resizes the pool (1 to 10000). */
  int getPoolSize();

  /** Resizes the pool, as {@code DatabasePool.resizePool}. */
  void setPoolSize(int poolSize);

  /** Connections allowed above poolSize, -1 = unbounded; writable. */
  int getMaxOverflow();

  /** Changes maxOverflow, as {@code DatabasePool.setMaxOverflow}. */
  void setMaxOverflow(int maxOverflow);

  /** Connections open now. */
  int getSize();

  /** Connections lent to callers now. */
  int getCheckedOut();

  /** Idle connections now. */
  int getCheckedIn();

  /** Connections open above poolSize now. */
  int getOverflow();

  /** Callers waiting for a connection now. */
  int getWaiting();

  /** Connections opened since start. */
  long getCreated();

  /** Connections closed since start. */
  long getClosed();

  /** Connections found broken since start. */
  long getBroken();

  /** Failed connection attempts since start. */
  long getConnectFailures();

  /** Callers that gave up after poolTimeout since start. */
  long getTimeouts();

  /** Transaction retries since start. */
  long getRetries();

  /** Connections lent to callers since start (0 when hot-path recording is off). */
  long getBorrows();

  /** Connections given back since start (0 when hot-path recording is off). */
  long getReturns();

  /** Time-weighted in-use / open over the recent window, 0 to 1. */
  double getUtilization();

  /** Most connections in use at once over the recent window. */
  int getPeakCheckedOut();

  /** 99th percentile of the wait for a connection over the recent window, milliseconds. */
  double getAcquireWaitP99Millis();

  /** 99th percentile of how long connections were held over the recent window, milliseconds. */
  double getHoldTimeP99Millis();

  /** Age of the oldest current borrow, milliseconds. */
  double getOldestCheckoutMillis();

  /** Whether the pool is suspended. */
  boolean isSuspended();

  /** Every statistic under the spec's names, as text. */
  Map<String, String> getStatistics();

  /**
   * Resizes the pool, as {@code DatabasePool.resizePool}: the same as writing {@code PoolSize}, for
   * consoles that offer operations but not attribute writes.
   *
   * @param poolSize the new target, 1 to 10000
   * @throws IllegalArgumentException if {@code poolSize} is outside that range (the message names it)
   */
  void resizePool(int poolSize);

  /** Closes idle connections now and borrowed ones when returned. */
  void softEvictConnections();

  /** Stops lending connections until {@link #resume()}. */
  void suspend();

  /** Lends connections again. */
  void resume();

  /** Runs a health check (2 s timeout) and returns its JSON. */
  String checkHealth();
}
