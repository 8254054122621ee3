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
 *   <li>tries the entry the calling thread used last, then scans the rest of the array, claiming
 *       the first idle entry by one CAS. "The entry this thread used last" comes from a small table
 *       of <em>affinity hints</em> indexed by a hash of the thread id ({@link #hints}): a borrow
 *       that had to move past its hinted entry records the index it got instead. A thread that
 *       borrows and returns in a loop therefore finds its previous entry first, and threads whose
 *       first choice is taken move apart instead of colliding on the same entry again. This gives
 *       the affinity of a thread-local cache without one (no per-thread state, which virtual
 *       threads would multiply); two threads sharing a hint only cost each other a longer scan;
 *   <li>failing that, enqueues a {@link Waiter} in a FIFO queue and parks, with a deadline. It
 *       never spins or yields first: on a machine with fewer cores than threads a spinning
 *       borrower takes the processor from the holder it waits for.
 * </ol>
 * <h2>Fairness window</h2>
 * A release hands the entry straight to the longest waiter (the entry stays IN_USE and ownership
 * moves with the hand-off) once that waiter has waited {@link #FAIRNESS_WINDOW_NANOS}; from then on
 * waiters are served strictly in arrival order and only the one that gets the connection is unparked.
 * Before that, the entry is made idle and the longest waiter is <em>nudged</em> (unparked once, to
 * rescan), so a thread that returns a connection and borrows again at once may take it first. That
 * bounded barging is what keeps a busy pool from paying a context switch per borrow, while no
 * caller is overtaken for longer than the window. With no waiter, a release is a single volatile
 * store.
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
 * Hints are read and written with plain accesses by every borrower: a stale or lost hint only
 * changes where the next scan starts, and an index beyond a shrunken array is wrapped. A scan may
 * read a stale array and miss a just-added entry; the adder offers new entries through
 * the hand-off path, so a waiter never depends on the scan seeing them. {@link #waiting()} and the
 * state counts are racy snapshots, used only for statistics and sizing heuristics.
 */
final class ConnectionBag {
  private static final PoolEntry[] EMPTY = new PoolEntry[0];
  /**
   * The longest a waiter may be overtaken by borrowers that arrive later; see "Fairness window".
   */
  static final long FAIRNESS_WINDOW_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(10);
  /**
   * Number of affinity hints, a power of two. Fibonacci hashing spreads consecutive thread ids
   * (how JDKs number threads) evenly: 256 hints give up to 128 consecutive ids a hint each. With 64,
   * 9 of 64 consecutive ids landed on a hint already taken, and in a pool as large as its thread
   * count every such pair kept pushing each other (and, by their scans, others) off their entries.
   * The table costs 16 KiB per pool.
   */
  private static final int HINT_COUNT = 256;
  /** Distance between two hints in {@link #hints}: 16 ints, one 64-byte cache line. */
  private static final int HINT_SPACING = 16;
  /**
   * Affinity hints: the entry index each thread (by a hash of its id) should try first. One int
   * per cache line ({@link #HINT_SPACING} ints apart, after a line of padding), so borrowers on
   * different hints do not invalidate each other's line. Plain accesses; see "Benign races".
   */
  private final int[] hints = new int[(HINT_COUNT + 1) * HINT_SPACING];

  /** Guards writes of {@link #entries}; never taken on the borrow/return path. */
  private final ReentrantLock structureLock = new ReentrantLock();
  /** Copy-on-write; replaced under {@link #structureLock}, read lock-free. */
  private volatile PoolEntry[] entries = EMPTY;

  /** Callers waiting for a connection, oldest first. */
  private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
  /** Number of callers inside {@link #await}; statistics only. */
  private final AtomicInteger waiting = new AtomicInteger();

  ConnectionBag() {
    for (int k = 0; k < HINT_COUNT; k++) {
      hints[(k + 1) * HINT_SPACING] = k; // spread first choices before any borrow moved them
    }
  }

  /** Claims an idle entry without waiting, or returns {@code null}. The first step of a borrow. */
  PoolEntry tryClaim() {
    PoolEntry[] es = entries;
    int n = es.length;
    if (n == 0) {
      return null;
    }
    int hint = hintIndex();
    int first = hints[hint];
    if (first >= n) {
      first %= n; // the array shrank since the hint was written
    }
    int i = first;
    for (int scanned = 0; scanned < n; scanned++) {
      PoolEntry e = es[i];
      // Read before CAS: a failed CAS still takes the cache line exclusive.
      if (e.state() == PoolEntry.IDLE && e.compareAndSetState(PoolEntry.IDLE, PoolEntry.IN_USE)) {
        if (i != first) {
          hints[hint] = i; // start here next time: written only when it moves
        }
        return e;
      }
      if (++i == n) {
        i = 0;
      }
    }
    return null;
  }

  /** Where the calling thread's hint lives in {@link #hints}. */
  @SuppressWarnings("deprecation") // Thread.getId(): threadId() needs JDK 19; same value
  private static int hintIndex() {
    long h = Thread.currentThread().getId() * 0x9E3779B97F4A7C15L; // Fibonacci hashing
    return ((int) (h >>> (64 - Integer.numberOfTrailingZeros(HINT_COUNT))) + 1) * HINT_SPACING;
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
    // One clock read per pass, and none when nobody waits. A waiter that turns old between that
    // read and the checks below is treated as young once: it is nudged instead of handed the entry,
    // and its own park ends when it becomes old, so it still rescans in time.
    for (;;) {
      Waiter head = waiters.peek();
      long now = head == null ? 0L : System.nanoTime();
      if (head != null && head.isOld(now)) {
        Waiter w;
        while ((w = waiters.poll()) != null) {
          if (w.offer(e)) {
            return;
          }
        }
      }
      e.setStateVolatile(PoolEntry.IDLE);
      Waiter after = waiters.peek();
      if (after == null) {
        return;
      }
      if (head == null || !after.isOld(now)) {
        // Young (one that queued after our first look is younger than our clock read): let it
        // rescan; a borrower arriving now may still win the entry.
        after.nudge();
        return;
      }
      // An old waiter is at the head: take the entry back and hand it over.
      if (!e.compareAndSetState(PoolEntry.IDLE, PoolEntry.IN_USE)) {
        return; // somebody (maybe that waiter) claimed it
      }
    }
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
