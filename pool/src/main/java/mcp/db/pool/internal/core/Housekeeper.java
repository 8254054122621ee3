package mcp.db.pool.internal.core;

import java.util.concurrent.TimeUnit;
import mcp.db.pool.internal.metrics.CloseReason;
import mcp.db.pool.PoolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodic maintenance, written as a function of {@code now} that returns the delay until it needs
 * to run again, so tests drive it with a manual clock instead of sleeping.
 *
 * <p>One pass: idle connections past their lifetime are recycled; idle connections beyond
 * {@code minIdle} that sat idle for {@code idleTimeout} are closed; idle connections not used or
 * validated for {@code keepaliveTime} are validated; borrowed connections held past
 * {@code leakDetectionThreshold} are reported once (while leak detection is on, passes come at
 * least every half threshold); then the pool is topped up to {@code minIdle}.
 *
 * <p>An idle entry is first claimed IDLE&rarr;RESERVED by CAS, so a borrower and the housekeeper
 * never both own it; a borrower that loses that race just takes another entry. Leak checks only
 * read borrowed entries. Runs on the pool's single housekeeper thread (or a test's thread), never
 * concurrently with itself.
 */
final class Housekeeper {
  private static final Logger log = LoggerFactory.getLogger(Housekeeper.class);
  private static final long MAX_DELAY = TimeUnit.SECONDS.toNanos(30);
  private static final long MIN_DELAY = TimeUnit.MILLISECONDS.toNanos(10);

  private final ConnectionPool pool;
  private final ConnectionBag bag;
  private final ConnectionOpener opener;
  private final long idleTimeoutNanos;
  private final long keepaliveNanos;
  private final long recycleNanos;

  Housekeeper(ConnectionPool pool, ConnectionBag bag, ConnectionOpener opener, PoolConfig config) {
    this.pool = pool;
    this.bag = bag;
    this.opener = opener;
    this.idleTimeoutNanos = config.idleTimeout().toNanos();
    this.keepaliveNanos = config.keepaliveTime().toNanos();
    this.recycleNanos = config.poolRecycle().toNanos();
  }

  long initialDelayNanos() {
    return Math.min(MAX_DELAY, TimeUnit.MILLISECONDS.toNanos(100));
  }

  /** One pass at time {@code now}; returns nanoseconds until the next pass is due. */
  long run(long now) {
    long next = now + MAX_DELAY;
    int idle = bag.count(PoolEntry.IDLE);
    int minIdle = Math.min(pool.minIdle(), pool.poolSize());
    long leakThreshold = pool.leakThresholdNanos;
    if (leakThreshold > 0) {
      // A connection borrowed just after this pass is not looked at until the next one: come back
      // within half the threshold, so a leak is reported at most 1.5 thresholds after its borrow.
      next = now + Math.max(MIN_DELAY, leakThreshold / 2);
    }

    for (PoolEntry e : bag.entries()) {
      int state = e.state();
      if (state == PoolEntry.IN_USE) {
        if (leakThreshold > 0) {
          next = Math.min(next, checkLeak(e, now, leakThreshold));
        }
        continue;
      }
      if (state != PoolEntry.IDLE) {
        continue;
      }
      boolean recycle = recycleNanos > 0 && now - e.recycleAt() >= 0;
      boolean idleExpired = idleTimeoutNanos > 0 && idle > minIdle
          && now - e.lastReturnedAt >= idleTimeoutNanos;
      boolean keepalive = keepaliveNanos > 0 && now - e.lastAliveAt >= keepaliveNanos;
      if (!recycle && !idleExpired && !keepalive) {
        if (recycleNanos > 0) {
          next = Math.min(next, e.recycleAt());
        }
        if (idleTimeoutNanos > 0 && idle > minIdle) {
          next = Math.min(next, e.lastReturnedAt + idleTimeoutNanos);
        }
        if (keepaliveNanos > 0) {
          next = Math.min(next, e.lastAliveAt + keepaliveNanos);
        }
        continue;
      }
      if (!e.compareAndSetState(PoolEntry.IDLE, PoolEntry.RESERVED)) {
        continue; // a borrower took it first
      }
      if (recycle) {
        pool.retire(e, CloseReason.RECYCLED);
      } else if (idleExpired) {
        pool.retire(e, CloseReason.IDLE);
        idle--;
      } else if (pool.isValid(e)) {
        e.lastAliveAt = now;
        next = Math.min(next, now + keepaliveNanos);
        bag.offer(e);
      } else {
        pool.noteValidationFailure();
        pool.retire(e, CloseReason.VALIDATION_FAILED);
      }
    }
    opener.ensureMinIdle();
    return Math.max(MIN_DELAY, Math.min(MAX_DELAY, next - now));
  }

  /** Reports a borrow held past the threshold once; returns when this entry next needs a look. */
  private long checkLeak(PoolEntry e, long now, long threshold) {
    Throwable stack = e.borrowStack; // volatile read; publishes borrowedAt
    if (stack == null || e.leakReported) {
      return Long.MAX_VALUE;
    }
    long heldFor = now - e.borrowedAt;
    if (heldFor < threshold) {
      return e.borrowedAt + threshold;
    }
    e.leakReported = true;
    log.warn("Pool '{}': connection#{} has been held by thread '{}' for {} ms, longer than "
        + "leakDetectionThreshold ({} ms); possible connection leak. Borrowed at:",
        pool.name(), e.id(), e.borrowerThread, TimeUnit.NANOSECONDS.toMillis(heldFor),
        TimeUnit.NANOSECONDS.toMillis(threshold), stack);
    return Long.MAX_VALUE;
  }
}
