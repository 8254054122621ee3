package mcp.db.pool.sizing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import mcp.db.pool.SizingDecision.Action;
import mcp.db.pool.internal.sizing.LoadSample;
import mcp.db.pool.internal.sizing.SizingController;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The controller's decisions on scripted load traces from {@link ModelLoad}: steady load, a step
 * up, a step down, a saturated database, an outage, failing queries. Each window is 3 s of model
 * time (2 s measured after a 1 s settle), so 20 windows are a minute.
 */
@Tag("unit")
class SizingControllerTraceTest {
  private static final int PER_MINUTE = 20;

  /** Runs the controller against the model; remembers every window's chosen and live size. */
  private static final class Run {
    final ModelLoad load;
    final SizingController controller;
    final List<Integer> chosen = new ArrayList<>();
    final List<Integer> live = new ArrayList<>();
    final List<SizingController.Decision> decisions = new ArrayList<>();

    Run(ModelLoad load, int min, int max, int start) {
      this.load = load;
      this.controller = new SizingController(min, max, start);
    }

    Run windows(int n) {
      for (int i = 0; i < n; i++) {
        LoadSample s = load.window(controller.liveSize());
        SizingController.Decision d = controller.decide(s);
        decisions.add(d);
        chosen.add(controller.size());
        live.add(controller.liveSize());
      }
      return this;
    }

    int last() {
      return chosen.get(chosen.size() - 1);
    }

    /** The first window from which the chosen size stays within [low, high] to the end, or -1. */
    int settledFrom(int low, int high) {
      int from = -1;
      for (int i = 0; i < chosen.size(); i++) {
        boolean in = chosen.get(i) >= low && chosen.get(i) <= high;
        if (in && from < 0) {
          from = i;
        } else if (!in) {
          from = -1;
        }
      }
      return from;
    }

    List<Integer> chosenFrom(int window) {
      return chosen.subList(window, chosen.size());
    }

    List<Integer> liveFrom(int window) {
      return live.subList(window, live.size());
    }
  }

  @Test
  void steadyLoadOnASaturatingDatabaseSettlesAtItsCapacityWithinAMinuteAndStaysThere() {
    Run run = new Run(ModelLoad.closedLoop(64, 16), 1, 64, 5).windows(4 * PER_MINUTE);
    int settled = run.settledFrom(13, 19); // within 20% of 16
    assertThat(settled).as("settled by window (chosen sizes %s)", run.chosen).isBetween(0, PER_MINUTE);
    int stable = run.settledFrom(15, 17); // within 10%
    assertThat(stable).as("within 10%% from window (chosen sizes %s)", run.chosen).isBetween(0, PER_MINUTE + 10);
    // Once the first search for the knee is over, probes stay within about 10% too.
    assertThat(run.liveFrom(stable + 8)).allSatisfy(size -> assertThat(size).isBetween(14, 18));
  }

  @Test
  void throughputNoiseDoesNotMakeItWander() {
    ModelLoad load = ModelLoad.closedLoop(64, 16);
    load.noise = 0.03;
    Run run = new Run(load, 1, 64, 5).windows(5 * PER_MINUTE);
    assertThat(run.settledFrom(13, 19)).as("chosen sizes %s", run.chosen).isBetween(0, PER_MINUTE);
    // Throughput within 5% of the best size's over the last three minutes.
    double best = load.throughputAt(16);
    assertThat(run.chosenFrom(2 * PER_MINUTE))
        .allSatisfy(size -> assertThat(load.throughputAt(size)).isGreaterThan(0.95 * best));
  }

  @Test
  void aPlateauDoesNotHideABetterSizeFurtherUp() {
    // The shape measured with PostgreSQL, 64 clients on 2 cores (docs/sizing.md): flat from 3 to 8
    // connections, 30% more from 10, best around 20, falling beyond 24.
    ModelLoad load = ModelLoad.closedLoop(64, 0);
    load.curve = n -> n <= 8 ? 35_000 * Math.min(n, 3) / 3
        : n < 10 ? 35_000 + 5_000 * (n - 8)
        : n <= 20 ? 45_000 + 1_000 * (n - 10)
        : n <= 24 ? 55_000
        : Math.max(20_000, 55_000 - 800 * (n - 24));
    load.noise = 0.03;
    Run run = new Run(load, 1, 64, 5).windows(3 * PER_MINUTE);
    double best = 55_000;
    assertThat(run.chosenFrom(PER_MINUTE))
        .as("chosen sizes %s", run.chosen)
        .allSatisfy(size -> assertThat(load.curve.applyAsDouble(size)).isGreaterThan(0.9 * best));
  }

  @Test
  void anOversizedPoolOnASaturatedDatabaseShrinksToTheKneeWithoutGrowingFirst() {
    Run run = new Run(ModelLoad.closedLoop(64, 8), 1, 64, 48).windows(2 * PER_MINUTE);
    assertThat(run.settledFrom(7, 10)).as("chosen sizes %s", run.chosen).isBetween(0, PER_MINUTE);
    assertThat(run.chosen).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(48));
    // Without a baseline it may try one bigger size (start-up doubles) for one window, never more.
    assertThat(run.live.stream().filter(size -> size > 48).count()).isLessThanOrEqualTo(1);
    assertThat(run.live).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(64));
    assertThat(run.decisions).anySatisfy(d -> assertThat(d.reason()).contains("saturated"));
  }

  @Test
  void aDoublingOfLoadBelowCapacityIsAbsorbedWithinTenSeconds() {
    ModelLoad load = ModelLoad.openLoop(1200, 32); // 6 connections busy at 5 ms each
    Run run = new Run(load, 1, 64, 5).windows(PER_MINUTE);
    int before = run.last();
    assertThat(before).isBetween(6, 14);
    load.arrivalsPerSecond = 2400; // 12 busy
    run.windows(3); // 9 s
    assertThat(run.last()).isGreaterThanOrEqualTo(12);
    LoadSample after = load.window(run.controller.liveSize());
    assertThat(after.meanWaiting()).isLessThan(0.5);
    assertThat(after.throughput()).isCloseTo(2400, org.assertj.core.data.Percentage.withPercentage(5));
  }

  @Test
  void aDoublingIsAbsorbedEvenAfterAKneeWasFoundUnderAnotherLoad() {
    // As SimulatedSizing runs it: saturation first (a knee at 16 and ceilings), then arrivals
    // that keep 6 connections busy (callers wait in bursts only), then twice that.
    ModelLoad load = ModelLoad.closedLoop(64, 16);
    Run run = new Run(load, 1, 64, 5).windows(2 * PER_MINUTE);
    load.clients = 0;
    load.arrivalsPerSecond = 1200;
    run.windows(PER_MINUTE);
    assertThat(run.decisions.subList(2 * PER_MINUTE, run.decisions.size()))
        .noneSatisfy(d -> assertThat(d.action()).isEqualTo(Action.PROBE)); // demand-limited: nothing to probe
    load.arrivalsPerSecond = 2400;
    run.windows(3); // 9 s
    assertThat(run.last()).isGreaterThanOrEqualTo(12);
    LoadSample after = load.window(run.controller.liveSize());
    assertThat(after.throughput()).isCloseTo(2400, org.assertj.core.data.Percentage.withPercentage(5));
  }

  @Test
  void whenLoadFallsToATenthThePoolShrinks() {
    ModelLoad load = ModelLoad.openLoop(2400, 32);
    Run run = new Run(load, 1, 64, 16).windows(PER_MINUTE);
    int busy = run.last();
    load.arrivalsPerSecond = 240; // 1.2 busy
    run.windows(PER_MINUTE / 2);
    assertThat(run.last()).isLessThanOrEqualTo(Math.max(5, busy / 3));
    assertThat(run.decisions).anySatisfy(d -> {
      assertThat(d.action()).isEqualTo(Action.SHRINK);
      assertThat(d.reason()).contains("sat idle");
    });
  }

  @Test
  void anIdlePoolShrinksToMinPoolSizeByAtMostHalfAtATime() {
    ModelLoad load = ModelLoad.openLoop(0, 16);
    Run run = new Run(load, 2, 64, 20).windows(PER_MINUTE);
    assertThat(run.last()).isEqualTo(2);
    for (int i = 1; i < run.chosen.size(); i++) {
      assertThat(run.chosen.get(i)).isGreaterThanOrEqualTo((run.chosen.get(i - 1) + 1) / 2);
    }
  }

  @Test
  void aDatabaseThatKeepsUpIsGivenConnectionsUpToMaxPoolSizeAndNoMore() {
    Run run = new Run(ModelLoad.closedLoop(200, 10_000), 1, 40, 5).windows(PER_MINUTE);
    assertThat(run.last()).isEqualTo(40);
    assertThat(run.live).allSatisfy(size -> assertThat(size).isBetween(5, 40));
  }

  @Test
  void anOutageFreezesTheSize() {
    ModelLoad load = ModelLoad.closedLoop(64, 16);
    Run run = new Run(load, 1, 64, 5).windows(2 * PER_MINUTE);
    int before = run.last();
    load.connectFailures = true;
    run.windows(PER_MINUTE / 2);
    load.connectFailures = false;
    load.stalled = true; // the database accepts connections but answers nothing
    run.windows(PER_MINUTE / 2);
    assertThat(run.chosenFrom(2 * PER_MINUTE)).allSatisfy(size -> assertThat(size).isEqualTo(before));
    assertThat(run.liveFrom(2 * PER_MINUTE + 1)).allSatisfy(size -> assertThat(size).isEqualTo(before));
    assertThat(run.decisions.subList(2 * PER_MINUTE + 1, run.decisions.size()))
        .allSatisfy(d -> assertThat(d.action()).isEqualTo(Action.FREEZE));
    load.stalled = false;
    run.windows(PER_MINUTE);
    assertThat(run.last()).isBetween(13, 19);
  }

  @Test
  void failingQueriesNeverPushTheSizeUp() {
    ModelLoad load = ModelLoad.closedLoop(64, 1000);
    load.failingQueries = true; // fast failures look like great throughput
    Run run = new Run(load, 1, 64, 5).windows(PER_MINUTE);
    assertThat(run.chosen).allSatisfy(size -> assertThat(size).isEqualTo(5));
    assertThat(run.decisions).allSatisfy(d -> assertThat(d.reason()).contains("SQL errors"));
  }

  @Test
  void aResizeFromOutsideRestartsFromTheNewSize() {
    ModelLoad load = ModelLoad.closedLoop(64, 16);
    SizingController c = new SizingController(1, 64, 16);
    c.decide(load.window(16));
    SizingController.Decision d = c.decide(load.window(30)); // someone called resizePool(30)
    assertThat(d.action()).isEqualTo(Action.KEEP);
    assertThat(d.reason()).contains("outside automatic sizing");
    assertThat(c.size()).isEqualTo(30);
  }

  @Test
  void boundsAreCheckedAtConstruction() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SizingController(0, 10, 5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minPoolSize");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SizingController(5, 4, 5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxPoolSize");
  }
}
