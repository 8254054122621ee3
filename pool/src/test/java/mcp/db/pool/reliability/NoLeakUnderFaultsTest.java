package mcp.db.pool.reliability;

import mcp.db.pool.support.RequiresPostgres;
import org.junit.jupiter.api.Tag;

/**
 * No leak on PostgreSQL: 10,000 operations through the fault proxy; the pool's sessions are found
 * by {@code application_name}. See {@link NoLeakUnderFaultsContract}.
 */
@Tag("faults")
@RequiresPostgres
class NoLeakUnderFaultsTest extends NoLeakUnderFaultsContract {

  @Override
  ProxiedDatabase proxied(String prefix) {
    return new ProxiedPostgres(prefix);
  }

  @Override
  int operations() {
    return 10_000;
  }
}
