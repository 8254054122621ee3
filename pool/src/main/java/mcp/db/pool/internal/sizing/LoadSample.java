package mcp.db.pool.internal.sizing;

import java.util.List;

/**
 * What the pool did during one measurement window: the differences of its cumulative counters
 * between the window's two ends, plus what was seen at the ticks in between. Immutable; the
 * controller's only input, so scripted traces of these drive it in tests.
 *
 * @param endNanos pool-clock time at the end of the window
 * @param windowNanos the window's length, more than zero
 * @param poolSize the poolSize in force during the window
 * @param completions borrows that ended (connections given back) in the window
 * @param holdNanos the hold times of those completions added up
 * @param borrows borrows that succeeded in the window
 * @param waitedBorrows borrows among them that had to wait
 * @param waitNanos the waits of those borrows added up
 * @param meanInUse connections in use, averaged over the window's time
 * @param peakDemand the most callers seen holding or waiting for a connection at one tick
 * @param waitingAtEnd callers waiting at the end of the window
 * @param timeouts callers that gave up after poolTimeout in the window
 * @param errors SQL errors seen through the pool's connections in the window
 * @param connectFailures failed connection attempts in the window
 * @param circuitOpen whether the circuit breaker was open at the end of the window
 */
public record LoadSample(
    long endNanos,
    long windowNanos,
    int poolSize,
    long completions,
    long holdNanos,
    long borrows,
    long waitedBorrows,
    long waitNanos,
    double meanInUse,
    int peakDemand,
    int waitingAtEnd,
    long timeouts,
    long errors,
    long connectFailures,
    boolean circuitOpen) {

  /** Checks the window. */
  public LoadSample {
    if (windowNanos <= 0) {
      throw new IllegalArgumentException("windowNanos must be more than zero but was " + windowNanos);
    }
  }

  /** Completions per second: the throughput the pool delivered. */
  public double throughput() {
    return completions * 1e9 / windowNanos;
  }

  /** Mean hold time of the completions, nanos; 0 when none completed. */
  public double meanHoldNanos() {
    return completions == 0 ? 0 : (double) holdNanos / completions;
  }

  /** Mean wait of the borrows, nanos (zero waits included); 0 when none borrowed. */
  public double meanWaitNanos() {
    return borrows == 0 ? 0 : (double) waitNanos / borrows;
  }

  /** What a caller saw per borrow: mean wait plus mean hold, nanos. */
  public double meanResponseNanos() {
    return meanWaitNanos() + meanHoldNanos();
  }

  /** Callers waiting, averaged over the window's time (Little's law on the wait queue). */
  public double meanWaiting() {
    return (double) waitNanos / windowNanos;
  }

  /** The share of borrows that had to wait, 0 to 1. */
  public double waitedFraction() {
    return borrows == 0 ? 0 : (double) waitedBorrows / borrows;
  }

  /** Callers that wanted a connection, averaged over time: in use plus waiting. */
  public double meanDemand() {
    return meanInUse + meanWaiting();
  }

  /** Time-weighted connections in use divided by poolSize, 0 to 1 (overflow can push it above). */
  public double utilization() {
    return poolSize <= 0 ? 0 : meanInUse / poolSize;
  }

  /** The window's length in seconds. */
  public double seconds() {
    return windowNanos / 1e9;
  }

  /**
   * Several windows as one: counts and times added, in-use averaged over time, the highest peak;
   * poolSize, end time, waiting and circuit state from the last.
   *
   * @throws IllegalArgumentException if {@code samples} is empty
   */
  public static LoadSample combine(List<LoadSample> samples) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("no samples to combine");
    }
    long window = 0;
    long completions = 0;
    long hold = 0;
    long borrows = 0;
    long waited = 0;
    long wait = 0;
    double inUseTime = 0;
    int peak = 0;
    long timeouts = 0;
    long errors = 0;
    long connectFailures = 0;
    for (LoadSample s : samples) {
      window += s.windowNanos;
      completions += s.completions;
      hold += s.holdNanos;
      borrows += s.borrows;
      waited += s.waitedBorrows;
      wait += s.waitNanos;
      inUseTime += s.meanInUse * s.windowNanos;
      peak = Math.max(peak, s.peakDemand);
      timeouts += s.timeouts;
      errors += s.errors;
      connectFailures += s.connectFailures;
    }
    LoadSample last = samples.get(samples.size() - 1);
    return new LoadSample(last.endNanos, window, last.poolSize, completions, hold, borrows, waited, wait,
        inUseTime / window, peak, last.waitingAtEnd, timeouts, errors, connectFailures, last.circuitOpen);
  }
}
