package mcp.db.pool.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.PoolInitializationException;
import mcp.db.pool.support.CapturedLogs;
import mcp.db.pool.support.RequiresMariaDb;
import mcp.db.pool.support.RequiresPostgres;
import mcp.db.pool.support.TestDatabases;
import mcp.db.pool.support.TestServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Fail fast: {@code build()} against a database that is down gives up after
 * initializationFailTimeout (retrying with a backoff until then), and a wrong password fails at
 * once with the server's own message, the password nowhere in it or in the log.
 */
@Tag("faults")
class FailFastTest {

  @Test
  @RequiresPostgres
  void buildFailsAfterInitializationFailTimeoutWhileTheDatabaseIsDown() throws Exception {
    try (ProxiedPostgres pg = new ProxiedPostgres("down")) {
      pg.proxy.refuseConnections();
      Duration ift = Duration.ofMillis(1_500);
      long start = System.nanoTime();
      PoolInitializationException e = catchThrowableOfType(PoolInitializationException.class,
          () -> pg.builder(5).initializationFailTimeout(ift).build());
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      long attempts = pg.proxy.refusedConnections();
      System.out.printf("database down: build() failed after %d ms (initializationFailTimeout %d ms)"
          + " with %d connection attempts%n", tookMillis, ift.toMillis(), attempts);
      assertThat(e).as("build() must fail").isNotNull();
      assertThat(e.getMessage()).contains(pg.poolName).contains(pg.proxy.address());
      // Retried until the deadline (less the last backoff step), and no longer than one more connect.
      assertThat(tookMillis).isBetween(ift.toMillis() - 600, ift.toMillis() + 1_500);
      assertThat(attempts).as("retried with a backoff, not once and not a storm").isBetween(2L, 15L);
      assertThat(Eventually.threadsNamed(pg.poolName + "-")).as("threads left by a failed build")
          .isEmpty();
    }
  }

  @Test
  @RequiresPostgres
  void buildWithZeroInitializationFailTimeoutTriesOnceAndFailsAtOnce() throws Exception {
    try (ProxiedPostgres pg = new ProxiedPostgres("once")) {
      pg.proxy.refuseConnections();
      long start = System.nanoTime();
      PoolInitializationException e = catchThrowableOfType(PoolInitializationException.class,
          () -> pg.builder(5).initializationFailTimeout(Duration.ZERO).build());
      assertThat(e).isNotNull();
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1_000);
      assertThat(pg.proxy.refusedConnections()).isEqualTo(1);
    }
  }

  @Test
  @RequiresMariaDb
  void wrongPasswordFailsAtOnceWithTheServersMessageAndThePasswordRedacted() throws Exception {
    TestServer mariaDb = TestDatabases.mariaDb();
    String user = TestDatabases.uniqueName("mcp_pw");
    String rightPassword = "Right-" + TestDatabases.uniqueName("pw");
    String wrongPassword = "Wrong-" + TestDatabases.uniqueName("pw");
    try (Connection admin = mariaDb.connect(); Statement st = admin.createStatement()) {
      st.execute("create user '" + user + "'@'%' identified by '" + rightPassword + "'");
      st.execute("create user '" + user + "'@'localhost' identified by '" + rightPassword + "'");
      try {
        CapturedLogs.clear();
        long start = System.nanoTime();
        // A generous initializationFailTimeout: retrying a rejected password cannot help, so the
        // pool must not spend it.
        PoolInitializationException e = catchThrowableOfType(PoolInitializationException.class,
            () -> DatabasePool.builder().url(mariaDb.url()).username(user).password(wrongPassword)
                .poolName(user).initializationFailTimeout(Duration.ofSeconds(5)).build());
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.printf("wrong password: build() failed after %d ms: %s%n", tookMillis,
            e == null ? null : e.getMessage());
        assertThat(e).as("build() with a wrong password must fail").isNotNull();
        assertThat(e.getMessage()).contains("Access denied").contains(user)
            .doesNotContain(wrongPassword).doesNotContain(rightPassword);
        assertThat(CapturedLogs.matching(wrongPassword)).isEmpty();
        assertThat(CapturedLogs.select(line -> line.toString().contains(wrongPassword))).isEmpty();
        assertThat(tookMillis).as("a wrong password is not retried for initializationFailTimeout")
            .isLessThan(2_000);
      } finally {
        st.execute("drop user if exists '" + user + "'@'%'");
        st.execute("drop user if exists '" + user + "'@'localhost'");
      }
    }
  }
}
