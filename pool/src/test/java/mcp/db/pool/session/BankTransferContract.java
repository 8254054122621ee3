package mcp.db.pool.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mcp.db.pool.RetryPolicy;
import mcp.db.pool.RowMapper;
import mcp.db.pool.Session;
import mcp.db.pool.TransactionOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bank: {@value #THREADS} threads move money between {@value #ACCOUNTS} accounts,
 * {@value #TRANSFERS} transfers in all, each one {@code inTransaction} that checks the balance,
 * moves the amount and writes a ledger row. A third of the account choices go to five "hot"
 * accounts, as in a real bank, so transactions collide often and must be retried.
 *
 * <p>Afterwards: the total is unchanged; every transfer a caller saw succeed is in the ledger
 * exactly once, and none that failed is; every balance equals its opening balance plus the ledger;
 * retries happened and were counted; every connection is back in the pool. The ledger has no
 * unique key on purpose, so a transfer applied twice would show as two rows rather than fail.
 */
abstract class BankTransferContract {
  static final int ACCOUNTS = 100;
  static final int THREADS = 32;
  static final int TRANSFERS = 3_000;
  static final long OPENING_BALANCE = 1_000;
  private static final int HOT_ACCOUNTS = 5;

  SessionFixture fx;
  String accounts;
  String ledger;

  /** A fixture on the database under test with at most 16 connections. */
  abstract SessionFixture openFixture();

  /** The isolation the transfers run at. */
  abstract TransactionOptions.Builder transferOptions();

  /** What the balance read needs to lock the row, e.g. {@code " FOR UPDATE"}; empty for none. */
  abstract String lockingClause();

  /** Generous retries: under this contention three attempts are not always enough. */
  static RetryPolicy bankRetries() {
    return RetryPolicy.builder().maxAttempts(10).baseDelay(Duration.ofMillis(5))
        .maxDelay(Duration.ofMillis(200)).build();
  }

  @BeforeEach
  void openBank() throws SQLException {
    fx = openFixture();
    accounts = fx.table("accounts", "id INT PRIMARY KEY, balance BIGINT NOT NULL");
    ledger = fx.table("ledger", "transfer_id INT NOT NULL, from_id INT NOT NULL,"
        + " to_id INT NOT NULL, amount BIGINT NOT NULL");
    List<Object[]> rows = new ArrayList<>();
    for (int id = 1; id <= ACCOUNTS; id++) rows.add(new Object[] {id, OPENING_BALANCE});
    fx.pool.useTransaction(session ->
        session.batch("INSERT INTO " + accounts + " (id, balance) VALUES (?, ?)", rows));
  }

  @AfterEach
  void closeBank() throws SQLException {
    try {
      assertThat(fx.checkedOut()).as("connections still checked out").isZero();
    } finally {
      fx.close();
    }
  }

  @Test
  void concurrentTransfersKeepTheTotalAndLedgerExactAndAreRetried() throws Exception {
    TransactionOptions options = transferOptions().retryPolicy(bankRetries()).build();
    Set<Integer> succeeded = ConcurrentHashMap.newKeySet();
    Set<Integer> declined = ConcurrentHashMap.newKeySet();
    Map<Integer, SQLException> failed = new ConcurrentHashMap<>();
    AtomicInteger nextTransfer = new AtomicInteger();
    ExecutorService executor = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        workers.add(executor.submit(() -> {
          for (int id = nextTransfer.getAndIncrement(); id < TRANSFERS;
              id = nextTransfer.getAndIncrement()) {
            // Chosen outside the callback, so every attempt of a transfer is the same transfer.
            Random random = new Random(id);
            int from = pickAccount(random);
            int to = pickAccount(random);
            while (to == from) to = pickAccount(random);
            long amount = 1 + random.nextInt(100);
            int transfer = id;
            int destination = to;
            try {
              boolean moved = fx.pool.inTransaction(options, session ->
                  transfer(session, transfer, from, destination, amount));
              (moved ? succeeded : declined).add(transfer);
            } catch (SQLException e) {
              failed.put(transfer, e);
            }
          }
          return null;
        }));
      }
      for (Future<?> worker : workers) worker.get(5, TimeUnit.MINUTES);
    } finally {
      executor.shutdownNow();
    }

    assertThat(succeeded.size() + declined.size() + failed.size()).isEqualTo(TRANSFERS);
    assertThat(failed.values()).as("only transient failures that ran out of attempts")
        .allSatisfy(e -> assertThat(fx.rules.isTransient(e)).as(e.toString()).isTrue());
    assertThat(failed.size()).as("failed transfers").isLessThan(TRANSFERS / 10);
    assertThat(fx.pool.getPoolStats().retries()).as("retries counted").isPositive();

    assertThat(fx.count("SELECT sum(balance) FROM " + accounts))
        .as("money is neither created nor destroyed").isEqualTo(ACCOUNTS * OPENING_BALANCE);

    Map<Integer, Long> ledgerCounts = new HashMap<>();
    Map<Integer, Long> expectedBalances = new HashMap<>();
    for (int id = 1; id <= ACCOUNTS; id++) expectedBalances.put(id, OPENING_BALANCE);
    try (Connection c = fx.direct();
        PreparedStatement s = c.prepareStatement(
            "SELECT transfer_id, from_id, to_id, amount FROM " + ledger);
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        ledgerCounts.merge(rs.getInt(1), 1L, Long::sum);
        expectedBalances.merge(rs.getInt(2), -rs.getLong(4), Long::sum);
        expectedBalances.merge(rs.getInt(3), rs.getLong(4), Long::sum);
      }
    }
    assertThat(ledgerCounts.keySet()).as("the ledger holds exactly the transfers seen to succeed")
        .containsExactlyInAnyOrderElementsOf(succeeded);
    assertThat(ledgerCounts.values()).as("each transfer once").containsOnly(1L);
    Map<Integer, Long> balances = new HashMap<>();
    fx.pool.useTransaction(session ->
        session.query("SELECT id, balance FROM " + accounts, row ->
            balances.put(row.getInt(1), row.getLong(2))));
    assertThat(balances).as("each balance is its opening balance plus the ledger")
        .isEqualTo(expectedBalances);
  }

  private boolean transfer(Session session, int id, int from, int to, long amount)
      throws SQLException {
    long balance = session.queryOne("SELECT balance FROM " + accounts + " WHERE id = ?"
        + lockingClause(), RowMapper.firstColumn(Long.class), from);
    if (balance < amount) return false;
    session.update("UPDATE " + accounts + " SET balance = balance - ? WHERE id = ?", amount, from);
    session.update("UPDATE " + accounts + " SET balance = balance + ? WHERE id = ?", amount, to);
    session.update("INSERT INTO " + ledger + " (transfer_id, from_id, to_id, amount)"
        + " VALUES (?, ?, ?, ?)", id, from, to, amount);
    return true;
  }

  private static int pickAccount(Random random) {
    return random.nextInt(3) == 0 ? 1 + random.nextInt(HOT_ACCOUNTS) : 1 + random.nextInt(ACCOUNTS);
  }
}
