package mcp.db.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import mcp.db.pool.testkit.StubDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The transaction API as reached through DatabasePool, with the pool's own retry setting. */
@Tag("stub")
class PoolTransactionApiTest {

  @Test
  void inTransactionRetriesATransientFailureUpToTransactionAttemptsAndCountsRetries() throws Exception {
    StubDatabase db = StubDatabase.unique();
    try (DatabasePool pool = DatabasePool.builder().url(db.url()).poolName("tx-api").poolSize(1)
        .transactionAttempts(4).build()) {
      AtomicInteger calls = new AtomicInteger();
      String result = pool.inTransaction(session -> {
        if (calls.incrementAndGet() < 4) {
          throw new SQLException("could not serialize access", "40001");
        }
        return "done";
      });
      assertThat(result).isEqualTo("done");
      assertThat(calls.get()).isEqualTo(4);
      assertThat(pool.getPoolStats().retries()).isEqualTo(3);
      assertThat(pool.getPoolStats().checkedOut()).isZero();
    } finally {
      StubDatabase.remove(db.name());
    }
  }
}
