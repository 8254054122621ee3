package mcp.db.pool.internal.config;

import java.sql.Connection;
import java.time.Duration;
import java.util.Locale;

/**
 * How the text of an environment variable or properties value becomes a setting's value. Each
 * type knows the noun that describes it in an error message ("an integer", "a duration ...").
 */
public enum SettingType {
  /** Free text, used as written (after trimming). */
  TEXT("text") {
    @Override
    public Object parse(String text) {
      return text;
    }
  },

  /** Free text that must never be shown: the password. */
  SECRET("text") {
    @Override
    public Object parse(String text) {
      return text;
    }
  },

  /** A decimal {@code int}, optionally signed. */
  INTEGER("an integer") {
    @Override
    public Object parse(String text) {
      return Integer.valueOf(text);
    }
  },

  /** A duration, in the notation that {@link Durations#parse(String)} reads. */
  DURATION("a duration") {
    @Override
    public Object parse(String text) {
      return Durations.parse(text);
    }

    @Override
    public String hint() {
      return "(seconds such as 30 or 0.5, or a number with a unit: 250ms, 30s, 2m, 1h)";
    }
  },

  /** {@code true/false}, {@code yes/no}, {@code on/off} or {@code 1/0}, ignoring case. */
  BOOLEAN("a boolean") {
    @Override
    public Object parse(String text) {
      switch (text.toLowerCase(Locale.ROOT)) {
        case "true": case "yes": case "on": case "1":
          return Boolean.TRUE;
        case "false": case "no": case "off": case "0":
          return Boolean.FALSE;
        default:
          throw new IllegalArgumentException("not a boolean");
      }
    }

    @Override
    public String hint() {
      return "(true/false, yes/no, on/off or 1/0)";
    }
  },

  /**
   * A transaction isolation level: a name such as {@code READ_COMMITTED},
   * {@code TRANSACTION_READ_COMMITTED} or {@code read committed} (case and the separator are
   * ignored), or the numeric value of the {@link Connection} constant.
   */
  ISOLATION("a transaction isolation level,") {
    @Override
    public Object parse(String text) {
      String name = text.toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
      if (name.startsWith("TRANSACTION_")) name = name.substring("TRANSACTION_".length());
      switch (name) {
        case "NONE":
          return Connection.TRANSACTION_NONE;
        case "READ_UNCOMMITTED":
          return Connection.TRANSACTION_READ_UNCOMMITTED;
        case "READ_COMMITTED":
          return Connection.TRANSACTION_READ_COMMITTED;
        case "REPEATABLE_READ":
          return Connection.TRANSACTION_REPEATABLE_READ;
        case "SERIALIZABLE":
          return Connection.TRANSACTION_SERIALIZABLE;
        default:
          return Integer.valueOf(text);
      }
    }
  };

  private final String noun;

  SettingType(String noun) {
    this.noun = noun;
  }

  /**
   * Converts trimmed, non-empty text into a value of this type: a {@link String},
   * {@link Integer}, {@link Duration} or {@link Boolean}.
   *
   * @throws IllegalArgumentException when the text is not of this type
   */
  public abstract Object parse(String text);

  /** The noun that describes the type in a message, e.g. {@code "an integer"}. */
  public String noun() {
    return noun;
  }

  /** Examples of the accepted notation, or the empty string when the noun says enough. */
  public String hint() {
    return "";
  }
}
