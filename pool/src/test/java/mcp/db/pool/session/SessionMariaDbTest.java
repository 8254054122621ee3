package mcp.db.pool.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import mcp.db.pool.Session;
import mcp.db.pool.support.RequiresMariaDb;
import mcp.db.pool.support.TestDatabases;
import org.junit.jupiter.api.Test;

/** Sessions and transaction callbacks on MariaDB. */
@RequiresMariaDb
class SessionMariaDbTest extends ServerSessionContract {

  @Override
  SessionFixture openFixture() {
    return SessionFixture.on(TestDatabases.mariaDb(), 4);
  }

  @Override
  long backendId(Session session) throws SQLException {
    return session.queryOne("SELECT CONNECTION_ID()", row -> row.getLong(1));
  }

  @Override
  void killBackend(long id) throws SQLException {
    try (Connection c = fx.direct()) {
      try (Statement kill = c.createStatement()) {
        kill.execute("KILL CONNECTION " + id);
      }
      SessionPostgresTest.waitUntilGone(c,
          "SELECT count(*) FROM information_schema.PROCESSLIST WHERE ID = ?", id);
    }
  }

  /**
   * Another session holds the row lock; the callback's UPDATE waits one second and fails with
   * error 1205. The retry lets the holder go before it asks for the lock again, so it gets it.
   */
  @Test
  void lockWaitTimeoutIsRetried() throws SQLException {
    fx.run("INSERT INTO " + items + " (id, name) VALUES (1, 'initial')");
    Session holder = fx.pool.getSession();
    holder.update("UPDATE " + items + " SET name = 'holder' WHERE id = 1");
    AtomicInteger attempts = new AtomicInteger();
    fx.pool.useTransaction(session -> {
      if (attempts.incrementAndGet() == 2) holder.close();
      session.execute("SET SESSION innodb_lock_wait_timeout = 1");
      session.update("UPDATE " + items + " SET name = 'waiter' WHERE id = 1");
    });
    assertThat(attempts).hasValue(2);
    assertThat(fx.pool.getPoolStats().retries()).isEqualTo(1);
    assertThat(holder.isClosed()).isTrue();
    assertThat(committedItems()).containsExactly("1:waiter");
  }
}
