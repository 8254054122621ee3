package mcp.db.pool.internal.config;

import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLNonTransientException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * The one place a pool's driver messages pass through before they reach a log line, an exception
 * the pool creates, or the statistics. Drivers echo what they were given: the URL, sometimes a
 * property, now and then the password itself (an authentication error that quotes its input, a
 * connect error that prints the properties). This cleaner knows the pool's secrets (the configured
 * password, every secret driver property such as {@code sslpassword}, and any password written
 * into the JDBC URL) and removes them.
 *
 * <p>{@link #line(String)} is for text the pool writes itself: the first line of the message only
 * (PostgreSQL's later lines carry details such as row values), URL credentials masked by
 * {@link Redaction#redactUrl(String)}, then every secret replaced by {@value Redaction#MASK}.
 * {@link #scrub(Throwable)} is for a driver exception the pool passes on as a cause: returned as it
 * is when no message in its cause chain holds a secret, otherwise replaced by a copy (see there).
 *
 * <p>Immutable and thread-safe. A secret is replaced wherever it occurs, even inside an ordinary
 * word: a very short password makes messages harder to read, never leaks.
 */
public final class DriverMessageCleaner {
  /** Longer first lines are cut; a driver's message is a diagnosis, not a document. */
  static final int MAX_LINE = 500;
  /** How deep a cause chain is followed; deeper links are dropped from a scrubbed copy. */
  private static final int MAX_CHAIN = 16;

  /** Longest first, so that a secret containing another is replaced whole. */
  private final List<String> secrets;

  private DriverMessageCleaner(Set<String> secrets) {
    List<String> sorted = new ArrayList<>(secrets);
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    this.secrets = List.copyOf(sorted);
  }

  /**
   * A cleaner for the secrets in what the pool gives its driver.
   *
   * @param driverProperties the properties passed to {@code Driver.connect}, password included;
   *     the value of every {@linkplain Redaction#isSecretKey(String) secret key} is a secret
   * @param jdbcUrl the URL passed to the driver; a userinfo password and the value of every
   *     {@code ...password=} parameter are secrets. Either argument may be {@code null}.
   * @return the cleaner
   */
  public static DriverMessageCleaner forSecretsIn(Properties driverProperties, String jdbcUrl) {
    Set<String> found = new LinkedHashSet<>();
    if (driverProperties != null) {
      for (String key : driverProperties.stringPropertyNames()) {
        if (Redaction.isSecretKey(key)) {
          found.add(driverProperties.getProperty(key));
        }
      }
    }
    found.addAll(Redaction.secretsIn(jdbcUrl));
    found.removeIf(s -> s == null || s.isEmpty());
    return new DriverMessageCleaner(found);
  }

  /**
   * The first line of {@code message}, stripped, cut to {@value #MAX_LINE} characters, with URL
   * credentials and every secret masked. For log lines and messages the pool composes.
   *
   * @param message a driver's message; {@code null} gives {@code null}
   * @return the cleaned line, or {@code null}
   */
  public String line(String message) {
    if (message == null) {
      return null;
    }
    String first = message;
    int nl = indexOfLineBreak(first);
    if (nl >= 0) {
      first = first.substring(0, nl);
    }
    first = redactSecrets(Redaction.redactUrl(first.strip()));
    if (first.length() > MAX_LINE) {
      first = first.substring(0, MAX_LINE - 3) + "...";
    }
    return first;
  }

  /**
   * A driver error as one clean line for the pool's own messages: its {@linkplain #line(String)
   * cleaned} first line (the class name when it has no message), then its SQLState when it has one.
   *
   * @param error the error; not {@code null}
   * @return the line
   */
  public String describe(Throwable error) {
    String msg = line(error.getMessage());
    if (msg == null || msg.isEmpty()) {
      msg = error.getClass().getName();
    }
    if (error instanceof SQLException && ((SQLException) error).getSQLState() != null) {
      return msg + " (SQLState " + ((SQLException) error).getSQLState() + ")";
    }
    return msg;
  }

  /**
   * The whole of {@code text} (every line) with URL credentials and every secret masked.
   *
   * @param text any text; {@code null} gives {@code null}
   * @return the cleaned text, or {@code null}
   */
  public String redact(String text) {
    return text == null ? null : redactSecrets(Redaction.redactUrl(text));
  }

  /**
   * {@code error} itself when no message in its cause chain holds a secret; otherwise a copy of
   * the chain whose messages are {@linkplain #redact(String) redacted}. Each copy keeps the
   * SQLState, the vendor code and the stack trace; an {@code SQLException} becomes the standard
   * {@code java.sql} class it extends (a driver's own subclass cannot be rebuilt without
   * reflection), anything else a {@code RuntimeException}; suppressed and next exceptions are
   * dropped.
   *
   * @param error the exception to pass on; may be {@code null}
   * @return {@code error} or its redacted copy
   */
  public Throwable scrub(Throwable error) {
    if (error == null || secrets.isEmpty() || !chainHoldsSecret(error)) {
      return error;
    }
    return copy(error, 0);
  }

  /**
   * {@link #scrub(Throwable)} for an {@code SQLException}, which stays one.
   *
   * @param error the exception to pass on; may be {@code null}
   * @return {@code error} or its redacted copy
   */
  public SQLException scrub(SQLException error) {
    return (SQLException) scrub((Throwable) error);
  }

  private boolean chainHoldsSecret(Throwable error) {
    int depth = 0;
    for (Throwable t = error; t != null && depth < MAX_CHAIN; t = t.getCause(), depth++) {
      if (holdsSecret(t.getMessage())) {
        return true;
      }
      for (Throwable s : t.getSuppressed()) {
        if (holdsSecret(String.valueOf(s))) {
          return true;
        }
      }
      if (t instanceof SQLException && ((SQLException) t).getNextException() != null) {
        return true; // not followed here; dropping it is the safe choice
      }
    }
    return depth >= MAX_CHAIN;
  }

  private boolean holdsSecret(String text) {
    if (text == null) {
      return false;
    }
    for (String s : secrets) {
      if (text.contains(s)) {
        return true;
      }
    }
    return false;
  }

  private Throwable copy(Throwable original, int depth) {
    Throwable cause = original.getCause();
    Throwable cleanCause = cause == null || cause == original || depth + 1 >= MAX_CHAIN
        ? null : copy(cause, depth + 1);
    String message = redact(original.getMessage());
    Throwable copy;
    if (original instanceof SQLException) {
      SQLException e = (SQLException) original;
      copy = sqlCopy(e, message, cleanCause);
    } else {
      copy = new RuntimeException(message, cleanCause);
    }
    copy.setStackTrace(original.getStackTrace());
    return copy;
  }

  private static SQLException sqlCopy(SQLException e, String message, Throwable cause) {
    String state = e.getSQLState();
    int code = e.getErrorCode();
    // Most specific first: each class below extends one further down.
    if (e instanceof SQLInvalidAuthorizationSpecException) {
      return new SQLInvalidAuthorizationSpecException(message, state, code, cause);
    } else if (e instanceof SQLNonTransientConnectionException) {
      return new SQLNonTransientConnectionException(message, state, code, cause);
    } else if (e instanceof SQLNonTransientException) {
      return new SQLNonTransientException(message, state, code, cause);
    } else if (e instanceof SQLTransientConnectionException) {
      return new SQLTransientConnectionException(message, state, code, cause);
    } else if (e instanceof SQLTimeoutException) {
      return new SQLTimeoutException(message, state, code, cause);
    } else if (e instanceof SQLTransientException) {
      return new SQLTransientException(message, state, code, cause);
    } else if (e instanceof SQLRecoverableException) {
      return new SQLRecoverableException(message, state, code, cause);
    }
    return new SQLException(message, state, code, cause);
  }

  private String redactSecrets(String text) {
    String out = text;
    for (String s : secrets) {
      out = Redaction.redactSecret(out, s);
    }
    return out;
  }

  private static int indexOfLineBreak(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\n' || c == '\r') {
        return i;
      }
    }
    return -1;
  }

  @Override
  public String toString() {
    return "DriverMessageCleaner[" + secrets.size() + " secret(s)]";
  }
}
