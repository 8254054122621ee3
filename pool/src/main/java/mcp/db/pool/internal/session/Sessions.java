package mcp.db.pool.internal.session;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import mcp.db.pool.RetryPolicy;
import mcp.db.pool.Session;
import mcp.db.pool.SessionClosedException;
import mcp.db.pool.TransactionCallback;
import mcp.db.pool.TransactionConsumer;
import mcp.db.pool.TransactionOptions;
import mcp.db.pool.TransactionOutcomeUnknownException;
import mcp.db.pool.internal.config.DriverMessageCleaner;
import mcp.db.pool.internal.errors.SqlErrorRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens sessions on a pool and runs transaction callbacks with retries; {@code DatabasePool}
 * delegates {@code getSession()}, {@code inTransaction} and {@code useTransaction} here.
 *
 * <p>The retry loop of {@link #inTransaction} runs each attempt on a new session (so a new
 * connection) and sorts a failure by where it happened:
 *
 * <ul>
 *   <li><b>While the callback ran</b> (before {@code COMMIT} was sent): nothing can have been
 *       committed, because the callback may not commit its session. A transient error (serialization
 *       failure, deadlock, lock wait timeout) or a fatal one (the connection broke) is retried; the
 *       broken connection goes back to the pool, which discards it, and the next attempt borrows
 *       another. A failure to borrow a connection is not retried: the pool already waited for one.
 *   <li><b>During {@code COMMIT}</b>: if the connection broke or timed out, the server may or may
 *       not have committed, so the failure is reported as
 *       {@link TransactionOutcomeUnknownException} and never retried. If instead the server
 *       answered with an error, the transaction is definitely rolled back; a transient one (as
 *       PostgreSQL reports a serialization failure of a SERIALIZABLE transaction at commit) is
 *       retried, any other is rethrown.
 * </ul>
 *
 * Retries are counted in the pool's retry counter and separated by a jittered exponential backoff
 * ({@link Backoff}); the sleep holds no lock. Stateless apart from its collaborators, so any number
 * of threads may use one instance.
 */
public final class Sessions {
  private static final Logger log = LoggerFactory.getLogger(Sessions.class);

  private final DataSource source;
  private final SqlErrorRules rules;
  private final LongAdder retryCounter;
  private final RetryPolicy defaultPolicy;
  private final Backoff backoff;
  /** Cleans the failure's message for the retry log line (first line, no secrets). */
  private final DriverMessageCleaner messages;

  /**
   * @param source where sessions borrow connections (the pool)
   * @param rules which errors are fatal and which transient, for the pool's database
   * @param retryCounter incremented once for every retry
   * @param defaultPolicy the retry policy of transactions whose options name none
   * @param messages the pool's cleaner of driver messages: a retried failure is logged as its
   *     first line with the pool's secrets masked (a statement error may echo a statement that
   *     holds one, such as {@code ALTER ROLE ... PASSWORD})
   */
  public Sessions(DataSource source, SqlErrorRules rules, LongAdder retryCounter,
      RetryPolicy defaultPolicy, DriverMessageCleaner messages) {
    this(source, rules, retryCounter, defaultPolicy, messages,
        new Backoff(Backoff.THREAD_SLEEP, Backoff.THREAD_LOCAL_RANDOM));
  }

  /**
   * As {@link #Sessions(DataSource, SqlErrorRules, LongAdder, RetryPolicy, DriverMessageCleaner)},
   * with a test backoff.
   */
  public Sessions(DataSource source, SqlErrorRules rules, LongAdder retryCounter,
      RetryPolicy defaultPolicy, DriverMessageCleaner messages, Backoff backoff) {
    this.source = Objects.requireNonNull(source, "source");
    this.rules = Objects.requireNonNull(rules, "rules");
    this.retryCounter = Objects.requireNonNull(retryCounter, "retryCounter");
    this.defaultPolicy = Objects.requireNonNull(defaultPolicy, "defaultPolicy");
    this.messages = Objects.requireNonNull(messages, "messages");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
  }

  /** A new session with the pool's own connection settings; it borrows on first use. */
  public Session open() {
    return open(TransactionOptions.defaults());
  }

  /** A new session that applies {@code options} (isolation, read-only) to its connection. */
  public Session open(TransactionOptions options) {
    return new PooledSession(source, Objects.requireNonNull(options, "options"), rules, false);
  }

  /**
   * Runs {@code callback} in a transaction: commits when it returns, rolls back when it throws,
   * and runs it again after a transient failure (see the class comment).
   *
   * @return what the callback returned, once committed
   * @throws TransactionOutcomeUnknownException if COMMIT failed with its outcome unknown
   * @throws SQLException the callback's or COMMIT's error, when not retried or when the attempts
   *     ran out (earlier attempts' errors are attached as suppressed exceptions)
   * @throws RuntimeException or {@link Error} from the callback, unchanged, after rolling back
   */
  public <T> T inTransaction(TransactionOptions options, TransactionCallback<T> callback)
      throws SQLException {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(callback, "callback");
    RetryPolicy policy = options.retryPolicy().orElse(defaultPolicy);
    List<SQLException> earlier = new ArrayList<>();
    for (int attempt = 1; ; attempt++) {
      PooledSession session = new PooledSession(source, options, rules, true);
      T result;
      try {
        result = callback.apply(session);
      } catch (SQLException e) {
        discard(session, e);
        if (!retryableBeforeCommit(session, e)) throw withEarlier(e, earlier);
        pauseBeforeRetry(policy, attempt, e, earlier, "before commit");
        continue;
      } catch (Throwable t) {
        // RuntimeException, Error, or a checked exception thrown sneakily: rethrown unchanged.
        discard(session, t);
        throw t;
      }
      try {
        session.commitManaged();
      } catch (SQLException e) {
        discard(session, e);
        if (e instanceof SessionClosedException) throw withEarlier(e, earlier);
        if (outcomeUnknown(e)) {
          throw withEarlier(new TransactionOutcomeUnknownException(e), earlier);
        }
        if (!rules.isTransient(e)) throw withEarlier(e, earlier);
        pauseBeforeRetry(policy, attempt, e, earlier, "at commit");
        continue;
      } catch (RuntimeException e) {
        // A driver failing this way inside commit() tells nothing about the server's decision.
        discard(session, e);
        throw withEarlier(new TransactionOutcomeUnknownException(e), earlier);
      } catch (Throwable t) {
        discard(session, t);
        throw t;
      }
      closeAfterCommit(session);
      return result;
    }
  }

  /** As {@link #inTransaction}, for work without a result. */
  public void useTransaction(TransactionOptions options, TransactionConsumer consumer)
      throws SQLException {
    Objects.requireNonNull(consumer, "consumer");
    inTransaction(options, session -> {
      consumer.accept(session);
      return null;
    });
  }

  /**
   * Whether a failure of the callback may be retried: transient, or a broken connection, and not
   * a failure to borrow or an error about a session or a commit that another layer already judged.
   */
  private boolean retryableBeforeCommit(PooledSession session, SQLException e) {
    if (session.borrowFailed() || judgedElsewhere(e)) return false;
    return rules.isTransient(e) || rules.isFatal(e);
  }

  /**
   * A {@link SessionClosedException} or {@link TransactionOutcomeUnknownException} carries SQLState
   * class 08, which would read as "connection broke", but neither says anything about this
   * transaction's connection: retrying after a nested transaction's unknown outcome could apply
   * its work twice.
   */
  private static boolean judgedElsewhere(SQLException e) {
    int links = 0;
    for (Throwable t = e; t != null && links < 32; t = t.getCause(), links++) {
      if (t instanceof SessionClosedException || t instanceof TransactionOutcomeUnknownException) {
        return true;
      }
    }
    return false;
  }

  /** Whether a failed COMMIT may have reached the server: the connection broke or timed out. */
  private boolean outcomeUnknown(SQLException e) {
    return rules.isFatal(e) || e instanceof SQLTimeoutException;
  }

  /**
   * Throws {@code e} if the attempts are used up; otherwise counts the retry and sleeps the
   * backoff. An interrupt during the sleep ends the retries: {@code e} is thrown with the
   * interrupt status set again.
   */
  private void pauseBeforeRetry(RetryPolicy policy, int attempt, SQLException e,
      List<SQLException> earlier, String where) throws SQLException {
    if (attempt >= policy.maxAttempts()) throw withEarlier(e, earlier);
    retryCounter.increment();
    Duration delay = backoff.delayBefore(policy, attempt);
    if (log.isDebugEnabled()) {
      log.debug("Retrying transaction (attempt {} of {}) in {} ms after a failure {}: SQLState {},"
          + " error code {}: {}", attempt + 1, policy.maxAttempts(), delay.toMillis(), where,
          e.getSQLState(), e.getErrorCode(), messages.line(e.getMessage()));
    }
    try {
      backoff.sleep(delay);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      e.addSuppressed(interrupted);
      throw withEarlier(e, earlier);
    }
    earlier.add(e);
  }

  private static <E extends SQLException> E withEarlier(E e, List<SQLException> earlier) {
    for (SQLException previous : earlier) {
      if (previous != e) e.addSuppressed(previous);
    }
    return e;
  }

  /** Rolls back and returns the connection after a failure, which keeps priority. */
  private static void discard(PooledSession session, Throwable failure) {
    try {
      session.close();
    } catch (Throwable t) {
      failure.addSuppressed(t);
    }
  }

  /**
   * Returns the connection after a successful commit. The work is committed whatever happens
   * here, so a failure is logged rather than thrown: the caller must not think it failed.
   */
  private static void closeAfterCommit(PooledSession session) {
    try {
      session.close();
    } catch (SQLException | RuntimeException e) {
      log.warn("Transaction committed, but returning its connection failed", e);
    }
  }
}
