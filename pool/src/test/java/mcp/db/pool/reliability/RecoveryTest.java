package mcp.db.pool.reliability;

import mcp.db.pool.support.RequiresPostgres;
import org.junit.jupiter.api.Tag;

/** Recovery on PostgreSQL; see {@link RecoveryContract}. */
@Tag("faults")
@RequiresPostgres
class RecoveryTest extends RecoveryContract {

  @Override
  ProxiedDatabase proxied(String prefix) {
    return new ProxiedPostgres(prefix);
  }
}
