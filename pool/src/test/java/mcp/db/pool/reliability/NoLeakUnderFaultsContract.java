package mcp.db.pool.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
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
import java.util.function.Consumer;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.PoolStats;
import mcp.db.pool.testkit.FaultProxy;
import org.junit.jupiter.api.Test;

/**
 * No leak: thousands of operations from 32 threads through the fault proxy to a real server, with a
 * fault requested at about one operation in twenty (connections refused, reset, black-holed,
 * terminated or cancelled by the server, slow connects, callers interrupted while waiting). At rest
 * nothing is borrowed and the pool's size, the proxy's open sockets and the server's sessions for
 * the pool agree; after {@code close()} every physical connection was closed exactly once, no
 * socket or session is left, and none of the pool's threads.
 *
 * <p>A requested fault counts only when it took effect: an interrupt when a worker was waiting in
 * {@code getConnection()}, a reset or black hole when a link was open, a terminate or cancel when
 * the server had a session of the pool, a refuse or slow-connect window when a connection attempt
 * arrived during it. The test fails unless every kind took effect at least once, so a run in which
 * some fault never happened cannot pass as proof.
 *
 * <p>Subclasses choose the server and the number of operations.
 */
abstract class NoLeakUnderFaultsContract {
  private static final int THREADS = 32;
  private static final int FAULT_PERCENT = 5;

  private static final int IDLE = 0;
  private static final int WAITING = 1;
  private static final int INTERRUPTING = 2;

  enum Fault { REFUSE, RESET, BLACK_HOLE, TERMINATE, CANCEL, SLOW_CONNECT, INTERRUPT }

  /** The server behind a new fault proxy, for a pool whose name starts with {@code prefix}. */
  abstract ProxiedDatabase proxied(String prefix) throws SQLException;

  /** Operations in the run. */
  abstract int operations();

  /** A worker thread and whether it is inside getConnection (so it may be interrupted there). */
  private static final class Worker {
    final AtomicInteger state = new AtomicInteger(IDLE);
    volatile Thread thread;
  }

  /** What the injector thread needs; touched only on that thread, apart from the counters. */
  private static final class Injection {
    final ProxiedDatabase db;
    final PoolSessions sessions;
    final ScheduledExecutorService injector;
    final Worker[] workers;
    final Map<Fault, LongAdder> applied = new ConcurrentHashMap<>();
    int refusing; // nested refuse windows
    int slowing; // nested slow-connect windows

    Injection(ProxiedDatabase db, PoolSessions sessions, ScheduledExecutorService injector, Worker[] workers) {
      this.db = db;
      this.sessions = sessions;
      this.injector = injector;
      this.workers = workers;
    }

    void applied(Fault fault) {
      applied.computeIfAbsent(fault, f -> new LongAdder()).increment();
    }
  }

  @Test
  void thousandsOfOperationsUnderFaultsLeaveNothingBehind() throws Exception {
    int operations = operations();
    try (ProxiedDatabase db = proxied("noleak"); PoolSessions sessions = db.sessions()) {
      FaultProxy proxy = db.proxy;
      DatabasePool pool = db.builder(5).poolSize(8).maxOverflow(4)
          .poolTimeout(Duration.ofSeconds(2)).keepaliveTime(Duration.ofSeconds(1)).build();
      Map<Fault, LongAdder> requested = new ConcurrentHashMap<>();
      Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
      AtomicLong longestBorrowNanos = new AtomicLong();
      ScheduledExecutorService injector = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fault-injector");
        t.setDaemon(true);
        return t;
      });
      Worker[] workers = new Worker[THREADS];
      Injection injection = new Injection(db, sessions, injector, workers);
      AtomicInteger tickets = new AtomicInteger();
      long started = System.nanoTime();
      try {
        List<Thread> threads = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(THREADS);
        for (int i = 0; i < THREADS; i++) {
          Worker w = new Worker();
          workers[i] = w;
          Thread t = new Thread(() -> {
            try {
              runOperations(pool, db.shortQuery(), operations, w, tickets, outcomes, longestBorrowNanos,
                  fault -> {
                    requested.computeIfAbsent(fault, f -> new LongAdder()).increment();
                    injector.execute(() -> inject(fault, injection));
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
            && s.size() == sessions.count() && s.size() == db.ledger().open();
      });
      PoolStats atRest = pool.getPoolStats();
      assertThat(settled).as("at rest: stats %s, proxy %s, sessions %d, ledger %s", atRest, proxy,
          sessions.count(), db.ledger()).isTrue();
      assertThat(atRest.waiting()).isZero();
      assertThat(atRest.created() - atRest.closed()).as("created - closed").isEqualTo(atRest.size());

      pool.close();
      assertThat(db.ledger().notClosedExactlyOnce()).as("physical connections not closed exactly once")
          .isEmpty();
      assertThat(proxy.awaitOpenConnections(0, Duration.ofSeconds(5))).as("sockets after close: %s", proxy)
          .isTrue();
      assertThat(Eventually.within(Duration.ofSeconds(5), () -> sessions.count() == 0))
          .as("server sessions after close").isTrue();
      assertThat(Eventually.within(Duration.ofSeconds(2),
          () -> Eventually.threadsNamed(db.poolName + "-").isEmpty()))
          .as("pool threads after close: %s", Eventually.threadsNamed(db.poolName + "-")).isTrue();

      long total = outcomes.values().stream().mapToLong(LongAdder::sum).sum();
      assertThat(total).isEqualTo(operations);
      Map<Fault, Long> appliedCounts = counts(injection.applied);
      System.out.printf("no-leak run (%s): %d operations in %d ms from %d threads; faults requested %s;"
              + " faults applied %s; outcomes %s; connections opened %d; longest getConnection %d ms;"
              + " at rest %s%n",
          db.server.displayName(), operations, elapsedMillis, THREADS, counts(requested), appliedCounts,
          new TreeMap<>(outcomes), db.ledger().opened(),
          TimeUnit.NANOSECONDS.toMillis(longestBorrowNanos.get()), atRest);
      for (Fault fault : Fault.values()) {
        assertThat(appliedCounts.get(fault)).as("%s faults that took effect (applied: %s)", fault, appliedCounts)
            .isPositive();
      }
    }
  }

  private static Map<Fault, Long> counts(Map<Fault, LongAdder> adders) {
    Map<Fault, Long> m = new EnumMap<>(Fault.class);
    for (Fault f : Fault.values()) {
      LongAdder a = adders.get(f);
      m.put(f, a == null ? 0L : a.sum());
    }
    return m;
  }

  /** One worker's loop: borrow, run a short query, return; sometimes asks for a fault first. */
  private static void runOperations(DatabasePool pool, String query, int operations, Worker w,
      AtomicInteger tickets, Map<String, LongAdder> outcomes, AtomicLong longestBorrowNanos,
      Consumer<Fault> requestFault) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    Fault[] faults = Fault.values();
    while (tickets.getAndIncrement() < operations) {
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
        st.execute(query);
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

  /** Runs on the single injector thread; counts the fault in {@code in.applied} only if it took effect. */
  private static void inject(Fault fault, Injection in) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    FaultProxy proxy = in.db.proxy;
    try {
      switch (fault) {
        case REFUSE -> {
          long attemptsBefore = proxy.refusedConnections();
          in.refusing++;
          proxy.refuseConnections();
          in.injector.schedule(() -> {
            if (proxy.refusedConnections() > attemptsBefore) {
              in.applied(fault); // a connection was refused while this window was open
            }
            if (--in.refusing == 0) {
              proxy.acceptConnections();
            }
          }, 200, TimeUnit.MILLISECONDS);
        }
        case RESET -> {
          List<FaultProxy.Link> links = proxy.links();
          if (!links.isEmpty() && links.get(random.nextInt(links.size())).reset()) {
            in.applied(fault);
          }
        }
        case BLACK_HOLE -> {
          List<FaultProxy.Link> links = proxy.links();
          if (!links.isEmpty()) {
            FaultProxy.Link link = links.get(random.nextInt(links.size()));
            if (!link.isClosed()) {
              link.blackHole();
              in.applied(fault);
              in.injector.schedule(() -> link.reset(), 1, TimeUnit.SECONDS);
            }
          }
        }
        case TERMINATE, CANCEL -> {
          List<Long> ids = in.sessions.ids();
          if (!ids.isEmpty()) {
            long id = ids.get(random.nextInt(ids.size()));
            if (fault == Fault.TERMINATE ? in.sessions.terminate(id) : in.sessions.cancel(id)) {
              in.applied(fault);
            }
          }
        }
        case SLOW_CONNECT -> {
          long attemptsBefore = proxy.connectionAttempts();
          in.slowing++;
          proxy.connectDelay(Duration.ofMillis(300));
          in.injector.schedule(() -> {
            if (proxy.connectionAttempts() > attemptsBefore) {
              in.applied(fault); // a connection was made while connects were slowed
            }
            if (--in.slowing == 0) {
              proxy.connectDelay(Duration.ZERO);
            }
          }, 1, TimeUnit.SECONDS);
        }
        case INTERRUPT -> {
          int start = random.nextInt(in.workers.length);
          for (int i = 0; i < in.workers.length; i++) {
            Worker w = in.workers[(start + i) % in.workers.length];
            if (w != null && w.state.compareAndSet(WAITING, INTERRUPTING)) {
              w.thread.interrupt();
              w.state.set(WAITING);
              in.applied(fault);
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
