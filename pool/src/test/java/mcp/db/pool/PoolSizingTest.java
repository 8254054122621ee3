package mcp.db.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mcp.db.pool.support.CapturedLogs;
import mcp.db.pool.testkit.StubDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/**
 * Sizing on a real pool over the stub driver, with the manual clock: the sampler's windows,
 * {@code optimizePoolSize}, the sizing report, and automatic sizing's decisions that need no
 * waiting callers (waits are timed on the real clock). The controller's decisions under load are
 * covered by {@code SizingControllerTraceTest}.
 */
@Tag("stub")
class PoolSizingTest {
  private static final Duration TICK = Duration.ofMillis(250);
  private final StubDatabase db = StubDatabase.unique();
  private final ManualClock clock = new ManualClock();
  private final List<DatabasePool> pools = new ArrayList<>();

  @AfterEach
  void closePools() {
    pools.forEach(DatabasePool::close);
    StubDatabase.remove(db.name());
  }

  private DatabasePool open(DatabasePoolBuilder b) {
    DatabasePool p = TestPools.withClock(b.url(db.url()).poolName("sizing-" + db.name()), clock);
    pools.add(p);
    p.startSizing(false); // a no-op once the constructor starts sizing itself
    awaitFilled(p);
    p.runSizingTick(); // opens the first window
    return p;
  }

  /**
   * Waits (real time, briefly) until the pool has opened poolSize connections: they open on the
   * pool's threads, and a borrow that waits for one would count as demand.
   */
  private static void awaitFilled(DatabasePool pool) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (pool.getPoolStats().size() < pool.getPoolStats().poolSize() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
  }

  /**
   * One measurement window (2 s of pool clock, ticked every 250 ms) in which {@code held}
   * connections are borrowed at the start and given back at the end.
   *
   * @return automatic sizing's last decision during the window (after a resize, windows close a
   *     tick later than this helper's), or null
   */
  private SizingDecision window(DatabasePool pool, int held) throws SQLException {
    List<Connection> borrowed = new ArrayList<>();
    for (int i = 0; i < held; i++) {
      borrowed.add(pool.getConnection());
    }
    SizingDecision last = null;
    for (int i = 0; i < 8; i++) {
      clock.advance(TICK);
      if (i == 7) {
        for (Connection c : borrowed) {
          c.close();
        }
      }
      SizingDecision d = pool.runSizingTick();
      last = d != null ? d : last;
    }
    return last;
  }

  /** Ticks through the settle time after a resize by sizing; the last tick opens a window. */
  private void settle(DatabasePool pool) {
    for (int i = 0; i < 4; i++) {
      clock.advance(TICK);
      pool.runSizingTick();
    }
  }

  private void windows(DatabasePool pool, int count, int held) throws SQLException {
    for (int i = 0; i < count; i++) {
      window(pool, held);
    }
  }

  @Test
  void theReportShowsThroughputHoldTimeAndUtilisationForEachPoolSize() throws SQLException {
    DatabasePool pool = open(DatabasePool.builder().poolSize(8).maxOverflow(0));
    windows(pool, 3, 6);
    pool.resizePool(4);
    awaitFilled(pool);
    pool.runSizingTick(); // the window that saw the resize is dropped; a new one opens
    windows(pool, 2, 3);

    SizingReport report = pool.sizingReport();
    assertThat(report.automatic()).isFalse();
    assertThat(report.state()).isEqualTo("off");
    assertThat(report.bySize()).extracting(SizingReport.SizeRow::poolSize).containsExactly(4, 8);
    SizingReport.SizeRow eight = report.bySize().get(1);
    assertThat(eight.windows()).isEqualTo(3);
    assertThat(eight.measured()).isEqualTo(Duration.ofSeconds(6));
    assertThat(eight.throughput()).isCloseTo(3.0, within(1e-9));
    assertThat(eight.meanHoldTime()).isEqualTo(Duration.ofSeconds(2));
    assertThat(eight.meanInUse()).isCloseTo(6.0, within(1e-9));
    assertThat(eight.utilization()).isCloseTo(0.75, within(1e-9));
    SizingReport.SizeRow four = report.bySize().get(0);
    assertThat(four.meanInUse()).isCloseTo(3.0, within(1e-9));
    assertThat(report.toTable()).contains("borrows/s", "utilisation", "0.75");
  }

  @Test
  void optimizePoolSizeChoosesTheSizeWhoseUtilisationIsTheTarget() throws SQLException {
    DatabasePool pool = open(DatabasePool.builder().poolSize(10).maxOverflow(0));
    windows(pool, 4, 6); // 8 s, 24 borrows

    SizingDecision d = pool.optimizePoolSize(0.8);

    assertThat(d.action()).isEqualTo(SizingDecision.Action.SHRINK);
    assertThat(d.automatic()).isFalse();
    assertThat(d.previousSize()).isEqualTo(10);
    assertThat(d.newSize()).isEqualTo(8); // ceil(6 / 0.8)
    assertThat(d.resized()).isTrue();
    assertThat(d.measured().meanInUse()).isCloseTo(6.0, within(1e-9));
    assertThat(d.measured().window()).isGreaterThanOrEqualTo(Duration.ofSeconds(6));
    assertThat(d.reason()).contains("6.00 connections were in use", "expected utilisation 0.75");
    assertThat(pool.getPoolStats().poolSize()).isEqualTo(8);
    awaitFilled(pool);

    // The same load at the new size: the measured utilisation is within 0.1 of the target.
    settle(pool);
    windows(pool, 3, 6);
    SizingReport.SizeRow atEight = pool.sizingReport().bySize().stream()
        .filter(r -> r.poolSize() == 8).findFirst().orElseThrow();
    assertThat(atEight.utilization()).isCloseTo(0.8, within(0.1));
    assertThat(pool.sizingReport().decisions()).containsExactly(d);
  }

  @Test
  void optimizePoolSizeWithTooLittleDataChangesNothingAndSaysSo() throws SQLException {
    DatabasePool pool = open(DatabasePool.builder().poolSize(5));
    window(pool, 2);

    SizingDecision d = pool.optimizePoolSize(0.8);

    assertThat(d.action()).isEqualTo(SizingDecision.Action.NOT_ENOUGH_DATA);
    assertThat(d.resized()).isFalse();
    assertThat(d.reason()).contains("only 2.0 s measured");
    assertThat(pool.getPoolStats().poolSize()).isEqualTo(5);
  }

  @Test
  void optimizePoolSizeStaysWithinMinAndMaxPoolSize() throws SQLException {
    DatabasePool pool = open(DatabasePool.builder().poolSize(4).maxOverflow(0).minPoolSize(2).maxPoolSize(6));
    windows(pool, 5, 4); // 20 borrows
    SizingDecision up = pool.optimizePoolSize(0.5); // asks for 8
    assertThat(up.newSize()).isEqualTo(6);
    assertThat(up.reason()).contains("capped at maxPoolSize 6");
    awaitFilled(pool);

    clock.advance(Duration.ofSeconds(61)); // the windows at 4 in use leave the one-minute lookback
    settle(pool);
    windows(pool, 20, 1); // at least 20 borrows
    SizingDecision down = pool.optimizePoolSize(1.0); // asks for 1
    assertThat(down.newSize()).isEqualTo(2);
    assertThat(down.reason()).contains("raised to minPoolSize 2");
  }

  @Test
  void optimizePoolSizeRejectsTargetsOutsideZeroToOneNamingTheArgument() {
    DatabasePool pool = open(DatabasePool.builder().poolSize(2));
    for (double bad : new double[] {0, -0.5, 1.0001, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> pool.optimizePoolSize(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("targetUtilization").hasMessageContaining(String.valueOf(bad));
    }
    assertThat(pool.getPoolStats().poolSize()).isEqualTo(2);
  }

  @Test
  void optimizePoolSizeOnAClosedPoolThrows() {
    DatabasePool pool = open(DatabasePool.builder().poolSize(2));
    pool.close();
    assertThatThrownBy(() -> pool.optimizePoolSize(0.8)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void automaticSizingTakesOverOverflowAndShrinksAnIdlePoolToMinPoolSizeLoggingWhy() throws SQLException {
    CapturedLogs.clear();
    DatabasePool pool = open(DatabasePool.builder().poolSize(8).maxOverflow(10).autoSize(true).minPoolSize(2));
    assertThat(pool.getPoolStats().maxOverflow()).isZero();

    List<SizingDecision> decisions = new ArrayList<>();
    for (int i = 0; i < 4 * 20; i++) {
      clock.advance(TICK);
      SizingDecision d = pool.runSizingTick();
      if (d != null) {
        decisions.add(d);
      }
    }

    assertThat(pool.getPoolStats().poolSize()).isEqualTo(2);
    assertThat(decisions).filteredOn(SizingDecision::resized)
        .extracting(SizingDecision::newSize).containsExactly(4, 2); // at most halving each time
    assertThat(decisions).filteredOn(SizingDecision::resized)
        .allSatisfy(d -> assertThat(d.reason()).contains("sat idle"));
    SizingReport report = pool.sizingReport();
    assertThat(report.automatic()).isTrue();
    assertThat(report.chosenSize()).isEqualTo(2);
    assertThat(report.decisions()).hasSize(2);
    assertThat(CapturedLogs.matching("automatic sizing chose poolSize 4 (was 8; SHRINK 8 -> 4): connections sat idle"))
        .singleElement().satisfies(line -> assertThat(line.level()).isEqualTo(Level.INFO));
  }

  @Test
  void automaticSizingDecisionsShowInPoolStatsAndMetrics() throws SQLException {
    DatabasePool pool = open(DatabasePool.builder().poolSize(8).maxOverflow(0).autoSize(true).minPoolSize(2));
    PoolStats.Sizing atStart = pool.getPoolStats().sizing();
    assertThat(atStart.automatic()).isTrue();
    assertThat(atStart.chosenSize()).isEqualTo(8);
    assertThat(atStart.lastDecision()).isNull();
    assertThat(value(pool.collectMetrics(), "mcp.db.pool.sizing.automatic", Map.of())).isEqualTo(1);

    List<SizingDecision> resized = new ArrayList<>();
    for (int i = 0; i < 4 * 20; i++) {
      clock.advance(TICK);
      SizingDecision d = pool.runSizingTick();
      if (d != null && d.resized()) {
        resized.add(d);
      }
    }
    assertThat(resized).extracting(SizingDecision::newSize).containsExactly(4, 2);

    PoolStats stats = pool.getPoolStats();
    PoolStats.Sizing sizing = stats.sizing();
    assertThat(sizing.automatic()).isTrue();
    assertThat(sizing.chosenSize()).isEqualTo(2).isEqualTo(stats.poolSize());
    assertThat(sizing.shrinks()).isEqualTo(2);
    assertThat(sizing.grows()).isZero();
    assertThat(sizing.lastDecision()).isEqualTo(resized.get(1));
    assertThat(sizing.state()).isEqualTo(pool.sizingReport().state()).isNotEqualTo("off");
    @SuppressWarnings("unchecked")
    Map<String, Object> asMap = (Map<String, Object>) stats.toMap().get("sizing");
    assertThat(asMap).containsEntry("automatic", true).containsEntry("chosen_size", 2)
        .containsEntry("shrinks", 2L).containsEntry("last_decision", resized.get(1).toMap());

    List<MetricFamily> metrics = pool.collectMetrics();
    assertThat(value(metrics, "mcp.db.pool.sizing.chosen_size", Map.of())).isEqualTo(2);
    assertThat(value(metrics, "mcp.db.pool.sizing.changes", Map.of("direction", "shrink"))).isEqualTo(2);
    assertThat(value(metrics, "mcp.db.pool.sizing.changes", Map.of("direction", "grow"))).isZero();
  }

  @Test
  void aManualPoolReportsSizingOffUntilOptimizePoolSizeDecides() throws SQLException {
    DatabasePool pool = open(DatabasePool.builder().poolSize(10).maxOverflow(0));
    windows(pool, 4, 6);
    PoolStats.Sizing before = pool.getPoolStats().sizing();
    assertThat(before.automatic()).isFalse();
    assertThat(before.state()).isEqualTo("off");
    assertThat(before.chosenSize()).isZero();
    assertThat(before.lastDecision()).isNull();
    assertThat(pool.getPoolStats().toMap().get("sizing")).asInstanceOf(MAP)
        .containsEntry("automatic", false).containsEntry("last_decision", null);
    assertThat(value(pool.collectMetrics(), "mcp.db.pool.sizing.chosen_size", Map.of())).isZero();

    SizingDecision d = pool.optimizePoolSize(0.8);

    assertThat(d.newSize()).isEqualTo(8);
    PoolStats.Sizing after = pool.getPoolStats().sizing();
    assertThat(after.automatic()).isFalse();
    assertThat(after.state()).isEqualTo("off");
    assertThat(after.chosenSize()).isEqualTo(8);
    assertThat(after.lastDecision()).isEqualTo(d);
    assertThat(after.shrinks()).as("optimizePoolSize is not automatic sizing").isZero();
    List<MetricFamily> metrics = pool.collectMetrics();
    assertThat(value(metrics, "mcp.db.pool.sizing.automatic", Map.of())).isZero();
    assertThat(value(metrics, "mcp.db.pool.sizing.chosen_size", Map.of())).isEqualTo(8);
  }

  /** The value of the point of {@code family} whose attributes include {@code attributes}. */
  private static double value(List<MetricFamily> families, String family, Map<String, String> attributes) {
    MetricFamily f = families.stream().filter(x -> x.name().equals(family)).findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + family));
    return f.points().stream().filter(p -> p.attributes().entrySet().containsAll(attributes.entrySet()))
        .findFirst().orElseThrow(() -> new AssertionError("no point " + attributes + " in " + family)).value();
  }

  @Test
  void automaticSizingFreezesWhileConnectionAttemptsFail() throws Exception {
    DatabasePool pool = open(DatabasePool.builder().poolSize(3).maxOverflow(0).autoSize(true)
        .minPoolSize(1).connectionTimeout(Duration.ofSeconds(1)));
    window(pool, 1);
    db.failConnects(new SQLException("stub: refused", "08001"));
    pool.softEvictConnections(); // replacements are attempted at once, and fail
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (pool.getPoolStats().connectFailures() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(pool.getPoolStats().connectFailures()).isPositive();

    SizingDecision d = window(pool, 0);

    assertThat(d).isNotNull();
    assertThat(d.action()).isEqualTo(SizingDecision.Action.FREEZE);
    assertThat(d.reason()).contains("connection attempt(s) failed");
    assertThat(d.resized()).isFalse();
    assertThat(pool.sizingReport().state()).startsWith("frozen");
  }

  @Test
  void aManualPoolMeasuresButNeverResizesByItself() throws SQLException {
    DatabasePool pool = open(DatabasePool.builder().poolSize(6).maxOverflow(0));
    for (int i = 0; i < 10; i++) {
      assertThat(window(pool, 0)).isNull();
    }
    assertThat(pool.getPoolStats().poolSize()).isEqualTo(6);
    assertThat(pool.sizingReport().bySize()).singleElement()
        .satisfies(r -> assertThat(r.windows()).isEqualTo(10));
  }
}
