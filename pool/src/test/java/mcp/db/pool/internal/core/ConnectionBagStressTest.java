package mcp.db.pool.internal.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A long randomized stress of the bag's waiting path: one connection, 64 threads, about 20 seconds
 * (system property {@code mcp.stress.seconds}). Threads borrow by scanning and then waiting, some
 * patiently (10 s), some with timeouts of a few microseconds (so cancellations race hand-offs),
 * some already interrupted (so an interrupt races a hand-off); each holds the connection for a few
 * microseconds and gives it back.
 *
 * <p>It fails on a <b>lost wake-up</b>: a patient caller that times out. With one connection held
 * for microseconds at a time, a ten-second wait ends empty only if the connection sat idle (or was
 * handed to a caller that had already left) while the caller stayed parked. It also fails if two
 * threads ever hold the connection at once, and if, at the end, the connection is not idle or a
 * waiter is left in the queue.
 */
@Tag("concurrency")
class ConnectionBagStressTest {
  private static final int THREADS = 64;
  private static final long PATIENT_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

  @Test
  void noCallerTimesOutWhileTheConnectionSitsIdle() throws Exception {
    long seconds = Long.getLong("mcp.stress.seconds", 20);
    ConnectionBag bag = new ConnectionBag();
    PoolEntry entry = new PoolEntry(null, null, null, 1, 0L, Long.MAX_VALUE, 0L, PoolEntry.IDLE);
    bag.add(entry);
    AtomicReference<Thread> holder = new AtomicReference<>();
    LongAdder borrows = new LongAdder();
    LongAdder handedAfterWaiting = new LongAdder();
    LongAdder impatientTimeouts = new LongAdder();
    LongAdder interruptedWaits = new LongAdder();
    LongAdder sharedHolds = new LongAdder();
    ConcurrentLinkedQueue<String> lostWakeUps = new ConcurrentLinkedQueue<>();
    long stopAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);

    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      Thread t = new Thread(() -> {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (System.nanoTime() - stopAt < 0) {
          int kind = random.nextInt(100);
          PoolEntry e = bag.tryClaim();
          if (e == null) {
            long timeout = kind < 70 ? PATIENT_TIMEOUT_NANOS : random.nextLong(50_000);
            if (kind >= 90) {
              Thread.currentThread().interrupt();
            }
            long start = System.nanoTime();
            try {
              e = bag.await(timeout, waiting -> { });
            } catch (InterruptedException ie) {
              interruptedWaits.increment();
              continue;
            } finally {
              Thread.interrupted();
            }
            if (e == null) {
              if (timeout == PATIENT_TIMEOUT_NANOS) {
                lostWakeUps.add(Thread.currentThread().getName() + " waited "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms; entry "
                    + entry + ", waiting " + bag.waiting());
              } else {
                impatientTimeouts.increment();
              }
              continue;
            }
            handedAfterWaiting.increment();
          }
          Thread me = Thread.currentThread();
          if (!holder.compareAndSet(null, me)) {
            sharedHolds.increment();
          }
          borrows.increment();
          long holdUntil = System.nanoTime() + random.nextLong(20_000);
          while (System.nanoTime() - holdUntil < 0) {
            Thread.onSpinWait();
          }
          holder.compareAndSet(me, null);
          bag.offer(e);
        }
      }, "bag-stress-" + i);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(seconds) + PATIENT_TIMEOUT_NANOS / 1_000_000 + 30_000);
      assertThat(t.isAlive()).as("%s still running", t.getName()).isFalse();
    }
    System.out.printf("bag stress: %d s, %d threads, 1 connection: %d borrows (%d after waiting),"
            + " %d impatient timeouts, %d interrupted waits, %d lost wake-ups, %d shared holds%n",
        seconds, THREADS, borrows.sum(), handedAfterWaiting.sum(), impatientTimeouts.sum(),
        interruptedWaits.sum(), lostWakeUps.size(), sharedHolds.sum());
    assertThat(lostWakeUps).as("patient callers that timed out (lost wake-ups)").isEmpty();
    assertThat(sharedHolds.sum()).as("times two threads held the connection").isZero();
    assertThat(entry.state()).as("the connection at the end").isEqualTo(PoolEntry.IDLE);
    assertThat(bag.waiting()).isZero();
    assertThat(bag.hasWaiters()).as("waiters left in the queue").isFalse();
    assertThat(handedAfterWaiting.sum()).as("the waiting path was exercised").isPositive();
  }
}
