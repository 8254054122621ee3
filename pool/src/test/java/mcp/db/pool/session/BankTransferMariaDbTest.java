package mcp.db.pool.session;

import mcp.db.pool.TransactionOptions;
import mcp.db.pool.TransactionOptions.Isolation;
import mcp.db.pool.support.RequiresMariaDb;
import mcp.db.pool.support.TestDatabases;

/**
 * The bank on MariaDB at REPEATABLE READ: InnoDB does not detect write skew at that level, so the
 * balance read locks its row with {@code SELECT ... FOR UPDATE}; transfers that lock two accounts
 * in opposite orders deadlock (error 1213) and are retried.
 */
@RequiresMariaDb
class BankTransferMariaDbTest extends BankTransferContract {

  @Override
  SessionFixture openFixture() {
    return SessionFixture.on(TestDatabases.mariaDb(), 16);
  }

  @Override
  TransactionOptions.Builder transferOptions() {
    return TransactionOptions.builder().isolation(Isolation.REPEATABLE_READ);
  }

  @Override
  String lockingClause() {
    return " FOR UPDATE";
  }
}
