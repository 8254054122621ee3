package mcp.db.pool.internal.errors;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import mcp.db.pool.internal.config.DatabaseKind;

/**
 * Which SQL errors mean the connection must be thrown away, and which mean that running the
 * transaction again may succeed, for each database family. All the SQLStates and vendor codes the
 * pool reacts to are written down in this one class.
 *
 * <p><b>Fatal</b> ({@link #isFatal}): the physical connection can no longer be trusted, so the pool
 * closes it when it comes back instead of lending it again. Every family treats as fatal:
 *
 * <ul>
 *   <li>{@link SQLNonTransientConnectionException} and {@link SQLRecoverableException}, whatever
 *       their SQLState: the JDBC spec defines both as "the connection is gone";
 *   <li>SQLState class {@code 08} (connection exception).
 * </ul>
 *
 * The family tables below add what each server reports when it ends a session. An
 * {@link SQLTimeoutException} is never fatal by itself (the driver timed out one statement and the
 * connection is still usable); neither are a cancelled query ({@code 57014}), a constraint
 * violation ({@code 23xxx}) or a serialization failure ({@code 40001}). Those appear nowhere in the
 * tables, so they fall through to "not fatal".
 *
 * <p><b>Transient</b> ({@link #isTransient}): the transaction lost a race with another one and was
 * rolled back (or must be); the connection is fine and the same work may succeed when retried.
 *
 * <p>Both questions look at the whole exception, not just its top: drivers put the real error in
 * {@link SQLException#getNextException()} (batch failures) or in {@link Throwable#getCause()}
 * (wrappers such as H2's "exception calling user-defined function"). Up to {@value #MAX_LINKS}
 * links are examined, each at most once, so a cyclic chain cannot loop.
 *
 * <p>Vendor codes are only consulted for the MySQL family: other drivers either report none
 * (PostgreSQL) or use numbers that mean something else.
 *
 * <p>Instances are immutable and shared; {@link #forKind} never allocates.
 */
public final class SqlErrorRules {
  /** How many exceptions of one chain (next exceptions and causes together) are looked at. */
  static final int MAX_LINKS = 32;

  /** What every family treats as fatal by SQLState: class 08, connection exception. */
  private static final Set<String> CONNECTION_EXCEPTION = Set.of("08");

  /** 40001 serialization_failure: SQL:2011's "transaction rollback, serialization failure". */
  private static final String SERIALIZATION_FAILURE = "40001";

  /** Databases with no table of their own: H2, SQLite and drivers the pool does not know. */
  private static final SqlErrorRules GENERIC = new SqlErrorRules("generic",
      CONNECTION_EXCEPTION, Set.of(), Set.of(),
      Set.of(SERIALIZATION_FAILURE), Set.of());

  /**
   * PostgreSQL. The fatal classes are the ones pgjdbc itself treats as "connection is unusable";
   * the single states are the FATAL-level errors with which the server ends a session.
   */
  private static final SqlErrorRules POSTGRESQL = new SqlErrorRules("PostgreSQL",
      Set.of(
          "08", // connection exception
          "53", // insufficient resources: out of memory, disk full, too many connections
          "58", // system error: I/O error in the server
          "60", // in pgjdbc's list; no current server error uses this class
          "99", // pgjdbc's "unexpected error" (99999)
          "F0", // configuration file error
          "XX"), // internal error, data or index corrupted
      Set.of(
          "57P01", // admin_shutdown: pg_terminate_backend() or a fast/smart shutdown
          "57P02", // crash_shutdown: another backend crashed, this one was told to exit
          "57P03", // cannot_connect_now: the server is starting up or shutting down
          "57P04", // database_dropped: the session's database no longer exists
          "57P05", // idle_session_timeout (PostgreSQL 14+): the server closed the session
          "25P03", // idle_in_transaction_session_timeout: the server closed the session
          "25P04"), // transaction_timeout (PostgreSQL 17+): the server closed the session
      Set.of(),
      Set.of(
          SERIALIZATION_FAILURE,
          "40P01"), // deadlock_detected
      Set.of());

  /**
   * MySQL and MariaDB. Client-side errors (2xxx) all carry SQLState HY000 and many server errors
   * reach the driver without a meaningful state, so this family relies on vendor codes. SQLState
   * 70100 ("query interrupted", KILL QUERY and max_statement_time) is deliberately not fatal; only
   * MariaDB's 1927, which shares that state, is.
   */
  private static final SqlErrorRules MYSQL = new SqlErrorRules("MySQL",
      CONNECTION_EXCEPTION, Set.of(),
      Set.of(
          1040, // ER_CON_COUNT_ERROR: too many connections (seen while connecting)
          1053, // ER_SERVER_SHUTDOWN: server shutdown in progress
          1152, // ER_ABORTING_CONNECTION: the server aborted the connection
          1153, // ER_NET_PACKET_TOO_LARGE: the server closes the connection after it
          1154, // ER_NET_READ_ERROR_FROM_PIPE
          1155, // ER_NET_FCNTL_ERROR
          1156, // ER_NET_PACKETS_OUT_OF_ORDER
          1157, // ER_NET_UNCOMPRESS_ERROR
          1158, // ER_NET_READ_ERROR
          1159, // ER_NET_READ_INTERRUPTED
          1160, // ER_NET_ERROR_ON_WRITE
          1161, // ER_NET_WRITE_INTERRUPTED
          1927, // ER_CONNECTION_KILLED (MariaDB): KILL CONNECTION, reported with SQLState 70100
          2006, // CR_SERVER_GONE_ERROR: "MySQL server has gone away"
          2013, // CR_SERVER_LOST: lost connection during a query
          4031), // ER_CLIENT_INTERACTION_TIMEOUT (MySQL 8.0.24+): closed by wait_timeout
      Set.of(SERIALIZATION_FAILURE),
      Set.of(
          1205, // ER_LOCK_WAIT_TIMEOUT: innodb_lock_wait_timeout expired
          1213)); // ER_LOCK_DEADLOCK: chosen as deadlock victim, transaction rolled back

  private final String family;
  private final Set<String> fatalStateClasses;
  private final Set<String> fatalStates;
  private final Set<Integer> fatalVendorCodes;
  private final Set<String> transientStates;
  private final Set<Integer> transientVendorCodes;

  private SqlErrorRules(String family, Set<String> fatalStateClasses, Set<String> fatalStates,
      Set<Integer> fatalVendorCodes, Set<String> transientStates,
      Set<Integer> transientVendorCodes) {
    this.family = family;
    this.fatalStateClasses = fatalStateClasses;
    this.fatalStates = fatalStates;
    this.fatalVendorCodes = fatalVendorCodes;
    this.transientStates = transientStates;
    this.transientVendorCodes = transientVendorCodes;
  }

  /**
   * The rules for a database family. {@link DatabaseKind#H2}, {@link DatabaseKind#SQLITE} and
   * {@link DatabaseKind#OTHER} share the generic rules.
   *
   * @throws NullPointerException if {@code kind} is null
   */
  public static SqlErrorRules forKind(DatabaseKind kind) {
    switch (kind) {
      case POSTGRESQL:
        return POSTGRESQL;
      case MYSQL:
      case MARIADB:
        return MYSQL;
      case H2:
      case SQLITE:
      case OTHER:
        return GENERIC;
      default:
        throw new AssertionError("unhandled database kind " + kind);
    }
  }

  /**
   * Whether {@code e}, or any exception chained to it, says the connection it came from can no
   * longer be used. A {@code null} argument is not fatal.
   */
  public boolean isFatal(SQLException e) {
    for (SQLException link : links(e)) {
      if (isFatalLink(link)) return true;
    }
    return false;
  }

  /**
   * Whether {@code e}, or any exception chained to it, reports a serialization failure, a deadlock
   * or a lock wait timeout: the transaction failed because of concurrent transactions and running
   * it again from the start may succeed. A {@code null} argument is not transient.
   */
  public boolean isTransient(SQLException e) {
    for (SQLException link : links(e)) {
      String state = link.getSQLState();
      if (state != null && transientStates.contains(state)) return true;
      if (!transientVendorCodes.isEmpty() && transientVendorCodes.contains(link.getErrorCode())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The first two characters of the exception's SQLState (its class, e.g. {@code "08"}), or
   * {@code "unknown"} when the driver gave none or one too short to have a class. For logs and
   * metrics tags.
   */
  public static String sqlStateClass(SQLException e) {
    String state = e == null ? null : e.getSQLState();
    return state == null || state.length() < 2 ? "unknown" : state.substring(0, 2);
  }

  /** The family these rules are for, e.g. {@code "PostgreSQL"}. */
  @Override
  public String toString() {
    return "SqlErrorRules[" + family + "]";
  }

  private boolean isFatalLink(SQLException e) {
    // A driver timing out one statement leaves the session usable, whatever state it reports.
    if (e instanceof SQLTimeoutException) return false;
    if (e instanceof SQLNonTransientConnectionException || e instanceof SQLRecoverableException) {
      return true;
    }
    String state = e.getSQLState();
    if (state != null && state.length() >= 2) {
      if (fatalStateClasses.contains(state.substring(0, 2)) || fatalStates.contains(state)) {
        return true;
      }
    }
    return !fatalVendorCodes.isEmpty() && fatalVendorCodes.contains(e.getErrorCode());
  }

  /**
   * The SQL exceptions reachable from {@code top} through next exceptions and causes, {@code top}
   * first, each once, at most {@link #MAX_LINKS} of them. Causes that are not SQL exceptions are
   * followed (a driver may wrap an SQLException in an I/O error) but not returned. Runs only when
   * the driver has already thrown, so the small allocations here do not matter.
   */
  static List<SQLException> links(SQLException top) {
    List<SQLException> found = new ArrayList<>();
    if (top == null) return found;
    List<Throwable> seen = new ArrayList<>();
    Deque<Throwable> pending = new ArrayDeque<>();
    pending.add(top);
    while (!pending.isEmpty() && seen.size() < MAX_LINKS) {
      Throwable t = pending.poll();
      if (containsIdentical(seen, t)) continue;
      seen.add(t);
      if (t instanceof SQLException) {
        SQLException sql = (SQLException) t;
        found.add(sql);
        SQLException next = sql.getNextException();
        if (next != null) pending.add(next);
      }
      Throwable cause = t.getCause();
      if (cause != null) pending.add(cause);
    }
    return found;
  }

  /** Identity, not equals: an exception class may override equals. */
  private static boolean containsIdentical(List<Throwable> list, Throwable t) {
    for (Throwable each : list) {
      if (each == t) return true;
    }
    return false;
  }
}
