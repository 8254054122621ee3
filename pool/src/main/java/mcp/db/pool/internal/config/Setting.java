package mcp.db.pool.internal.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import mcp.db.pool.PoolConfigException;

/**
 * The one table of pool settings: for each, the builder method (which is also the properties
 * key), the environment variable, the type its text parses to, and the values it allows.
 *
 * <p>{@code DatabasePoolBuilder} reads environment variables and properties by walking this table,
 * and validates by checking each setting's {@link Rule}; it maps a row to its setter and its value
 * with exhaustive {@code switch} expressions, so a new row that is not wired in fails to compile.
 * {@code docs/configuration.md} documents every row, and a test keeps the two in step.
 *
 * <p>Every message built here names the setting as the user wrote it (the builder method, the
 * environment variable or the properties key, passed in as {@code name}), the rejected value and
 * what is allowed. A secret value is shown as {@value Redaction#MASK} and a URL only redacted.
 */
public enum Setting {
  URL("url", "DATABASE_URL", SettingType.TEXT, Rule.any()),
  USERNAME("username", "DATABASE_USER", SettingType.TEXT, Rule.any()),
  PASSWORD("password", "DATABASE_PASSWORD", SettingType.SECRET, Rule.any()),
  POOL_SIZE("poolSize", "POOL_SIZE", SettingType.INTEGER, Rule.between(1, 10_000)),
  MAX_OVERFLOW("maxOverflow", "MAX_OVERFLOW", SettingType.INTEGER,
      Rule.between(-1, 10_000, "-1 (unbounded) or between 0 and 10000")),
  POOL_TIMEOUT("poolTimeout", "POOL_TIMEOUT", SettingType.DURATION, Rule.positive()),
  POOL_RECYCLE("poolRecycle", "POOL_RECYCLE", SettingType.DURATION,
      Rule.atLeast(Duration.ZERO, "0 = never recycle")),
  POOL_PRE_PING("poolPrePing", "POOL_PRE_PING", SettingType.BOOLEAN, Rule.any()),
  PRE_PING_AFTER_IDLE("prePingAfterIdle", "POOL_PRE_PING_AFTER_IDLE", SettingType.DURATION,
      Rule.atLeast(Duration.ZERO, "0 = validate on every borrow")),
  IDLE_TIMEOUT("idleTimeout", "POOL_IDLE_TIMEOUT", SettingType.DURATION,
      Rule.atLeast(Duration.ZERO, "0 = never close idle connections")),
  KEEPALIVE_TIME("keepaliveTime", "POOL_KEEPALIVE_TIME", SettingType.DURATION,
      Rule.atLeast(Duration.ZERO, "0 = off")),
  MIN_IDLE("minIdle", "POOL_MIN_IDLE", SettingType.INTEGER,
      Rule.between(0, 10_000, "between 0 and poolSize")),
  VALIDATION_TIMEOUT("validationTimeout", "POOL_VALIDATION_TIMEOUT", SettingType.DURATION,
      Rule.atLeast(Duration.ofMillis(250), "")),
  CONNECTION_TIMEOUT("connectionTimeout", "POOL_CONNECTION_TIMEOUT", SettingType.DURATION,
      Rule.atLeast(Duration.ofMillis(250), "")),
  INITIALIZATION_FAIL_TIMEOUT("initializationFailTimeout", "POOL_INITIALIZATION_FAIL_TIMEOUT",
      SettingType.DURATION, Rule.any()),
  LEAK_DETECTION_THRESHOLD("leakDetectionThreshold", "POOL_LEAK_DETECTION_THRESHOLD",
      SettingType.DURATION, Rule.zeroOrAtLeast(Duration.ofMillis(100), "off")),
  CONNECTION_INIT_SQL("connectionInitSql", "POOL_CONNECTION_INIT_SQL", SettingType.TEXT, Rule.any()),
  AUTO_COMMIT("autoCommit", "POOL_AUTO_COMMIT", SettingType.BOOLEAN, Rule.any()),
  READ_ONLY("readOnly", "POOL_READ_ONLY", SettingType.BOOLEAN, Rule.any()),
  TRANSACTION_ISOLATION("transactionIsolation", "POOL_TRANSACTION_ISOLATION", SettingType.ISOLATION,
      Rule.isolationLevel()),
  CATALOG("catalog", "POOL_CATALOG", SettingType.TEXT, Rule.any()),
  SCHEMA("schema", "POOL_SCHEMA", SettingType.TEXT, Rule.any()),
  POOL_NAME("poolName", "POOL_NAME", SettingType.TEXT, Rule.printableName()),
  DRIVER_CLASS_NAME("driverClassName", "POOL_DRIVER_CLASS_NAME", SettingType.TEXT, Rule.any()),
  SHUTDOWN_TIMEOUT("shutdownTimeout", "POOL_SHUTDOWN_TIMEOUT", SettingType.DURATION,
      Rule.atLeast(Duration.ZERO, "0 = abort borrowed connections at once")),
  CIRCUIT_BREAKER("circuitBreaker", "POOL_CIRCUIT_BREAKER", SettingType.BOOLEAN, Rule.any()),
  TRANSACTION_ATTEMPTS("transactionAttempts", "POOL_TRANSACTION_ATTEMPTS", SettingType.INTEGER,
      Rule.between(1, 100)),
  AUTO_SIZE("autoSize", "POOL_AUTO_SIZE", SettingType.BOOLEAN, Rule.any()),
  MIN_POOL_SIZE("minPoolSize", "POOL_MIN_POOL_SIZE", SettingType.INTEGER,
      Rule.between(1, 10_000, "between 1 and poolSize")),
  MAX_POOL_SIZE("maxPoolSize", "POOL_MAX_POOL_SIZE", SettingType.INTEGER,
      Rule.between(1, 10_000, "between poolSize and 10000")),
  REGISTER_MBEANS("registerMbeans", "POOL_REGISTER_MBEANS", SettingType.BOOLEAN, Rule.any());

  /** Prefix of properties keys that become free-form driver properties. */
  public static final String DRIVER_PROPERTY_PREFIX = "dataSource.";

  private final String key;
  private final String envVar;
  private final SettingType type;
  private final Rule rule;

  Setting(String key, String envVar, SettingType type, Rule rule) {
    this.key = key;
    this.envVar = envVar;
    this.type = type;
    this.rule = rule;
  }

  /** The builder method name, which is also the properties key, e.g. {@code poolSize}. */
  public String key() {
    return key;
  }

  /** The environment variable, e.g. {@code POOL_SIZE}. */
  public String envVar() {
    return envVar;
  }

  /** How text for this setting is parsed. */
  public SettingType type() {
    return type;
  }

  /** The values this setting allows. */
  public Rule rule() {
    return rule;
  }

  /** Whether the value must never be shown (the password). */
  public boolean isSecret() {
    return type == SettingType.SECRET;
  }

  /** The setting whose properties key is exactly {@code key}, or {@code null}. */
  public static Setting forKey(String key) {
    for (Setting s : values()) {
      if (s.key.equals(key)) return s;
    }
    return null;
  }

  /**
   * Parses text from an environment variable or properties file.
   *
   * @param name the variable or key as the user wrote it, for the message
   * @param text the trimmed, non-empty value
   * @return the parsed value, not yet checked against the rule
   * @throws PoolConfigException naming {@code name}, the text and what is allowed
   */
  public Object parse(String name, String text) {
    try {
      return type.parse(text);
    } catch (IllegalArgumentException e) {
      StringBuilder m = new StringBuilder(name).append(" must be ").append(type.noun());
      if (!rule.allowed().isEmpty()) m.append(' ').append(rule.allowed());
      if (!type.hint().isEmpty()) m.append(' ').append(type.hint());
      m.append(" but was ").append(show(null, text));
      // The cause is left off for secrets: a parser's message may quote its input.
      throw isSecret()
          ? new PoolConfigException(name, m.toString())
          : new PoolConfigException(name, m.toString(), e);
    }
  }

  /**
   * Checks a value against this setting's rule.
   *
   * @param name the builder method, variable or key the value came from, for the message
   * @param value the value; {@code null} is rejected
   * @param text the text the value was parsed from, or {@code null} when set in code; shown in the
   *     message in place of the value so the user sees what they wrote
   * @throws PoolConfigException naming {@code name}, the value and what is allowed
   */
  public void check(String name, Object value, String text) {
    if (value == null) {
      String allowed = rule.allowed().isEmpty() ? type.noun() : rule.allowed();
      throw new PoolConfigException(name, name + " must not be null: it must be " + allowed);
    }
    if (value instanceof Duration && !Durations.fitsInNanos((Duration) value)) {
      throw new PoolConfigException(name, name + " must be between -292 years and 292 years"
          + " (what fits in a long of nanoseconds) but was " + show(value, text));
    }
    if (!rule.accepts(value)) throw rejected(name, value, text, rule.allowed());
  }

  /**
   * The exception for a value outside what is allowed, for checks that involve other settings
   * (such as minIdle against poolSize).
   *
   * @param name the builder method, variable or key the value came from
   * @param value the value
   * @param text the text it was parsed from, or {@code null}
   * @param allowed the phrase that follows "must be"
   */
  public PoolConfigException rejected(String name, Object value, String text, String allowed) {
    return new PoolConfigException(name, name + " must be " + allowed + " but was " + show(value, text));
  }

  /**
   * How a value of this setting appears in a message: {@value Redaction#MASK} for a secret, a URL
   * redacted, text quoted, a duration in {@link Durations#format} notation.
   *
   * @param value the value, used when {@code text} is {@code null}
   * @param text the text as the user wrote it, or {@code null}
   */
  public String show(Object value, String text) {
    if (isSecret()) return Redaction.MASK;
    if (text != null) return quote(this == URL ? Redaction.redactUrl(text) : text);
    if (value instanceof Duration) return Durations.format((Duration) value);
    if (value instanceof String) return quote(this == URL ? Redaction.redactUrl((String) value) : (String) value);
    return String.valueOf(value);
  }

  /**
   * Properties keys close to {@code key}: the same but for case, or a few typing mistakes away.
   *
   * @param key an unknown key
   * @return the known keys it may have meant, best first; empty when none is close
   */
  public static List<String> keysNear(String key) {
    List<String> near = new ArrayList<>();
    String lower = key.toLowerCase(Locale.ROOT);
    for (Setting s : values()) {
      if (s.key.toLowerCase(Locale.ROOT).equals(lower)) near.add(s.key);
    }
    int allowedEdits = Math.max(1, Math.min(3, key.length() / 4));
    for (Setting s : values()) {
      if (!near.contains(s.key) && editDistance(lower, s.key.toLowerCase(Locale.ROOT)) <= allowedEdits) {
        near.add(s.key);
      }
    }
    return near;
  }

  /** All properties keys, in table order, comma-separated. */
  public static String allKeys() {
    StringBuilder b = new StringBuilder();
    for (Setting s : values()) {
      if (b.length() > 0) b.append(", ");
      b.append(s.key);
    }
    return b.toString();
  }

  /** Quotes text for a message, escaping quotes, backslashes and unprintable characters. */
  static String quote(String text) {
    StringBuilder b = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  /** Levenshtein distance; the strings are short property names. */
  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) previous[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
