/**
 * mcp-db-pool: a JDBC connection pool. Only {@code mcp.db.pool} is API; everything under
 * {@code mcp.db.pool.internal} may change in any release.
 */
module mcp.db.pool {
  requires transitive java.sql;
  requires transitive java.management;
  requires jdk.httpserver;
  requires org.slf4j;

  exports mcp.db.pool;
  // The MXBean interface must be visible to the platform MBean server.
  exports mcp.db.pool.internal.jmx to java.management;
}
