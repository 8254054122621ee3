package mcp.db.pool.internal.proxy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import mcp.db.pool.internal.config.DatabaseKind;
import mcp.db.pool.internal.errors.SqlErrorRules;

/**
 * A {@link ConnectionLease} for tests: lends one physical connection, decides fatality with the
 * real H2 rule table, and records every {@code inspect} and {@code release}, including any that
 * arrive after the release (which the proxy must never make).
 */
final class RecordingLease implements ConnectionLease {
  private final Connection physical;
  private final ConnectionDefaults defaults;
  private final SqlErrorRules rules = SqlErrorRules.forKind(DatabaseKind.H2);
  private final List<SQLException> inspected = new ArrayList<>();
  private int releases;
  private int callsAfterRelease;
  private boolean broken;
  private boolean aborted;

  RecordingLease(Connection physical, ConnectionDefaults defaults) {
    this.physical = physical;
    this.defaults = defaults;
  }

  /** A lease whose defaults are the connection's current state, as the pool would set it up. */
  static RecordingLease over(Connection physical) throws SQLException {
    return new RecordingLease(physical, new ConnectionDefaults(physical.getAutoCommit(),
        physical.isReadOnly(), physical.getTransactionIsolation(), physical.getCatalog(),
        physical.getSchema(), physical.getNetworkTimeout()));
  }

  @Override
  public Connection physical() {
    return physical;
  }

  @Override
  public ConnectionDefaults defaults() {
    if (releases > 0) callsAfterRelease++;
    return defaults;
  }

  @Override
  public SQLException inspect(SQLException e) {
    if (releases > 0) callsAfterRelease++;
    inspected.add(e);
    if (rules.isFatal(e)) broken = true;
    return e;
  }

  @Override
  public void markAborted() {
    if (releases > 0) callsAfterRelease++;
    aborted = true;
    broken = true;
  }

  /** Whether the proxy reported an abort. */
  boolean aborted() {
    return aborted;
  }

  @Override
  public boolean isBroken() {
    if (releases > 0) callsAfterRelease++;
    return broken;
  }

  @Override
  public void release() {
    if (releases > 0) callsAfterRelease++;
    releases++;
  }

  /** Marks the connection broken as the pool would, e.g. after a failed validation. */
  void markBroken() {
    broken = true;
  }

  /** For assertions: {@link #isBroken()} without counting as a call from the proxy. */
  boolean broken() {
    return broken;
  }

  List<SQLException> inspected() {
    return List.copyOf(inspected);
  }

  int releases() {
    return releases;
  }

  /** Calls of any lease method after the first release: must stay zero. */
  int callsAfterRelease() {
    return callsAfterRelease;
  }
}
