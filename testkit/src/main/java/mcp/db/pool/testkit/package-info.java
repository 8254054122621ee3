/** Test and benchmark support for mcp-db-pool. */
package mcp.db.pool.testkit;
