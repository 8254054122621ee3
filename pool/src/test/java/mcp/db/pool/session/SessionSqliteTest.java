package mcp.db.pool.session;

import mcp.db.pool.support.SqliteTest;

/** Sessions and transaction callbacks on SQLite (a database file, several connections). */
@SqliteTest
class SessionSqliteTest extends SessionContract {

  @Override
  SessionFixture openFixture() {
    return SessionFixture.onSqlite(4);
  }
}
