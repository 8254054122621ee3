package mcp.db.pool.internal.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The fairness window: a waiter may be overtaken by borrowers arriving later only until it has
 * waited {@link ConnectionBag#FAIRNESS_WINDOW_NANOS}; after that returned connections are handed to
 * waiters in arrival order, and a borrower arriving at that moment cannot take them.
 */
class ConnectionBagFairnessTest {
  private static final long PATIENT_NANOS = TimeUnit.SECONDS.toNanos(10);

  private static CompletableFuture<PoolEntry> waitInThread(ConnectionBag bag, String name) {
    CompletableFuture<PoolEntry> result = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        result.complete(bag.await(PATIENT_NANOS, waiting -> { }));
      } catch (Throwable e) {
        result.completeExceptionally(e);
      }
    }, name);
    t.setDaemon(true);
    t.start();
    return result;
  }

  private static void awaitWaiting(ConnectionBag bag, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (bag.waiting() < n && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    assertThat(bag.waiting()).isEqualTo(n);
  }

  @Test
  void waitersPastTheWindowAreHandedReturnedConnectionsInArrivalOrder() throws Exception {
    ConnectionBag bag = new ConnectionBag();
    PoolEntry only = new PoolEntry(null, null, null, 1, 0L, Long.MAX_VALUE, 0L, PoolEntry.IDLE);
    bag.add(only);
    PoolEntry held = bag.tryClaim();
    assertThat(held).isSameAs(only);

    CompletableFuture<PoolEntry> first = waitInThread(bag, "first");
    awaitWaiting(bag, 1);
    CompletableFuture<PoolEntry> second = waitInThread(bag, "second");
    awaitWaiting(bag, 2);
    TimeUnit.NANOSECONDS.sleep(ConnectionBag.FAIRNESS_WINDOW_NANOS + TimeUnit.MILLISECONDS.toNanos(2));

    bag.offer(held);
    // Handed over, not made idle: a borrower arriving now (this thread) cannot barge in.
    assertThat(bag.tryClaim()).isNull();
    PoolEntry firstGot = first.get(5, TimeUnit.SECONDS);
    assertThat(firstGot).isSameAs(only);
    assertThat(second).isNotDone();

    bag.offer(firstGot);
    assertThat(bag.tryClaim()).isNull();
    assertThat(second.get(5, TimeUnit.SECONDS)).isSameAs(only);
    assertThat(bag.waiting()).isZero();
  }

  @Test
  void aWaiterInsideTheWindowIsWokenToRescanAndGetsAnIdleConnection() throws Exception {
    ConnectionBag bag = new ConnectionBag();
    PoolEntry only = new PoolEntry(null, null, null, 1, 0L, Long.MAX_VALUE, 0L, PoolEntry.IDLE);
    bag.add(only);
    PoolEntry held = bag.tryClaim();
    CompletableFuture<PoolEntry> waiter = waitInThread(bag, "young");
    awaitWaiting(bag, 1);
    long releasedAt = System.nanoTime();
    bag.offer(held); // young waiter: the entry goes idle and the waiter is nudged
    assertThat(waiter.get(5, TimeUnit.SECONDS)).isSameAs(only);
    // Woken by the release, not by its own timer at the end of the window (which fires at least
    // eight of the window's ten milliseconds after the release here).
    assertThat(System.nanoTime() - releasedAt).isLessThan(ConnectionBag.FAIRNESS_WINDOW_NANOS / 2);
  }
}
