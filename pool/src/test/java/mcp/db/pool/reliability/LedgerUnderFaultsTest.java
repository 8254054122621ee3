package mcp.db.pool.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.RowMapper;
import mcp.db.pool.TransactionOutcomeUnknownException;
import mcp.db.pool.support.RequiresPostgres;
import mcp.db.pool.support.TestDatabases;
import mcp.db.pool.testkit.FaultProxy;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Nothing lost, nothing doubled: units of work run through {@code inTransaction} while links are
 * reset (some of them in the middle of COMMIT), backends terminated and connects refused. Each unit
 * inserts a ledger row under its own id and credits one of 16 accounts; a few throw after writing,
 * as a caller abandoning its work does. Afterwards, read directly
 * from the server: every unit the caller saw succeed is there exactly once; every unit it saw fail
 * is absent, except those reported as {@link TransactionOutcomeUnknownException}, which are counted
 * and listed; and the accounts balance against the ledger (no half-applied unit).
 */
@Tag("faults")
@RequiresPostgres
class LedgerUnderFaultsTest {
  private static final int UNITS = 2_000;
  private static final int THREADS = 16;
  private static final int ACCOUNTS = 16;
  private static final int FAULT_PERCENT = 5;
  /** Units whose callback throws after writing: the caller sees them fail, so they must be absent. */
  private static final int ABANDON_PERCENT = 2;

  private enum Outcome { SUCCEEDED, FAILED, UNKNOWN }

  @Test
  void everyUnitSeenToSucceedIsStoredOnceAndEveryFailedOneIsAbsent() throws Exception {
    String ledger = TestDatabases.uniqueName("ledger");
    String accounts = TestDatabases.uniqueName("accounts");
    try (ProxiedPostgres pg = new ProxiedPostgres("ledger");
        PostgresFaults server = new PostgresFaults()) {
      server.execute("create table " + ledger + " (unit_id bigint not null, amount int not null)");
      server.execute("create table " + accounts + " (id int primary key, balance bigint not null)");
      server.execute("insert into " + accounts + " select g, 0 from generate_series(0, "
          + (ACCOUNTS - 1) + ") g");
      ScheduledExecutorService injector = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ledger-fault-injector");
        t.setDaemon(true);
        return t;
      });
      Map<Integer, Outcome> outcomes = new ConcurrentHashMap<>();
      Map<String, LongAdder> injected = new ConcurrentHashMap<>();
      Map<String, LongAdder> failures = new ConcurrentHashMap<>();
      long started = System.nanoTime();
      try (DatabasePool pool = pg.builder(3).poolSize(8).maxOverflow(0)
          .poolTimeout(Duration.ofSeconds(2)).build()) {
        AtomicInteger nextUnit = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
          Thread t = new Thread(() -> {
            int unit;
            while ((unit = nextUnit.getAndIncrement()) < UNITS) {
              outcomes.put(unit, runUnit(pool, pg, server, injector, unit, ledger, accounts,
                  injected, failures));
            }
          }, "ledger-worker-" + i);
          threads.add(t);
          t.start();
        }
        for (Thread t : threads) {
          t.join(TimeUnit.MINUTES.toMillis(2));
          assertThat(t.isAlive()).as("%s hangs", t.getName()).isFalse();
        }
      } finally {
        injector.shutdownNow();
        injector.awaitTermination(5, TimeUnit.SECONDS);
        pg.proxy.clearFaults();
      }
      long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

      Map<Integer, Integer> stored = storedCounts(server, ledger);
      List<String> lost = new ArrayList<>();
      List<String> doubled = new ArrayList<>();
      List<String> failedButStored = new ArrayList<>();
      List<String> unknown = new ArrayList<>();
      Map<Outcome, Integer> tally = new TreeMap<>();
      for (int unit = 0; unit < UNITS; unit++) {
        Outcome o = outcomes.get(unit);
        tally.merge(o, 1, Integer::sum);
        int n = stored.getOrDefault(unit, 0);
        if (n > 1) {
          doubled.add("unit " + unit + " (" + o + ") stored " + n + " times");
        }
        switch (o) {
          case SUCCEEDED -> {
            if (n == 0) {
              lost.add("unit " + unit);
            }
          }
          case FAILED -> {
            if (n != 0) {
              failedButStored.add("unit " + unit);
            }
          }
          case UNKNOWN -> unknown.add("unit " + unit + (n == 0 ? " (not committed)" : " (committed)"));
          default -> throw new IllegalStateException();
        }
      }
      long ledgerTotal = stored.values().stream().mapToLong(Integer::longValue).sum();
      long balanceTotal = sumBalances(server, accounts);
      System.out.printf("ledger run: %d units from %d threads in %d ms; faults injected %s; outcomes %s;"
              + " failures %s; outcome unknown: %s%n", UNITS, THREADS, elapsedMillis,
          new TreeMap<>(injected), tally, new TreeMap<>(failures), unknown);
      assertThat(lost).as("succeeded but missing").isEmpty();
      assertThat(doubled).as("stored more than once").isEmpty();
      assertThat(failedButStored).as("reported failed but stored").isEmpty();
      assertThat(balanceTotal).as("account balances against the ledger").isEqualTo(ledgerTotal);
      assertThat(tally.getOrDefault(Outcome.SUCCEEDED, 0)).isGreaterThan(UNITS / 2);
    } finally {
      try (PostgresFaults cleanup = new PostgresFaults()) {
        cleanup.execute("drop table if exists " + ledger);
        cleanup.execute("drop table if exists " + accounts);
      }
    }
  }

  /** One unit of work through inTransaction; sometimes asks for a fault aimed at its own link. */
  private static Outcome runUnit(DatabasePool pool, ProxiedPostgres pg, PostgresFaults server,
      ScheduledExecutorService injector, int unit, String ledger, String accounts,
      Map<String, LongAdder> injected, Map<String, LongAdder> failures) {
    try {
      pool.inTransaction(session -> {
        session.update("insert into " + ledger + " (unit_id, amount) values (?, 1)", unit);
        session.update("update " + accounts + " set balance = balance + 1 where id = ?", unit % ACCOUNTS);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (random.nextInt(100) < ABANDON_PERCENT) {
          throw new IllegalStateException("the caller abandons unit " + unit); // must roll back
        }
        if (random.nextInt(100) < FAULT_PERCENT) {
          // Aim at this transaction's own link, a moment later: it lands before, during or after
          // COMMIT, which is where outcome-unknown comes from.
          int port = session.queryOne("select inet_client_port()", RowMapper.firstColumn(Integer.class));
          int pid = session.queryOne("select pg_backend_pid()", RowMapper.firstColumn(Integer.class));
          String fault = random.nextBoolean() ? "reset" : random.nextBoolean() ? "terminate" : "refuse";
          injected.computeIfAbsent(fault, k -> new LongAdder()).increment();
          long delayMicros = random.nextLong(3_000);
          injector.schedule(() -> inject(fault, pg, server, injector, port, pid), delayMicros,
              TimeUnit.MICROSECONDS);
        }
        return null;
      });
      return Outcome.SUCCEEDED;
    } catch (TransactionOutcomeUnknownException e) {
      failures.computeIfAbsent("outcome unknown", k -> new LongAdder()).increment();
      return Outcome.UNKNOWN;
    } catch (SQLException e) {
      failures.computeIfAbsent(e.getClass().getSimpleName() + " " + e.getSQLState(),
          k -> new LongAdder()).increment();
      return Outcome.FAILED;
    } catch (IllegalStateException e) {
      failures.computeIfAbsent("abandoned by the caller", k -> new LongAdder()).increment();
      return Outcome.FAILED;
    }
  }

  private static void inject(String fault, ProxiedPostgres pg, PostgresFaults server,
      ScheduledExecutorService injector, int serverSidePort, int pid) {
    FaultProxy proxy = pg.proxy;
    try {
      switch (fault) {
        case "reset" -> {
          for (FaultProxy.Link link : proxy.links()) {
            if (link.serverSidePort() == serverSidePort) {
              link.reset();
            }
          }
        }
        case "terminate" -> server.terminate(pid);
        case "refuse" -> {
          proxy.refuseConnections();
          injector.schedule(proxy::acceptConnections, 100, TimeUnit.MILLISECONDS);
        }
        default -> throw new IllegalStateException(fault);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("fault injection failed", e);
    }
  }

  private static Map<Integer, Integer> storedCounts(PostgresFaults server, String ledger)
      throws SQLException {
    Map<Integer, Integer> counts = new HashMap<>();
    try (PreparedStatement ps = server.admin().prepareStatement(
        "select unit_id, count(*) from " + ledger + " group by unit_id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        counts.put(rs.getInt(1), rs.getInt(2));
      }
    }
    return counts;
  }

  private static long sumBalances(PostgresFaults server, String accounts) throws SQLException {
    try (PreparedStatement ps = server.admin().prepareStatement(
        "select coalesce(sum(balance), 0) from " + accounts);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
