package mcp.db.pool.internal.core;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Who decides the outcome of one connection attempt: the connector thread running it, or whoever
 * gives up on it (the watchdog at connectionTimeout, or a {@code build()} that is interrupted).
 *
 * <h2>States</h2>
 * {@code QUEUED -> RUNNING} when a connector thread picks the attempt up ({@link #begin()});
 * then {@code RUNNING -> DONE} when the driver returns first ({@link #finish()}), or
 * {@code QUEUED/RUNNING -> ABANDONED} when the deadline passes first ({@link #abandon()}). Exactly
 * one side wins. The loser of the race does nothing but clean up: an abandoned attempt whose driver
 * returns a connection after all closes it on its own thread and never lends it.
 *
 * <p>Abandoning a running attempt interrupts its thread, which makes drivers that honour
 * interrupts during connect (pgjdbc with a login timeout, the stub) give up at once. The interrupt
 * is sent while the lock is held and {@link #finish()} clears it after taking the lock, so it can
 * never leak into the next task of the connector thread. The lock is held for a few field writes and
 * {@link Thread#interrupt()}, never around the driver call.
 */
final class ConnectAttempt {
  static final int QUEUED = 0;
  static final int RUNNING = 1;
  static final int DONE = 2;
  static final int ABANDONED = 3;

  private final ReentrantLock lock = new ReentrantLock();
  /** Guarded by {@link #lock}. */
  private int state = QUEUED;
  /** The connector thread, once RUNNING. Guarded by {@link #lock}. */
  private Thread worker;

  /**
   * Called by the connector thread before it calls the driver.
   *
   * @return false when the attempt was abandoned while queued: do not connect
   */
  boolean begin() {
    lock.lock();
    try {
      if (state != QUEUED) {
        return false;
      }
      state = RUNNING;
      worker = Thread.currentThread();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Gives up on the attempt unless the driver has already returned.
   *
   * @return the state the attempt was in: {@link #QUEUED} or {@link #RUNNING} when this call
   *     abandoned it (a RUNNING one has a connector thread still inside the driver), otherwise
   *     {@link #DONE} or {@link #ABANDONED} and nothing changed
   */
  int abandon() {
    lock.lock();
    try {
      int was = state;
      if (was == QUEUED || was == RUNNING) {
        state = ABANDONED;
        if (was == RUNNING) {
          worker.interrupt();
        }
      }
      return was;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Called by the connector thread when the driver has returned (with a connection or not).
   *
   * @return true when this thread owns the outcome; false when the attempt was abandoned, in which
   *     case the thread's interrupt status has been cleared and any connection must be closed
   */
  boolean finish() {
    lock.lock();
    try {
      if (state == RUNNING) {
        state = DONE;
        return true;
      }
    } finally {
      lock.unlock();
    }
    Thread.interrupted(); // the watchdog's interrupt, sent under the lock, so already delivered
    return false;
  }
}
