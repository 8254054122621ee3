package mcp.db.pool.cli.database;

import java.util.Locale;

/**
 * Where a JDBC URL points, as far as messages need it: the product, the host and port of a server
 * database, the database name, or the file of an embedded one. Parsing is lenient: a part that
 * cannot be found is {@code null}, never an error, because this only decorates messages.
 *
 * @param product "PostgreSQL", "MariaDB", "MySQL", "H2", "SQLite" or the URL's sub-protocol
 * @param host the first host, or {@code null} for an embedded database
 * @param port the port, the product's default when the URL has none, or -1
 * @param database the database name or file, or {@code null}
 */
public record JdbcTarget(String product, String host, int port, String database) {
  /** Reads {@code jdbcUrl}, e.g. {@code jdbc:postgresql://db:5433/orders?ssl=true}. */
  public static JdbcTarget of(String jdbcUrl) {
    String lower = jdbcUrl.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:sqlite:")) {
      return new JdbcTarget("SQLite", null, -1, stripOptions(jdbcUrl.substring("jdbc:sqlite:".length()), '?'));
    }
    if (lower.startsWith("jdbc:h2:")) {
      String rest = stripOptions(jdbcUrl.substring("jdbc:h2:".length()), ';');
      if (rest.startsWith("tcp://") || rest.startsWith("ssl://")) return server("H2", rest.substring(6), 9092);
      return new JdbcTarget("H2", null, -1, rest);
    }
    int colon = lower.indexOf(':', 5);
    String subprotocol = colon > 5 ? lower.substring(5, colon) : lower;
    int slashes = jdbcUrl.indexOf("//");
    String product = switch (subprotocol) {
      case "postgresql", "pgsql" -> "PostgreSQL";
      case "mariadb" -> "MariaDB";
      case "mysql" -> "MySQL";
      default -> subprotocol;
    };
    int defaultPort = switch (product) {
      case "PostgreSQL" -> 5432;
      case "MariaDB", "MySQL" -> 3306;
      default -> -1;
    };
    if (slashes < 0) return new JdbcTarget(product, null, -1, null);
    return server(product, jdbcUrl.substring(slashes + 2), defaultPort);
  }

  private static JdbcTarget server(String product, String afterSlashes, int defaultPort) {
    int end = 0;
    while (end < afterSlashes.length() && "/?;".indexOf(afterSlashes.charAt(end)) < 0) end++;
    String hosts = afterSlashes.substring(0, end);
    int at = hosts.lastIndexOf('@');
    if (at >= 0) hosts = hosts.substring(at + 1);
    int comma = hosts.indexOf(',');
    String first = comma >= 0 ? hosts.substring(0, comma) : hosts;
    String host = first;
    int port = defaultPort;
    int portColon = first.startsWith("[") ? first.indexOf(':', first.indexOf(']')) : first.lastIndexOf(':');
    if (portColon >= 0) {
      host = first.substring(0, portColon);
      try {
        port = Integer.parseInt(first.substring(portColon + 1));
      } catch (NumberFormatException e) {
        port = defaultPort;
      }
    }
    String database = null;
    if (end < afterSlashes.length() && afterSlashes.charAt(end) == '/') {
      String path = afterSlashes.substring(end + 1);
      int stop = 0;
      while (stop < path.length() && "?;".indexOf(path.charAt(stop)) < 0) stop++;
      database = path.substring(0, stop);
      if (database.isEmpty()) database = null;
    }
    return new JdbcTarget(product, host.isEmpty() ? "localhost" : host, port, database);
  }

  private static String stripOptions(String s, char separator) {
    int i = s.indexOf(separator);
    return i >= 0 ? s.substring(0, i) : s;
  }

  /** {@code host:port}, or the host alone when the port is unknown; {@code null} when embedded. */
  public String address() {
    if (host == null) return null;
    return port > 0 ? host + ":" + port : host;
  }

  /** Whether the database runs inside this process (H2 embedded, SQLite). */
  public boolean embedded() {
    return host == null && ("H2".equals(product) || "SQLite".equals(product));
  }
}
