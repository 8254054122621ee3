package mcp.db.pool.internal.sizing;

import java.util.Locale;

/**
 * What one probe found: throughput and response time at the probe's size against the chosen size,
 * and the verdict on them. A probe starts with one probe window against the window before it; if
 * that is not clear, bracketed pairs follow, each comparing a probe window with the mean of the
 * windows at the chosen size before and after it, so that a load drifting linearly cancels out.
 *
 * <h2>Verdict</h2>
 * The bigger of the two sizes wins when it gains throughput beyond the noise of the windows
 * compared ({@link #MIN_GAIN}) at a fair price in connections ({@link #MIN_ELASTICITY}; a long jump
 * to twice the size is judged leniently, {@link #MIN_JUMP_ELASTICITY}), or when callers get answers
 * clearly faster (15%) at no loss. For an up-probe it loses when it gains nothing. For a
 * down-probe the smaller size wins only when the bigger one is measurably worse, or makes callers
 * slower (5%) for little throughput: just after a shrink throughput decays only over seconds (seen
 * on PostgreSQL), which flatters the smaller size, and on a flat top staying costs nothing. The
 * more pairs, the more lenient the thresholds; after {@value #MAX_PAIRS} a verdict is forced.
 *
 * <p>Not thread-safe; owned by the {@link SizingController}.
 */
final class ProbeEvidence {
  /** Most probe pairs before a verdict is forced. */
  static final int MAX_PAIRS = 3;
  /**
   * Least throughput gain for the bigger size to win: from one probe window, from bracketed pairs,
   * after {@value #MAX_PAIRS} pairs. On a loaded 2-core machine one 2-second window of PostgreSQL
   * throughput varies by about 10%.
   */
  static final double[] MIN_GAIN = {0.15, 0.05, 0.03};
  /**
   * Least elasticity {@code (X_big / X_small - 1) / (big / small - 1)} for the bigger size to win,
   * per stage as {@link #MIN_GAIN}: the share of the extra connections that turned into throughput.
   */
  static final double[] MIN_ELASTICITY = {0.3, 0.2, 0.12};
  /** The same for a long jump (twice the size). */
  static final double[] MIN_JUMP_ELASTICITY = {0.15, 0.05, 0.03};

  /** The outcome of a probe. */
  enum Verdict { BIGGER_BETTER, BIGGER_NOT_BETTER, UNCLEAR }

  private final int size;
  private final int probe;
  private final boolean longJump;
  private double atSizeThroughput;
  private double atProbeThroughput;
  private double atSizeResponse;
  private double atProbeResponse;
  private int pairs;

  /** Evidence for a probe of {@code probe} connections from the chosen {@code size}. */
  ProbeEvidence(int size, int probe, boolean longJump) {
    this.size = size;
    this.probe = probe;
    this.longJump = longJump;
  }

  boolean up() {
    return probe > size;
  }

  boolean longJump() {
    return longJump;
  }

  int pairs() {
    return pairs;
  }

  /** One probe window against the window before it; replaced by the first pair. */
  void setSingle(LoadSample atSize, LoadSample atProbe) {
    atSizeThroughput = atSize.throughput();
    atProbeThroughput = atProbe.throughput();
    atSizeResponse = atSize.meanResponseNanos();
    atProbeResponse = atProbe.meanResponseNanos();
  }

  /** A bracketed pair: the probe window and the windows at the chosen size around it. */
  void addPair(LoadSample before, LoadSample atProbe, LoadSample after) {
    if (pairs == 0) {
      atSizeThroughput = 0;
      atProbeThroughput = 0;
      atSizeResponse = 0;
      atProbeResponse = 0;
    }
    atSizeThroughput += (before.throughput() + after.throughput()) / 2;
    atProbeThroughput += atProbe.throughput();
    atSizeResponse += (before.meanResponseNanos() + after.meanResponseNanos()) / 2;
    atProbeResponse += atProbe.meanResponseNanos();
    pairs++;
  }

  private int small() {
    return Math.min(size, probe);
  }

  private int big() {
    return Math.max(size, probe);
  }

  private double throughputSmall() {
    return up() ? atSizeThroughput : atProbeThroughput;
  }

  private double throughputBig() {
    return up() ? atProbeThroughput : atSizeThroughput;
  }

  /** X_big / X_small - 1: the throughput the bigger size gains. */
  double gain() {
    double xSmall = throughputSmall();
    return xSmall <= 0 ? (throughputBig() > 0 ? 1 : 0) : throughputBig() / xSmall - 1;
  }

  /** (X_big / X_small - 1) / (big / small - 1): 1 when throughput scales with size, 0 when flat. */
  double elasticity() {
    return gain() / ((double) big() / small() - 1);
  }

  /** R_big / R_small - 1 (R = wait + hold per borrow): negative when the bigger size answers faster. */
  double responseChange() {
    double rSmall = up() ? atSizeResponse : atProbeResponse;
    double rBig = up() ? atProbeResponse : atSizeResponse;
    return rSmall <= 0 ? 0 : rBig / rSmall - 1;
  }

  /** The verdict on the evidence so far; see the class comment. */
  Verdict judge() {
    double e = elasticity();
    double gain = gain();
    double r = responseChange();
    int stage = pairs == 0 ? 0 : pairs < MAX_PAIRS ? 1 : 2;
    // A small step (near a bound, or a fine one) cannot show a large gain: half of linear will do.
    double minGain = Math.min(MIN_GAIN[stage], 0.5 * ((double) big() / small() - 1));
    double minElasticity = (longJump ? MIN_JUMP_ELASTICITY : MIN_ELASTICITY)[stage];
    boolean fasterAnswers = r <= -0.15 && gain >= -0.02;
    if ((gain >= minGain && e >= minElasticity) || fasterAnswers) {
      return Verdict.BIGGER_BETTER;
    }
    if (up()) {
      boolean noGain = pairs == 0 ? gain < -0.1 : gain < 0.02 || pairs >= MAX_PAIRS;
      if (noGain && r > -0.05) {
        return Verdict.BIGGER_NOT_BETTER;
      }
    } else {
      boolean worse = pairs == 0 ? e < -0.3 && gain <= -0.1 : e < 0 && gain < -0.01;
      if (worse || (pairs > 0 && e < 0.1 && r >= 0.05)) {
        return Verdict.BIGGER_NOT_BETTER;
      }
      if (pairs >= MAX_PAIRS) {
        return Verdict.BIGGER_BETTER; // no clear case for fewer: stay
      }
    }
    if (pairs >= MAX_PAIRS) {
      return Verdict.BIGGER_NOT_BETTER; // latency says a little, throughput nothing: keep it small
    }
    return Verdict.UNCLEAR;
  }

  /** The figures, for a decision's reason. */
  String describe() {
    double n = Math.max(1, pairs);
    double rSmall = (up() ? atSizeResponse : atProbeResponse) / n;
    double rBig = (up() ? atProbeResponse : atSizeResponse) / n;
    return String.format(Locale.ROOT, "%d: %.0f/s, %s ms per borrow; %d: %.0f/s, %s ms; gain %+.1f%%, "
        + "elasticity %.2f", small(), throughputSmall() / n, SizingController.millis(rSmall), big(),
        throughputBig() / n, SizingController.millis(rBig), 100 * gain(), elasticity());
  }
}
