package mcp.db.pool.session;

import mcp.db.pool.TransactionOptions;
import mcp.db.pool.TransactionOptions.Isolation;
import mcp.db.pool.support.RequiresPostgres;
import mcp.db.pool.support.TestDatabases;

/**
 * The bank on PostgreSQL at SERIALIZABLE: plain reads suffice, because the server fails one of
 * two conflicting transactions with a serialization failure (40001) or a deadlock (40P01).
 */
@RequiresPostgres
class BankTransferPostgresTest extends BankTransferContract {

  @Override
  SessionFixture openFixture() {
    return SessionFixture.on(TestDatabases.postgres(), 16);
  }

  @Override
  TransactionOptions.Builder transferOptions() {
    return TransactionOptions.builder().isolation(Isolation.SERIALIZABLE);
  }

  @Override
  String lockingClause() {
    return "";
  }
}
