package mcp.db.pool.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Lock-free totals of per-connection counters: every connection counted exactly once, whether it is
 * open or was folded, and readings that never go backwards, also while connections are folded.
 */
@Tag("concurrency")
class ConnectionTotalsTest {

  /** The pool's list of connections, as copy-on-write as the engine's, with a hook in the walk. */
  private static final class Connections implements PoolView {
    final List<EntryCounters> list = new CopyOnWriteArrayList<>();
    /** Runs after the walk visited each connection, with the connection's index. */
    volatile java.util.function.IntConsumer afterVisit = i -> {};

    @Override
    public void forEachEntryCounters(Consumer<EntryCounters> action) {
      int i = 0;
      for (EntryCounters c : list) { // iterates the array as it was when the walk began
        action.accept(c);
        afterVisit.accept(i++);
      }
    }

    @Override public String name() { return "test"; }
    @Override public int poolSize() { return 1; }
    @Override public int maxOverflow() { return 0; }
    @Override public int waiting() { return 0; }
    @Override public int pendingConnects() { return 0; }
    @Override public long scanEntries(int[] counts) { return Long.MAX_VALUE; }
    @Override public long nanoTime() { return System.nanoTime(); }
    @Override public long currentTimeMillis() { return System.currentTimeMillis(); }
    @Override public String circuitState() { return "closed"; }
  }

  /** A connection that was borrowed and returned {@code cycles} times without waiting. */
  private static EntryCounters used(int cycles) {
    EntryCounters c = new EntryCounters();
    for (int i = 0; i < cycles; i++) {
      c.recordZeroWait();
      c.recordHold(1_000);
    }
    return c;
  }

  @Test
  void openAndFoldedConnectionsAreEachCountedOnce() {
    ConnectionTotals totals = new ConnectionTotals();
    Connections pool = new Connections();
    EntryCounters a = used(3);
    EntryCounters b = used(5);
    pool.list.add(a);
    pool.list.add(b);
    assertThat(totals.read(pool).returns()).isEqualTo(8);

    totals.fold(a); // closing: folded, still listed
    assertThat(totals.read(pool).returns()).isEqualTo(8);
    pool.list.remove(a);
    assertThat(totals.read(pool).returns()).isEqualTo(8);

    totals.fold(b);
    totals.fold(b); // a second fold of the same counters adds nothing
    pool.list.remove(b);
    ConnectionTotals.Totals t = totals.read(pool);
    assertThat(t.returns()).isEqualTo(8);
    assertThat(t.zeroWaits).isEqualTo(8);
    assertThat(t.holdSumNanos).isEqualTo(8_000);
  }

  @Test
  void aConnectionFoldedWhileAReadingWalksTheListIsStillCounted() {
    ConnectionTotals totals = new ConnectionTotals();
    Connections pool = new Connections();
    EntryCounters first = used(2);
    EntryCounters second = used(7);
    pool.list.add(first);
    pool.list.add(second);
    AtomicBoolean retired = new AtomicBoolean();
    // After the walk passed `first`, `second` closes: folded, then removed from the list. The walk
    // still visits it (it walks the old array) and finds it folded, after the reading had taken the
    // closed connections' totals without it: without the check it would count it nowhere.
    pool.afterVisit = i -> {
      if (i == 0 && retired.compareAndSet(false, true)) {
        totals.fold(second);
        pool.list.remove(second);
      }
    };
    assertThat(totals.read(pool).returns()).isEqualTo(9);
    assertThat(retired).isTrue();
  }

  @Test
  void readingsThatAlwaysMeetAFoldReturnTheLastGoodReadingNotLess() {
    ConnectionTotals totals = new ConnectionTotals();
    Connections pool = new Connections();
    EntryCounters open = used(4);
    pool.list.add(open);
    long good = totals.read(pool).returns();
    assertThat(good).isEqualTo(4);

    open.recordHold(1_000); // one more return, then connections close during every walk
    AtomicLong folds = new AtomicLong();
    pool.afterVisit = i -> {
      totals.fold(used(1));
      folds.incrementAndGet();
    };
    ConnectionTotals.Totals stale = totals.read(pool);
    assertThat(folds.get()).isEqualTo(ConnectionTotals.READ_ATTEMPTS);
    assertThat(stale.returns()).as("the last reading that passed, never less").isEqualTo(good);

    pool.afterVisit = i -> {};
    // the open connection's 5 and the READ_ATTEMPTS connections that closed with one each
    assertThat(totals.read(pool).returns()).isEqualTo(5 + ConnectionTotals.READ_ATTEMPTS);
  }

  @Test
  void totalsAreExactAndNeverGoBackwardsWhileOwnersKeepClosingConnections() throws Exception {
    ConnectionTotals totals = new ConnectionTotals();
    Connections pool = new Connections();
    int owners = 3;
    int connectionsEach = 3_000;
    AtomicLong started = new AtomicLong(); // returns begun: an upper bound for any reading
    for (int i = 0; i < 64; i++) { // connections that stay open make each walk longer
      EntryCounters open = new EntryCounters();
      started.incrementAndGet();
      open.recordZeroWait();
      open.recordHold(100);
      pool.list.add(open);
    }
    ExecutorService workers = Executors.newFixedThreadPool(owners);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int w = 0; w < owners; w++) {
      int seed = w;
      done.add(workers.submit(() -> {
        go.await();
        for (int n = 0; n < connectionsEach; n++) {
          EntryCounters c = new EntryCounters();
          pool.list.add(c);
          int cycles = 1 + (n + seed) % 20;
          for (int i = 0; i < cycles; i++) {
            started.incrementAndGet();
            c.recordZeroWait();
            c.recordHold(100);
          }
          totals.fold(c); // as the engine retires: fold, then leave the list
          pool.list.remove(c);
        }
        return null;
      }));
    }
    List<String> violations = new ArrayList<>();
    long readings = 0;
    long previous = 0;
    go.countDown();
    while (!allDone(done) && violations.size() < 10) {
      ConnectionTotals.Totals t = totals.read(pool);
      long upper = started.get();
      readings++;
      if (t.returns() < previous) {
        violations.add("went backwards: " + previous + " -> " + t.returns());
      }
      if (t.returns() > upper || t.zeroWaits > upper) {
        violations.add("counted more than happened: " + t + " > " + upper);
      }
      previous = Math.max(previous, t.returns());
    }
    for (Future<?> f : done) {
      f.get(60, TimeUnit.SECONDS);
    }
    workers.shutdown();

    assertThat(violations).isEmpty();
    assertThat(readings).isPositive();
    ConnectionTotals.Totals end = totals.read(pool);
    assertThat(end.returns()).isEqualTo(started.get());
    assertThat(end.zeroWaits).isEqualTo(started.get());
    assertThat(end.holdSumNanos).isEqualTo(100 * started.get());
  }

  private static boolean allDone(List<Future<?>> futures) {
    for (Future<?> f : futures) {
      if (!f.isDone()) {
        return false;
      }
    }
    return true;
  }
}
