package mcp.db.pool.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import mcp.db.pool.Session;
import mcp.db.pool.TransactionOptions;
import mcp.db.pool.support.RequiresMariaDb;
import mcp.db.pool.support.TestDatabases;
import org.junit.jupiter.api.Test;

/** Sessions and transaction callbacks on MariaDB. */
@RequiresMariaDb
class SessionMariaDbTest extends ServerSessionContract {

  @Override
  SessionFixture openFixture() {
    return SessionFixture.on(TestDatabases.mariaDb(), 4, SessionFixture.quickRetries(3));
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
   * error 1205. The holder lets go before the backoff ends, so the retry gets the lock.
   */
  @Test
  void lockWaitTimeoutIsRetried() throws SQLException {
    fx.run("INSERT INTO " + items + " (id, name) VALUES (1, 'initial')");
    Session holder = fx.sessions.open();
    holder.update("UPDATE " + items + " SET name = 'holder' WHERE id = 1");
    fx.beforeBackoff = () -> {
      try {
        holder.close();
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    };
    AtomicInteger attempts = new AtomicInteger();
    fx.sessions.useTransaction(TransactionOptions.defaults(), session -> {
      attempts.incrementAndGet();
      session.execute("SET SESSION innodb_lock_wait_timeout = 1");
      session.update("UPDATE " + items + " SET name = 'waiter' WHERE id = 1");
    });
    assertThat(attempts).hasValue(2);
    assertThat(fx.retries.sum()).isEqualTo(1);
    assertThat(holder.isClosed()).isTrue();
    assertThat(committedItems()).containsExactly("1:waiter");
  }
}
