package mcp.db.pool.reliability;

import java.sql.SQLException;
import mcp.db.pool.support.RequiresMariaDb;
import org.junit.jupiter.api.Tag;

/** Recovery on MariaDB; see {@link RecoveryContract}. */
@Tag("faults")
@RequiresMariaDb
class MariaDbRecoveryTest extends RecoveryContract {

  @Override
  ProxiedDatabase proxied(String prefix) throws SQLException {
    return new ProxiedMariaDb(prefix);
  }
}
