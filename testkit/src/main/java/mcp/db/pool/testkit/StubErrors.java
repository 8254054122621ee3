package mcp.db.pool.testkit;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;

/**
 * The exceptions the stub driver throws, with the SQLStates PostgreSQL uses for the same situations,
 * so a pool's error classification sees what it would see from a real server. Each call returns a new
 * exception.
 */
public final class StubErrors {
  /** SQLState of a connection the server terminated or that broke: fatal. */
  public static final String CONNECTION_FAILURE = "08006";
  /** SQLState of a connection attempt the server refused: fatal. */
  public static final String UNABLE_TO_CONNECT = "08001";
  /** SQLState of a call on a connection the client already closed. */
  public static final String CONNECTION_DOES_NOT_EXIST = "08003";
  /** SQLState of a server that refuses a connection beyond its limit. */
  public static final String TOO_MANY_CONNECTIONS = "53300";
  /** SQLState of a cancelled or timed-out query: not fatal. */
  public static final String QUERY_CANCELED = "57014";
  /** SQLState of a call on a closed statement or result set: not fatal. */
  public static final String OBJECT_NOT_IN_STATE = "55000";
  /** SQLState of commit or rollback outside a transaction (pgjdbc's choice). */
  public static final String NO_ACTIVE_TRANSACTION = "25P01";

  private StubErrors() {}

  /** A fatal {@value #CONNECTION_FAILURE} error, as after the server terminated the backend. */
  public static SQLException connectionFailure(String message) {
    return new SQLException("stub: " + message, CONNECTION_FAILURE);
  }

  /** A fatal {@value #UNABLE_TO_CONNECT} error, as from a refused connection attempt. */
  public static SQLException connectRefused() {
    return new SQLException("stub: connection refused", UNABLE_TO_CONNECT);
  }

  /**
   * A connect failure that echoes the connect properties, secrets included: the user and password
   * on the first line, every property on the second, and a cause that repeats the password.
   */
  static SQLException echoingCredentials(java.util.Properties info, String sqlState) {
    String password = info.getProperty("password");
    SQLException cause = new SQLException("stub: handshake rejected the password '" + password + "'",
        sqlState);
    return new SQLException("stub: authentication failed for user \"" + info.getProperty("user")
        + "\" with password \"" + password + "\"\n  Detail: connect properties " + new java.util.TreeMap<>(info),
        sqlState, cause);
  }

  /** A {@value #TOO_MANY_CONNECTIONS} error naming the limit. */
  public static SQLException tooManyConnections(int maxConnections) {
    return new SQLException("stub: too many connections (max " + maxConnections + ")",
        TOO_MANY_CONNECTIONS);
  }

  /** A {@value #QUERY_CANCELED} error after {@link java.sql.Statement#cancel()}. */
  public static SQLException cancelled() {
    return new SQLException("stub: canceling statement due to user request", QUERY_CANCELED);
  }

  /** A {@value #QUERY_CANCELED} timeout after the statement's query timeout elapsed. */
  public static SQLTimeoutException queryTimeout() {
    return new SQLTimeoutException("stub: canceling statement due to statement timeout",
        QUERY_CANCELED);
  }

  static SQLException connectionClosed() {
    return new SQLException("stub: connection is closed", CONNECTION_DOES_NOT_EXIST);
  }

  static SQLException closed(String what) {
    return new SQLException("stub: " + what + " is closed", OBJECT_NOT_IN_STATE);
  }

  static SQLException notWrapperFor(Class<?> iface, Object wrapper) {
    return new SQLException("stub: " + wrapper.getClass().getSimpleName() + " does not wrap "
        + iface.getName());
  }
}
