package mcp.db.pool.internal.sizing;

import java.util.ArrayDeque;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import mcp.db.pool.SizingDecision.Action;

/**
 * Automatic sizing's decisions: a function from one {@link LoadSample} (plus what earlier samples
 * taught it) to the poolSize for the next window. No clock, no threads, no pool: the caller feeds
 * samples and applies the sizes, so tests drive it with scripted traces.
 *
 * <h2>What it looks for</h2>
 * The best poolSize is the smallest one that gives the most throughput: beyond it, extra
 * connections only queue inside the database and add latency (on a small server, past a few
 * connections per core). Each window is one of four regimes:
 * <ol>
 *   <li><b>Outage</b>: connection attempts fail, the circuit breaker is open, callers wait while
 *       nothing completes (or throughput collapsed), or many borrows end in SQL errors. The size is
 *       frozen, for a few windows after the last sign too: none of this says anything about the
 *       right size, and growing into an outage only adds load when the database returns.
 *   <li><b>Demand-limited</b>: hardly anyone waits and connections are not all busy. The size
 *       follows demand by Little's law: mean demand (in use + waiting) divided by
 *       {@value #DEMAND_UTILIZATION}, and at least the recent peak demand. It only shrinks here,
 *       after {@value #SHRINK_PATIENCE} windows in a row agree and by at most half; growing would
 *       serve nobody.
 *   <li><b>Queue with a database that keeps up</b>: callers wait a lot, and the hold time is within
 *       {@value #KEEPS_UP}x the no-load hold time (the lowest recent mean hold, the "RTT without
 *       queueing" of TCP Vegas; it drifts up slowly so that it can follow a slower database). The
 *       pool is the bottleneck, so it grows at once towards demand / {@value #DEMAND_UTILIZATION},
 *       by at most 2x, and never above a size recently found saturated (the ceiling).
 *   <li><b>Busy</b> otherwise (callers wait or connections are nearly all in use, and the hold time
 *       has grown): only an experiment tells whether more connections buy throughput. The
 *       controller <em>probes</em>: one window at a neighbouring size, compared with the windows at
 *       the chosen size before and after it (so that a slow drift in load cancels). The
 *       elasticity {@code e = (X_big / X_small - 1) / (big / small - 1)} says how much of the extra
 *       concurrency turned into throughput {@code X}: 1 when it scales linearly, 0 when the
 *       database is saturated, negative when it thrashes. Response time (wait + hold per borrow)
 *       counts too, for loads whose throughput is fixed by the arrival rate.
 * </ol>
 *
 * <h2>Probing</h2>
 * An up-probe that pays (e at least 0.6 at once, 0.35 on average over bracketed pairs, 0.2 after
 * {@value #MAX_PAIRS} pairs) becomes the new size and the next up-probe starts from there, so a
 * climb costs one window per step; one that does not pay marks a ceiling and is followed by a
 * down-probe. A down-probe that costs nothing (e below 0.1, or the smaller size is even better)
 * becomes the new size; one that costs throughput means the size is at the knee: the controller
 * cruises there without probing for 10 s, doubling up to 60 s while the knee stays put. Probe steps
 * are 25% up and 20% down (at least one connection) until a knee was found once, 10% after.
 *
 * <h2>Stability</h2>
 * Hysteresis: the demand-limited target must be 15% below the size for three windows; the busy
 * regime needs utilisation {@value #BUSY_UTILIZATION} or real waiting; probes need
 * {@value #MIN_PROBE_COMPLETIONS} completions per window. Rate limits: at most 2x up and 0.5x down
 * per window, a settle period after every change (the sampler's), and every size within
 * [{@code minSize}, {@code maxSize}]. When someone else resizes the pool, the controller starts
 * over from that size.
 *
 * <p>Not thread-safe: one thread feeds it (the pool's housekeeper), under the sizing lock.
 */
public final class SizingController {
  /** Utilisation the demand-limited target aims at; the rest is headroom for bursts. */
  static final double DEMAND_UTILIZATION = 0.75;
  /** A window at least this utilised counts as busy even when nobody waited. */
  static final double BUSY_UTILIZATION = 0.85;
  /** Mean callers waiting from which a window counts as busy. */
  static final double BUSY_MEAN_WAITING = 0.1;
  /** Share of borrows that waited from which a window counts as busy. */
  static final double BUSY_WAITED_FRACTION = 0.05;
  /** Mean callers waiting from which the queue is worth growing for at once. */
  static final double QUEUE_MEAN_WAITING = 0.5;
  /** Share of borrows that waited from which the queue is worth growing for at once. */
  static final double QUEUE_WAITED_FRACTION = 0.25;
  /** Hold time up to this multiple of the no-load hold time means the database keeps up. */
  static final double KEEPS_UP = 1.25;
  /** Per window, the no-load hold time may rise by this factor when nothing lower is seen. */
  static final double NO_LOAD_DRIFT = 1.005;
  /** Completions a window needs before its hold time says anything about the database. */
  static final int MIN_COMPLETIONS = 5;
  /** Completions a window needs before its throughput may be compared with another's. */
  static final int MIN_PROBE_COMPLETIONS = 20;
  /** Windows in a row the demand-limited target must agree before shrinking. */
  static final int SHRINK_PATIENCE = 3;
  /** Windows over which the peak demand and throughput are remembered. */
  static final int MEMORY = 10;
  /** Windows the size stays frozen after the last sign of an outage. */
  static final int FREEZE_WINDOWS = 3;
  /** Most probe pairs before a verdict is forced. */
  static final int MAX_PAIRS = 3;
  /** Share of borrows ending in SQL errors from which a window counts as an outage. */
  static final double ERROR_SHARE = 0.2;
  /** How long a size found saturated caps growth without probing. */
  static final long CEILING_NANOS = TimeUnit.SECONDS.toNanos(300);
  static final long CRUISE_MIN_NANOS = TimeUnit.SECONDS.toNanos(10);
  static final long CRUISE_MAX_NANOS = TimeUnit.SECONDS.toNanos(60);

  private enum Phase { AT_SIZE, PROBING, BRACKETING }

  private enum Direction { UP, DOWN }

  /** What to do after one sample. */
  public record Decision(Action action, int newSize, String reason) {}

  private final int minSize;
  private final int maxSize;

  /** The size the controller believes best now. */
  private int size;
  /** The size applied now: {@link #size}, or a probe. */
  private int live;
  private Phase phase = Phase.AT_SIZE;
  private Direction nextProbe = Direction.UP;
  private int probeSize;
  /** The window at {@link #size} before the current probe. */
  private LoadSample before;
  /** The window at the probe, waiting for the bracketing window after it. */
  private LoadSample probed;
  private final Evidence evidence = new Evidence();

  /** Verdicts in a row that found the size at the knee; 0 after any move. */
  private int stays;
  /** Whether {@link #cruiseUntil} is set: no probing before it. */
  private boolean cruising;
  private long cruiseUntil;
  /** Whether a probe ever found the size where more connections stop paying. */
  private boolean kneeFound;
  /**
   * The smallest size known not to pay, valid until {@link #ceilingUntil}; 0 = none. Growth for a
   * queue stays below it; probes may still try it.
   */
  private int ceiling;
  private long ceilingUntil;
  private int shrinkVotes;
  private int freezeLeft;

  /** Lowest recent mean hold time, nanos (0 = not yet known); see the class comment. */
  private double noLoadHoldNanos;
  /** Connections in use when {@link #noLoadHoldNanos} was measured. */
  private double noLoadInUse;
  /** Highest recent throughput, per second, decaying 1% per window. */
  private double peakThroughput;
  private final ArrayDeque<Integer> recentPeaks = new ArrayDeque<>();
  private final ArrayDeque<Double> recentThroughputs = new ArrayDeque<>();
  private String state = "starting";

  /**
   * A controller starting at {@code initialSize}.
   *
   * @throws IllegalArgumentException if the bounds are not {@code 1 <= minSize <= maxSize}
   */
  public SizingController(int minSize, int maxSize, int initialSize) {
    if (minSize < 1 || maxSize < minSize) {
      throw new IllegalArgumentException("sizing bounds must satisfy 1 <= minPoolSize <= maxPoolSize but were "
          + minSize + " and " + maxSize);
    }
    this.minSize = minSize;
    this.maxSize = maxSize;
    this.size = initialSize;
    this.live = initialSize;
  }

  /** The size the controller believes best now (not a probe). */
  public int size() {
    return size;
  }

  /** The size it last asked for: {@link #size()} or a probe. */
  public int liveSize() {
    return live;
  }

  /** The lowest recent mean hold time, nanos; 0 when not yet measured. */
  public double noLoadHoldNanos() {
    return noLoadHoldNanos;
  }

  /** The highest recent throughput, per second. */
  public double peakThroughput() {
    return peakThroughput;
  }

  /**
   * Connections the database served at once at its best, by Little's law: peak throughput times
   * no-load hold time (TCP Vegas' "expected" window, BBR's bandwidth-delay product). A lower bound
   * for the best size: it leaves out the time a connection spends in the client.
   */
  public double databaseConcurrency() {
    return peakThroughput * noLoadHoldNanos / 1e9;
  }

  /** The smallest size recently found to buy nothing over the one below it; 0 when none is known. */
  public int ceiling(long now) {
    return ceiling > 0 && now - ceilingUntil < 0 ? ceiling : 0;
  }

  /** What the controller is doing, in a few words. */
  public String state() {
    return state;
  }

  /** Starts over at {@code newSize} (the pool was resized by someone else). */
  public void restartAt(int newSize) {
    size = newSize;
    live = newSize;
    phase = Phase.AT_SIZE;
    evidence.clear();
    stays = 0;
    shrinkVotes = 0;
    cruising = false;
  }

  /** Decides the size for the next window from the window just measured. */
  public Decision decide(LoadSample s) {
    if (s.poolSize() != live) {
      int was = live;
      restartAt(s.poolSize());
      state = "restarted at " + s.poolSize();
      return new Decision(Action.KEEP, live, "poolSize was changed from " + was + " to " + s.poolSize()
          + " outside automatic sizing; continuing from " + s.poolSize());
    }
    String outage = outage(s);
    remember(s);
    if (outage != null) {
      freezeLeft = FREEZE_WINDOWS;
      if (s.connectFailures() > 0) {
        setCeiling(Math.max(minSize, live), s.endNanos());
      }
      return freeze(outage);
    }
    learn(s);
    if (freezeLeft > 0) {
      freezeLeft--;
      return freeze("recovering: the last sign of an outage was less than " + FREEZE_WINDOWS
          + " windows ago");
    }
    switch (phase) {
      case PROBING:
        return afterProbe(s);
      case BRACKETING:
        return afterBracket(s);
      default:
        return atSize(s);
    }
  }

  // ---------------------------------------------------------------- regimes

  /** Why the window looks like an outage, or null. */
  private String outage(LoadSample s) {
    if (s.circuitOpen()) {
      return "the circuit breaker is open";
    }
    if (s.connectFailures() > 0) {
      return s.connectFailures() + " connection attempt(s) failed";
    }
    if (s.completions() == 0 && s.meanInUse() >= 0.5 && (waiting(s) || s.timeouts() > 0)) {
      return "callers wait but no connection came back in " + millis(s.windowNanos()) + " ms";
    }
    if (s.timeouts() > 0 && s.completions() < MIN_COMPLETIONS) {
      return s.timeouts() + " caller(s) timed out while only " + s.completions() + " borrow(s) completed";
    }
    if (s.errors() > ERROR_SHARE * Math.max(MIN_COMPLETIONS, s.completions())) {
      return s.errors() + " SQL errors in " + s.completions() + " borrows";
    }
    double recentBest = 0;
    for (double x : recentThroughputs) {
      recentBest = Math.max(recentBest, x);
    }
    if (waiting(s) && recentBest > 0 && s.throughput() < 0.1 * recentBest && s.meanInUse() >= 1) {
      return String.format(Locale.ROOT, "throughput collapsed to %.0f/s from %.0f/s while callers wait",
          s.throughput(), recentBest);
    }
    return null;
  }

  private Decision freeze(String why) {
    evidence.clear();
    phase = Phase.AT_SIZE;
    shrinkVotes = 0;
    state = "frozen: " + why;
    if (live != size) {
      live = size;
      return new Decision(Action.FREEZE, size, why + "; back from the probe to " + size + ", holding");
    }
    return new Decision(Action.FREEZE, size, why + "; holding " + size);
  }

  /** Decision for a window measured at the chosen size. */
  private Decision atSize(LoadSample s) {
    if (size < minSize || size > maxSize) {
      int bounded = Math.max(minSize, Math.min(maxSize, size));
      return move(bounded, "poolSize " + size + " is outside [" + minSize + ", " + maxSize + "]");
    }
    if (!busy(s)) {
      return demandLimited(s);
    }
    shrinkVotes = 0;
    int limit = growthLimit(s.endNanos());
    if (s.completions() >= MIN_COMPLETIONS && queueWorthGrowing(s) && keepsUp(s) && size < limit) {
      int target = (int) Math.ceil(s.meanDemand() / DEMAND_UTILIZATION);
      // Doubling until a knee was found; then a probe's step, since the knee may still be near.
      int step = kneeFound ? Math.max(1, (int) Math.round(size * 0.25)) : size;
      int grown = Math.max(size + 1, Math.min(target, size + step));
      grown = Math.min(grown, limit);
      nextProbe = Direction.UP;
      return move(grown, String.format(Locale.ROOT, "callers waited (%.1f on average, %.0f%% of borrows) and "
          + "the database keeps up (hold %s ms, no-load %s ms); demand %.1f / %.2f -> %d",
          s.meanWaiting(), 100 * s.waitedFraction(), millis(s.meanHoldNanos()), millis(noLoadHoldNanos),
          s.meanDemand(), DEMAND_UTILIZATION, grown));
    }
    if (cruising && s.endNanos() - cruiseUntil < 0) {
      state = "cruising at " + size;
      return keep("at the knee: cruising at " + size + " for "
          + TimeUnit.NANOSECONDS.toSeconds(cruiseUntil - s.endNanos()) + " s more");
    }
    if (s.completions() < MIN_PROBE_COMPLETIONS) {
      state = "busy, too few completions to probe";
      return new Decision(Action.NOT_ENOUGH_DATA, size, "busy, but only " + s.completions()
          + " borrows completed in the window; at least " + MIN_PROBE_COMPLETIONS + " are needed to compare sizes");
    }
    return startProbe(s, chooseDirection(s));
  }

  /** The most the queue may grow the pool to without probing: below a recent ceiling. */
  private int growthLimit(long now) {
    int known = ceiling(now);
    return known == 0 ? maxSize : Math.min(maxSize, known - 1);
  }

  private boolean busy(LoadSample s) {
    return waiting(s) || s.utilization() >= BUSY_UTILIZATION;
  }

  private static boolean waiting(LoadSample s) {
    return s.meanWaiting() >= BUSY_MEAN_WAITING || s.waitedFraction() >= BUSY_WAITED_FRACTION;
  }

  private static boolean queueWorthGrowing(LoadSample s) {
    return s.meanWaiting() >= QUEUE_MEAN_WAITING || s.waitedFraction() >= QUEUE_WAITED_FRACTION;
  }

  /**
   * Whether the hold time now is within {@value #KEEPS_UP}x of the no-load hold time measured at
   * clearly lower concurrency. A baseline from the same concurrency proves nothing: a pool that
   * starts oversized sees its own inflated hold time as "no-load".
   */
  private boolean keepsUp(LoadSample s) {
    return noLoadHoldNanos > 0 && s.meanInUse() >= noLoadInUse + 1
        && s.meanHoldNanos() <= KEEPS_UP * noLoadHoldNanos;
  }

  private Decision demandLimited(LoadSample s) {
    int peak = 0;
    for (int p : recentPeaks) {
      peak = Math.max(peak, p);
    }
    int target = Math.max((int) Math.ceil(s.meanDemand() / DEMAND_UTILIZATION), peak);
    target = Math.max(minSize, Math.min(maxSize, target));
    int margin = Math.max(1, (int) Math.round(0.15 * size));
    if (size - target >= margin) {
      shrinkVotes++;
    } else {
      shrinkVotes = 0;
    }
    String figures = String.format(Locale.ROOT, "%.1f of %d connections in use on average (utilisation "
        + "%.2f), recent peak demand %d; demand %.1f / %.2f and the peak ask for %d",
        s.meanInUse(), size, s.utilization(), peak, s.meanDemand(), DEMAND_UTILIZATION, target);
    if (shrinkVotes >= SHRINK_PATIENCE) {
      shrinkVotes = 0;
      int shrunk = Math.max(target, (size + 1) / 2);
      nextProbe = Direction.UP;
      return move(shrunk, "connections sat idle: " + figures);
    }
    state = "demand-limited at " + size;
    return keep("demand-limited: " + figures);
  }

  private Direction chooseDirection(LoadSample s) {
    if (nextProbe == Direction.UP && (size >= maxSize || !waiting(s))) {
      return Direction.DOWN; // more connections cannot help: nobody waits for them
    }
    if (nextProbe == Direction.DOWN && size <= minSize) {
      return Direction.UP;
    }
    return nextProbe;
  }

  // ---------------------------------------------------------------- probing

  private Decision startProbe(LoadSample s, Direction direction) {
    double fraction = kneeFound ? 0.1 : (direction == Direction.UP ? 0.25 : 0.2);
    int step = Math.max(1, (int) Math.round(size * fraction));
    int target = direction == Direction.UP ? Math.min(maxSize, size + step) : Math.max(minSize, size - step);
    if (target == size) {
      return settle(s.endNanos(), "at " + (direction == Direction.UP ? "maxPoolSize" : "minPoolSize") + " " + size);
    }
    before = s;
    probeSize = target;
    phase = Phase.PROBING;
    evidence.clear();
    live = target;
    state = "probing " + target + " from " + size;
    return new Decision(Action.PROBE, target, String.format(Locale.ROOT,
        "busy (%.1f waiting on average, utilisation %.2f, hold %s ms vs no-load %s ms): trying %d for one "
            + "window to see whether %s connections %s", s.meanWaiting(), s.utilization(),
        millis(s.meanHoldNanos()), millis(noLoadHoldNanos), target,
        direction == Direction.UP ? "more" : "fewer",
        direction == Direction.UP ? "buy throughput" : "cost any"));
  }

  /** The probe window is in: a clear verdict acts at once, else back to the size to bracket it. */
  private Decision afterProbe(LoadSample s) {
    if (s.completions() < MIN_PROBE_COMPLETIONS || before.completions() < MIN_PROBE_COMPLETIONS) {
      return abandon(s, "too few completions in the probe window (" + s.completions() + ")");
    }
    if (evidence.pairs == 0) {
      evidence.setSingle(before, s);
      Verdict v = verdict(0);
      if (v != Verdict.UNCLEAR) {
        return act(v, s);
      }
    }
    probed = s;
    phase = Phase.BRACKETING;
    live = size;
    return new Decision(Action.KEEP, size, "probe of " + probeSize + " unclear ("
        + evidence.describe(probeSize > size) + "); back to " + size + " to compare again");
  }

  /** The window after a probe is in: compare the probe with the windows on both sides of it. */
  private Decision afterBracket(LoadSample s) {
    if (s.completions() < MIN_PROBE_COMPLETIONS) {
      return abandon(s, "too few completions after the probe (" + s.completions() + ")");
    }
    evidence.add(before, probed, s);
    Verdict v = verdict(evidence.pairs);
    if (v != Verdict.UNCLEAR) {
      phase = Phase.AT_SIZE;
      return act(v, s);
    }
    // Another pair: this window is the "before" of the next probe.
    before = s;
    phase = Phase.PROBING;
    live = probeSize;
    state = "probing " + probeSize + " from " + size + " again";
    return new Decision(Action.PROBE, probeSize, "still unclear after " + evidence.pairs + " pair(s) ("
        + evidence.describe(probeSize > size) + "); trying " + probeSize + " again");
  }

  private Decision abandon(LoadSample s, String why) {
    phase = Phase.AT_SIZE;
    evidence.clear();
    live = size;
    state = "at " + size;
    return new Decision(Action.KEEP, size, why + "; staying at " + size);
  }

  private enum Verdict { BIGGER_BETTER, BIGGER_NOT_BETTER, UNCLEAR }

  /**
   * Judges the probe from {@link #evidence}. With {@code pairs == 0} that is one probe window
   * against the window before it, judged only when the difference is large; otherwise the
   * bracketed pairs, judged more leniently the more there are.
   */
  private Verdict verdict(int pairs) {
    boolean up = probeSize > size;
    double e = evidence.elasticity(up);
    double r = evidence.responseChange(up);
    double high;
    double low;
    if (pairs == 0) {
      high = 0.6;
      low = -0.2;
    } else if (pairs < MAX_PAIRS) {
      high = 0.35;
      low = 0.1;
    } else {
      high = 0.2;
      low = 0.2;
    }
    boolean latencyBetter = r <= -0.15 && e >= -0.05;
    if (e >= high || latencyBetter) {
      return Verdict.BIGGER_BETTER;
    }
    if ((e < low || (pairs >= MAX_PAIRS && e <= low)) && r > -0.05) {
      return Verdict.BIGGER_NOT_BETTER;
    }
    if (pairs >= MAX_PAIRS) {
      return Verdict.BIGGER_NOT_BETTER; // latency says a little, throughput nothing: keep it small
    }
    return Verdict.UNCLEAR;
  }

  private Decision act(Verdict v, LoadSample last) {
    boolean up = probeSize > size;
    String figures = evidence.describe(up);
    long now = last.endNanos();
    phase = Phase.AT_SIZE;
    if (up && v == Verdict.BIGGER_BETTER) {
      int from = size;
      size = probeSize;
      stays = 0;
      nextProbe = Direction.UP;
      state = "grew to " + size;
      // live may be at size already (a verdict straight after the probe window)
      boolean changes = live != size;
      live = size;
      return new Decision(Action.GROW, size, from + " -> " + probeSize + " bought throughput (" + figures + ")"
          + (changes ? "" : "; staying at " + size));
    }
    if (up) {
      setCeiling(size + 1, now);
      kneeFound = true;
      nextProbe = Direction.DOWN;
      live = size;
      state = "at " + size + ", " + probeSize + " bought nothing";
      return new Decision(Action.KEEP, size, "more connections did not pay: " + size + " -> " + probeSize + " ("
          + figures + "); back to " + size);
    }
    if (v == Verdict.BIGGER_NOT_BETTER) {
      int from = size;
      setCeiling(probeSize + 1, now);
      kneeFound = true;
      size = probeSize;
      live = size;
      stays = 0;
      nextProbe = Direction.DOWN;
      state = "shrank to " + size;
      return new Decision(Action.SHRINK, size, "the database is saturated: " + probeSize + " does as well as "
          + from + " (" + figures + "); staying at " + size);
    }
    stays++;
    kneeFound = true;
    long cruise = Math.min(CRUISE_MAX_NANOS, CRUISE_MIN_NANOS << Math.min(6, stays - 1));
    cruiseUntil = now + cruise;
    cruising = true;
    nextProbe = Direction.UP;
    live = size;
    state = "cruising at " + size;
    return new Decision(Action.KEEP, size, "at the knee: fewer connections cost throughput (" + probeSize
        + " vs " + size + ": " + figures + "); cruising at " + size + " for "
        + TimeUnit.NANOSECONDS.toSeconds(cruise) + " s");
  }

  private Decision settle(long now, String why) {
    stays++;
    long cruise = Math.min(CRUISE_MAX_NANOS, CRUISE_MIN_NANOS << Math.min(6, stays - 1));
    cruiseUntil = now + cruise;
    cruising = true;
    state = "cruising at " + size;
    return keep(why + ": cruising for " + TimeUnit.NANOSECONDS.toSeconds(cruise) + " s");
  }

  private void setCeiling(int at, long now) {
    ceiling = at;
    ceilingUntil = now + CEILING_NANOS;
  }

  private Decision move(int to, String why) {
    int bounded = Math.max(minSize, Math.min(maxSize, to));
    Action action = bounded > size ? Action.GROW : bounded < size ? Action.SHRINK : Action.KEEP;
    size = bounded;
    live = bounded;
    stays = 0;
    cruising = false;
    phase = Phase.AT_SIZE;
    state = (action == Action.GROW ? "grew to " : action == Action.SHRINK ? "shrank to " : "at ") + bounded;
    return new Decision(action, bounded, why);
  }

  private Decision keep(String why) {
    return new Decision(Action.KEEP, size, why);
  }

  // ---------------------------------------------------------------- memory

  private void remember(LoadSample s) {
    recentPeaks.addLast(s.peakDemand());
    recentThroughputs.addLast(s.throughput());
    while (recentPeaks.size() > MEMORY) {
      recentPeaks.removeFirst();
    }
    while (recentThroughputs.size() > MEMORY) {
      recentThroughputs.removeFirst();
    }
  }

  /** Updates the no-load hold time and the peak throughput from a healthy window. */
  private void learn(LoadSample s) {
    if (s.completions() < MIN_COMPLETIONS) {
      return;
    }
    double hold = s.meanHoldNanos();
    if (hold > 0) {
      if (noLoadHoldNanos == 0 || hold < noLoadHoldNanos * 0.98) {
        noLoadHoldNanos = hold; // clearly faster: a new baseline
        noLoadInUse = s.meanInUse();
      } else if (hold <= noLoadHoldNanos * NO_LOAD_DRIFT) {
        // As fast as the baseline: it holds down to the lowest concurrency seen at this speed.
        noLoadHoldNanos = Math.min(noLoadHoldNanos, hold);
        noLoadInUse = Math.min(noLoadInUse, s.meanInUse());
      } else {
        noLoadHoldNanos *= NO_LOAD_DRIFT;
      }
    }
    peakThroughput = Math.max(s.throughput(), peakThroughput * 0.99);
  }

  static String millis(double nanos) {
    double ms = nanos / 1e6;
    return String.format(Locale.ROOT, ms >= 10 ? "%.1f" : ms >= 0.1 ? "%.2f" : "%.3f", ms);
  }

  /**
   * Throughput and response time at the probe against the size, added over the pairs so far.
   * A bracketed pair compares the probe with the mean of the windows before and after it.
   */
  private final class Evidence {
    double atSizeThroughput;
    double atProbeThroughput;
    double atSizeResponse;
    double atProbeResponse;
    int pairs;

    void clear() {
      atSizeThroughput = 0;
      atProbeThroughput = 0;
      atSizeResponse = 0;
      atProbeResponse = 0;
      pairs = 0;
    }

    /** One probe window against the window before it (no pairs yet). */
    void setSingle(LoadSample atSize, LoadSample atProbe) {
      atSizeThroughput = atSize.throughput();
      atProbeThroughput = atProbe.throughput();
      atSizeResponse = atSize.meanResponseNanos();
      atProbeResponse = atProbe.meanResponseNanos();
    }

    void add(LoadSample first, LoadSample atProbe, LoadSample after) {
      if (pairs == 0) {
        atSizeThroughput = 0;
        atProbeThroughput = 0;
        atSizeResponse = 0;
        atProbeResponse = 0;
      }
      atSizeThroughput += (first.throughput() + after.throughput()) / 2;
      atProbeThroughput += atProbe.throughput();
      atSizeResponse += (first.meanResponseNanos() + after.meanResponseNanos()) / 2;
      atProbeResponse += atProbe.meanResponseNanos();
      pairs++;
    }

    /** (X_big / X_small - 1) / (big / small - 1). */
    double elasticity(boolean up) {
      int small = up ? size : probeSize;
      int big = up ? probeSize : size;
      double xSmall = up ? atSizeThroughput : atProbeThroughput;
      double xBig = up ? atProbeThroughput : atSizeThroughput;
      if (xSmall <= 0) {
        return xBig > 0 ? 1 : 0;
      }
      return (xBig / xSmall - 1) / ((double) big / small - 1);
    }

    /** R_big / R_small - 1: negative when the bigger size answers faster. */
    double responseChange(boolean up) {
      double rSmall = up ? atSizeResponse : atProbeResponse;
      double rBig = up ? atProbeResponse : atSizeResponse;
      return rSmall <= 0 ? 0 : rBig / rSmall - 1;
    }

    String describe(boolean up) {
      int small = up ? size : probeSize;
      int big = up ? probeSize : size;
      double n = Math.max(1, pairs);
      double xSmall = (up ? atSizeThroughput : atProbeThroughput) / n;
      double xBig = (up ? atProbeThroughput : atSizeThroughput) / n;
      double rSmall = (up ? atSizeResponse : atProbeResponse) / n;
      double rBig = (up ? atProbeResponse : atSizeResponse) / n;
      return String.format(Locale.ROOT, "%d: %.0f/s, %s ms per borrow; %d: %.0f/s, %s ms; elasticity %.2f",
          small, xSmall, millis(rSmall), big, xBig, millis(rBig), elasticity(up));
    }
  }
}
