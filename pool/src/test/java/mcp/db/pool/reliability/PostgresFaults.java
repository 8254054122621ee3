package mcp.db.pool.reliability;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import mcp.db.pool.support.TestDatabases;
import mcp.db.pool.support.TestServer;

/**
 * Server-side faults on the test PostgreSQL, aimed at one pool's sessions, which the pool marks with
 * {@code application_name} = its name: terminate or cancel its backends, count its sessions, and a
 * role whose connection limit makes the server answer "too many connections" (SQLState 53300, the
 * same as a full {@code max_connections}) without touching the shared server's real limit.
 *
 * <p>Holds one direct admin connection (not through any proxy); close it when done. Not
 * thread-safe: use it from one thread (the fault injector).
 */
final class PostgresFaults implements AutoCloseable {
  private final TestServer server = TestDatabases.postgres();
  private final Connection admin;

  PostgresFaults() throws SQLException {
    this.admin = server.connect();
    admin.setAutoCommit(true);
  }

  TestServer server() {
    return server;
  }

  /** Backend process ids of the sessions of the pool called {@code applicationName}. */
  List<Integer> backends(String applicationName) throws SQLException {
    try (PreparedStatement ps = admin.prepareStatement(
        "select pid from pg_stat_activity where application_name = ? and pid <> pg_backend_pid()"
            + " order by pid")) {
      ps.setString(1, applicationName);
      List<Integer> pids = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          pids.add(rs.getInt(1));
        }
      }
      return pids;
    }
  }

  /** Sessions the server has for the pool called {@code applicationName}. */
  int sessions(String applicationName) throws SQLException {
    return backends(applicationName).size();
  }

  /** {@code pg_terminate_backend} on every session of the pool; returns how many were told to exit. */
  int terminateAll(String applicationName) throws SQLException {
    int n = 0;
    for (int pid : backends(applicationName)) {
      if (terminate(pid)) {
        n++;
      }
    }
    return n;
  }

  /** {@code pg_terminate_backend(pid)}: the backend exits, its client gets 57P01 then EOF. */
  boolean terminate(int pid) throws SQLException {
    return call("select pg_terminate_backend(?)", pid);
  }

  /** {@code pg_cancel_backend(pid)}: the running query fails with 57014; the session survives. */
  boolean cancel(int pid) throws SQLException {
    return call("select pg_cancel_backend(?)", pid);
  }

  private boolean call(String sql, int pid) throws SQLException {
    try (PreparedStatement ps = admin.prepareStatement(sql)) {
      ps.setInt(1, pid);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  /**
   * Creates a login role that may hold at most {@code limit} sessions; connecting beyond that fails
   * with SQLState 53300 "too many connections for role", the server's answer when it is full.
   */
  void createLimitedRole(String role, int limit) throws SQLException {
    try (Statement st = admin.createStatement()) {
      st.execute("create role " + role + " login connection limit " + limit);
    }
  }

  /** Drops the role, terminating its sessions first. */
  void dropRole(String role) throws SQLException {
    try (Statement st = admin.createStatement()) {
      st.execute("select pg_terminate_backend(pid) from pg_stat_activity where usename = '" + role + "'");
      st.execute("drop role if exists " + role);
    }
  }

  /** Runs a statement on the admin connection (for setting up tables). */
  void execute(String sql) throws SQLException {
    try (Statement st = admin.createStatement()) {
      st.execute(sql);
    }
  }

  /** The admin connection itself, for reads the test needs (never through the proxy). */
  Connection admin() {
    return admin;
  }

  @Override
  public void close() throws SQLException {
    admin.close();
  }
}
