package mcp.db.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import mcp.db.pool.support.CapturedLogs;
import mcp.db.pool.support.LogLine;
import mcp.db.pool.testkit.StubDatabase;
import mcp.db.pool.testkit.StubErrors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/**
 * While the database stays unreachable, "cannot connect" goes to the log at WARN at most once per
 * ten seconds of the pool's clock, the next line counting the failures in between; each line is one
 * line. The clock is the test's, so the interval needs no sleeping; the failures themselves come at
 * the real pace of the connect backoff.
 */
@Tag("stub")
class ConnectFailureLogTest {
  private final StubDatabase db = StubDatabase.unique();
  private final ManualClock clock = new ManualClock();

  @AfterEach
  void removeStub() {
    StubDatabase.remove(db.name());
  }

  private List<LogLine> cannotConnectLines() {
    return CapturedLogs.select(line -> line.level() == Level.WARN && line.contains(db.name())
        && line.contains("cannot connect"));
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as("condition not met within 10 s").isNegative();
      TimeUnit.MILLISECONDS.sleep(10);
    }
  }

  @Test
  void manyConnectFailuresLogOneWarningPerIntervalWithTheCountOfTheOthers() throws Exception {
    db.failConnects(StubErrors.connectRefused());
    CapturedLogs.clear();
    try (DatabasePool pool = TestPools.withClock(DatabasePool.builder().url(db.url())
        .poolName("connectlog-" + db.name()).poolSize(4).maxOverflow(0).minIdle(0)
        .initializationFailTimeout(Duration.ofMillis(-1)).poolTimeout(Duration.ofMillis(1_500)), clock)) {
      // One caller waiting 1.5 s: the pool retries with its backoff (25, 50, 100 ... 500 ms).
      assertThatThrownBy(pool::getConnection).isInstanceOf(PoolTimeoutException.class);
      long failures = pool.getPoolStats().connectFailures();
      assertThat(failures).as("failed attempts while the caller waited").isGreaterThanOrEqualTo(5);
      assertThat(cannotConnectLines()).as("WARN lines for %d failures", failures).hasSize(1);

      clock.advance(Duration.ofSeconds(10));
      assertThatThrownBy(pool::getConnection).isInstanceOf(PoolTimeoutException.class);
      await(() -> cannotConnectLines().size() == 2);
      long more = pool.getPoolStats().connectFailures();
      assertThat(cannotConnectLines()).as("WARN lines for %d failures", more).hasSize(2);
      assertThat(cannotConnectLines().get(1).message())
          .matches(".*\\(\\d+ more failed attempts since the last report\\).*");
      assertThat(cannotConnectLines()).allSatisfy(line -> {
        assertThat(line.message()).doesNotContain("\n").contains("stub: connection refused")
            .contains("SQLState 08001");
      });
    }
  }
}
