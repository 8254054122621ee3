package mcp.db.pool;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One sizing decision: what the pool measured, what size it chose and why. Returned by
 * {@link DatabasePool#optimizePoolSize(double)}, and listed in {@link SizingReport#decisions()} for
 * the decisions automatic sizing made.
 *
 * @param at when the decision was made (the pool clock's wall time)
 * @param action what was done
 * @param automatic true for a decision of automatic sizing, false for {@code optimizePoolSize}
 * @param previousSize poolSize before the decision
 * @param newSize poolSize after it; equal to {@code previousSize} when nothing changed
 * @param chosenSize the size the decision considers best; it differs from {@code newSize} while
 *     automatic sizing probes a neighbouring size
 * @param reason why, in a sentence with the figures that decided it
 * @param measured what the decision was based on
 */
public record SizingDecision(
    Instant at,
    Action action,
    boolean automatic,
    int previousSize,
    int newSize,
    int chosenSize,
    String reason,
    Measurement measured) {

  /** What a decision did. */
  public enum Action {
    /** The chosen size went up. */
    GROW,
    /** The chosen size went down. */
    SHRINK,
    /** The chosen size stays (poolSize may come back from a probe to it). */
    KEEP,
    /**
     * Automatic sizing tries a neighbouring size for one measurement window, to see whether it
     * gives more throughput or lower latency; it comes back unless the neighbour is better. When a
     * probe just proved better, the decision that adopts it may already try the next one: then
     * {@code chosenSize} moves too, and the reason says so.
     */
    PROBE,
    /**
     * Nothing changes because connections fail, callers time out with nothing completing, or many
     * SQL errors occur: an outage is no evidence about the right size.
     */
    FREEZE,
    /** Nothing changes because the pool measured too little to decide; the reason says what. */
    NOT_ENOUGH_DATA
  }

  /** Checks the fields. */
  public SizingDecision {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(measured, "measured");
  }

  /** Whether poolSize changed. */
  public boolean resized() {
    return newSize != previousSize;
  }

  /** The decision as a map with fixed keys, durations in milliseconds, for JSON and logs. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("at", at.toString());
    m.put("action", action.name().toLowerCase(Locale.ROOT));
    m.put("automatic", automatic);
    m.put("previousSize", previousSize);
    m.put("newSize", newSize);
    m.put("chosenSize", chosenSize);
    m.put("reason", reason);
    m.put("measured", measured.toMap());
    return m;
  }

  /** For example {@code GROW 5 -> 8: callers waited ...}. */
  @Override
  public String toString() {
    return action + " " + previousSize + " -> " + newSize + (chosenSize != newSize ? " (chosen " + chosenSize + ")" : "")
        + ": " + reason;
  }

  /**
   * What the pool measured over the time a decision looked at.
   *
   * @param window how much time the figures cover; zero when nothing was measured
   * @param throughput borrows completed per second
   * @param meanHoldTime how long a caller held a connection, on average
   * @param meanWaitTime how long a borrow waited for a connection, on average (zero waits included)
   * @param meanInUse connections in use, averaged over time
   * @param meanWaiting callers waiting for a connection, averaged over time
   * @param peakDemand the most callers seen holding or waiting for a connection at once
   * @param utilization {@code meanInUse} divided by poolSize (time-weighted)
   * @param timeouts callers that gave up after poolTimeout
   * @param errors SQL errors seen through the pool's connections
   * @param connectFailures failed connection attempts
   */
  public record Measurement(
      Duration window,
      double throughput,
      Duration meanHoldTime,
      Duration meanWaitTime,
      double meanInUse,
      double meanWaiting,
      int peakDemand,
      double utilization,
      long timeouts,
      long errors,
      long connectFailures) {

    /** Nothing measured. */
    public static final Measurement NONE = new Measurement(Duration.ZERO, 0, Duration.ZERO,
        Duration.ZERO, 0, 0, 0, 0, 0, 0, 0);

    /** Checks the fields. */
    public Measurement {
      Objects.requireNonNull(window, "window");
      Objects.requireNonNull(meanHoldTime, "meanHoldTime");
      Objects.requireNonNull(meanWaitTime, "meanWaitTime");
    }

    /** The measurement as a map with fixed keys, durations in milliseconds (fractional). */
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("windowMs", window.toNanos() / 1e6);
      m.put("throughput", throughput);
      m.put("meanHoldMs", meanHoldTime.toNanos() / 1e6);
      m.put("meanWaitMs", meanWaitTime.toNanos() / 1e6);
      m.put("meanInUse", meanInUse);
      m.put("meanWaiting", meanWaiting);
      m.put("peakDemand", peakDemand);
      m.put("utilization", utilization);
      m.put("timeouts", timeouts);
      m.put("errors", errors);
      m.put("connectFailures", connectFailures);
      return m;
    }
  }
}
