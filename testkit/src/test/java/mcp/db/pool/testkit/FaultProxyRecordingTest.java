package mcp.db.pool.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy's recording of what clients send, against a local server that answers each message in
 * upper case, so bytes recorded from the wrong direction would show.
 */
class FaultProxyRecordingTest {
  private ServerSocket server;
  private Thread serverThread;
  private FaultProxy proxy;

  @BeforeEach
  void startServer() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    serverThread = new Thread(this::serve, "upper-case-server");
    serverThread.setDaemon(true);
    serverThread.start();
    proxy = FaultProxy.start("127.0.0.1", server.getLocalPort());
  }

  @AfterEach
  void stop() throws Exception {
    proxy.close();
    server.close();
    serverThread.join(2_000);
  }

  private void serve() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread t = new Thread(() -> answerInUpperCase(s), "upper-case-connection");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void answerInUpperCase(Socket s) {
    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
      byte[] b = new byte[1024];
      int n;
      while ((n = in.read(b)) > 0) {
        out.write(new String(b, 0, n, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT)
            .getBytes(StandardCharsets.US_ASCII));
      }
    } catch (IOException ignored) {
      // the client went away
    }
  }

  private Socket connect() throws IOException {
    Socket s = new Socket("127.0.0.1", proxy.port());
    s.setSoTimeout(2_000);
    return s;
  }

  /** Sends {@code text} and waits for the server's whole answer, so the proxy has forwarded it. */
  private static String roundTrip(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
    byte[] b = new byte[text.length()];
    int got = 0;
    while (got < b.length) {
      int n = s.getInputStream().read(b, got, b.length - got);
      if (n < 0) {
        throw new IOException("EOF after " + got + " bytes");
      }
      got += n;
    }
    return new String(b, StandardCharsets.US_ASCII);
  }

  private String recorded() {
    return new String(proxy.recordedBytesToServer(), StandardCharsets.US_ASCII);
  }

  @Test
  void recordsWhatClientsSentOnEveryLinkInForwardingOrderAndNothingTheServerAnswered() throws Exception {
    proxy.recordBytesToServer(1024);
    try (Socket a = connect(); Socket b = connect()) {
      assertThat(roundTrip(a, "hello ")).isEqualTo("HELLO ");
      assertThat(roundTrip(b, "world ")).isEqualTo("WORLD ");
      assertThat(roundTrip(a, "again")).isEqualTo("AGAIN");
    }
    assertThat(recorded()).isEqualTo("hello world again");
  }

  @Test
  void recordsNothingUntilAskedTo() throws Exception {
    try (Socket s = connect()) {
      assertThat(roundTrip(s, "unrecorded")).isEqualTo("UNRECORDED");
      assertThat(proxy.recordedBytesToServer()).isEmpty();
      proxy.recordBytesToServer(1024);
      assertThat(roundTrip(s, "recorded")).isEqualTo("RECORDED");
    }
    assertThat(recorded()).isEqualTo("recorded");
  }

  @Test
  void recordingStopsAtItsLimitButTrafficFlowsOn() throws Exception {
    proxy.recordBytesToServer(7);
    try (Socket s = connect()) {
      assertThat(roundTrip(s, "abcd")).isEqualTo("ABCD");
      assertThat(roundTrip(s, "efgh")).isEqualTo("EFGH");
      assertThat(roundTrip(s, "ijkl")).isEqualTo("IJKL");
    }
    assertThat(recorded()).isEqualTo("abcdefg");
  }

  @Test
  void zeroStopsRecordingAndKeepsWhatWasRecorded() throws Exception {
    proxy.recordBytesToServer(1024);
    try (Socket s = connect()) {
      roundTrip(s, "kept");
      proxy.recordBytesToServer(0);
      roundTrip(s, "dropped");
    }
    assertThat(recorded()).isEqualTo("kept");
  }

  @Test
  void clearingFaultsLeavesRecordingOn() throws Exception {
    proxy.recordBytesToServer(1024).clearFaults();
    try (Socket s = connect()) {
      roundTrip(s, "still recorded");
    }
    assertThat(recorded()).isEqualTo("still recorded");
  }

  @Test
  void aNegativeLimitIsRejectedWithTheSettingAndValue() {
    assertThatThrownBy(() -> proxy.recordBytesToServer(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("recordBytesToServer must be at least 0 but was -1");
  }
}
