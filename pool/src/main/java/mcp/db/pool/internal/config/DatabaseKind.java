package mcp.db.pool.internal.config;

import java.util.Locale;

/** The database family behind a JDBC URL, for the few places where the pool must know it. */
public enum DatabaseKind {
  POSTGRESQL, MARIADB, MYSQL, SQLITE, H2, OTHER;

  /** The family named by a {@code jdbc:} URL's sub-protocol; {@link #OTHER} when unknown. */
  public static DatabaseKind fromJdbcUrl(String jdbcUrl) {
    if (jdbcUrl == null) return OTHER;
    String u = jdbcUrl.toLowerCase(Locale.ROOT);
    if (u.startsWith("jdbc:postgresql:") || u.startsWith("jdbc:pgsql:")) return POSTGRESQL;
    if (u.startsWith("jdbc:mariadb:")) return MARIADB;
    if (u.startsWith("jdbc:mysql:")) return MYSQL;
    if (u.startsWith("jdbc:sqlite:")) return SQLITE;
    if (u.startsWith("jdbc:h2:")) return H2;
    return OTHER;
  }

  /** Whether vendor codes follow MySQL's numbering (MySQL and MariaDB). */
  public boolean isMySqlFamily() {
    return this == MARIADB || this == MYSQL;
  }
}
