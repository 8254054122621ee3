package mcp.db.pool.internal.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The structure that holds the pool's connections and hands them out: the whole hot path.
 *
 * <h2>Design</h2>
 * Entries live in a copy-on-write array; each carries its own state ({@link PoolEntry}). A borrow:
 * <ol>
 *   <li>scans the array starting at the calling thread's <em>home slot</em> (a hash of its id), so
 *       a thread that borrows and returns in a loop finds its previous entry first with one CAS,
 *       and threads spread over different entries instead of fighting over entry 0. This gives the
 *       affinity of a thread-local cache without one (no per-thread state for virtual threads);
 *   <li>failing that, enqueues a {@link Waiter} in a FIFO queue and parks, with a deadline.
 * </ol>
 * <h2>Fairness window</h2>
 * A release hands the entry straight to the longest waiter (the entry stays IN_USE and ownership
 * moves with the hand-off) once that waiter has waited {@link #FAIRNESS_WINDOW_NANOS}; from then on waiters
 * are served strictly in arrival order and only the one that gets the connection is unparked.
 * Before that, the entry is made idle and the longest waiter is <em>nudged</em> (unparked once, to
 * rescan), so a thread that returns a connection and borrows again at once may take it first. That
 * bounded barging is what keeps a busy pool from paying a context switch per borrow, while no
 * caller is overtaken for longer than the window. With no waiter, a release is a single volatile
 * store.
 *
 * <p>A borrower that found nothing idle yields and rescans a few times before it queues, but only
 * while connections are held briefly (a sampled hold time, {@link #noteReturn}: one return in
 * {@value #HOLD_SAMPLE_EVERY} per connection, up to {@link #SHORT_HOLD_NANOS}). Then a holder a
 * few hundred nanoseconds from returning returns to a caller that has not parked, and the
 * park/unpark round trip that made a contended pool's slow borrows is saved. With connections held
 * for a query's round trip, yielding callers would only take processors from the holders (and, on
 * a shared machine, from the database) and delay the wake-ups of the queued callers: measured on
 * PostgreSQL with 64 threads on 8 connections, the p99 rose from 5 to 26 ms.
 *
 * <h2>Lost wake-ups</h2>
 * A waiter enqueues itself <em>before</em> scanning once more; a releaser stores IDLE
 * <em>before</em> looking at the queue. Both are volatile accesses, so either the waiter's scan sees
 * the IDLE entry, or the releaser sees the waiter and hands the entry over (taking it back by CAS
 * first; if that fails another borrower got it, which is fine) or nudges it. A nudged waiter clears
 * its flag before it rescans, so a release that saw the flag still set happened before that rescan
 * and the rescan sees its entry. A waiter that wins an entry by rescanning nudges the next waiter
 * when more entries are idle, and a young waiter's park ends when it becomes old, so an idle entry
 * never sits unseen past the window. A waiter that both wins an entry by its scan and is handed one
 * keeps the handed one and gives the other back.
 *
 * <h2>Benign races</h2>
 * A scan may read a stale array and miss a just-added entry; the adder offers new entries through
 * the hand-off path, so a waiter never depends on the scan seeing them. {@link #waiting()} and the
 * state counts are racy snapshots, used only for statistics and sizing heuristics.
 */
final class ConnectionBag {
  private static final PoolEntry[] EMPTY = new PoolEntry[0];
  /**
   * The longest a waiter may be overtaken by borrowers that arrive later; see "Fairness window".
   */
  static final long FAIRNESS_WINDOW_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(5);
  /**
   * Connections held up to this long (as sampled) come back soon enough for a borrower to yield
   * and rescan instead of queueing; held longer, yielding only takes processors from the holders.
   */
  static final long SHORT_HOLD_NANOS = java.util.concurrent.TimeUnit.MICROSECONDS.toNanos(10);
  /** How many times a borrower that found nothing idle yields and rescans before it queues. */
  static final int YIELDS_BEFORE_QUEUEING = 4;
  /** One return in this many (per connection) samples its hold time. */
  static final int HOLD_SAMPLE_EVERY = 64;

  private static final VarHandle HOLD;

  static {
    try {
      HOLD = MethodHandles.lookup().findVarHandle(HoldSample.class, "nanos", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** A recent hold time; see {@link HoldSample}. */
  private final HoldSample holdSample = new HoldSample();

  /** Guards writes of {@link #entries}; never taken on the borrow/return path. */
  private final ReentrantLock structureLock = new ReentrantLock();
  /** Copy-on-write; replaced under {@link #structureLock}, read lock-free. */
  private volatile PoolEntry[] entries = EMPTY;

  /** Callers waiting for a connection, oldest first. */
  private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
  /** Number of callers inside {@link #await}; statistics only. */
  private final AtomicInteger waiting = new AtomicInteger();

  /** Claims an idle entry without waiting, or returns {@code null}. The first step of a borrow. */
  PoolEntry tryClaim() {
    PoolEntry[] es = entries;
    int n = es.length;
    if (n == 0) {
      return null;
    }
    int i = homeSlot(n);
    for (int scanned = 0; scanned < n; scanned++) {
      PoolEntry e = es[i];
      // Read before CAS: a failed CAS still takes the cache line exclusive.
      if (e.state() == PoolEntry.IDLE && e.compareAndSetState(PoolEntry.IDLE, PoolEntry.IN_USE)) {
        return e;
      }
      if (++i == n) {
        i = 0;
      }
    }
    return null;
  }

  @SuppressWarnings("deprecation") // Thread.getId(): threadId() needs JDK 19; same value
  private static int homeSlot(int n) {
    long h = Thread.currentThread().getId() * 0x9E3779B97F4A7C15L;
    return (int) (((h >>> 32) * n) >>> 32);
  }

  /**
   * Waits, in arrival order, until an entry is handed over or {@code timeoutNanos} passes.
   *
   * @param onEnqueued called once the caller is queued and its rescan found nothing, with the number
   *     of callers waiting; the pool uses it to start a connection attempt when demand exceeds those
   *     already in progress
   * @return the entry, now IN_USE and owned by the caller, or {@code null} on timeout
   * @throws InterruptedException if the caller is interrupted while waiting (nothing is held then)
   * @throws PoolClosedSignal if the pool closed while the caller waited
   * @throws UnavailableSignal if the circuit breaker opened while the caller waited
   */
  PoolEntry await(long timeoutNanos, DemandListener onEnqueued) throws InterruptedException {
    long hold = sampledHoldNanos();
    if (hold <= SHORT_HOLD_NANOS) {
      PoolEntry early = claimAfterYielding();
      if (early != null) {
        return early;
      }
    }
    long start = System.nanoTime();
    long deadline = start + timeoutNanos;
    Waiter w = new Waiter(Thread.currentThread(), start);
    waiters.add(w);
    int nowWaiting = waiting.incrementAndGet();
    try {
      PoolEntry claimed = tryClaim();
      if (claimed != null) {
        return keepOne(w, claimed);
      }
      onEnqueued.onWaiting(nowWaiting);
      boolean interrupted = false;
      while (!w.isDone()) {
        long now = System.nanoTime();
        long remaining = deadline - now;
        if (remaining <= 0L) {
          break;
        }
        long untilOld = start + FAIRNESS_WINDOW_NANOS - now;
        LockSupport.parkNanos(this, untilOld > 0 ? Math.min(untilOld, remaining) : remaining);
        if (Thread.interrupted()) {
          interrupted = true;
          break;
        }
        if (w.isDone()) {
          break;
        }
        w.clearNudge(); // before the rescan: see "Lost wake-ups"
        claimed = tryClaim();
        if (claimed != null) {
          PoolEntry kept = keepOne(w, claimed);
          nudgeNextIfIdle();
          return kept;
        }
        // Nudged but too late: a borrower arriving meanwhile took the entry (bounded barging).
        // If that entry was a new connection opened for us, ask for another.
        onEnqueued.onWaiting(waiting.get());
      }
      if (w.cancel()) {
        waiters.remove(w);
        if (interrupted) {
          throw new InterruptedException();
        }
        return null;
      }
      PoolEntry handed = w.take();
      if (interrupted) {
        offer(handed);
        throw new InterruptedException();
      }
      return handed;
    } finally {
      waiting.decrementAndGet();
    }
  }

  /**
   * Before queueing: gives the processor away a few times, rescanning after each, when the pool
   * has connections that will come back. A holder that was descheduled, or is a few hundred
   * nanoseconds from returning, then returns its connection to a caller that has not parked:
   * parking and being unparked costs tens of microseconds, which is what a contended pool's slow
   * borrows were made of. Callers spinning here are not queued, so they can overtake queued ones
   * only the way any arriving borrower can (within the fairness window).
   */
  private PoolEntry claimAfterYielding() {
    if (entries.length == 0) {
      return null; // nothing to come back: queue at once, so that a connection is opened
    }
    for (int i = 0; i < YIELDS_BEFORE_QUEUEING; i++) {
      Thread.yield();
      PoolEntry e = tryClaim();
      if (e != null) {
        return e;
      }
    }
    return null;
  }

  /** The caller's scan won {@code claimed}: keep it, unless an entry was handed over meanwhile. */
  private PoolEntry keepOne(Waiter w, PoolEntry claimed) {
    if (w.cancel()) {
      waiters.remove(w);
      return claimed;
    }
    offer(claimed); // we were handed one meanwhile: keep that one
    return w.take();
  }

  /** Nudges the longest waiter when an entry is idle, so entries do not idle while callers wait. */
  private void nudgeNextIfIdle() {
    Waiter head = waiters.peek();
    if (head != null && count(PoolEntry.IDLE) > 0) {
      head.nudge();
    }
  }

  /**
   * Gives an entry owned by the caller (IN_USE, RESERVED, or new) to the longest waiter, or makes
   * it idle when nobody waits.
   */
  void offer(PoolEntry e) {
    if (e.state() != PoolEntry.IN_USE) {
      e.setStateRelease(PoolEntry.IN_USE);
    }
    for (;;) {
      Waiter head = waiters.peek();
      if (head != null && head.isOld(System.nanoTime())) {
        Waiter w;
        while ((w = waiters.poll()) != null) {
          if (w.offer(e)) {
            return;
          }
        }
      }
      e.setStateVolatile(PoolEntry.IDLE);
      head = waiters.peek();
      if (head == null) {
        return;
      }
      if (!head.isOld(System.nanoTime())) {
        head.nudge(); // young: let it rescan; a borrower arriving now may still win the entry
        return;
      }
      // An old waiter queued between our check and our store: take the entry back and hand it over.
      if (!e.compareAndSetState(PoolEntry.IDLE, PoolEntry.IN_USE)) {
        return; // somebody (maybe that waiter) claimed it
      }
    }
  }

  /**
   * Called by a connection's borrower as it gives the connection back after {@code holdNanos}:
   * every {@value #HOLD_SAMPLE_EVERY}th return of each connection (counted by
   * {@code returnNumber}, the connection's own count) updates the sampled hold time.
   */
  void noteReturn(int returnNumber, long holdNanos) {
    if ((returnNumber & (HOLD_SAMPLE_EVERY - 1)) == 0) {
      HOLD.setOpaque(holdSample, holdNanos);
    }
  }

  /** A recent hold time, nanos (0 until the first sample). */
  long sampledHoldNanos() {
    return (long) HOLD.getOpaque(holdSample);
  }

  /** Adds an entry to the array. The caller then offers it (if IN_USE) or it is already IDLE. */
  void add(PoolEntry e) {
    structureLock.lock();
    try {
      PoolEntry[] old = entries;
      PoolEntry[] grown = Arrays.copyOf(old, old.length + 1);
      grown[old.length] = e;
      entries = grown;
    } finally {
      structureLock.unlock();
    }
  }

  /** Removes a RETIRED entry from the array; returns false if it was not there. */
  boolean remove(PoolEntry e) {
    structureLock.lock();
    try {
      PoolEntry[] old = entries;
      for (int i = 0; i < old.length; i++) {
        if (old[i] == e) {
          PoolEntry[] shrunk = new PoolEntry[old.length - 1];
          System.arraycopy(old, 0, shrunk, 0, i);
          System.arraycopy(old, i + 1, shrunk, i, old.length - i - 1);
          entries = shrunk;
          return true;
        }
      }
      return false;
    } finally {
      structureLock.unlock();
    }
  }

  /** Wakes every waiter with the pool-closed signal. */
  void closeWaiters() {
    Waiter w;
    while ((w = waiters.poll()) != null) {
      w.close();
    }
  }

  /** Wakes every current waiter with the unavailable signal (the circuit breaker opened). */
  void failWaiters() {
    Waiter w;
    while ((w = waiters.poll()) != null) {
      w.fail();
    }
  }

  /** A snapshot of the entries (the live array: do not modify). */
  PoolEntry[] entries() {
    return entries;
  }

  int size() {
    return entries.length;
  }

  /** Racy count of entries in a state. */
  int count(int state) {
    int c = 0;
    for (PoolEntry e : entries) {
      if (e.state() == state) {
        c++;
      }
    }
    return c;
  }

  /** Callers currently waiting (racy; statistics). */
  int waiting() {
    return waiting.get();
  }

  boolean hasWaiters() {
    return !waiters.isEmpty();
  }

  /** Told when a caller starts waiting, so the pool can open a connection for it. */
  interface DemandListener {
    void onWaiting(int waiting);
  }

  /** Thrown from {@link #await} when the circuit breaker opened while the caller waited. */
  static final class UnavailableSignal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnavailableSignal() {
      super("pool unavailable", null, false, false);
    }
  }

  /** Thrown from {@link #await} when the pool closed while the caller waited. */
  static final class PoolClosedSignal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PoolClosedSignal() {
      super("pool closed", null, false, false);
    }
  }

  /**
   * The sampled hold time, alone on its cache lines: it is written by returns (one in
   * {@value #HOLD_SAMPLE_EVERY}) from every thread, and must not invalidate the line that holds
   * {@link #entries}, which every borrow reads. Opaque accesses: a stale or lost sample only
   * shifts a heuristic for a moment.
   */
  @SuppressWarnings("unused") // the padding is the point
  static final class HoldSample {
    long p1, p2, p3, p4, p5, p6, p7;
    long nanos;
    long q1, q2, q3, q4, q5, q6, q7;
  }

  /**
   * One parked caller. {@code result} goes once from {@code null} to an entry (hand-off), to
   * {@link #CANCELLED} (the caller gave up) or to {@link #CLOSED}; whoever wins that CAS decides.
   */
  static final class Waiter {
    private static final Object CANCELLED = new Object();
    private static final Object CLOSED = new Object();
    private static final Object UNAVAILABLE = new Object();
    private static final VarHandle RESULT;

    static {
      try {
        RESULT = MethodHandles.lookup().findVarHandle(Waiter.class, "result", Object.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private final Thread thread;
    /** When it started waiting (System.nanoTime). */
    private final long since;
    @SuppressWarnings("unused") // accessed through RESULT
    private volatile Object result;
    /** Set by a releaser that unparked it to rescan; cleared by the waiter before it rescans. */
    private volatile boolean nudged;

    Waiter(Thread thread, long since) {
      this.thread = thread;
      this.since = since;
    }

    boolean isOld(long now) {
      return now - since >= FAIRNESS_WINDOW_NANOS;
    }

    /** Unparks the waiter to rescan, unless a nudge is already pending. */
    void nudge() {
      if (!nudged) {
        nudged = true;
        LockSupport.unpark(thread);
      }
    }

    void clearNudge() {
      nudged = false;
    }

    boolean offer(PoolEntry e) {
      if (RESULT.compareAndSet(this, null, e)) {
        LockSupport.unpark(thread);
        return true;
      }
      return false;
    }

    boolean cancel() {
      return RESULT.compareAndSet(this, null, CANCELLED);
    }

    void close() {
      if (RESULT.compareAndSet(this, null, CLOSED)) {
        LockSupport.unpark(thread);
      }
    }

    void fail() {
      if (RESULT.compareAndSet(this, null, UNAVAILABLE)) {
        LockSupport.unpark(thread);
      }
    }

    boolean isDone() {
      return RESULT.getVolatile(this) != null;
    }

    /** The handed entry, after {@link #cancel()} failed. */
    PoolEntry take() {
      Object r = RESULT.getVolatile(this);
      if (r == CLOSED) {
        throw new PoolClosedSignal();
      }
      if (r == UNAVAILABLE) {
        throw new UnavailableSignal();
      }
      return (PoolEntry) r;
    }
  }
}
