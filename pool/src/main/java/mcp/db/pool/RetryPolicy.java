package mcp.db.pool;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@code inTransaction} and {@code useTransaction} retry a unit of work after a transient
 * failure: at most {@link #maxAttempts()} runs in all, with a jittered exponential backoff between
 * them. Immutable; build one with {@link #builder()}.
 *
 * <p>The backoff before retry {@code n} (the first retry is {@code n = 1}) is a uniformly random
 * duration between zero and {@link #backoffCeiling(int) baseDelay * 2^(n-1)}, capped at
 * {@link #maxDelay()} ("full jitter"): transactions that collided once spread out instead of
 * colliding again in lock-step.
 *
 * <p>Retried: a serialization failure (SQLState {@code 40001}), a deadlock ({@code 40P01}, MySQL
 * and MariaDB error 1213), a lock wait timeout (MySQL and MariaDB error 1205), whether reported by
 * a statement or by {@code COMMIT}, and a broken connection detected before {@code COMMIT} was
 * sent. Never retried: a failure of {@code COMMIT} whose outcome is unknown (reported as
 * {@link TransactionOutcomeUnknownException}), a failure to borrow a connection, any other SQL
 * error, and any exception other than {@link java.sql.SQLException}. {@code docs/sessions.md} has
 * the full table.
 */
public final class RetryPolicy {
  /** The longest {@link #baseDelay()} and {@link #maxDelay()} allowed. */
  public static final Duration LONGEST_DELAY = Duration.ofHours(1);

  private static final RetryPolicy DEFAULTS = builder().build();
  private static final RetryPolicy NO_RETRY = builder().maxAttempts(1).build();

  private final int maxAttempts;
  private final Duration baseDelay;
  private final Duration maxDelay;

  private RetryPolicy(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.baseDelay = b.baseDelay;
    this.maxDelay = b.maxDelay;
  }

  /** The default policy: 3 attempts in all, base delay 10 ms, delays capped at 1 s. */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /** A policy that runs the unit of work once and never retries it. */
  public static RetryPolicy noRetry() {
    return NO_RETRY;
  }

  /** A builder that starts from the {@linkplain #defaults() defaults}. */
  public static Builder builder() {
    return new Builder();
  }

  /** How many times the unit of work runs at most, the first run included; at least 1. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The ceiling of the backoff before the first retry; it doubles for each retry after that. */
  public Duration baseDelay() {
    return baseDelay;
  }

  /** The largest ceiling the backoff reaches, however many retries came before. */
  public Duration maxDelay() {
    return maxDelay;
  }

  /**
   * The longest backoff before retry number {@code retry} (1 for the first retry):
   * {@code min(maxDelay, baseDelay * 2^(retry-1))}. The actual delay is uniformly random between
   * zero and this.
   *
   * @throws IllegalArgumentException if {@code retry} is less than 1
   */
  public Duration backoffCeiling(int retry) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry was " + retry + " but must be >= 1");
    }
    long cap = maxDelay.toNanos();
    long ceiling = Math.min(baseDelay.toNanos(), cap);
    for (int i = 1; i < retry && ceiling > 0 && ceiling < cap; i++) {
      ceiling = ceiling > cap / 2 ? cap : ceiling * 2;
    }
    return Duration.ofNanos(ceiling);
  }

  /** A builder holding this policy's values. */
  public Builder toBuilder() {
    return new Builder().maxAttempts(maxAttempts).baseDelay(baseDelay).maxDelay(maxDelay);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof RetryPolicy)) return false;
    RetryPolicy other = (RetryPolicy) o;
    return maxAttempts == other.maxAttempts && baseDelay.equals(other.baseDelay)
        && maxDelay.equals(other.maxDelay);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxAttempts, baseDelay, maxDelay);
  }

  @Override
  public String toString() {
    return "RetryPolicy[maxAttempts=" + maxAttempts + ", baseDelay=" + baseDelay + ", maxDelay="
        + maxDelay + "]";
  }

  /** Collects a {@link RetryPolicy}'s values; {@link #build()} checks them. Not thread-safe. */
  public static final class Builder {
    private int maxAttempts = 3;
    private Duration baseDelay = Duration.ofMillis(10);
    private Duration maxDelay = Duration.ofSeconds(1);

    private Builder() {}

    /** Runs in all, the first included; 1 means never retry. Default 3. Checked by build(). */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * The backoff ceiling before the first retry; zero retries at once. Default 10 ms. Checked
     * by build().
     */
    public Builder baseDelay(Duration baseDelay) {
      this.baseDelay = Objects.requireNonNull(baseDelay, "baseDelay");
      return this;
    }

    /**
     * The largest backoff ceiling; zero retries at once. Default 1 s. Checked by build().
     */
    public Builder maxDelay(Duration maxDelay) {
      this.maxDelay = Objects.requireNonNull(maxDelay, "maxDelay");
      return this;
    }

    /**
     * The policy.
     *
     * @throws IllegalArgumentException if maxAttempts is less than 1, or a delay is negative or
     *     longer than {@link #LONGEST_DELAY}, or baseDelay is longer than maxDelay
     */
    public RetryPolicy build() {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts was " + maxAttempts + " but must be >= 1");
      }
      checkDelay("baseDelay", baseDelay);
      checkDelay("maxDelay", maxDelay);
      if (baseDelay.compareTo(maxDelay) > 0) {
        throw new IllegalArgumentException("baseDelay was " + baseDelay
            + " but must not be longer than maxDelay (" + maxDelay + ")");
      }
      return new RetryPolicy(this);
    }

    private static void checkDelay(String name, Duration value) {
      if (value.isNegative() || value.compareTo(LONGEST_DELAY) > 0) {
        throw new IllegalArgumentException(name + " was " + value + " but must be between PT0S and "
            + LONGEST_DELAY);
      }
    }
  }
}
