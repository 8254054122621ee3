package mcp.db.pool.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mcp.db.pool.testkit.StubConnection;
import mcp.db.pool.testkit.StubDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The stub's failure injection and timing model. The few real waits here are of the stub itself
 * (its delays are real time by design), kept to tens of milliseconds.
 */
@StubTest
class StubFaultInjectionTest {
  private final StubDatabase db = StubDatabase.unique();

  @AfterEach
  void forgetDatabase() {
    StubDatabase.remove(db.name());
  }

  private static String sqlState(Throwable e) {
    return ((SQLException) e).getSQLState();
  }

  @Test
  void failNextExecutionsFailsExactlyThatManyWithFatalState() throws SQLException {
    db.failNextExecutions(2);
    try (StubConnection c = db.connect(); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.execute("select 1")).extracting(e -> sqlState(e))
          .isEqualTo("08006");
      assertThatThrownBy(() -> s.executeQuery("select 1")).extracting(e -> sqlState(e))
          .isEqualTo("08006");
      assertThat(s.executeQuery("select 1").next()).isTrue();
      assertThat(db.executions()).isEqualTo(3);
      assertThat(c.isValid(1)).as("an injected error does not kill the connection").isTrue();
    }
  }

  @Test
  void failExecutionsThrowsTheGivenErrorUntilCleared() throws SQLException {
    SQLException serializationFailure = new SQLException("could not serialize", "40001");
    db.failExecutions(serializationFailure);
    try (StubConnection c = db.connect(); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.execute("select 1")).isSameAs(serializationFailure);
      assertThatThrownBy(() -> s.execute("select 1")).isSameAs(serializationFailure);
      db.failExecutions(null);
      assertThat(s.execute("select 1")).isTrue();
    }
  }

  @Test
  void connectionFailureAffectsOnlyThatConnection() throws SQLException {
    SQLException terminated = new SQLException("terminating connection", "57P01");
    try (StubConnection a = db.connect(); StubConnection b = db.connect()) {
      a.failNextExecutions(1, terminated);
      assertThat(b.createStatement().execute("select 1")).isTrue();
      assertThatThrownBy(() -> a.createStatement().execute("select 1")).isSameAs(terminated);
      assertThat(a.createStatement().execute("select 1")).isTrue();
    }
  }

  @Test
  void failedConnectsAreCountedAndOpenNothing() throws SQLException {
    db.failNextConnects(2);
    assertThatThrownBy(db::connect).extracting(e -> sqlState(e)).isEqualTo("08001");
    assertThatThrownBy(db::connect).extracting(e -> sqlState(e)).isEqualTo("08001");
    db.connect().close();

    SQLException startingUp = new SQLException("the database system is starting up", "57P03");
    db.failConnects(startingUp);
    assertThatThrownBy(db::connect).isSameAs(startingUp);

    assertThat(db.connectAttempts()).isEqualTo(4);
    assertThat(db.connectionsOpened()).isEqualTo(1);
    assertThat(db.connectionsOpen()).isZero();
  }

  @Test
  void connectsBeyondMaxConnectionsAreRefusedWithTooManyConnections() throws SQLException {
    db.maxConnections(2);
    StubConnection a = db.connect();
    db.connect();
    assertThatThrownBy(db::connect).extracting(e -> sqlState(e)).isEqualTo("53300");
    a.close();
    assertThat(db.connect()).isNotNull();
    assertThat(db.connectionsOpen()).isEqualTo(2);
  }

  @Test
  void connectWaitsForTheConnectDelay() throws SQLException {
    db.connectDelay(Duration.ofMillis(40));
    long start = System.nanoTime();
    db.connect().close();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(
        Duration.ofMillis(40));
  }

  @Test
  void isValidReturnsTheConfiguredResultAfterItsDelay() throws SQLException {
    try (StubConnection c = db.connect()) {
      db.validResult(false);
      assertThat(c.isValid(1)).isFalse();
      db.validResult(true).validDelay(Duration.ofMillis(30));
      long start = System.nanoTime();
      assertThat(c.isValid(1)).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(
          Duration.ofMillis(30));
      assertThat(c.isValidCalls()).isEqualTo(2);
    }
  }

  @Test
  void isValidReturnsFalseWhenItsDelayExceedsTheTimeout() throws SQLException {
    db.validDelay(Duration.ofSeconds(30));
    try (StubConnection c = db.connect()) {
      long start = System.nanoTime();
      assertThat(c.isValid(1)).isFalse();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void queryTimeModelSeesHowManyQueriesRunAtOnce() throws Exception {
    List<Integer> seen = new CopyOnWriteArrayList<>();
    CountDownLatch allStarted = new CountDownLatch(3);
    db.queryTime(active -> {
      seen.add(active);
      allStarted.countDown();
      try {
        // Hold the first queries until all three are counted in, so the model sees concurrency.
        allStarted.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Duration.ofMillis(1);
    });
    ExecutorService threads = Executors.newFixedThreadPool(3);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        results.add(threads.submit(() -> {
          try (StubConnection c = db.connect()) {
            return c.createStatement().execute("select 1");
          }
        }));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get(10, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(seen).containsExactlyInAnyOrder(1, 2, 3);
    assertThat(db.peakActiveQueries()).isEqualTo(3);
    assertThat(db.activeQueries()).isZero();
  }

  @Test
  void cancelEndsAWaitingQueryWithQueryCanceled() throws Exception {
    db.queryDelay(Duration.ofSeconds(30));
    try (StubConnection c = db.connect(); Statement s = c.createStatement()) {
      ExecutorService thread = Executors.newSingleThreadExecutor();
      try {
        Future<?> query = thread.submit(() -> s.executeQuery("select pg_sleep(30)"));
        awaitActiveQuery();
        s.cancel();
        Throwable failure = catchThrowable(() -> query.get(5, TimeUnit.SECONDS));
        assertThat(failure).isInstanceOf(ExecutionException.class);
        failure = failure.getCause();
        assertThat(sqlState(failure)).isEqualTo("57014");
      } finally {
        thread.shutdownNow();
      }
    }
  }

  @Test
  void killDuringAQueryFailsItWithConnectionFailure() throws Exception {
    db.queryDelay(Duration.ofSeconds(30));
    try (StubConnection c = db.connect()) {
      ExecutorService thread = Executors.newSingleThreadExecutor();
      try {
        Future<?> query = thread.submit(() -> c.createStatement().execute("select 1"));
        awaitActiveQuery();
        c.kill();
        Throwable failure = catchThrowable(() -> query.get(5, TimeUnit.SECONDS));
        assertThat(failure).isInstanceOf(ExecutionException.class);
        failure = failure.getCause();
        assertThat(sqlState(failure)).isEqualTo("08006");
      } finally {
        thread.shutdownNow();
      }
    }
  }

  /** Waits (briefly polling the stub's own gauge) until the other thread's query is running. */
  private void awaitActiveQuery() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (db.activeQueries() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    assertThat(db.activeQueries()).isEqualTo(1);
  }
}
