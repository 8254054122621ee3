package mcp.db.pool.internal.session;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import mcp.db.pool.RetryPolicy;

/**
 * The pause between two attempts of a transaction: full jitter, a uniformly random duration
 * between zero and {@link RetryPolicy#backoffCeiling(int)}. The randomness and the sleeping are
 * injected so tests can check both without waiting.
 */
public final class Backoff {

  /** Waits between attempts. */
  @FunctionalInterface
  public interface Sleeper {
    /** Waits for {@code delay}; may return early only by throwing. */
    void sleep(Duration delay) throws InterruptedException;
  }

  /** {@link Thread#sleep(long, int)}: no lock is held, so it is fine on virtual threads too. */
  public static final Sleeper THREAD_SLEEP = delay -> {
    if (!delay.isZero()) {
      Thread.sleep(delay.toMillis(), (int) (delay.toNanos() % 1_000_000));
    }
  };

  /** Uniform in [0, 1) from the calling thread's {@link ThreadLocalRandom}. */
  public static final DoubleSupplier THREAD_LOCAL_RANDOM =
      () -> ThreadLocalRandom.current().nextDouble();

  private final Sleeper sleeper;
  private final DoubleSupplier random;

  /**
   * @param sleeper how to wait
   * @param random values in [0, 1) that pick the delay below the ceiling
   */
  public Backoff(Sleeper sleeper, DoubleSupplier random) {
    this.sleeper = sleeper;
    this.random = random;
  }

  /** The delay before retry number {@code retry} (1 for the first) under {@code policy}. */
  Duration delayBefore(RetryPolicy policy, int retry) {
    long ceiling = policy.backoffCeiling(retry).toNanos();
    double r = Math.min(Math.max(random.getAsDouble(), 0.0), 1.0);
    return Duration.ofNanos((long) (ceiling * r));
  }

  /** Waits for {@code delay} with the injected sleeper. */
  void sleep(Duration delay) throws InterruptedException {
    sleeper.sleep(delay);
  }
}
