package mcp.db.pool.internal.config;

import java.sql.Connection;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * The values a setting allows, with the phrase that describes them in an error message: the text
 * after "must be", as in "poolSize must be <em>between 1 and 10000</em> but was -1".
 */
public final class Rule {
  private final String allowed;
  private final Predicate<Object> test;

  private Rule(String allowed, Predicate<Object> test) {
    this.allowed = allowed;
    this.test = test;
  }

  /** Any value of the setting's type. */
  public static Rule any() {
    return new Rule("", value -> true);
  }

  /** Integers in {@code min..max}, both included. */
  public static Rule between(int min, int max) {
    return between(min, max, "between " + min + " and " + max);
  }

  /** Integers in {@code min..max}, both included, described by {@code allowed}. */
  public static Rule between(int min, int max, String allowed) {
    return new Rule(allowed, value -> (Integer) value >= min && (Integer) value <= max);
  }

  /** Durations strictly greater than zero. */
  public static Rule positive() {
    return new Rule("greater than 0", value -> !((Duration) value).isNegative() && !((Duration) value).isZero());
  }

  /** Durations of at least {@code min}; {@code zeroMeans} explains zero when {@code min} is zero. */
  public static Rule atLeast(Duration min, String zeroMeans) {
    String allowed = "at least " + Durations.format(min) + (zeroMeans.isEmpty() ? "" : " (" + zeroMeans + ")");
    return new Rule(allowed, value -> ((Duration) value).compareTo(min) >= 0);
  }

  /** Durations that are zero (meaning {@code zeroMeans}) or at least {@code min}. */
  public static Rule zeroOrAtLeast(Duration min, String zeroMeans) {
    return new Rule("0 (" + zeroMeans + ") or at least " + Durations.format(min),
        value -> ((Duration) value).isZero() || ((Duration) value).compareTo(min) >= 0);
  }

  /** The isolation levels a connection can be set to (every {@code TRANSACTION_*} but NONE). */
  public static Rule isolationLevel() {
    return new Rule("one of READ_UNCOMMITTED (1), READ_COMMITTED (2), REPEATABLE_READ (4) or SERIALIZABLE (8)",
        value -> {
          int level = (Integer) value;
          return level == Connection.TRANSACTION_READ_UNCOMMITTED
              || level == Connection.TRANSACTION_READ_COMMITTED
              || level == Connection.TRANSACTION_REPEATABLE_READ
              || level == Connection.TRANSACTION_SERIALIZABLE;
        });
  }

  /** Text that is not blank and holds only printable characters (no control or format characters). */
  public static Rule printableName() {
    return new Rule("non-blank text of printable characters", value -> isPrintableName((String) value));
  }

  /** The phrase that follows "must be" in a message; empty when every value is allowed. */
  public String allowed() {
    return allowed;
  }

  /**
   * Whether {@code value}, of the setting's type and not {@code null}, is allowed. Durations must
   * also {@linkplain Durations#fitsInNanos(Duration) fit in a long of nanoseconds}; that limit is
   * checked by {@link Setting#check} with its own message.
   */
  public boolean accepts(Object value) {
    return test.test(value);
  }

  private static boolean isPrintableName(String s) {
    if (s.isBlank()) return false;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      switch (Character.getType(cp)) {
        case Character.CONTROL:
        case Character.FORMAT:
        case Character.UNASSIGNED:
        case Character.SURROGATE:
        case Character.PRIVATE_USE:
        case Character.LINE_SEPARATOR:
        case Character.PARAGRAPH_SEPARATOR:
          return false;
        default:
          i += Character.charCount(cp);
      }
    }
    return true;
  }
}
