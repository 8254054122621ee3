package mcp.db.pool.cli.database;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import mcp.db.pool.PoolConfig;
import mcp.db.pool.cli.output.Format;

/**
 * What {@code check} reports about a database: product, version, driver, and the server settings
 * that decide how big a pool may be and how long its connections may idle, each with a note that
 * relates it to the pool's own settings. PostgreSQL: {@code max_connections} (less the reserved
 * ones and those in use), {@code idle_session_timeout}, {@code idle_in_transaction_session_timeout};
 * MariaDB/MySQL: {@code max_connections}, {@code max_user_connections}, {@code wait_timeout};
 * SQLite: {@code journal_mode} and {@code busy_timeout}; H2: only the version.
 *
 * @param product the product name as the driver reports it
 * @param version the server's version
 * @param driver the driver's name and version
 * @param settings the settings read, in the order they are worth reading
 * @param notes advice about the pool's settings against the server's; may be empty
 */
public record ServerFacts(String product, String version, String driver, List<Setting> settings, List<String> notes) {

  /**
   * One server setting (or status figure).
   *
   * @param name its name on the server
   * @param value its value as the server shows it
   * @param remark what the value means, for people ("off", "8h"), or {@code null}
   */
  public record Setting(String name, String value, String remark) {
    /** The value with its remark: {@code 0 (off)}. */
    public String display() {
      return remark == null ? value : value + " (" + remark + ")";
    }
  }

  /**
   * Reads the facts through {@code connection}.
   *
   * @param connection an open connection
   * @param config the pool's settings, to compare against
   * @throws SQLException if the metadata cannot be read; a setting that cannot be read (lack of
   *     privileges, an older server) is left out instead
   */
  public static ServerFacts read(Connection connection, PoolConfig config) throws SQLException {
    DatabaseMetaData meta = connection.getMetaData();
    String product = meta.getDatabaseProductName();
    String version = meta.getDatabaseProductVersion();
    String driver = meta.getDriverName() + " " + meta.getDriverVersion();
    List<Setting> settings = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    String kind = product.toLowerCase(Locale.ROOT);
    if (kind.contains("postgres")) {
      String full = queryOne(connection, "SELECT version()");
      if (full != null) version = full;
      postgres(connection, config, settings, notes);
    } else if (kind.contains("mariadb") || kind.contains("mysql")) {
      String full = queryOne(connection, "SELECT VERSION()");
      if (full != null) version = full;
      mariaDb(connection, config, settings, notes);
    } else if (kind.contains("sqlite")) {
      sqlite(connection, settings, notes);
    } else if (kind.contains("h2")) {
      notes.add("H2 runs inside this process (or as its own server with tcp:// URLs); it has no connection limit to fit the pool under.");
    }
    return new ServerFacts(product, version, driver, List.copyOf(settings), List.copyOf(notes));
  }

  private static void postgres(Connection c, PoolConfig config, List<Setting> settings, List<String> notes) {
    Integer max = queryInt(c, "SELECT current_setting('max_connections')");
    Integer reserved = queryInt(c, "SELECT current_setting('superuser_reserved_connections')");
    Integer inUse = queryInt(c, "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'");
    add(settings, "max_connections", max, null);
    add(settings, "superuser_reserved_connections", reserved, null);
    add(settings, "connections_in_use", inUse, "from pg_stat_activity, this check included");
    String idleSession = queryOne(c, "SELECT current_setting('idle_session_timeout', true)");
    String idleInTx = queryOne(c, "SELECT current_setting('idle_in_transaction_session_timeout', true)");
    add(settings, "idle_session_timeout", idleSession, offWhenZero(idleSession));
    add(settings, "idle_in_transaction_session_timeout", idleInTx, offWhenZero(idleInTx));
    String statementTimeout = queryOne(c, "SELECT current_setting('statement_timeout', true)");
    add(settings, "statement_timeout", statementTimeout, offWhenZero(statementTimeout));
    if (max != null) {
      int free = max - (reserved == null ? 0 : reserved) - (inUse == null ? 0 : inUse);
      notes.add(fit(free, config));
    }
    if (idleSession != null && !isZero(idleSession)) {
      notes.add("The server ends sessions idle longer than idle_session_timeout (" + idleSession
          + "); keep the pool's keepaliveTime (" + Format.duration(config.keepaliveTime())
          + ") and idleTimeout below it, or the pool will find some connections closed.");
    }
  }

  private static void mariaDb(Connection c, PoolConfig config, List<Setting> settings, List<String> notes) {
    Integer max = queryInt(c, "SELECT @@max_connections");
    Integer perUser = queryInt(c, "SELECT @@max_user_connections");
    Integer waitTimeout = queryInt(c, "SELECT @@wait_timeout");
    Integer connected = statusInt(c, "Threads_connected");
    add(settings, "max_connections", max, null);
    add(settings, "max_user_connections", perUser, perUser != null && perUser == 0 ? "no limit" : null);
    add(settings, "Threads_connected", connected, "connections in use, this check included");
    add(settings, "wait_timeout", waitTimeout, seconds(waitTimeout));
    Integer interactiveTimeout = queryInt(c, "SELECT @@interactive_timeout");
    add(settings, "interactive_timeout", interactiveTimeout, seconds(interactiveTimeout));
    if (max != null) {
      int limit = perUser != null && perUser > 0 ? Math.min(max, perUser) : max;
      notes.add(fit(limit - (connected == null ? 0 : connected), config));
    }
    if (waitTimeout != null) {
      Duration serverIdle = Duration.ofSeconds(waitTimeout);
      Duration longestIdle = config.keepaliveTime().isZero() ? config.idleTimeout() : config.keepaliveTime();
      if (longestIdle.isZero() || longestIdle.compareTo(serverIdle) >= 0) {
        notes.add("The server closes connections idle longer than wait_timeout (" + waitTimeout
            + "s); set the pool's keepaliveTime below it so idle connections are kept alive.");
      } else {
        notes.add("wait_timeout (" + Format.duration(serverIdle) + ") is longer than the pool's keepaliveTime ("
            + Format.duration(config.keepaliveTime()) + "): idle connections stay open.");
      }
    }
  }

  private static void sqlite(Connection c, List<Setting> settings, List<String> notes) {
    String journal = queryOne(c, "PRAGMA journal_mode");
    String busy = queryOne(c, "PRAGMA busy_timeout");
    add(settings, "journal_mode", journal, null);
    add(settings, "busy_timeout", busy, "milliseconds a writer waits for the lock");
    notes.add("SQLite lets one connection write at a time; under writes, more connections mostly wait on its lock"
        + ("wal".equalsIgnoreCase(journal) ? "." : " (journal_mode=wal lets readers run alongside the writer)."));
  }

  private static String fit(int free, PoolConfig config) {
    int most = config.maxConnections();
    String pool = most == Integer.MAX_VALUE
        ? "This pool's overflow is unbounded (maxOverflow -1)"
        : "This pool opens at most " + most + " (poolSize " + config.poolSize() + " + maxOverflow " + config.maxOverflow() + ")";
    if (most == Integer.MAX_VALUE || most > free) {
      return pool + ", more than the " + Math.max(0, free) + " connections the server has free now; lower maxOverflow or raise max_connections.";
    }
    return pool + "; the server has " + free + " free now.";
  }

  private static String offWhenZero(String setting) {
    return setting != null && isZero(setting) ? "off" : null;
  }

  private static String seconds(Integer value) {
    return value == null ? null : "seconds: " + Format.duration(Duration.ofSeconds(value));
  }

  private static boolean isZero(String setting) {
    return setting.matches("0+\\s*(ms|s|min)?");
  }

  private static void add(List<Setting> settings, String name, Object value, String remark) {
    if (value != null) settings.add(new Setting(name, value.toString(), remark));
  }

  private static String queryOne(Connection c, String sql) {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    } catch (SQLException e) {
      return null;
    }
  }

  private static Integer queryInt(Connection c, String sql) {
    String value = queryOne(c, sql);
    if (value == null) return null;
    try {
      return Integer.valueOf(value.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Integer statusInt(Connection c, String variable) {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SHOW GLOBAL STATUS LIKE '" + variable + "'")) {
      return rs.next() ? Integer.valueOf(rs.getString(2).trim()) : null;
    } catch (SQLException | NumberFormatException e) {
      return null;
    }
  }
}
