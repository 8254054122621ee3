package mcp.db.pool.testkit;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * One simulated database server behind the URL {@code jdbc:stub:<name>}: the behaviour its connections
 * show (delays, failures, limits, the query result) and counters of what clients did to it.
 *
 * <p>Instances live in a static registry: {@link #named(String)} creates or gets one, and the driver
 * creates one on the first connect to an unknown name. Every setting may be changed at any time from
 * any thread and applies to the next call that consults it; the setters return {@code this} so they
 * chain. Counters are exact once the threads that drove them have finished.
 *
 * <p>Design: settings are volatile fields, one-shot failure budgets are {@link AtomicInteger}s taken
 * down by CAS (so "fail the next 3" fails exactly 3 calls however many threads race), and hot
 * counters are {@link LongAdder}s so that benchmark threads do not contend on one cache line.
 * Nothing here blocks except the modelled delays, which park the calling thread.
 */
public final class StubDatabase {
  private static final Map<String, StubDatabase> REGISTRY = new ConcurrentHashMap<>();
  private static final AtomicInteger UNIQUE_NAMES = new AtomicInteger();
  private static final AtomicInteger CONNECTION_IDS = new AtomicInteger(1000);
  private static final StubResult DEFAULT_RESULT = StubResult.singleInt(1);
  /** Longer waits are cut to this, so that deadlines computed from {@code nanoTime} never overflow. */
  static final long LONGEST_WAIT_NANOS = Duration.ofDays(365).toNanos();

  private final String name;

  // Settings (see the setters for what each means).
  private volatile long connectDelayNanos;
  private volatile SQLException connectFailure;
  /** SQLState of the credential-echoing connect failure, or {@code null} when that mode is off. */
  private volatile String echoCredentialsState;
  /** Held connects wait on this; see {@link #holdConnects()}. */
  private final ReentrantLock connectGate = new ReentrantLock();
  private final Condition connectsReleased = connectGate.newCondition();
  /** Whether a new connect is held. Written under {@link #connectGate}; read without it first. */
  private volatile boolean holdingConnects;
  /** Bumped by each {@link #releaseConnects()}; a held connect waits until it changes. Guarded by {@link #connectGate}. */
  private long releases;
  private final AtomicInteger heldConnects = new AtomicInteger();
  private final AtomicInteger connectFailuresLeft = new AtomicInteger();
  private volatile boolean validResult = true;
  private volatile long validDelayNanos;
  private volatile SQLException executeFailure;
  private final AtomicInteger executeFailuresLeft = new AtomicInteger();
  private volatile SQLException nextExecuteFailure;
  private volatile long queryDelayNanos;
  private volatile Function<Integer, Duration> queryTime;
  private volatile int maxConnections;
  private volatile StubResult result = DEFAULT_RESULT;
  private volatile int updateCount;
  private volatile boolean strictTransactions = true;
  private volatile int initialIsolation = Connection.TRANSACTION_READ_COMMITTED;
  private volatile String initialCatalog;
  private volatile String initialSchema = "public";

  // What clients did.
  private final Map<Integer, StubConnection> openConnections = new ConcurrentHashMap<>();
  /** Connections currently open; reserved before a connection exists so the limit is exact. */
  private final AtomicInteger openCount = new AtomicInteger();
  private final AtomicInteger activeQueries = new AtomicInteger();
  private final AtomicInteger peakActiveQueries = new AtomicInteger();
  private final LongAdder connectAttempts = new LongAdder();
  private final LongAdder opened = new LongAdder();
  private final LongAdder closed = new LongAdder();
  private final LongAdder doubleCloses = new LongAdder();
  private final LongAdder aborts = new LongAdder();
  private final LongAdder isValidCalls = new LongAdder();
  private final LongAdder executions = new LongAdder();
  private final LongAdder commits = new LongAdder();
  private final LongAdder rollbacks = new LongAdder();
  private final LongAdder statementsCreated = new LongAdder();
  private final LongAdder statementsClosed = new LongAdder();
  private final Map<SessionSetting, LongAdder> setterCalls = new EnumMap<>(SessionSetting.class);
  private volatile Properties lastConnectProperties;

  private StubDatabase(String name) {
    this.name = name;
    this.initialCatalog = name;
    for (SessionSetting setting : SessionSetting.values()) {
      setterCalls.put(setting, new LongAdder());
    }
  }

  // ---- Registry -------------------------------------------------------------------------------

  /**
   * The database with this name, created with default settings if it does not exist yet.
   *
   * @throws IllegalArgumentException if the name is empty or contains {@code ;} or {@code ?}
   */
  public static StubDatabase named(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty() || name.indexOf(';') >= 0 || name.indexOf('?') >= 0) {
      throw new IllegalArgumentException("stub database name '" + name
          + "' must be non-empty and contain neither ';' nor '?'");
    }
    return REGISTRY.computeIfAbsent(name, StubDatabase::new);
  }

  /** A new database with a name no other test uses, such as {@code stub-17}. */
  public static StubDatabase unique() {
    return named("stub-" + UNIQUE_NAMES.incrementAndGet());
  }

  /** {@link #reset() Resets} the named database if it exists. */
  public static void reset(String name) {
    StubDatabase database = REGISTRY.get(name);
    if (database != null) database.reset();
  }

  /**
   * Removes the named database from the registry; a later connect to its URL creates a fresh one.
   * Its open connections keep working.
   *
   * @return the removed database, or {@code null} if none had the name
   */
  public static StubDatabase remove(String name) {
    return REGISTRY.remove(name);
  }

  /**
   * Restores every setting to its default and zeroes every counter. Open connections stay open and
   * stay counted by {@link #connectionsOpen()}; if they close later, {@link #connectionsClosed()}
   * counts them although {@link #connectionsOpened()} no longer does.
   */
  public void reset() {
    connectDelayNanos = 0;
    connectFailure = null;
    echoCredentialsState = null;
    releaseConnects();
    connectFailuresLeft.set(0);
    validResult = true;
    validDelayNanos = 0;
    executeFailure = null;
    executeFailuresLeft.set(0);
    nextExecuteFailure = null;
    queryDelayNanos = 0;
    queryTime = null;
    maxConnections = 0;
    result = DEFAULT_RESULT;
    updateCount = 0;
    strictTransactions = true;
    initialIsolation = Connection.TRANSACTION_READ_COMMITTED;
    initialCatalog = name;
    initialSchema = "public";
    peakActiveQueries.set(0);
    for (LongAdder counter : List.of(connectAttempts, opened, closed, doubleCloses, aborts,
        isValidCalls, executions, commits, rollbacks, statementsCreated, statementsClosed)) {
      counter.reset();
    }
    setterCalls.values().forEach(LongAdder::reset);
    lastConnectProperties = null;
  }

  /** The name in this database's URL. */
  public String name() {
    return name;
  }

  /** The URL that connects to this database: {@code jdbc:stub:<name>}. */
  public String url() {
    return StubDriver.URL_PREFIX + name;
  }

  /** A {@link DataSource} whose connections come from this database. */
  public DataSource dataSource() {
    return new StubDataSource(this);
  }

  /**
   * Opens a connection as the driver would, with no properties.
   *
   * @throws SQLException as the driver's {@code connect} does
   */
  public StubConnection connect() throws SQLException {
    return connect(new Properties());
  }

  // ---- Settings -------------------------------------------------------------------------------

  /** Every connect waits this long before it succeeds or fails; zero means no wait. */
  public StubDatabase connectDelay(Duration delay) {
    connectDelayNanos = nonNegativeNanos("connectDelay", delay);
    return this;
  }

  /** Every connect throws this exception (the same instance) until set back to {@code null}. */
  public StubDatabase failConnects(SQLException error) {
    connectFailure = error;
    return this;
  }

  /**
   * The next {@code count} connects each throw a new {@value StubErrors#UNABLE_TO_CONNECT} error;
   * zero cancels what is left of an earlier budget.
   */
  public StubDatabase failNextConnects(int count) {
    connectFailuresLeft.set(nonNegative("failNextConnects", count));
    return this;
  }

  /**
   * Every connect fails the way a careless driver might: with SQLState {@code sqlState} and a
   * message that echoes the connect properties it was given, password included, over several lines
   * (the property values on the second), with a cause whose message repeats the password. For
   * tests that a pool never shows a driver's message without removing secrets. {@code null} turns
   * the mode off; {@link #failConnects(SQLException)} takes precedence.
   */
  public StubDatabase failConnectsEchoingCredentials(String sqlState) {
    echoCredentialsState = sqlState;
    return this;
  }

  /**
   * From now on every connect blocks until {@link #releaseConnects()}, and ignores interrupts while
   * it waits, like a driver stuck in a socket read with no timeout. Then it goes on as configured
   * (the connect delay and the failure settings apply after the hold). For tests of what a pool does
   * about connects that hang longer than it is willing to wait.
   */
  public StubDatabase holdConnects() {
    connectGate.lock();
    try {
      holdingConnects = true;
    } finally {
      connectGate.unlock();
    }
    return this;
  }

  /** New connects are no longer held; those held now stay held until {@link #releaseConnects()}. */
  public StubDatabase admitNewConnects() {
    connectGate.lock();
    try {
      holdingConnects = false;
    } finally {
      connectGate.unlock();
    }
    return this;
  }

  /**
   * Lets held connects proceed, and new ones too; a connect that was interrupted while held returns
   * with its thread's interrupt status set.
   */
  public StubDatabase releaseConnects() {
    connectGate.lock();
    try {
      holdingConnects = false;
      releases++;
      connectsReleased.signalAll();
    } finally {
      connectGate.unlock();
    }
    return this;
  }

  /** What {@code isValid} returns on a live connection; {@code true} by default. */
  public StubDatabase validResult(boolean valid) {
    validResult = valid;
    return this;
  }

  /**
   * How long {@code isValid} takes; zero means no wait. When the delay exceeds the caller's
   * timeout, {@code isValid} waits for the timeout and returns {@code false}, as a real driver does.
   */
  public StubDatabase validDelay(Duration delay) {
    validDelayNanos = nonNegativeNanos("validDelay", delay);
    return this;
  }

  /** Every execution throws this exception (the same instance) until set back to {@code null}. */
  public StubDatabase failExecutions(SQLException error) {
    executeFailure = error;
    return this;
  }

  /**
   * The next {@code count} executions on any connection each throw a new fatal
   * {@value StubErrors#CONNECTION_FAILURE} error. The connection itself keeps working (use
   * {@link StubConnection#kill()} for a dead one); zero cancels what is left of an earlier budget.
   */
  public StubDatabase failNextExecutions(int count) {
    return failNextExecutions(count, null);
  }

  /**
   * The next {@code count} executions on any connection throw {@code error} (the same instance), or
   * a new {@value StubErrors#CONNECTION_FAILURE} error when it is {@code null}.
   */
  public StubDatabase failNextExecutions(int count, SQLException error) {
    nextExecuteFailure = error;
    executeFailuresLeft.set(nonNegative("failNextExecutions", count));
    return this;
  }

  /**
   * Every execution takes this long; zero means it returns at once. Ignored while a
   * {@link #queryTime(Function)} model is set.
   */
  public StubDatabase queryDelay(Duration delay) {
    queryDelayNanos = nonNegativeNanos("queryDelay", delay);
    return this;
  }

  /**
   * A model of query time under load: each execution counts itself into the number of queries
   * executing at once (itself included), asks the model how long it takes at that concurrency, and
   * parks that long. {@code null} removes the model; a {@code null} or non-positive duration from
   * the model means no wait. Simulates a database whose capacity is limited, for sizing tests:
   * <pre>{@code
   * // 5 ms alone, and each concurrent query beyond 4 adds 5 ms (an overloaded 4-core server)
   * database.queryTime(active -> Duration.ofMillis(5L * Math.max(1, active - 3)));
   * }</pre>
   */
  public StubDatabase queryTime(Function<Integer, Duration> model) {
    queryTime = model;
    return this;
  }

  /**
   * The most connections open at once; further connects throw
   * {@value StubErrors#TOO_MANY_CONNECTIONS}. Zero or negative means no limit. Lowering the limit
   * does not close connections already open.
   */
  public StubDatabase maxConnections(int max) {
    maxConnections = Math.max(0, max);
    return this;
  }

  /** The result every query returns from now on; the default is one row with the int 1. */
  public StubDatabase result(StubResult newResult) {
    result = Objects.requireNonNull(newResult, "result");
    return this;
  }

  /** The update count every update returns; {@code 0} by default. */
  public StubDatabase updateCount(int count) {
    updateCount = nonNegative("updateCount", count);
    return this;
  }

  /**
   * Whether {@code commit()} and {@code rollback()} in auto-commit mode throw, as PostgreSQL's
   * driver does ({@code true}, the default), or are ignored, as H2's is. Ignored calls are not
   * counted.
   */
  public StubDatabase strictTransactions(boolean strict) {
    strictTransactions = strict;
    return this;
  }

  /** The isolation level new connections start with; read committed by default. */
  public StubDatabase initialIsolation(int level) {
    initialIsolation = StubConnection.checkIsolation(level);
    return this;
  }

  /** The catalog new connections start with; the database name by default. */
  public StubDatabase initialCatalog(String catalog) {
    initialCatalog = catalog;
    return this;
  }

  /** The schema new connections start with; {@code public} by default. */
  public StubDatabase initialSchema(String schema) {
    initialSchema = schema;
    return this;
  }

  // ---- Counters and observations --------------------------------------------------------------

  /** Connects held now by {@link #holdConnects()}. */
  public int heldConnects() { return heldConnects.get(); }

  /** Calls to connect, successful or not. */
  public long connectAttempts() { return connectAttempts.sum(); }

  /** Connections opened. */
  public long connectionsOpened() { return opened.sum(); }

  /** Connections closed (or aborted) for the first time. */
  public long connectionsClosed() { return closed.sum(); }

  /** Connections open now, killed ones included until the client closes them. */
  public int connectionsOpen() { return openCount.get(); }

  /**
   * Calls to {@code close()} or {@code abort()} on a connection that was already closed: a pool
   * that releases each physical connection exactly once keeps this at zero.
   */
  public long doubleCloses() { return doubleCloses.sum(); }

  /** Connections ended by {@code abort()} (also counted by {@link #connectionsClosed()}). */
  public long aborts() { return aborts.sum(); }

  /** Calls to {@code isValid} on all connections. */
  public long isValidCalls() { return isValidCalls.sum(); }

  /** Statement executions on all connections, failed ones included; a batch counts once. */
  public long executions() { return executions.sum(); }

  /** Commits, including the implicit one when auto-commit is switched on inside a transaction. */
  public long commits() { return commits.sum(); }

  /** Rollbacks of whole transactions (not to savepoints). */
  public long rollbacks() { return rollbacks.sum(); }

  /** Statements created and not yet closed by their own {@code close()}. */
  public long statementsOpen() { return statementsCreated.sum() - statementsClosed.sum(); }

  /** Calls to one session setter on all connections; failed calls are not counted. */
  public long setterCalls(SessionSetting setting) { return setterCalls.get(setting).sum(); }

  /** Queries executing now; only queries that wait for a delay or a modelled time are counted. */
  public int activeQueries() { return activeQueries.get(); }

  /** The most queries ever counted by {@link #activeQueries()} at once. */
  public int peakActiveQueries() { return peakActiveQueries.get(); }

  /** A copy of the properties of the last connect, or {@code null} before the first. */
  public Properties lastConnectProperties() {
    Properties last = lastConnectProperties;
    if (last == null) return null;
    Properties copy = new Properties();
    copy.putAll(last);
    return copy;
  }

  /** The connections open now, oldest first. */
  public List<StubConnection> openConnections() {
    List<StubConnection> list = new ArrayList<>(openConnections.values());
    list.sort(Comparator.comparingInt(StubConnection::id));
    return list;
  }

  /**
   * {@link StubConnection#kill() Kills} every open connection, as a server restart would.
   *
   * @return how many were killed
   */
  public int killAll() {
    int killed = 0;
    for (StubConnection connection : openConnections.values()) {
      connection.kill();
      killed++;
    }
    return killed;
  }

  @Override
  public String toString() {
    return "StubDatabase[" + name + ": opened=" + connectionsOpened() + ", closed="
        + connectionsClosed() + ", open=" + connectionsOpen() + ", doubleCloses=" + doubleCloses()
        + ", isValid=" + isValidCalls() + ", executions=" + executions() + ", commits=" + commits()
        + ", rollbacks=" + rollbacks() + "]";
  }

  // ---- Driver side ----------------------------------------------------------------------------

  StubConnection connect(Properties info) throws SQLException {
    connectAttempts.increment();
    Properties copy = new Properties();
    if (info != null) copy.putAll(info);
    lastConnectProperties = copy;

    if (holdingConnects) awaitReleaseIfHeld(); // one volatile read when connects are not held
    long delay = connectDelayNanos;
    if (delay > 0 && !pause(delay)) {
      throw new SQLException("stub: interrupted while connecting", StubErrors.UNABLE_TO_CONNECT);
    }
    SQLException failure = connectFailure;
    if (failure != null) throw failure;
    String echoState = echoCredentialsState;
    if (echoState != null) throw StubErrors.echoingCredentials(copy, echoState);
    if (takeOne(connectFailuresLeft)) throw StubErrors.connectRefused();

    int max = maxConnections;
    for (int open = openCount.get(); ; open = openCount.get()) {
      if (max > 0 && open >= max) throw StubErrors.tooManyConnections(max);
      if (openCount.compareAndSet(open, open + 1)) break;
    }
    StubConnection connection = new StubConnection(this, CONNECTION_IDS.incrementAndGet(),
        initialIsolation, initialCatalog, initialSchema);
    openConnections.put(connection.id(), connection);
    opened.increment();
    return connection;
  }

  /**
   * Waits for {@link #releaseConnects()} without noticing interrupts, as a driver stuck in a
   * blocking socket read does not; the interrupt status is set again on return.
   */
  private void awaitReleaseIfHeld() {
    connectGate.lock();
    try {
      if (!holdingConnects) return;
      heldConnects.incrementAndGet();
      long release = releases;
      while (releases == release) connectsReleased.awaitUninterruptibly();
      heldConnects.decrementAndGet();
    } finally {
      connectGate.unlock();
    }
  }

  void connectionClosed(StubConnection connection, boolean aborted) {
    openConnections.remove(connection.id());
    openCount.decrementAndGet();
    closed.increment();
    if (aborted) aborts.increment();
  }

  void doubleClose() { doubleCloses.increment(); }

  void isValidCalled() { isValidCalls.increment(); }

  void executed() { executions.increment(); }

  void committed() { commits.increment(); }

  void rolledBack() { rollbacks.increment(); }

  void statementCreated() { statementsCreated.increment(); }

  void statementClosed() { statementsClosed.increment(); }

  void setterCalled(SessionSetting setting) { setterCalls.get(setting).increment(); }

  boolean validResult() { return validResult; }

  long validDelayNanos() { return validDelayNanos; }

  StubResult result() { return result; }

  int updateCount() { return updateCount; }

  boolean strictTransactions() { return strictTransactions; }

  /** The failure the next execution must throw, or {@code null}; takes from the budget. */
  SQLException executeFailure() {
    SQLException always = executeFailure;
    if (always != null) return always;
    if (takeOne(executeFailuresLeft)) {
      SQLException next = nextExecuteFailure;
      return next != null ? next : StubErrors.connectionFailure("injected fatal error");
    }
    return null;
  }

  /** Whether executions take time at all, so the fast path can skip the bookkeeping. */
  boolean queriesTakeTime() {
    return queryTime != null || queryDelayNanos > 0;
  }

  /** Counts a timed query in and returns how long it takes; pair with {@link #queryFinished()}. */
  long queryStarted() {
    int active = activeQueries.incrementAndGet();
    for (int peak = peakActiveQueries.get(); active > peak; peak = peakActiveQueries.get()) {
      if (peakActiveQueries.compareAndSet(peak, active)) break;
    }
    Function<Integer, Duration> model = queryTime;
    if (model == null) return queryDelayNanos;
    Duration time = model.apply(active);
    return time == null || time.isNegative() ? 0 : saturatedNanos(time);
  }

  void queryFinished() {
    activeQueries.decrementAndGet();
  }

  /** Takes one from a budget if any is left; one volatile read when it is empty. */
  static boolean takeOne(AtomicInteger budget) {
    for (int left = budget.get(); left > 0; left = budget.get()) {
      if (budget.compareAndSet(left, left - 1)) return true;
    }
    return false;
  }

  /**
   * Parks the calling thread for {@code nanos}; returns {@code false} early if it is interrupted,
   * leaving its interrupt status set.
   */
  static boolean pause(long nanos) {
    nanos = Math.min(nanos, LONGEST_WAIT_NANOS);
    long deadline = System.nanoTime() + nanos;
    for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
      LockSupport.parkNanos(left);
      if (Thread.currentThread().isInterrupted()) return false;
    }
    return true;
  }

  private static long nonNegativeNanos(String setting, Duration duration) {
    Objects.requireNonNull(duration, setting);
    if (duration.isNegative()) {
      throw new IllegalArgumentException(setting + " was " + duration + " but must be >= 0");
    }
    return saturatedNanos(duration);
  }

  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  private static int nonNegative(String setting, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(setting + " was " + value + " but must be >= 0");
    }
    return value;
  }
}
