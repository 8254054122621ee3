package mcp.db.pool.internal.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
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
