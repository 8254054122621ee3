package mcp.db.pool.internal.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The first step of a borrow: the calling thread's recently used entry, found without a
 * thread-local (the bag's affinity hints).
 */
class ConnectionBagAffinityTest {

  private static PoolEntry idleEntry(long id) {
    return new PoolEntry(null, null, null, id, 0L, Long.MAX_VALUE, 0L, PoolEntry.IDLE);
  }

  private static ConnectionBag bagOf(int n) {
    ConnectionBag bag = new ConnectionBag();
    for (int i = 0; i < n; i++) {
      bag.add(idleEntry(i + 1));
    }
    return bag;
  }

  private static void giveBack(ConnectionBag bag, PoolEntry e) {
    bag.offer(e);
  }

  @Test
  void threadThatBorrowsAndReturnsInALoopGetsTheSameEntryEveryTime() {
    ConnectionBag bag = bagOf(8);
    PoolEntry first = bag.tryClaim();
    giveBack(bag, first);
    for (int i = 0; i < 100; i++) {
      PoolEntry e = bag.tryClaim();
      assertThat(e).isSameAs(first);
      giveBack(bag, e);
    }
  }

  @Test
  void threadWhoseEntryWasTakenMovesToTheOneItGotAndKeepsIt() {
    ConnectionBag bag = bagOf(8);
    PoolEntry usual = bag.tryClaim();
    // While this thread still holds its usual entry, it gets another one...
    PoolEntry other = bag.tryClaim();
    assertThat(other).isNotSameAs(usual);
    giveBack(bag, other);
    // ... and that one becomes its first choice even when the usual one is free again.
    giveBack(bag, usual);
    for (int i = 0; i < 10; i++) {
      PoolEntry e = bag.tryClaim();
      assertThat(e).isSameAs(other);
      giveBack(bag, e);
    }
  }

  @Test
  void threadsStartTheirScansOnDifferentEntriesBeforeAnyBorrowMovedThem() throws Exception {
    ConnectionBag bag = bagOf(16);
    List<PoolEntry> firstChoices = new ArrayList<>();
    for (int t = 0; t < 32; t++) {
      AtomicReference<PoolEntry> got = new AtomicReference<>();
      Thread thread = new Thread(() -> {
        PoolEntry e = bag.tryClaim();
        got.set(e);
        giveBack(bag, e);
      });
      thread.start();
      thread.join();
      firstChoices.add(got.get());
    }
    // With every entry idle each thread gets its first choice; 32 threads hashed onto 16 entries
    // must not all start at the same one.
    assertThat(firstChoices.stream().distinct().count()).isGreaterThan(4);
  }

  /**
   * A pool as large as its thread count (64 on 64, the PostgreSQL benchmark's shape): every thread
   * holds an entry at the same time, and each must find its own again next round without moving.
   * Two threads sharing a hint would keep pushing each other off their entries; with 64 hints,
   * Fibonacci hashing put 9 of 64 consecutive thread ids on a hint already taken.
   */
  @Test
  void sixtyFourThreadsHoldingAllSixtyFourEntriesEachFindTheirOwnAgain() throws Exception {
    int n = 64;
    int rounds = 10;
    ConnectionBag bag = bagOf(n);
    CyclicBarrier allHold = new CyclicBarrier(n);
    CyclicBarrier allGaveBack = new CyclicBarrier(n);
    AtomicInteger moves = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      threads.add(new Thread(() -> {
        try {
          PoolEntry previous = null;
          for (int r = 0; r < rounds; r++) {
            PoolEntry e = bag.tryClaim();
            assertThat(e).isNotNull();
            if (r >= 2 && e != previous) {
              moves.incrementAndGet(); // after two rounds to settle, every move is a collision
            }
            previous = e;
            allHold.await();
            giveBack(bag, e);
            allGaveBack.await();
          }
        } catch (Throwable ex) {
          failure.compareAndSet(null, ex);
          allHold.reset();
          allGaveBack.reset();
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(failure.get()).isNull();
    assertThat(moves.get()).isZero();
  }

  @Test
  void hintBeyondAShrunkenArrayStillFindsAnIdleEntry() {
    ConnectionBag bag = bagOf(8);
    List<PoolEntry> held = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      held.add(bag.tryClaim());
    }
    PoolEntry last = bag.tryClaim(); // the hint now points at the last index this thread reached
    giveBack(bag, last);
    for (PoolEntry e : held) {
      e.setStateRelease(PoolEntry.RETIRED);
      assertThat(bag.remove(e)).isTrue();
    }
    bag.remove(last);
    PoolEntry survivor = idleEntry(99);
    bag.add(survivor);
    assertThat(bag.tryClaim()).isSameAs(survivor);
  }
}
