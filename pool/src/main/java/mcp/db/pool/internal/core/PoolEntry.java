package mcp.db.pool.internal.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.sql.Connection;
import java.sql.SQLException;
import mcp.db.pool.internal.proxy.ConnectionDefaults;
import mcp.db.pool.internal.proxy.ConnectionLease;

/**
 * One physical connection and its place in the pool.
 *
 * <h2>States</h2>
 * <pre>
 *            borrow (CAS)             release (store) / hand-off keeps IN_USE
 *   IDLE  -----------------&gt;  IN_USE  ------------------------------------&gt; IDLE
 *    |  ^                         |
 *    |  | housekeeper done        | retire (broken, recycled, overflow, closed)
 *    v  |                         v
 *  RESERVED ----------------&gt;  RETIRED   (terminal; the physical connection is closed once)
 * </pre>
 * Only a CAS moves an entry out of IDLE, so exactly one borrower (or the housekeeper) wins it.
 * The holder of an IN_USE or RESERVED entry owns it exclusively: it alone may move it on, with a
 * plain release store back to IDLE, a direct hand-off to a waiter (the state stays IN_USE and
 * ownership passes with the hand-off), or a move to RETIRED.
 *
 * <h2>Fields</h2>
 * {@link #lastReturnedAt}, {@link #borrowedAt} and the leak fields are plain fields written only by
 * the current owner; the release store to IDLE (or the hand-off's volatile write) publishes them to
 * the next owner. {@link #broken} is volatile because the housekeeper or another pool thread may set
 * it while a borrower holds the entry.
 */
public final class PoolEntry implements ConnectionLease {
  public static final int IDLE = 0;
  public static final int IN_USE = 1;
  public static final int RESERVED = 2;
  public static final int RETIRED = 3;

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(PoolEntry.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final ConnectionPool pool;
  private final Connection physical;
  private final ConnectionDefaults defaults;
  private final long id;
  private final long createdAt;
  private final long recycleAt;
  /** Hot-path statistics of this connection, written by its owner; see {@link EntryCounters}. */
  final mcp.db.pool.internal.metrics.EntryCounters counters =
      new mcp.db.pool.internal.metrics.EntryCounters();
  /**
   * The pool generation this connection was last known good in; an entry from an older generation
   * is validated before it is lent again. Owner-written.
   */
  long generation;

  @SuppressWarnings("unused") // accessed through STATE
  private volatile int state;
  private volatile boolean broken;

  /** When the last owner gave it back (nanos); written by the owner before release. */
  long lastReturnedAt;
  /** When it was last known alive: returned, validated or opened (nanos); owner-written. */
  long lastAliveAt;
  /** When the current borrower took it (nanos); written by the borrower after its claim. */
  long borrowedAt;
  /**
   * Stack of the current borrower when leak detection is on, else {@code null}. Volatile because
   * the housekeeper reads it while the borrower holds the entry; written after {@link #borrowedAt},
   * so a non-null read also publishes that field. Only touched when leak detection is on.
   */
  volatile Throwable borrowStack;
  /** Whether the current borrow was already reported as a possible leak (housekeeper-written). */
  volatile boolean leakReported;
  /** Thread name of the current borrower when leak detection is on. */
  volatile String borrowerThread;
  /** Set by soft eviction or a shrink: retire instead of reusing when it next comes back. */
  volatile boolean evicted;
  /**
   * Set when the physical connection was aborted (a validation watchdog fired), so retiring it
   * does not close it a second time.
   */
  volatile boolean aborted;

  PoolEntry(ConnectionPool pool, Connection physical, ConnectionDefaults defaults, long id,
      long createdAt, long recycleAt, long generation, int initialState) {
    this.pool = pool;
    this.physical = physical;
    this.defaults = defaults;
    this.id = id;
    this.createdAt = createdAt;
    this.recycleAt = recycleAt;
    this.generation = generation;
    this.lastReturnedAt = createdAt;
    STATE.setRelease(this, initialState);
  }

  // ---- state transitions, one named method per memory mode ----

  /** Volatile read of the state. */
  int state() {
    return (int) STATE.getVolatile(this);
  }

  /** Atomically moves the entry from {@code expect} to {@code update}; the only way out of IDLE. */
  boolean compareAndSetState(int expect, int update) {
    return STATE.compareAndSet(this, expect, update);
  }

  /** Release store by the owner: publishes the owner's plain writes to the next claimer. */
  void setStateRelease(int update) {
    STATE.setRelease(this, update);
  }

  /**
   * Moves the entry to RETIRED from whatever state it is in. Returns true for the one caller that
   * made the move, so the physical connection is closed exactly once.
   */
  boolean retire() {
    for (;;) {
      int s = state();
      if (s == RETIRED) {
        return false;
      }
      if (STATE.compareAndSet(this, s, RETIRED)) {
        return true;
      }
    }
  }

  /** Volatile store, for transitions that must be ordered before a following volatile read. */
  void setStateVolatile(int update) {
    STATE.setVolatile(this, update);
  }

  // ---- ConnectionLease ----

  @Override
  public Connection physical() {
    return physical;
  }

  @Override
  public ConnectionDefaults defaults() {
    return defaults;
  }

  @Override
  public SQLException inspect(SQLException e) {
    if (!broken && pool.isFatal(e)) {
      markBroken(e);
    }
    pool.recordError(e);
    return e;
  }

  @Override
  public void markAborted() {
    aborted = true;
    broken = true;
  }

  @Override
  public boolean isBroken() {
    return broken;
  }

  @Override
  public void release() {
    pool.release(this);
  }

  // ---- pool-internal accessors ----

  void markBroken(SQLException cause) {
    if (!broken) {
      broken = true;
      pool.onBroken(this, cause);
    }
  }

  /** Marks broken without a cause (aborted, failed validation); no log line. */
  void markBrokenQuietly() {
    broken = true;
  }

  long id() {
    return id;
  }

  long createdAt() {
    return createdAt;
  }

  long recycleAt() {
    return recycleAt;
  }

  long generation() {
    return generation;
  }

  void generation(long current) {
    this.generation = current;
  }

  @Override
  public String toString() {
    String s;
    switch (state()) {
      case IDLE: s = "idle"; break;
      case IN_USE: s = "in use"; break;
      case RESERVED: s = "reserved"; break;
      default: s = "retired";
    }
    return "connection#" + id + "(" + s + (broken ? ", broken" : "") + ")";
  }
}
