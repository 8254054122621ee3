package mcp.db.pool;

import java.sql.SQLException;

/**
 * A unit of work without a result, for {@link DatabasePool#useTransaction(TransactionConsumer)}.
 * Everything said about {@link TransactionCallback} applies: it commits when the consumer returns,
 * rolls back when it throws, and may run again after a transient failure.
 */
@FunctionalInterface
public interface TransactionConsumer {

  /**
   * Does the unit of work.
   *
   * @param session the transaction's session; valid only until the consumer returns. Do not
   *     commit, roll back or close it.
   * @throws SQLException to roll back; it is retried when it is transient
   */
  void accept(Session session) throws SQLException;
}
