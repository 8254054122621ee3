package mcp.db.pool.reliability;

import java.sql.SQLException;
import mcp.db.pool.support.RequiresMariaDb;
import org.junit.jupiter.api.Tag;

/**
 * No leak on MariaDB: 4,000 operations through the fault proxy (fewer than on PostgreSQL, to keep
 * the suite short; the faults are the same); the pool logs in as a user of its own, by which its
 * sessions are found. See {@link NoLeakUnderFaultsContract} and {@link ProxiedMariaDb}.
 */
@Tag("faults")
@RequiresMariaDb
class MariaDbNoLeakUnderFaultsTest extends NoLeakUnderFaultsContract {

  @Override
  ProxiedDatabase proxied(String prefix) throws SQLException {
    return new ProxiedMariaDb(prefix);
  }

  @Override
  int operations() {
    return 4_000;
  }
}
