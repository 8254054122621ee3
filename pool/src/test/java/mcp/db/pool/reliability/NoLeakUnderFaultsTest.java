package mcp.db.pool.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.PoolStats;
import mcp.db.pool.support.RequiresPostgres;
import mcp.db.pool.testkit.FaultProxy;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * No leak: 10,000 operations from 32 threads through the fault proxy to PostgreSQL, with a fault
 * injected at about one operation in twenty (connections refused, reset, black-holed, terminated
 * or cancelled by the server, slow connects, callers interrupted while waiting). At rest nothing is
 * borrowed and the pool's size, the proxy's open sockets and the server's sessions for the pool
 * agree; after {@code close()} every physical connection was closed exactly once, no socket or
 * session is left, and none of the pool's threads.
 */
@Tag("faults")
@RequiresPostgres
class NoLeakUnderFaultsTest {
  private static final int THREADS = 32;
  private static final int OPERATIONS = 10_000;
  private static final int FAULT_PERCENT = 5;

  private static final int IDLE = 0;
  private static final int WAITING = 1;
  private static final int INTERRUPTING = 2;

  enum Fault { REFUSE, RESET, BLACK_HOLE, TERMINATE, CANCEL, SLOW_CONNECT, INTERRUPT }

  /** A worker thread and whether it is inside getConnection (so it may be interrupted there). */
  private static final class Worker {
    final AtomicInteger state = new AtomicInteger(IDLE);
    volatile Thread thread;
  }

  @Test
  void tenThousandOperationsUnderFaultsLeaveNothingBehind() throws Exception {
    try (ProxiedPostgres pg = new ProxiedPostgres("noleak");
        PostgresFaults server = new PostgresFaults()) {
      FaultProxy proxy = pg.proxy;
      DatabasePool pool = pg.builder(5).poolSize(8).maxOverflow(4)
          .poolTimeout(Duration.ofSeconds(2)).keepaliveTime(Duration.ofSeconds(1)).build();
      Map<Fault, LongAdder> injected = new ConcurrentHashMap<>();
      Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
      AtomicLong longestBorrowNanos = new AtomicLong();
      ScheduledExecutorService injector = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fault-injector");
        t.setDaemon(true);
        return t;
      });
      Worker[] workers = new Worker[THREADS];
      AtomicInteger tickets = new AtomicInteger();
      int[] refusing = {0}; // nested refuse windows; touched only on the injector thread
      long started = System.nanoTime();
      try {
        List<Thread> threads = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(THREADS);
        for (int i = 0; i < THREADS; i++) {
          Worker w = new Worker();
          workers[i] = w;
          Thread t = new Thread(() -> {
            try {
              runOperations(pool, w, tickets, outcomes, longestBorrowNanos, fault -> {
                injected.computeIfAbsent(fault, f -> new LongAdder()).increment();
                injector.execute(() -> inject(fault, pg, server, injector, workers, refusing));
              });
            } finally {
              done.countDown();
            }
          }, "noleak-worker-" + i);
          w.thread = t;
          threads.add(t);
        }
        threads.forEach(Thread::start);
        assertThat(done.await(3, TimeUnit.MINUTES)).as("all workers finished (no hang)").isTrue();
      } finally {
        injector.shutdownNow();
        injector.awaitTermination(5, TimeUnit.SECONDS);
        proxy.clearFaults();
        proxy.links().forEach(FaultProxy.Link::heal);
      }
      long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

      // At rest: nothing borrowed; pool size == proxy sockets == server sessions == open physicals.
      boolean settled = Eventually.within(Duration.ofSeconds(20), () -> {
        PoolStats s = pool.getPoolStats();
        return s.checkedOut() == 0 && s.pendingConnects() == 0 && s.size() == proxy.openConnections()
            && s.size() == server.sessions(pg.poolName) && s.size() == pg.ledger().open();
      });
      PoolStats atRest = pool.getPoolStats();
      assertThat(settled).as("at rest: stats %s, proxy %s, sessions %d, ledger %s", atRest, proxy,
          server.sessions(pg.poolName), pg.ledger()).isTrue();
      assertThat(atRest.waiting()).isZero();
      assertThat(atRest.created() - atRest.closed()).as("created - closed").isEqualTo(atRest.size());

      pool.close();
      assertThat(pg.ledger().notClosedExactlyOnce()).as("physical connections not closed exactly once")
          .isEmpty();
      assertThat(proxy.awaitOpenConnections(0, Duration.ofSeconds(5))).as("sockets after close: %s", proxy)
          .isTrue();
      assertThat(Eventually.within(Duration.ofSeconds(5), () -> server.sessions(pg.poolName) == 0))
          .as("server sessions after close").isTrue();
      assertThat(Eventually.within(Duration.ofSeconds(2),
          () -> Eventually.threadsNamed(pg.poolName + "-").isEmpty()))
          .as("pool threads after close: %s", Eventually.threadsNamed(pg.poolName + "-")).isTrue();

      long total = outcomes.values().stream().mapToLong(LongAdder::sum).sum();
      assertThat(total).isEqualTo(OPERATIONS);
      System.out.printf("no-leak run: %d operations in %d ms from %d threads; faults injected %s;"
              + " outcomes %s; connections opened %d; longest getConnection %d ms; at rest %s%n",
          OPERATIONS, elapsedMillis, THREADS, new TreeMap<>(injected), new TreeMap<>(outcomes),
          pg.ledger().opened(), TimeUnit.NANOSECONDS.toMillis(longestBorrowNanos.get()), atRest);
    }
  }

  /** One worker's loop: borrow, run a short query, return; sometimes asks for a fault first. */
  private static void runOperations(DatabasePool pool, Worker w, AtomicInteger tickets,
      Map<String, LongAdder> outcomes, AtomicLong longestBorrowNanos,
      java.util.function.Consumer<Fault> requestFault) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    Fault[] faults = Fault.values();
    while (tickets.getAndIncrement() < OPERATIONS) {
      if (random.nextInt(100) < FAULT_PERCENT) {
        requestFault.accept(faults[random.nextInt(faults.length)]);
      }
      String outcome;
      long start = System.nanoTime();
      Connection c = null;
      w.state.set(WAITING);
      try {
        c = pool.getConnection();
      } catch (SQLException e) {
        outcome = "borrow failed: " + e.getClass().getSimpleName() + " " + e.getSQLState();
        outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
        continue;
      } finally {
        leaveWaiting(w);
        longestBorrowNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
      }
      try (Connection held = c; Statement st = held.createStatement()) {
        st.execute("select pg_sleep(0.001)");
        outcome = "ok";
      } catch (SQLException e) {
        outcome = "query failed: SQLState " + e.getSQLState();
      }
      outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
    }
  }

  /** Leaves the WAITING state, letting an interrupter that is mid-way finish, then clears the flag. */
  private static void leaveWaiting(Worker w) {
    while (!w.state.compareAndSet(WAITING, IDLE)) {
      Thread.onSpinWait(); // an interrupter holds INTERRUPTING for a few instructions
    }
    Thread.interrupted();
  }

  /** Runs on the single injector thread. */
  private static void inject(Fault fault, ProxiedPostgres pg, PostgresFaults server,
      ScheduledExecutorService injector, Worker[] workers, int[] refusing) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    FaultProxy proxy = pg.proxy;
    try {
      switch (fault) {
        case REFUSE -> {
          refusing[0]++;
          proxy.refuseConnections();
          injector.schedule(() -> {
            if (--refusing[0] == 0) {
              proxy.acceptConnections();
            }
          }, 200, TimeUnit.MILLISECONDS);
        }
        case RESET -> {
          List<FaultProxy.Link> links = proxy.links();
          if (!links.isEmpty()) {
            links.get(random.nextInt(links.size())).reset();
          }
        }
        case BLACK_HOLE -> {
          List<FaultProxy.Link> links = proxy.links();
          if (!links.isEmpty()) {
            FaultProxy.Link link = links.get(random.nextInt(links.size()));
            link.blackHole();
            injector.schedule(() -> link.reset(), 1, TimeUnit.SECONDS);
          }
        }
        case TERMINATE, CANCEL -> {
          List<Integer> pids = server.backends(pg.poolName);
          if (!pids.isEmpty()) {
            int pid = pids.get(random.nextInt(pids.size()));
            if (fault == Fault.TERMINATE) {
              server.terminate(pid);
            } else {
              server.cancel(pid);
            }
          }
        }
        case SLOW_CONNECT -> {
          proxy.connectDelay(Duration.ofMillis(300));
          injector.schedule(() -> proxy.connectDelay(Duration.ZERO), 1, TimeUnit.SECONDS);
        }
        case INTERRUPT -> {
          int start = random.nextInt(workers.length);
          for (int i = 0; i < workers.length; i++) {
            Worker w = workers[(start + i) % workers.length];
            if (w != null && w.state.compareAndSet(WAITING, INTERRUPTING)) {
              w.thread.interrupt();
              w.state.set(WAITING);
              break;
            }
          }
        }
        default -> throw new IllegalStateException("unknown fault " + fault);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("fault injection failed: " + fault, e);
    }
  }
}
