package mcp.db.pool.observability;

import static mcp.db.pool.observability.PoolStatsTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.HealthReport;
import mcp.db.pool.HealthStatus;
import mcp.db.pool.PoolHttpServer;
import mcp.db.pool.support.CapturedLogs;
import mcp.db.pool.support.RequiresPostgres;
import mcp.db.pool.support.TestDatabases;
import mcp.db.pool.support.TestServer;
import mcp.db.pool.testkit.FaultProxy;
import mcp.db.pool.testkit.StubDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Health: UP, DEGRADED and DOWN, over {@code checkHealth()} and {@code /health}, through outages. */
class HealthTest {
  private static final String PASSWORD = "Pw-health-4be0d2";
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private StubDatabase db;

  @AfterEach
  void close() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
    if (db != null) {
      StubDatabase.remove(db.name());
    }
  }

  private DatabasePool stubPool() {
    db = StubDatabase.unique();
    DatabasePool pool = DatabasePool.builder().url(db.url()).username("app").password(PASSWORD)
        .poolName("health-" + db.name()).poolSize(2).maxOverflow(0).minIdle(2)
        .poolTimeout(Duration.ofSeconds(30)).build();
    closeables.add(pool);
    return pool;
  }

  private PoolHttpServer serve(DatabasePool pool) throws Exception {
    PoolHttpServer server = PoolHttpServer.start(
        PoolHttpServer.options().healthTimeout(Duration.ofMillis(500)), pool);
    closeables.add(server);
    return server;
  }

  /** Polls /health until it answers {@code code}; returns that response. */
  private static HttpResponse<String> awaitHealth(URI health, int code) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    HttpResponse<String> r;
    do {
      r = Http.get(health);
      if (r.statusCode() == code) {
        return r;
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("/health never answered " + code + "; last: " + r.statusCode() + " " + r.body());
  }

  @Tag("stub")
  @Test
  void healthyPoolIsUpWithARoundTrip() {
    DatabasePool pool = stubPool();
    HealthReport r = pool.checkHealth();
    assertThat(r.status()).isEqualTo(HealthStatus.UP);
    assertThat(r.reasons()).isEmpty();
    assertThat(r.databaseReachable()).isTrue();
    assertThat(r.roundTrip()).isNotNull();
    assertThat(r.toJson()).contains("\"status\":\"UP\"").doesNotContain(PASSWORD);
  }

  @Tag("stub")
  @Test
  void exhaustedPoolWithWaitingCallersIsDegraded() throws Exception {
    DatabasePool pool = stubPool();
    Connection a = pool.getConnection();
    Connection b = pool.getConnection();
    HealthReport r = pool.checkHealth(Duration.ofMillis(200));
    assertThat(r.status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(r.reasons()).anySatisfy(reason -> assertThat(reason).contains("exhausted"));
    a.close();
    b.close();
    await(() -> pool.checkHealth().status() == HealthStatus.UP, "health is UP again");
  }

  @Tag("stub")
  @Test
  void closedPoolIsDown() {
    DatabasePool pool = stubPool();
    pool.close();
    assertThat(pool.checkHealth().status()).isEqualTo(HealthStatus.DOWN);
  }

  @Tag("stub")
  @Test
  void healthEndpointTurnsDownWhenTheStubDatabaseDiesAndUpWhenItReturns() throws Exception {
    CapturedLogs.clear();
    DatabasePool pool = stubPool();
    URI health = serve(pool).uri().resolve("/health");
    HttpResponse<String> up = awaitHealth(health, 200);
    assertThat(up.body()).contains("\"status\":\"UP\"");
    assertThat(up.headers().firstValue("Content-Type")).hasValue("application/json");

    db.failConnects(new SQLException("stub: connection refused", "08001"));
    db.killAll();
    HttpResponse<String> down = awaitHealth(health, 503);
    assertThat(down.body()).contains("\"status\":\"DOWN\"").contains("\"database_reachable\":false");

    db.failConnects(null);
    HttpResponse<String> back = awaitHealth(health, 200);
    assertThat(back.body()).contains("\"status\":\"UP\"");
    assertThat(up.body() + down.body() + back.body()).doesNotContain(PASSWORD);
    assertThat(CapturedLogs.matching(PASSWORD)).isEmpty();
  }

  @RequiresPostgres
  @Test
  void healthEndpointTurnsDownWhenPostgresIsCutOffAndUpWhenItReturns() throws Exception {
    TestServer pg = TestDatabases.postgres();
    FaultProxy proxy = FaultProxy.inFrontOf(pg.url(), 5432);
    closeables.add(proxy);
    DatabasePool pool = DatabasePool.builder().url(proxy.redirect(pg.url()))
        .username(pg.user()).password(pg.password())
        .driverProperty("connectTimeout", "2").driverProperty("socketTimeout", "5")
        .poolName(TestDatabases.uniqueName("pghealth")).poolSize(2).maxOverflow(0).minIdle(2)
        .poolTimeout(Duration.ofSeconds(30)).build();
    closeables.add(pool);
    URI health = serve(pool).uri().resolve("/health");
    assertThat(awaitHealth(health, 200).body()).contains("\"status\":\"UP\"");

    // Cut off: new connections are refused, open ones reset.
    proxy.refuseConnections();
    proxy.resetAll();
    HttpResponse<String> down = awaitHealth(health, 503);
    assertThat(down.body()).contains("\"status\":\"DOWN\"");

    proxy.acceptConnections();
    HttpResponse<String> back = awaitHealth(health, 200);
    assertThat(back.body()).contains("\"status\":\"UP\"").contains("\"database_reachable\":true");
  }
}
