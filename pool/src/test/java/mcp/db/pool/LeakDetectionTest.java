package mcp.db.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import mcp.db.pool.support.CapturedLogs;
import mcp.db.pool.support.LogLine;
import mcp.db.pool.testkit.StubDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Leak detection, driven by the manual clock. */
@Tag("stub")
class LeakDetectionTest {
  private final StubDatabase db = StubDatabase.unique();
  private final ManualClock clock = new ManualClock();
  private DatabasePool pool;

  @AfterEach
  void close() {
    if (pool != null) {
      pool.close();
    }
    StubDatabase.remove(db.name());
  }

  private Connection borrowForLeakTest() throws Exception {
    return pool.getConnection(); // this method's name must appear in the reported stack
  }

  @Test
  void connectionHeldPastTheThresholdIsReportedOnceWithTheBorrowersStack() throws Exception {
    pool = TestPools.withClock(DatabasePool.builder().url(db.url()).poolName("leaky")
        .poolSize(1).maxOverflow(0).keepaliveTime(Duration.ZERO)
        .leakDetectionThreshold(Duration.ofSeconds(2)), clock);
    CapturedLogs.clear();
    Connection held = borrowForLeakTest();
    clock.advance(Duration.ofSeconds(1));
    pool.runHousekeeping();
    assertThat(CapturedLogs.matching("possible connection leak")).isEmpty();

    clock.advance(Duration.ofSeconds(2));
    pool.runHousekeeping();
    pool.runHousekeeping();
    List<LogLine> warnings = CapturedLogs.matching("possible connection leak");
    assertThat(warnings).hasSize(1);
    LogLine warning = warnings.get(0);
    assertThat(warning.message()).contains("leaky").contains(Thread.currentThread().getName());
    assertThat(warning.throwable()).isNotNull();
    assertThat(warning.throwable().getStackTrace())
        .anyMatch(f -> f.getMethodName().equals("borrowForLeakTest"));

    clock.advance(Duration.ofSeconds(1));
    held.close();
    assertThat(CapturedLogs.matching("previously reported as a possible leak was returned after 4000 ms"))
        .hasSize(1);
  }

  @Test
  void noLeakIsReportedWhenDetectionIsOff() throws Exception {
    pool = TestPools.withClock(DatabasePool.builder().url(db.url()).poolName("tidy")
        .poolSize(1).maxOverflow(0).keepaliveTime(Duration.ZERO), clock);
    CapturedLogs.clear();
    try (Connection held = pool.getConnection()) {
      clock.advance(Duration.ofHours(1));
      pool.runHousekeeping();
    }
    assertThat(CapturedLogs.matching("possible connection leak")).isEmpty();
  }
}
