package mcp.db.pool.internal.core;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.jetbrains.lincheck.datastructures.Validate;
import org.jetbrains.lincheck.datastructures.verifier.QuiescentConsistencyVerifier;
import org.jetbrains.lincheck.datastructures.verifier.QuiescentConsistent;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The bag's non-blocking borrow and return, checked by Lincheck (model checking explores
 * interleavings; stress runs them for real). Threads borrow ({@link ConnectionBag#tryClaim()}) and
 * give back what they hold ({@link ConnectionBag#offer}); each Lincheck thread keeps what it holds
 * in its own stack, indexed by the thread id Lincheck passes in, so a thread returns only what it
 * borrowed, as the pool's callers do. The sequential specification is a counter of free
 * connections: a borrow succeeds if and only if one is free.
 *
 * <ul>
 *   <li><b>One connection: linearizable.</b> Two borrowers winning the entry, an entry offered
 *       twice, or an idle entry a borrower cannot claim, each give a history the specification
 *       cannot explain.
 *   <li><b>Two connections: quiescently consistent, and never shared or lost.</b> One scan of the
 *       array is not atomic: a borrower that has passed entry 1 (in use) and then loses entry 2 to
 *       another borrower returns empty-handed although entry 1 was released meanwhile, so at no
 *       instant of its call were both in use. Lincheck finds that history at once, which is why the
 *       two-connection model is checked for quiescent consistency instead. The pool never relies on
 *       one scan: a caller that finds nothing enqueues itself and scans again, and a release that
 *       sees a waiter hands over or nudges it; that path is what {@link ConnectionBagStressTest}
 *       checks. A validation function after every execution checks the stronger invariants: no
 *       entry held by two threads, every held entry IN_USE, every other entry IDLE.
 * </ul>
 *
 * The waiting path ({@code await}) is left to the stress test: its timed parks against
 * {@code System.nanoTime()} deadlines are not a good fit for model checking.
 */
@Tag("concurrency")
class ConnectionBagLincheckTest {

  @Test
  void oneConnectionBorrowAndReleaseAreLinearizable() {
    new ModelCheckingOptions()
        .iterations(10)
        .invocationsPerIteration(200)
        .threads(3)
        .actorsPerThread(3)
        .sequentialSpecification(FreeCounter.OneFree.class)
        .check(OneConnection.class);
    new StressOptions()
        .iterations(5)
        .invocationsPerIteration(300)
        .threads(3)
        .actorsPerThread(3)
        .sequentialSpecification(FreeCounter.OneFree.class)
        .check(OneConnection.class);
  }

  @Test
  void twoConnectionsAreNeverSharedOrLostAndBorrowsAreQuiescentlyConsistent() {
    new ModelCheckingOptions()
        .iterations(10)
        .invocationsPerIteration(200)
        .threads(3)
        .actorsPerThread(3)
        .verifier(QuiescentConsistencyVerifier.class)
        .sequentialSpecification(FreeCounter.TwoFree.class)
        .check(TwoConnections.class);
  }

  /** Lincheck's thread ids: 0 for the init part, 1..threads, and threads+1 for the post part. */
  private static final int MAX_THREAD_IDS = 8;

  /** The bag under test and what each Lincheck thread holds. */
  @Param(name = "thread", gen = ThreadIdGen.class)
  public abstract static class BagModel {
    final ConnectionBag bag = new ConnectionBag();
    private final PoolEntry[][] held = new PoolEntry[MAX_THREAD_IDS][4];
    private final int[] heldCount = new int[MAX_THREAD_IDS];

    BagModel(int connections) {
      for (int i = 0; i < connections; i++) {
        bag.add(new PoolEntry(null, null, null, i + 1, 0L, Long.MAX_VALUE, 0L, PoolEntry.IDLE));
      }
    }

    /** Borrows without waiting; true if it got a connection. */
    boolean doBorrow(int thread) {
      PoolEntry e = bag.tryClaim();
      if (e == null) {
        return false;
      }
      held[thread][heldCount[thread]++] = e;
      return true;
    }

    /** Gives back the connection this thread borrowed last; false if it holds none. */
    boolean doRelease(int thread) {
      if (heldCount[thread] == 0) {
        return false;
      }
      PoolEntry e = held[thread][--heldCount[thread]];
      held[thread][heldCount[thread]] = null;
      bag.offer(e);
      return true;
    }

    /** After every execution: no entry shared, held ones IN_USE, the rest IDLE. */
    @Validate
    public void entriesAreHeldOnceOrIdle() {
      for (PoolEntry e : bag.entries()) {
        int holders = 0;
        for (int t = 0; t < MAX_THREAD_IDS; t++) {
          for (int i = 0; i < heldCount[t]; i++) {
            if (held[t][i] == e) {
              holders++;
            }
          }
        }
        int expected = holders == 0 ? PoolEntry.IDLE : PoolEntry.IN_USE;
        if (holders > 1 || e.state() != expected) {
          throw new IllegalStateException(e + " is held by " + holders + " threads");
        }
      }
    }
  }

  /** The strict model: one connection. */
  public static class OneConnection extends BagModel {
    public OneConnection() {
      super(1);
    }

    @Operation
    public boolean borrow(@Param(name = "thread") int thread) {
      return doBorrow(thread);
    }

    @Operation
    public boolean release(@Param(name = "thread") int thread) {
      return doRelease(thread);
    }
  }

  /** The relaxed model: two connections, quiescent consistency. */
  public static class TwoConnections extends BagModel {
    public TwoConnections() {
      super(2);
    }

    @QuiescentConsistent
    @Operation
    public boolean borrow(@Param(name = "thread") int thread) {
      return doBorrow(thread);
    }

    @QuiescentConsistent
    @Operation
    public boolean release(@Param(name = "thread") int thread) {
      return doRelease(thread);
    }
  }

  /** The sequential specification: connections free, and how many each thread holds. */
  public abstract static class FreeCounter {
    private int free;
    private final int[] heldBy = new int[MAX_THREAD_IDS];

    FreeCounter(int connections) {
      this.free = connections;
    }

    public boolean borrow(int thread) {
      if (free == 0) {
        return false;
      }
      free--;
      heldBy[thread]++;
      return true;
    }

    public boolean release(int thread) {
      if (heldBy[thread] == 0) {
        return false;
      }
      heldBy[thread]--;
      free++;
      return true;
    }

    /** For the one-connection model. */
    public static final class OneFree extends FreeCounter {
      public OneFree() {
        super(1);
      }
    }

    /** For the two-connection model. */
    public static final class TwoFree extends FreeCounter {
      public TwoFree() {
        super(2);
      }
    }
  }
}
