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
  void leakBorrowedJustAfterAPassIsReportedWithinOneAndAHalfThresholds() throws Exception {
    pool = TestPools.withClock(DatabasePool.builder().url(db.url()).poolName("late-leak")
        .poolSize(1).maxOverflow(0).keepaliveTime(Duration.ZERO).poolRecycle(Duration.ZERO)
        .idleTimeout(Duration.ZERO).leakDetectionThreshold(Duration.ofSeconds(2)), clock);
    CapturedLogs.clear();
    // Nothing is borrowed during this pass, so it has no leak deadline to wait for; the housekeeper
    // must still come back soon enough for a borrow that starts right after it.
    long delayNanos = pool.runHousekeeping();
    assertThat(Duration.ofNanos(delayNanos)).isLessThanOrEqualTo(Duration.ofSeconds(1));
    Connection held = borrowForLeakTest();
    long sinceBorrow = 0;
    while (CapturedLogs.matching("possible connection leak").isEmpty() && sinceBorrow < 60_000_000_000L) {
      clock.advance(Duration.ofNanos(delayNanos));
      sinceBorrow += delayNanos;
      delayNanos = pool.runHousekeeping(); // the passes a background housekeeper would make
    }
    assertThat(CapturedLogs.matching("possible connection leak")).hasSize(1);
    assertThat(Duration.ofNanos(sinceBorrow)).isLessThanOrEqualTo(Duration.ofSeconds(3));
    held.close();
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
