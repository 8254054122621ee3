package mcp.db.pool.cli.load;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Random;

/**
 * One unit of work a {@link Workload} worker does on a borrowed connection, such as a query or a
 * small transaction. Implementations must be safe to call from several threads at once.
 */
@FunctionalInterface
public interface Operation {
  /**
   * Does the work on {@code connection}, which the caller borrowed and will give back.
   *
   * @param connection a pooled connection
   * @param random the calling thread's random source
   * @return what kind of operation this was ("read", "write", ...), used to count them apart
   * @throws SQLException whatever the database reports; the worker counts it and carries on
   */
  String run(Connection connection, Random random) throws SQLException;
}
