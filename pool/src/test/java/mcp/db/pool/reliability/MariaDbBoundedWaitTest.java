package mcp.db.pool.reliability;

import java.sql.SQLException;
import mcp.db.pool.support.RequiresMariaDb;
import org.junit.jupiter.api.Tag;

/** Bounded wait on MariaDB: the black hole of {@link BoundedWaitContract}. */
@Tag("faults")
@RequiresMariaDb
class MariaDbBoundedWaitTest extends BoundedWaitContract {

  @Override
  ProxiedDatabase proxied(String prefix) throws SQLException {
    return new ProxiedMariaDb(prefix);
  }
}
