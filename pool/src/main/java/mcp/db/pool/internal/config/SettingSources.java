package mcp.db.pool.internal.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Pattern;
import mcp.db.pool.PoolConfigException;

/**
 * Reads settings from environment variables and properties by walking the {@link Setting} table.
 * Values are trimmed, an empty value counts as not set, and each value is parsed at once, so a
 * parse error names the variable or key as the user wrote it. Range checks are left to the
 * builder, which runs them for every source alike.
 */
public final class SettingSources {

  /**
   * One setting read from a source.
   *
   * @param setting the row of the table
   * @param name the variable or key it was read from, to name in messages
   * @param text the trimmed text, to quote in messages
   * @param value the parsed value, not yet range-checked
   */
  public record Entry(Setting setting, String name, String text, Object value) {}

  /**
   * What a properties object holds.
   *
   * @param settings the recognised settings, in key order
   * @param driverProperties the {@code dataSource.<name>} entries, keyed by {@code <name>}
   */
  public record PropertiesContent(List<Entry> settings, Map<String, String> driverProperties) {}

  /**
   * The environment variable holding free-form driver properties, as {@code key=value} entries
   * separated by {@code ;} (for example {@code sslmode=require;connectTimeout=5}).
   */
  public static final String DRIVER_PROPERTIES_VARIABLE = "POOL_DRIVER_PROPERTIES";

  /** What a driver property name in {@value #DRIVER_PROPERTIES_VARIABLE} may look like. */
  private static final Pattern PROPERTY_NAME = Pattern.compile("[A-Za-z0-9_.\\-]+");

  private SettingSources() {}

  /**
   * Reads the variables of the table ({@link Setting#envVar()}) from {@code env}; every other
   * variable, including unknown {@code POOL_*} ones, is ignored.
   *
   * @param env environment variables
   * @return the settings found, in table order
   * @throws PoolConfigException naming the variable when a value cannot be parsed
   */
  public static List<Entry> readEnv(Map<String, String> env) {
    List<Entry> entries = new ArrayList<>();
    for (Setting s : Setting.values()) {
      String raw = env.get(s.envVar());
      if (raw == null || raw.trim().isEmpty()) continue;
      String text = raw.trim();
      entries.add(new Entry(s, s.envVar(), text, s.parse(s.envVar(), text)));
    }
    return entries;
  }

  /**
   * Reads the free-form driver properties of {@value #DRIVER_PROPERTIES_VARIABLE}: {@code key=value}
   * entries separated by {@code ;}. The first {@code =} of an entry ends its key, so a value may
   * hold {@code =} but not {@code ;}. Keys and values are trimmed; an empty entry (such as after a
   * trailing {@code ;}) and an entry with an empty value are skipped, as an empty value counts as
   * not set everywhere else.
   *
   * @param env environment variables
   * @return the driver properties in the order written; empty when the variable is unset or blank
   * @throws PoolConfigException naming the variable and the entry (by its position) when an entry
   *     has no {@code =}, has a key that is not a property name (letters, digits, {@code _ . -}), or
   *     repeats a key. Values are never shown, and a malformed entry or key is quoted only when the
   *     variable mentions no password anywhere: a password holding {@code ;} or {@code :} would
   *     otherwise show up as a malformed entry or key of its own.
   */
  public static Map<String, String> readEnvDriverProperties(Map<String, String> env) {
    Map<String, String> properties = new LinkedHashMap<>();
    String raw = env.get(DRIVER_PROPERTIES_VARIABLE);
    if (raw == null || raw.isBlank()) return properties;
    boolean mayHoldSecret = mentionsSecret(raw);
    Map<String, Integer> entryOfKey = new LinkedHashMap<>();
    String[] entries = raw.split(";", -1);
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].trim();
      if (entry.isEmpty()) continue;
      String where = DRIVER_PROPERTIES_VARIABLE + " entry " + (i + 1);
      int equals = entry.indexOf('=');
      if (equals < 0) {
        throw new PoolConfigException(DRIVER_PROPERTIES_VARIABLE, where
            + " must be key=value (entries separated by \";\") but was " + quoteUnless(mayHoldSecret, entry));
      }
      String key = entry.substring(0, equals).trim();
      String value = entry.substring(equals + 1).trim();
      if (key.isEmpty()) {
        // The value is not shown: with its key missing, nothing says it is not a password.
        throw new PoolConfigException(DRIVER_PROPERTIES_VARIABLE, where + " must be key=value but has no key before \"=\"");
      }
      if (!PROPERTY_NAME.matcher(key).matches()) {
        // Most likely a mistyped separator ("password:secret=..."), so the key may hold a secret.
        throw new PoolConfigException(DRIVER_PROPERTIES_VARIABLE, where + " must start with a property name"
            + " (letters, digits, '_', '.' or '-') before \"=\" but the key was " + quoteUnless(mayHoldSecret, key));
      }
      Integer earlier = entryOfKey.putIfAbsent(key, i + 1);
      if (earlier != null) {
        throw new PoolConfigException(DRIVER_PROPERTIES_VARIABLE, DRIVER_PROPERTIES_VARIABLE + " sets "
            + Setting.quote(key) + " twice, in entries " + earlier + " and " + (i + 1) + "; give each key once");
      }
      if (!value.isEmpty()) properties.put(key, value);
    }
    return properties;
  }

  /** Whether text mentions a secret key ({@link Redaction#isSecretKey(String)}) anywhere. */
  private static boolean mentionsSecret(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    return lower.contains("password") || lower.contains("passwd") || lower.contains("pwd");
  }

  /** Text from the variable for a message: quoted, or masked when the variable may hold a password. */
  private static String quoteUnless(boolean mayHoldSecret, String text) {
    return mayHoldSecret ? Redaction.MASK + " (not shown: the variable holds a password)" : Setting.quote(text);
  }

  /**
   * Reads {@code properties}, including its defaults: keys of the table ({@link Setting#key()})
   * and {@code dataSource.<name>} driver properties.
   *
   * @param properties the properties
   * @return the settings and driver properties found
   * @throws PoolConfigException naming the key when a key is unknown (with the closest known keys)
   *     or a value cannot be parsed; every key is checked before any value
   */
  public static PropertiesContent readProperties(Properties properties) {
    TreeSet<String> keys = new TreeSet<>(properties.stringPropertyNames());
    for (String key : keys) {
      if (!key.startsWith(Setting.DRIVER_PROPERTY_PREFIX) && Setting.forKey(key) == null) throw unknownKey(key);
    }
    List<Entry> settings = new ArrayList<>();
    Map<String, String> driverProperties = new LinkedHashMap<>();
    for (String key : keys) {
      String text = properties.getProperty(key).trim();
      if (text.isEmpty()) continue;
      if (key.startsWith(Setting.DRIVER_PROPERTY_PREFIX)) {
        String name = key.substring(Setting.DRIVER_PROPERTY_PREFIX.length());
        if (name.isBlank()) {
          throw new PoolConfigException(key, "property key \"" + key + "\" must name a driver property after \""
              + Setting.DRIVER_PROPERTY_PREFIX + "\", e.g. " + Setting.DRIVER_PROPERTY_PREFIX + "sslmode");
        }
        driverProperties.put(name, text);
      } else {
        Setting s = Setting.forKey(key);
        settings.add(new Entry(s, key, text, s.parse(key, text)));
      }
    }
    return new PropertiesContent(settings, driverProperties);
  }

  private static PoolConfigException unknownKey(String key) {
    List<String> near = Setting.keysNear(key);
    String help = near.isEmpty()
        ? "known keys are " + Setting.allKeys()
        : "did you mean " + String.join(" or ", near) + "?";
    return new PoolConfigException(key, "unknown property \"" + key + "\": " + help
        + " (driver properties go under \"" + Setting.DRIVER_PROPERTY_PREFIX + "<name>\")");
  }
}
