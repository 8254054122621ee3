package mcp.db.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import mcp.db.pool.support.PinningRecorder;
import mcp.db.pool.support.VirtualThreads;
import mcp.db.pool.testkit.StubDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Virtual threads (JDK 21+): run by the surefire execution on the Temurin 25 JDK (tag "jdk21").
 * Waiting for a connection parks the virtual thread, and nothing in the pool pins its carrier.
 */
@Tag("jdk21")
@Tag("stub")
class PoolVirtualThreadTest {

  @Test
  void tenThousandVirtualThreadsCompleteWithoutPinningInPoolCode() throws Exception {
    VirtualThreads.assumeSupported();
    StubDatabase db = StubDatabase.unique().queryDelay(Duration.ofMillis(1));
    LongAdder done = new LongAdder();
    try (DatabasePool pool = DatabasePool.builder().url(db.url()).poolName("vt").poolSize(10)
        .maxOverflow(0).poolTimeout(Duration.ofSeconds(120)).build()) {
      PinningRecorder.Result pinning = PinningRecorder.record(() -> {
        ExecutorService ex = VirtualThreads.newThreadPerTaskExecutor();
        try {
          List<Future<?>> fs = new ArrayList<>();
          for (int i = 0; i < 10_000; i++) {
            fs.add(ex.submit(() -> {
              try (Connection c = pool.getConnection(); Statement st = c.createStatement();
                  ResultSet rs = st.executeQuery("select 1")) {
                rs.next();
              }
              done.increment();
              return null;
            }));
          }
          for (Future<?> f : fs) {
            f.get(2, TimeUnit.MINUTES);
          }
        } finally {
          ex.shutdown();
        }
      });
      assertThat(done.sum()).isEqualTo(10_000);
      assertThat(pinning.inPool()).as(pinning.describe()).isEmpty();
      assertThat(pool.getPoolStats().checkedOut()).isZero();
      assertThat(pool.getPoolStats().size()).isLessThanOrEqualTo(10);
    } finally {
      StubDatabase.remove(db.name());
    }
  }
}
