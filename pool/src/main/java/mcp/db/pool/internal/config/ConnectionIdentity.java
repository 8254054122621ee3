package mcp.db.pool.internal.config;

import java.util.Locale;
import java.util.Properties;

/**
 * Tells the database server which pool a connection belongs to, so that {@code pg_stat_activity}
 * or {@code performance_schema.session_connect_attrs} shows the pool's name. Only the driver
 * properties are touched, and never a property the user already set, either as a driver property or
 * in the URL's query string (both compared ignoring case).
 *
 * <ul>
 *   <li>PostgreSQL: {@code ApplicationName=<poolName>}
 *   <li>MariaDB and MySQL: {@code connectionAttributes=program_name:<poolName>}, with any
 *       {@code ,} or {@code :} in the name replaced by {@code _} since they separate attributes
 * </ul>
 */
public final class ConnectionIdentity {

  /** The PostgreSQL driver property that sets {@code application_name}. */
  public static final String POSTGRESQL_PROPERTY = "ApplicationName";

  /** The MariaDB and MySQL driver property that carries connection attributes. */
  public static final String MYSQL_FAMILY_PROPERTY = "connectionAttributes";

  private ConnectionIdentity() {}

  /**
   * Adds the identity property for the database behind {@code jdbcUrl}, unless already set.
   *
   * @param jdbcUrl the JDBC URL, whose query string is also checked for the property
   * @param driverProperties the properties to add to; changed in place
   * @param poolName the pool's name
   */
  public static void addTo(String jdbcUrl, Properties driverProperties, String poolName) {
    switch (DatabaseKind.fromJdbcUrl(jdbcUrl)) {
      case POSTGRESQL:
        addUnlessSet(jdbcUrl, driverProperties, POSTGRESQL_PROPERTY, poolName);
        break;
      case MARIADB:
      case MYSQL:
        String attributeValue = poolName.replace(',', '_').replace(':', '_');
        addUnlessSet(jdbcUrl, driverProperties, MYSQL_FAMILY_PROPERTY, "program_name:" + attributeValue);
        break;
      default:
        break;
    }
  }

  private static void addUnlessSet(String jdbcUrl, Properties properties, String key, String value) {
    if (hasKeyIgnoringCase(properties, key) || urlHasParameter(jdbcUrl, key)) return;
    properties.setProperty(key, value);
  }

  private static boolean hasKeyIgnoringCase(Properties properties, String key) {
    for (String k : properties.stringPropertyNames()) {
      if (k.equalsIgnoreCase(key)) return true;
    }
    return false;
  }

  /** Whether {@code key=} follows {@code ?}, {@code &} or {@code ;} anywhere after the query start. */
  static boolean urlHasParameter(String jdbcUrl, String key) {
    int query = jdbcUrl.indexOf('?');
    if (query < 0) query = jdbcUrl.indexOf(';');
    if (query < 0) return false;
    String lowerUrl = jdbcUrl.toLowerCase(Locale.ROOT);
    String lowerKey = key.toLowerCase(Locale.ROOT) + "=";
    for (int i = lowerUrl.indexOf(lowerKey, query); i >= 0; i = lowerUrl.indexOf(lowerKey, i + 1)) {
      char before = lowerUrl.charAt(i - 1);
      if (before == '?' || before == '&' || before == ';') return true;
    }
    return false;
  }
}
