package mcp.db.pool.internal.sizing;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import mcp.db.pool.SizingDecision.Action;

/**
 * The choice behind {@code optimizePoolSize(target)}: the poolSize at which the demand measured
 * over the recent windows would keep the pool utilised at {@code target}.
 *
 * <p>Demand is the time-weighted number of callers that held <em>or waited for</em> a connection
 * (in use plus waiting): counting only connections in use would read a full pool's demand as its
 * size. By Little's law the in-use part equals arrival rate times mean hold time, which the reason
 * shows as a cross-check. The new size is {@code ceil(demand / target - 0.05)} within
 * [{@code minPoolSize}, {@code maxPoolSize}], so the utilisation it leads to is at most the target
 * and, once demand is a few connections, close to it. It is a one-shot, demand-side answer: it
 * does not know whether the database would do better with fewer connections (automatic sizing
 * finds that by probing).
 */
public final class UtilizationTarget {
  /** Least measured time to decide on. */
  static final long MIN_MEASURED_NANOS = TimeUnit.SECONDS.toNanos(5);
  /** Least borrows to decide on. */
  static final int MIN_BORROWS = 20;
  /** How far above a whole number of connections the wanted size may be and still round down. */
  static final double ROUNDING_SLACK = 0.05;

  private UtilizationTarget() {}

  /** What to do, and why. */
  public record Choice(Action action, int newSize, String reason) {}

  /**
   * Chooses the size.
   *
   * @param measured the recent windows combined, or null when there are none
   * @param current poolSize now
   * @param target the utilisation to aim at, in (0, 1]
   */
  public static Choice choose(LoadSample measured, int current, int minSize, int maxSize, double target) {
    if (!(target > 0 && target <= 1)) {
      throw new IllegalArgumentException("targetUtilization must be more than 0 and at most 1 but was " + target);
    }
    if (measured == null || measured.windowNanos() < MIN_MEASURED_NANOS) {
      double seconds = measured == null ? 0 : measured.seconds();
      return new Choice(Action.NOT_ENOUGH_DATA, current, String.format(Locale.ROOT,
          "only %.1f s measured; at least %d s of load are needed (the pool measures in %d-second windows)",
          seconds, TimeUnit.NANOSECONDS.toSeconds(MIN_MEASURED_NANOS),
          TimeUnit.NANOSECONDS.toSeconds(LoadSampler.WINDOW_NANOS)));
    }
    if (measured.borrows() < MIN_BORROWS && measured.completions() < MIN_BORROWS) {
      return new Choice(Action.NOT_ENOUGH_DATA, current, String.format(Locale.ROOT,
          "only %d borrows in the last %.0f s; at least %d are needed", measured.borrows(), measured.seconds(),
          MIN_BORROWS));
    }
    if (measured.circuitOpen() || measured.connectFailures() > 0
        || measured.errors() > SizingController.ERROR_SHARE * Math.max(1, measured.completions())) {
      return new Choice(Action.FREEZE, current, String.format(Locale.ROOT,
          "the last %.0f s look like an outage (%d failed connection attempts, %d SQL errors in %d borrows%s); "
              + "not sizing on them", measured.seconds(), measured.connectFailures(), measured.errors(),
          measured.completions(), measured.circuitOpen() ? ", circuit breaker open" : ""));
    }
    double demand = measured.meanDemand();
    double raw = demand / target;
    // Rounded up, but a twentieth of a connection over a whole number is measurement noise (a
    // borrow that waited a millisecond): 6.03 connections are 6, not 7.
    int wanted = (int) Math.ceil(raw - ROUNDING_SLACK);
    int chosen = Math.max(minSize, Math.min(maxSize, Math.max(1, wanted)));
    double expected = demand / chosen;
    StringBuilder why = new StringBuilder(String.format(Locale.ROOT,
        "over the last %.0f s, %.2f connections were in use and %.2f callers waiting on average "
            + "(%.0f borrows/s x %s ms hold = %.2f by Little's law), peak demand %d; demand %.2f / %.2f = %.2f "
            + "-> %d connections, expected utilisation %.2f",
        measured.seconds(), measured.meanInUse(), measured.meanWaiting(), measured.throughput(),
        SizingController.millis(measured.meanHoldNanos()),
        measured.throughput() * measured.meanHoldNanos() / 1e9, measured.peakDemand(), demand, target, raw,
        chosen, expected));
    if (chosen != Math.max(1, wanted)) {
      why.append(chosen == maxSize ? " (capped at maxPoolSize " + maxSize + ")"
          : " (raised to minPoolSize " + minSize + ")");
    }
    if (measured.timeouts() > 0) {
      why.append("; ").append(measured.timeouts())
          .append(" caller(s) timed out, so demand was higher than measured");
    }
    Action action = chosen > current ? Action.GROW : chosen < current ? Action.SHRINK : Action.KEEP;
    return new Choice(action, chosen, why.toString());
  }
}
