package mcp.db.pool.cli.tune;

import java.util.List;
import java.util.Locale;
import mcp.db.pool.cli.output.Format;

/**
 * Picks a pool size from a sweep: the smallest size whose throughput is within
 * {@value #THROUGHPUT_TOLERANCE_PERCENT}% of the best and whose 99th percentile latency is at most
 * {@value #LATENCY_TOLERANCE}x the lowest seen. Past the point where the database is saturated, more
 * connections add no throughput and only queue work inside the database instead of in the pool, so
 * the smallest size that reaches the plateau is the one to run with. When no size meets both
 * conditions (noisy measurements), the one with the lowest p99 among those near the best throughput
 * is chosen. Steps where the pool sized itself are compared against but never recommended.
 *
 * @param step the recommended step
 * @param best the step with the highest throughput
 * @param reason one sentence saying why
 */
public record SizeRecommendation(SweepStep step, SweepStep best, String reason) {
  static final int THROUGHPUT_TOLERANCE_PERCENT = 5;
  static final double LATENCY_TOLERANCE = 1.2;

  /**
   * Chooses among {@code steps}.
   *
   * @throws IllegalArgumentException if no fixed-size step succeeded at all
   */
  public static SizeRecommendation choose(List<SweepStep> steps) {
    List<SweepStep> fixed = steps.stream().filter(s -> !s.automatic() && s.operations() > 0).toList();
    if (fixed.isEmpty()) throw new IllegalArgumentException("no pool size completed any operation");
    SweepStep best = fixed.get(0);
    long lowestP99 = Long.MAX_VALUE;
    for (SweepStep s : fixed) {
      if (s.throughput() > best.throughput()) best = s;
      lowestP99 = Math.min(lowestP99, s.latencyP99Nanos());
    }
    double floor = best.throughput() * (100 - THROUGHPUT_TOLERANCE_PERCENT) / 100.0;
    long ceiling = (long) (lowestP99 * LATENCY_TOLERANCE);
    SweepStep chosen = null;
    for (SweepStep s : fixed) {
      if (s.throughput() >= floor && s.latencyP99Nanos() <= ceiling
          && (chosen == null || s.poolSize() < chosen.poolSize())) {
        chosen = s;
      }
    }
    if (chosen != null) {
      String reason = String.format(Locale.ROOT,
          "the smallest size within %d%% of the best throughput (%s ops/s at %d) whose p99 (%s) is at most %.1fx the lowest (%s)",
          THROUGHPUT_TOLERANCE_PERCENT, Format.rate(best.throughput()), best.poolSize(),
          Format.nanos(chosen.latencyP99Nanos()), LATENCY_TOLERANCE, Format.nanos(lowestP99));
      return new SizeRecommendation(chosen, best, reason);
    }
    for (SweepStep s : fixed) {
      if (s.throughput() >= floor && (chosen == null || s.latencyP99Nanos() < chosen.latencyP99Nanos())) chosen = s;
    }
    String reason = String.format(Locale.ROOT,
        "no size was both within %d%% of the best throughput and within %.1fx the lowest p99; this one has the lowest p99 (%s) among those near the best throughput",
        THROUGHPUT_TOLERANCE_PERCENT, LATENCY_TOLERANCE, Format.nanos(chosen.latencyP99Nanos()));
    return new SizeRecommendation(chosen, best, reason);
  }
}
