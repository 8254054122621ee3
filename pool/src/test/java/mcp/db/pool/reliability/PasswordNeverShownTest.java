package mcp.db.pool.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.PoolInitializationException;
import mcp.db.pool.PoolUnavailableException;
import mcp.db.pool.support.CapturedLogs;
import mcp.db.pool.support.LogLine;
import mcp.db.pool.testkit.StubDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/**
 * The password of a running pool, given in every way a user can give it, never reaches a log line,
 * an exception message, a {@code toString()}, the statistics or the metrics, also while the
 * database fails (connect failures logged, timeouts thrown, connections broken).
 */
@Tag("faults")
@Tag("stub")
class PasswordNeverShownTest {
  private static final String PASSWORD = "Pw9-s3cr&t/with?odd#chars";
  private static final String DRIVER_PASSWORD = "Pw9-driver-property-secret";

  @Test
  void aFailingPoolsLogsMessagesStatsAndMetricsNeverShowThePassword() throws Exception {
    StubDatabase db = StubDatabase.unique();
    CapturedLogs.clear();
    List<String> shown = new ArrayList<>();
    try (DatabasePool pool = DatabasePool.builder().url(db.url()).username("alice").password(PASSWORD)
        .driverProperty("password", DRIVER_PASSWORD).poolName("secretive-" + db.name()).poolSize(2)
        .maxOverflow(0).poolTimeout(Duration.ofMillis(300)).build()) {
      try (Connection c = pool.getConnection()) {
        shown.add(c.toString());
      }
      assertThat(db.lastConnectProperties().getProperty("password")).as("the driver gets it").isEqualTo(PASSWORD);
      // Break everything: connections die, new ones fail, callers time out.
      db.killAll();
      db.failConnects(new SQLException("stub: authentication failed for user alice", "28P01"));
      for (int i = 0; i < 4; i++) {
        Throwable thrown = catchThrowable(() -> {
          try (Connection c = pool.getConnection()) {
            c.createStatement().execute("select 1");
          }
        });
        shown.add(ConfigInputPropertiesTest.allText(thrown));
      }
      shown.add(pool.toString());
      shown.add(pool.config().toString());
      shown.add(pool.getPoolStats().toString());
      shown.add(pool.getPoolStats().toMap().toString());
      shown.add(pool.collectMetrics().toString());
      shown.add(pool.checkHealth().toString());
    } finally {
      StubDatabase.remove(db.name());
    }
    for (LogLine line : CapturedLogs.lines()) {
      shown.add(line.toString());
      if (line.throwable() != null) {
        shown.add(ConfigInputPropertiesTest.allText(line.throwable()));
      }
    }
    assertThat(CapturedLogs.lines()).as("the pool logged while failing").isNotEmpty();
    for (String text : shown) {
      assertThat(text).doesNotContain(PASSWORD).doesNotContain(DRIVER_PASSWORD);
    }
  }

  /**
   * A driver that echoes the password (and an {@code sslpassword} property) in its connect errors,
   * over several lines and again in the cause, and a server whose fatal error quotes it: the pool
   * passes none of it on, in its WARN lines, the exceptions it throws (whole cause chain), the
   * statistics' recent errors or the health report, on a running pool, with the circuit breaker,
   * and from {@code build()}.
   */
  @Test
  void aDriverThatEchoesThePasswordInItsErrorsNeverGetsItShown() throws Exception {
    String sslPassword = "Pw9-ssl-key-secret";
    StubDatabase db = StubDatabase.unique();
    CapturedLogs.clear();
    List<String> shown = new ArrayList<>();
    List<Throwable> thrown = new ArrayList<>();
    try {
      for (boolean breaker : new boolean[] {false, true}) {
        try (DatabasePool pool = DatabasePool.builder().url(db.url()).username("alice").password(PASSWORD)
            .driverProperty("sslpassword", sslPassword).poolName("echo-" + breaker + "-" + db.name())
            .poolSize(2).maxOverflow(0).poolTimeout(Duration.ofMillis(400)).circuitBreaker(breaker)
            .build()) {
          // A fatal error that quotes the password breaks the connection (logged) and is kept as a
          // recent error. The caller gets the driver's own exception, which the pool does not touch.
          db.failNextExecutions(1, new SQLException("stub: terminating connection\nDETAIL: role alice"
              + " password '" + PASSWORD + "'", "08006"));
          assertThat(catchThrowable(() -> {
            try (Connection c = pool.getConnection()) {
              c.createStatement().execute("select 1");
            }
          })).isInstanceOf(SQLException.class);
          assertThat(pool.getPoolStats().recentErrors()).as("the fatal error is a recent error")
              .anySatisfy(e -> assertThat(e.message()).startsWith("stub: terminating connection"));
          db.killAll();
          db.failConnectsEchoingCredentials("08001");
          for (int i = 0; i < 4; i++) {
            thrown.add(catchThrowable(() -> {
              try (Connection c = pool.getConnection()) {
                c.createStatement().execute("select 1");
              }
            }));
          }
          shown.add(pool.getPoolStats().toString());
          shown.add(pool.getPoolStats().recentErrors().toString());
          shown.add(pool.getPoolStats().toMap().toString());
          shown.add(pool.checkHealth().toString());
          shown.add(pool.collectMetrics().toString());
          assertThat(pool.getPoolStats().connectFailures()).as("connects failed").isPositive();
          db.failConnectsEchoingCredentials(null);
        }
      }
      db.failConnectsEchoingCredentials("08001");
      thrown.add(catchThrowable(() -> DatabasePool.builder().url(db.url()).username("alice")
          .password(PASSWORD).driverProperty("sslpassword", sslPassword)
          .initializationFailTimeout(Duration.ZERO).build()));
    } finally {
      StubDatabase.remove(db.name());
    }
    assertThat(thrown).as("every call failed").doesNotContainNull();
    assertThat(thrown).anySatisfy(t -> assertThat(t).isInstanceOf(PoolUnavailableException.class));
    assertThat(thrown).anySatisfy(t -> assertThat(t).isInstanceOf(PoolInitializationException.class));
    assertThat(thrown).as("the pool still says what the driver said, secrets masked")
        .anySatisfy(t -> assertThat(t.getMessage())
            .contains("authentication failed for user \"alice\" with password \"***\""));
    for (Throwable t : thrown) {
      shown.add(ConfigInputPropertiesTest.allText(t));
    }
    List<LogLine> lines = CapturedLogs.select(line -> line.contains(db.name()));
    assertThat(lines).as("the pool logged the failures").isNotEmpty();
    for (LogLine line : lines) {
      shown.add(line.toString());
      if (line.throwable() != null) {
        shown.add(ConfigInputPropertiesTest.allText(line.throwable()));
      }
    }
    assertThat(lines).filteredOn(line -> line.level() == Level.WARN)
        .as("WARN lines carry the first line of a driver's message only")
        .allSatisfy(line -> assertThat(line.message()).doesNotContain("\n").doesNotContain("Detail:"));
    for (String text : shown) {
      assertThat(text).doesNotContain(PASSWORD).doesNotContain(sslPassword);
    }
  }

  @Test
  void aPasswordInAJdbcUrlIsNotShownWhenTheDatabaseCannotBeReached() {
    CapturedLogs.clear();
    // Port 9 (discard) on loopback: nothing listens, the connect is refused at once.
    Throwable thrown = catchThrowable(() -> DatabasePool.builder()
        .url("jdbc:postgresql://127.0.0.1:9/test?user=alice&password=" + "Pw9urlSecret")
        .initializationFailTimeout(Duration.ZERO).build());
    assertThat(thrown).isNotNull();
    assertThat(ConfigInputPropertiesTest.allText(thrown)).doesNotContain("Pw9urlSecret");
    for (LogLine line : CapturedLogs.lines()) {
      assertThat(line.toString()).doesNotContain("Pw9urlSecret");
      if (line.throwable() != null) {
        assertThat(ConfigInputPropertiesTest.allText(line.throwable())).doesNotContain("Pw9urlSecret");
      }
    }
  }
}
