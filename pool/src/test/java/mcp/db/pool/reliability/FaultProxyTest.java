package mcp.db.pool.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static mcp.db.pool.testkit.LoopbackServer.clientOf;
import static mcp.db.pool.testkit.LoopbackServer.roundTrip;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mcp.db.pool.testkit.FaultProxy;
import mcp.db.pool.testkit.LoopbackServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The fault proxy itself, against a local echo server: each fault does what it says. */
@Tag("faults")
class FaultProxyTest {
  private LoopbackServer server;
  private FaultProxy proxy;

  @BeforeEach
  void startServer() throws IOException {
    server = LoopbackServer.echo();
    proxy = FaultProxy.start("127.0.0.1", server.port());
  }

  @AfterEach
  void stop() throws Exception {
    proxy.close();
    server.close();
  }

  @Test
  void forwardsBothWaysAndCountsOpenSockets() throws Exception {
    try (Socket a = clientOf(proxy); Socket b = clientOf(proxy)) {
      assertThat(roundTrip(a, "hello")).isEqualTo("hello");
      assertThat(roundTrip(b, "world")).isEqualTo("world");
      assertThat(proxy.openConnections()).isEqualTo(2);
    }
    assertThat(proxy.awaitOpenConnections(0, Duration.ofSeconds(2))).isTrue();
    assertThat(proxy.acceptedConnections()).isEqualTo(2);
  }

  @Test
  void refusedConnectionsAreResetAtOnceAndCounted() throws Exception {
    proxy.refuseConnections();
    for (int i = 0; i < 3; i++) {
      try (Socket s = clientOf(proxy)) {
        assertThatThrownBy(() -> roundTrip(s, "x")).isInstanceOf(IOException.class);
      }
    }
    assertThat(proxy.refusedConnections()).isEqualTo(3);
    assertThat(proxy.openConnections()).isZero();
    proxy.acceptConnections();
    try (Socket s = clientOf(proxy)) {
      assertThat(roundTrip(s, "back")).isEqualTo("back");
    }
  }

  @Test
  void resetAllSendsAnRstToTheClient() throws Exception {
    try (Socket s = clientOf(proxy)) {
      assertThat(roundTrip(s, "before")).isEqualTo("before");
      assertThat(proxy.resetAll()).isEqualTo(1);
      assertThatThrownBy(() -> {
        s.getOutputStream().write("after".getBytes());
        int n = s.getInputStream().read();
        throw new AssertionError("read " + n + " after a reset");
      }).isInstanceOf(SocketException.class);
    }
    assertThat(proxy.openConnections()).isZero();
    assertThat(proxy.resetConnections()).isEqualTo(1);
  }

  @Test
  void blackHoleKeepsSocketsOpenButDeliversNothingUntilHealed() throws Exception {
    try (Socket s = clientOf(proxy)) {
      assertThat(roundTrip(s, "a")).isEqualTo("a");
      proxy.blackHole();
      s.setSoTimeout(300);
      s.getOutputStream().write("held".getBytes());
      assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
      assertThat(proxy.openConnections()).isEqualTo(1);
      proxy.heal();
      s.setSoTimeout(2_000);
      byte[] b = new byte[4];
      int got = 0;
      while (got < 4) {
        got += s.getInputStream().read(b, got, 4 - got);
      }
      assertThat(new String(b)).isEqualTo("held");
    }
  }

  @Test
  void newConnectionsDuringABlackHoleHangUntilHealed() throws Exception {
    proxy.blackHole();
    try (Socket s = clientOf(proxy)) {
      s.setSoTimeout(300);
      s.getOutputStream().write("x".getBytes());
      assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
      proxy.heal();
      s.setSoTimeout(2_000);
      assertThat(s.getInputStream().read()).isEqualTo('x');
    }
  }

  @Test
  void oneLinkCanBeBlackHoledAlone() throws Exception {
    try (Socket a = clientOf(proxy); Socket b = clientOf(proxy)) {
      roundTrip(a, "1");
      roundTrip(b, "2");
      proxy.links().get(0).blackHole();
      a.setSoTimeout(300);
      a.getOutputStream().write("z".getBytes());
      assertThatThrownBy(() -> a.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
      assertThat(roundTrip(b, "still")).isEqualTo("still");
    }
  }

  @Test
  void latencyAndConnectDelaySlowTrafficDown() throws Exception {
    proxy.connectDelay(Duration.ofMillis(300));
    long start = System.nanoTime();
    try (Socket s = clientOf(proxy)) {
      roundTrip(s, "slow");
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(250);
      proxy.connectDelay(Duration.ZERO).latency(Duration.ofMillis(100));
      long t = System.nanoTime();
      roundTrip(s, "x");
      // two hops of 100 ms each: client to server and back
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t)).isGreaterThanOrEqualTo(180);
    }
  }

  @Test
  void redirectReplacesTheHostAndPortOfAJdbcUrl() {
    assertThat(proxy.redirect("jdbc:postgresql://127.0.0.1:5432/test?ssl=false"))
        .isEqualTo("jdbc:postgresql://" + proxy.address() + "/test?ssl=false");
    assertThat(proxy.redirect("jdbc:mariadb://db/test"))
        .isEqualTo("jdbc:mariadb://" + proxy.address() + "/test");
  }

  @Test
  void closeEndsEveryLinkAndThread() throws Exception {
    Socket s = clientOf(proxy);
    roundTrip(s, "x");
    proxy.close();
    assertThat(proxy.openConnections()).isZero();
    assertThat(Eventually.within(Duration.ofSeconds(2),
        () -> Eventually.threadsNamed("fault-proxy-" + proxy.port()).isEmpty())).isTrue();
    s.close();
  }
}
