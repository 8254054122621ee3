package mcp.db.pool.internal.sizing;

import java.util.concurrent.TimeUnit;
import mcp.db.pool.internal.core.ConnectionPool;
import mcp.db.pool.internal.metrics.EntryScan;
import mcp.db.pool.internal.metrics.PoolMetrics;

/**
 * Turns the pool's cumulative counters into {@link LoadSample}s, one per measurement window.
 *
 * <h2>Cost</h2>
 * Nothing on the borrow/return path: the counters are the ones {@link PoolMetrics} keeps anyway
 * (hold and wait sums and counts, timeouts, errors). A tick reads them (a few dozen
 * {@code LongAdder} sums) and makes one pass over the connections, on the housekeeper thread,
 * {@value #TICKS_PER_SECOND} times a second.
 *
 * <h2>Windows</h2>
 * A window closes at the first tick at least {@link #WINDOW_NANOS} after it opened, and the next
 * opens there. After a resize the current window is thrown away and a new one opens
 * {@link #SETTLE_NANOS} later ({@link #GROW_SETTLE_NANOS} after a grow), so the connections that
 * open or close meanwhile, and the dip while new ones warm up, are not measured; a window in which poolSize changed for another reason is
 * thrown away too. The time integral of
 * connections in use is the sum of finished hold times plus the age of the borrows in progress,
 * when the engine reports it ({@link EntryScan#heldNanos}); otherwise a window's figure is off by
 * at most one hold time, spread over the next window. Peak demand (in use + waiting) is looked at
 * on every tick.
 *
 * <p>Not thread-safe: used under the sizing lock.
 */
public final class LoadSampler {
  static final int TICKS_PER_SECOND = 4;
  /** Time between ticks. */
  public static final long TICK_NANOS = TimeUnit.SECONDS.toNanos(1) / TICKS_PER_SECOND;
  /** Shortest measurement window. */
  public static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(2);
  /**
   * Time after a shrink before the next window opens: connections above the new size are closed
   * as they come back.
   */
  public static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(1);
  /**
   * Time after a grow before the next window opens. Measured on PostgreSQL (select-only, 64
   * clients, 8 to 16 connections): the first second after a grow loses up to half its throughput
   * to opening connections and warming the new backends, the second still some; from the third
   * it is steady.
   */
  public static final long GROW_SETTLE_NANOS = TimeUnit.SECONDS.toNanos(2);

  private final ConnectionPool engine;
  private final PoolMetrics metrics;
  /** Counters when the current window opened; null until the next tick opens one. */
  private Reading opened;
  private int peakDemand;
  /** No window opens before this pool-clock time (the settle time after a resize). */
  private long settleUntil;
  private boolean settling;

  public LoadSampler(ConnectionPool engine) {
    this.engine = engine;
    this.metrics = engine.metrics();
  }

  /**
   * Reads the counters at pool-clock time {@code now}.
   *
   * @return the window that closed at this tick, or null while it is still open
   */
  public LoadSample tick(long now) {
    if (settling) {
      if (now - settleUntil < 0) {
        return null;
      }
      settling = false;
    }
    Reading r = read(now);
    if (opened == null || r.poolSize != opened.poolSize || now - opened.at <= 0) {
      open(r);
      return null;
    }
    peakDemand = Math.max(peakDemand, r.inUse + r.waiting);
    if (now - opened.at < WINDOW_NANOS) {
      return null;
    }
    LoadSample s = between(opened, r, peakDemand);
    open(r);
    return s;
  }

  /**
   * The window open now, measured up to {@code now} without closing it; null when it is shorter
   * than a tick or none is open.
   */
  public LoadSample peek(long now) {
    if (opened == null || now - opened.at < TICK_NANOS) {
      return null;
    }
    Reading r = read(now);
    if (r.poolSize != opened.poolSize) {
      return null;
    }
    return between(opened, r, Math.max(peakDemand, r.inUse + r.waiting));
  }

  /**
   * Throws the current window away (poolSize is about to change at {@code now}); the next window
   * opens at the first tick {@link #SETTLE_NANOS} later, or {@link #GROW_SETTLE_NANOS} when the pool
   * grows.
   */
  public void restart(long now, boolean grow) {
    opened = null;
    settling = true;
    settleUntil = now + (grow ? GROW_SETTLE_NANOS : SETTLE_NANOS);
  }

  private void open(Reading r) {
    opened = r;
    peakDemand = r.inUse + r.waiting;
  }

  private static LoadSample between(Reading a, Reading b, int peakDemand) {
    long window = b.at - a.at;
    double meanInUse = Math.max(0, (double) (b.inUseIntegral - a.inUseIntegral) / window);
    long borrows = Math.max(0, b.borrows - a.borrows);
    long waited = Math.max(0, borrows - Math.max(0, b.borrowsWithoutWait - a.borrowsWithoutWait));
    return new LoadSample(b.at, window, b.poolSize, Math.max(0, b.returns - a.returns),
        Math.max(0, b.holdNanos - a.holdNanos), borrows, waited, Math.max(0, b.waitNanos - a.waitNanos),
        meanInUse, peakDemand, b.waiting, Math.max(0, b.timeouts - a.timeouts),
        Math.max(0, b.errors - a.errors), Math.max(0, b.connectFailures - a.connectFailures),
        b.circuitOpen);
  }

  private Reading read(long now) {
    Reading r = new Reading();
    r.at = now;
    r.poolSize = engine.poolSize();
    // The hold sum before the scan: a return in between is counted in neither, as in PoolMetrics.
    PoolMetrics.HotTotals hot = metrics.hotTotals();
    r.returns = hot.returns();
    r.holdNanos = hot.holdNanos();
    EntryScan scan = new EntryScan();
    engine.scan(scan, now);
    r.inUse = scan.inUse;
    r.inUseIntegral = r.holdNanos + (scan.heldNanos == EntryScan.UNKNOWN ? 0 : scan.heldNanos);
    r.waiting = engine.waiting();
    r.borrows = hot.borrows();
    r.borrowsWithoutWait = hot.borrowsWithoutWait();
    r.waitNanos = hot.waitNanos();
    r.timeouts = metrics.timeoutCount();
    r.errors = metrics.errorCount();
    r.connectFailures = metrics.connectFailureCount();
    r.circuitOpen = "open".equals(engine.circuitState());
    return r;
  }

  /** The cumulative counters at one tick. */
  private static final class Reading {
    long at;
    int poolSize;
    long returns;
    long holdNanos;
    long inUseIntegral;
    int inUse;
    int waiting;
    long borrows;
    long borrowsWithoutWait;
    long waitNanos;
    long timeouts;
    long errors;
    long connectFailures;
    boolean circuitOpen;
  }
}
