package mcp.db.pool.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static mcp.db.pool.testkit.LoopbackServer.clientOf;
import static mcp.db.pool.testkit.LoopbackServer.roundTrip;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy's recording of what clients send, against a local server that answers each message in
 * upper case, so bytes recorded from the wrong direction would show.
 */
class FaultProxyRecordingTest {
  private LoopbackServer server;
  private FaultProxy proxy;

  @BeforeEach
  void startServer() throws IOException {
    server = LoopbackServer.upperCase();
    proxy = FaultProxy.start("127.0.0.1", server.port());
  }

  @AfterEach
  void stop() throws Exception {
    proxy.close();
    server.close();
  }

  private String recorded() {
    return new String(proxy.recordedBytesToServer(), StandardCharsets.US_ASCII);
  }

  @Test
  void recordsWhatClientsSentOnEveryLinkInForwardingOrderAndNothingTheServerAnswered() throws Exception {
    proxy.recordBytesToServer(1024);
    try (Socket a = clientOf(proxy); Socket b = clientOf(proxy)) {
      assertThat(roundTrip(a, "hello ")).isEqualTo("HELLO ");
      assertThat(roundTrip(b, "world ")).isEqualTo("WORLD ");
      assertThat(roundTrip(a, "again")).isEqualTo("AGAIN");
    }
    assertThat(recorded()).isEqualTo("hello world again");
  }

  @Test
  void recordsNothingUntilAskedTo() throws Exception {
    try (Socket s = clientOf(proxy)) {
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
    try (Socket s = clientOf(proxy)) {
      assertThat(roundTrip(s, "abcd")).isEqualTo("ABCD");
      assertThat(roundTrip(s, "efgh")).isEqualTo("EFGH");
      assertThat(roundTrip(s, "ijkl")).isEqualTo("IJKL");
    }
    assertThat(recorded()).isEqualTo("abcdefg");
  }

  @Test
  void zeroStopsRecordingAndKeepsWhatWasRecorded() throws Exception {
    proxy.recordBytesToServer(1024);
    try (Socket s = clientOf(proxy)) {
      roundTrip(s, "kept");
      proxy.recordBytesToServer(0);
      roundTrip(s, "dropped");
    }
    assertThat(recorded()).isEqualTo("kept");
  }

  @Test
  void clearingFaultsLeavesRecordingOn() throws Exception {
    proxy.recordBytesToServer(1024).clearFaults();
    try (Socket s = clientOf(proxy)) {
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
