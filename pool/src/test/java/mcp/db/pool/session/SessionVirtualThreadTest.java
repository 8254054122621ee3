package mcp.db.pool.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.RetryPolicy;
import mcp.db.pool.RowMapper;
import mcp.db.pool.Session;
import mcp.db.pool.TransactionOptions;
import mcp.db.pool.support.PinningRecorder;
import mcp.db.pool.support.VirtualThreads;
import mcp.db.pool.testkit.StubDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Sessions on virtual threads (JDK 21+, tag "jdk21"): the session lock, the retry backoff's sleep
 * and the statements all park rather than pin, with many virtual threads per connection.
 */
@Tag("jdk21")
@Tag("stub")
class SessionVirtualThreadTest {

  @Test
  void transactionsWithRetriesAndASharedSessionNeverPinInSessionCode() throws Exception {
    VirtualThreads.assumeSupported();
    StubDatabase db = StubDatabase.unique().queryDelay(Duration.ofMillis(1));
    LongAdder committed = new LongAdder();
    try (DatabasePool pool = DatabasePool.builder().url(db.url()).poolName("vt-sessions")
        .poolSize(8).maxOverflow(0).poolTimeout(Duration.ofSeconds(120)).build()) {
      TransactionOptions quickRetries = TransactionOptions.builder()
          .retryPolicy(RetryPolicy.builder().baseDelay(Duration.ofMillis(1)).build()).build();
      PinningRecorder.Result pinning = PinningRecorder.record(() -> {
        ExecutorService executor = VirtualThreads.newThreadPerTaskExecutor();
        try (Session shared = pool.getSession()) {
          List<Future<?>> futures = new ArrayList<>();
          for (int i = 0; i < 2_000; i++) {
            boolean failOnce = i % 4 == 0;
            futures.add(executor.submit(() -> {
              int[] attempts = {0};
              pool.useTransaction(quickRetries, session -> {
                session.update("UPDATE t SET x = 1");
                if (failOnce && attempts[0]++ == 0) {
                  throw new SQLException("could not serialize access", "40001");
                }
              });
              committed.increment();
              return null;
            }));
          }
          for (int i = 0; i < 200; i++) {
            futures.add(executor.submit(() ->
                shared.queryOne("SELECT 1", RowMapper.firstColumn(Integer.class))));
          }
          for (Future<?> f : futures) f.get(2, TimeUnit.MINUTES);
          shared.commit();
        } finally {
          executor.shutdown();
        }
      });
      assertThat(committed.sum()).isEqualTo(2_000);
      assertThat(pool.getPoolStats().retries()).isEqualTo(500);
      assertThat(pinning.inPool()).as(pinning.describe()).isEmpty();
      assertThat(pool.getPoolStats().checkedOut()).isZero();
    } finally {
      StubDatabase.remove(db.name());
    }
  }
}
