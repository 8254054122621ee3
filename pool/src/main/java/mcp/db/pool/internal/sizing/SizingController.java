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
 *   <li><b>Demand-limited</b>: connections are not nearly all busy (utilisation below
 *       {@value #BUSY_UTILIZATION}) and callers do not queue all the time (those that wait are
 *       bursts of arrivals). The size
 *       follows demand by Little's law: mean demand (in use + waiting) divided by
 *       {@value #DEMAND_UTILIZATION}, and at least the recent peak demand. It only shrinks here,
 *       after {@value #SHRINK_PATIENCE} windows in a row agree and by at most half; growing would
 *       serve nobody.
 *   <li><b>Queue with a database that keeps up</b>: callers wait a lot, and the hold time is within
 *       {@value #KEEPS_UP}x the no-load hold time (the lowest recent mean hold, the "RTT without
 *       queueing" of TCP Vegas; it drifts up slowly so that it can follow a slower database). The
 *       pool is the bottleneck, so it grows at once towards demand / {@value #DEMAND_UTILIZATION},
 *       by at most 2x, and never above a size recently found saturated (the ceiling).
 *   <li><b>Busy</b> otherwise (connections nearly always in use, and the hold time has grown):
 *       only an experiment tells whether more connections buy throughput. The
 *       controller <em>probes</em>: one window at a neighbouring size, compared with the windows at
 *       the chosen size before and after it (so that a slow drift in load cancels). The
 *       elasticity {@code e = (X_big / X_small - 1) / (big / small - 1)} says how much of the extra
 *       concurrency turned into throughput {@code X}: 1 when it scales linearly, 0 when the
 *       database is saturated, negative when it thrashes. Response time (wait + hold per borrow)
 *       counts too, for loads whose throughput is fixed by the arrival rate.
 * </ol>
 *
 * <h2>Probing</h2>
 * Until a knee is known the controller starts up as TCP's slow start does: each up-probe doubles
 * the size, and the first doubling that does not pay ends start-up (the best size then lies between
 * the last two, or below). After that, up-probes add 25% and down-probes take 20% (at least one
 * connection), or 10% once a knee was found, so that probes near it stay within 10% of it.
 * {@link ProbeEvidence} judges each probe. A bigger size that pays becomes the chosen size; when
 * that was clear from the probe window alone, the next up-probe starts at once from that window,
 * so a climb costs one window per step. One that does not pay marks a ceiling and is followed by a
 * down-probe, unless it did not hurt either: then, once per size, a long jump to twice the size is
 * tried first ({@link #afterNoGain}), because throughput against size can have plateaus. A smaller
 * size that does as well becomes the chosen size, chained the same way. Otherwise the size is at
 * the knee: the controller cruises there without probing for 10 s, doubling up to 60 s while the
 * knee stays put. A probe is abandoned when the load itself changes during it
 * ({@link #loadChanged}): its windows would compare two loads, not two sizes.
 *
 * <h2>Stability</h2>
 * Hysteresis: the demand-limited target must be 15% below the size for three windows; probes need
 * a busy pool (utilisation {@value #BUSY_UTILIZATION}, or callers queueing all the time) and
 * {@value #MIN_PROBE_COMPLETIONS} completions per window, and a verdict needs a gain beyond the windows' noise. Rate limits: at most 2x up and 0.5x
 * down per window, a settle time after every change (the sampler's), and every size within
 * [{@code minSize}, {@code maxSize}]. A ceiling (a size recently found to buy nothing) caps growth
 * for a queue for 5 minutes, unless demand doubles. When someone else resizes the pool, the
 * controller continues from that size.
 *
 * <p>Not thread-safe: one thread feeds it (the pool's housekeeper), under the sizing lock.
 */
public final class SizingController {
  /** Utilisation the demand-limited target aims at; the rest is headroom for bursts. */
  static final double DEMAND_UTILIZATION = 0.75;
  /** A window at least this utilised is busy: the pool is the bottleneck, and probes may run. */
  static final double BUSY_UTILIZATION = 0.85;
  /** Mean callers waiting from which callers count as waiting. */
  static final double BUSY_MEAN_WAITING = 0.1;
  /** Share of borrows that waited from which callers count as waiting. */
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
  /** Windows over which the peak demand and throughput are remembered (10 s and more). */
  static final int MEMORY = 5;
  /** Windows the size stays frozen after the last sign of an outage. */
  static final int FREEZE_WINDOWS = 3;
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
  /** Whether the current probe is a long jump (twice the size); see {@link #afterNoGain}. */
  private boolean longJump;
  /** The size at which a long jump was last tried; 0 = none since the size last changed. */
  private int longJumpTriedAt;
  /** The window at {@link #size} before the current probe. */
  private LoadSample before;
  /** The window at the probe, waiting for the bracketing window after it. */
  private LoadSample probed;
  /** The current probe's evidence; null while not probing. */
  private ProbeEvidence evidence;

  /** Verdicts in a row that found the size at the knee; 0 after any move. */
  private int stays;
  /** Whether {@link #cruiseUntil} is set: no probing before it. */
  private boolean cruising;
  private long cruiseUntil;
  /**
   * Start-up, as TCP's slow start: until the first doubling that does not pay, up-probes double the
   * size. Cleared for good by that doubling and by finding a knee.
   */
  private boolean startup = true;
  /** Whether a down-probe ever found a size below which throughput drops (the knee). */
  private boolean kneeFound;
  /**
   * The smallest size known not to pay, valid until {@link #ceilingUntil}; 0 = none. Growth for a
   * queue stays below it; probes may still try it.
   */
  private int ceiling;
  private long ceilingUntil;
  /** Demand (in use + waiting) when the ceiling was set; see {@link #ceiling(long)}. */
  private double ceilingDemand;
  /** Demand in the latest window. */
  private double lastDemand;
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
    // A ceiling found at one load says little once demand has doubled (an open-loop step).
    boolean sameLoad = ceilingDemand <= 0 || lastDemand < 2 * ceilingDemand;
    return ceiling > 0 && now - ceilingUntil < 0 && sameLoad ? ceiling : 0;
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
    evidence = null;
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
    evidence = null;
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
    Decision queue = growForQueue(s, "");
    if (queue != null) {
      return queue;
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

  /**
   * Growth without probing, for a queue while the database keeps up: towards demand / 0.75, by at
   * most 2x (or a probe's step near a known knee), below any ceiling. Null when it does not apply.
   */
  private Decision growForQueue(LoadSample s, String before) {
    int limit = growthLimit(s.endNanos());
    if (s.completions() < MIN_COMPLETIONS || !queueWorthGrowing(s) || !keepsUp(s) || size >= limit) {
      return null;
    }
    int target = (int) Math.ceil(s.meanDemand() / DEMAND_UTILIZATION);
    // Doubling below a known ceiling or before any knee was found; otherwise a probe's step,
    // since the knee may still be near.
    int step = ceiling(s.endNanos()) > 0 || !kneeFound ? size : Math.max(1, (int) Math.round(size * 0.25));
    int grown = Math.min(limit, Math.max(size + 1, Math.min(target, size + step)));
    nextProbe = Direction.UP;
    return move(grown, before + String.format(Locale.ROOT, "callers waited (%.1f on average, %.0f%% of "
        + "borrows) and the database keeps up (hold %s ms, no-load %s ms); demand %.1f / %.2f -> %d",
        s.meanWaiting(), 100 * s.waitedFraction(), millis(s.meanHoldNanos()), millis(noLoadHoldNanos),
        s.meanDemand(), DEMAND_UTILIZATION, grown));
  }

  /** The most the queue may grow the pool to without probing: below a recent ceiling. */
  private int growthLimit(long now) {
    int known = ceiling(now);
    return known == 0 ? maxSize : Math.min(maxSize, known - 1);
  }

  /**
   * The pool is the bottleneck: its connections are nearly always in use, or callers queue for
   * them all the time (more waiting on average than half the connections). The second matters on
   * an overloaded machine: handing a connection to a parked caller takes so long to schedule that
   * utilisation reads 0.77 with 250 callers waiting for 5 connections (PostgreSQL, 256 clients on
   * 2 cores). Callers that wait now and then while connections sit idle are bursts of arrivals;
   * there throughput follows the arrivals, not the size, and comparing sizes would measure noise.
   */
  private boolean busy(LoadSample s) {
    return s.utilization() >= BUSY_UTILIZATION || s.meanWaiting() >= Math.max(1, size / 2.0);
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
    if (direction == Direction.UP && startup && !kneeFound && size < maxSize) {
      int doubled = Math.min(maxSize, 2 * size);
      before = s;
      probeSize = doubled;
      longJump = true;
      phase = Phase.PROBING;
      evidence = new ProbeEvidence(size, doubled, true);
      live = doubled;
      state = "starting up: probing " + doubled + " from " + size;
      return new Decision(Action.PROBE, doubled, String.format(Locale.ROOT,
          "starting up (%.1f waiting on average, hold %s ms): trying %d, twice the size, for one window",
          s.meanWaiting(), millis(s.meanHoldNanos()), doubled));
    }
    // Fine steps round down, so that near a known knee a probe stays within 10% of it.
    int step = kneeFound ? Math.max(1, size / 10)
        : Math.max(1, (int) Math.round(size * (direction == Direction.UP ? 0.25 : 0.2)));
    int target = direction == Direction.UP ? Math.min(maxSize, size + step) : Math.max(minSize, size - step);
    if (target == size) {
      return settle(s.endNanos(), "at " + (direction == Direction.UP ? "maxPoolSize" : "minPoolSize") + " " + size);
    }
    before = s;
    probeSize = target;
    longJump = false;
    phase = Phase.PROBING;
    evidence = new ProbeEvidence(size, target, false);
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
    if (loadChanged(before, s)) {
      return abandon(s, String.format(Locale.ROOT, "the load changed during the probe (demand %.1f, before "
          + "%.1f)", s.meanDemand(), before.meanDemand()));
    }
    if (evidence.pairs() == 0) {
      evidence.setSingle(before, s);
      ProbeEvidence.Verdict v = evidence.judge();
      if (v != ProbeEvidence.Verdict.UNCLEAR) {
        return act(v, s);
      }
    }
    probed = s;
    phase = Phase.BRACKETING;
    live = size;
    return new Decision(Action.KEEP, size, "probe of " + probeSize + " unclear (" + evidence.describe()
        + "); back to " + size + " to compare again");
  }

  /** The window after a probe is in: compare the probe with the windows on both sides of it. */
  private Decision afterBracket(LoadSample s) {
    if (s.completions() < MIN_PROBE_COMPLETIONS) {
      return abandon(s, "too few completions after the probe (" + s.completions() + ")");
    }
    if (loadChanged(before, s) || !busy(s)) {
      return abandon(s, String.format(Locale.ROOT, "the load changed during the probe (demand %.1f, before "
          + "%.1f, utilisation %.2f)", s.meanDemand(), before.meanDemand(), s.utilization()));
    }
    evidence.addPair(before, probed, s);
    ProbeEvidence.Verdict v = evidence.judge();
    if (v != ProbeEvidence.Verdict.UNCLEAR) {
      phase = Phase.AT_SIZE;
      return act(v, s);
    }
    // Another pair: this window is the "before" of the next probe.
    before = s;
    phase = Phase.PROBING;
    live = probeSize;
    state = "probing " + probeSize + " from " + size + " again";
    return new Decision(Action.PROBE, probeSize, "still unclear after " + evidence.pairs() + " pair(s) ("
        + evidence.describe() + "); trying " + probeSize + " again");
  }

  /**
   * Whether the load itself changed between two windows, so that their throughputs compare two
   * loads rather than two sizes: demand (callers holding or waiting for a connection) moved by half
   * and throughput by a fifth, the same way. A size change moves them apart: a bigger pool that
   * drains a queue lowers demand and raises throughput.
   */
  static boolean loadChanged(LoadSample a, LoadSample b) {
    double demandRatio = Math.max(b.meanDemand(), 0.5) / Math.max(a.meanDemand(), 0.5);
    double throughputRatio = Math.max(b.throughput(), 1) / Math.max(a.throughput(), 1);
    boolean demandMoved = demandRatio > 1.5 || demandRatio < 1 / 1.5;
    boolean throughputMoved = throughputRatio > 1.2 || throughputRatio < 1 / 1.2;
    return demandMoved && throughputMoved && (demandRatio > 1) == (throughputRatio > 1);
  }

  private Decision abandon(LoadSample s, String why) {
    phase = Phase.AT_SIZE;
    evidence = null;
    live = size;
    state = "at " + size;
    return new Decision(Action.KEEP, size, why + "; staying at " + size);
  }

  private Decision act(ProbeEvidence.Verdict v, LoadSample last) {
    boolean up = evidence.up();
    String figures = evidence.describe();
    long now = last.endNanos();
    phase = Phase.AT_SIZE;
    if (up && v == ProbeEvidence.Verdict.BIGGER_BETTER) {
      int from = size;
      boolean atProbe = live == probeSize; // a verdict straight after the probe window
      size = probeSize;
      live = size;
      stays = 0;
      nextProbe = Direction.UP;
      state = "grew to " + size;
      longJump = false;
      String why = from + " -> " + size + " bought throughput (" + figures + ")";
      return atProbe ? chain(last, Direction.UP, Action.GROW, why) : new Decision(Action.GROW, size, why);
    }
    if (up) {
      return afterNoGain(last, figures);
    }
    if (v == ProbeEvidence.Verdict.BIGGER_NOT_BETTER) {
      int from = size;
      boolean atProbe = live == probeSize;
      setCeiling(probeSize + 1, now);
      size = probeSize;
      live = size;
      stays = 0;
      nextProbe = Direction.DOWN;
      state = "shrank to " + size;
      String why = "the database is saturated: " + probeSize + " does as well as " + from + " (" + figures + ")";
      return atProbe ? chain(last, Direction.DOWN, Action.SHRINK, why) : new Decision(Action.SHRINK, size, why);
    }
    stays++;
    kneeFound = true;
    startup = false;
    longJumpTriedAt = 0; // conditions change: after the cruise a long jump may be tried again
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

  /**
   * An up-probe did not pay. When it did not hurt either (a plateau, not a database that thrashes)
   * and no long jump was tried at this size, try twice the size for one window: throughput against
   * pool size need not be concave. On PostgreSQL with 64 clients on 2 cores it is flat from 3 to 8
   * connections and 30% higher from 10, where callers start to keep their connection between
   * transactions; small steps alone stop on such a plateau. Otherwise back to the size, and probe
   * downwards next.
   */
  private Decision afterNoGain(LoadSample last, String figures) {
    long now = last.endNanos();
    double e = evidence.elasticity();
    if (startup) {
      // The first doubling that does not pay ends start-up; the best size lies below the doubled
      // one. Clearly worse: look downwards next; about as good: between the two.
      startup = false;
      setCeiling(probeSize, now);
      nextProbe = evidence.gain() < -0.05 ? Direction.DOWN : Direction.UP;
      live = size;
      phase = Phase.AT_SIZE;
      longJump = false;
      state = "at " + size + ", start-up over";
      return new Decision(Action.KEEP, size, "start-up over: doubling did not pay, " + size + " -> " + probeSize
          + " (" + figures + "); back to " + size);
    }
    int jump = Math.min(maxSize, 2 * size);
    boolean plateau = e > -0.2;
    if (!longJump && plateau && longJumpTriedAt != size && jump >= size + 2 && busy(last) && waiting(last)
        && last.completions() >= MIN_PROBE_COMPLETIONS) {
      longJumpTriedAt = size;
      before = phase == Phase.AT_SIZE && live == size ? last : before;
      probeSize = jump;
      longJump = true;
      phase = Phase.PROBING;
      evidence = new ProbeEvidence(size, jump, true);
      live = jump;
      state = "probing " + jump + " from " + size + " (long jump)";
      return new Decision(Action.PROBE, jump, "a small step bought nothing (" + figures + "), but did not hurt "
          + "either: trying " + jump + " for one window in case a larger size does better");
    }
    setCeiling(size + 1, now);
    nextProbe = Direction.DOWN;
    live = size;
    phase = Phase.AT_SIZE;
    longJump = false;
    state = "at " + size + ", " + probeSize + " bought nothing";
    return new Decision(Action.KEEP, size, "more connections did not pay: " + size + " -> " + probeSize + " ("
        + figures + "); back to " + size);
  }

  /**
   * After a verdict taken straight from the probe window, which measured the newly chosen size:
   * that window is also the "before" of the next probe in the same direction, so the next probe
   * starts at once instead of a window later.
   */
  private Decision chain(LoadSample last, Direction direction, Action moved, String why) {
    if (direction == Direction.UP) {
      Decision queue = growForQueue(last, why + "; then, ");
      if (queue != null) {
        return queue;
      }
    }
    boolean canContinue = busy(last) && last.completions() >= MIN_PROBE_COMPLETIONS
        && (direction == Direction.UP ? size < maxSize && waiting(last) : size > minSize);
    if (canContinue) {
      Decision next = startProbe(last, direction);
      if (next.action() == Action.PROBE) {
        return new Decision(Action.PROBE, next.newSize(), why + "; chose " + size + ", trying " + next.newSize()
            + " next");
      }
    }
    return new Decision(moved, size, why + "; staying at " + size);
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
    ceilingDemand = lastDemand;
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
    lastDemand = s.meanDemand();
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
}
