package mcp.db.pool.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * A TCP server on the loopback address to put behind a {@link FaultProxy} in tests of the proxy
 * itself: it answers every buffer a client sends with that buffer passed through a function, a
 * thread per connection, until closed.
 */
public final class LoopbackServer implements AutoCloseable {
  private final ServerSocket socket;
  private final Thread acceptor;
  private final UnaryOperator<byte[]> answer;

  private LoopbackServer(UnaryOperator<byte[]> answer, String name) throws IOException {
    this.answer = answer;
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::accept, name + "-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A server that answers with what it received. */
  public static LoopbackServer echo() throws IOException {
    return new LoopbackServer(bytes -> bytes, "echo");
  }

  /** A server that answers in upper case (ASCII), so a reply tells itself from a request. */
  public static LoopbackServer upperCase() throws IOException {
    return new LoopbackServer(bytes -> new String(bytes, StandardCharsets.US_ASCII)
        .toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII), "upper-case");
  }

  /** The port it listens on, on the loopback address. */
  public int port() {
    return socket.getLocalPort();
  }

  /** A client socket through {@code proxy}, with a 2 s read timeout so a held reply fails a test. */
  public static Socket clientOf(FaultProxy proxy) throws IOException {
    Socket s = new Socket("127.0.0.1", proxy.port());
    s.setSoTimeout(2_000);
    return s;
  }

  /**
   * Sends {@code text} and reads as many bytes back, so the proxy has forwarded both ways.
   *
   * @throws IOException on EOF before the whole answer, or a read timeout
   */
  public static String roundTrip(Socket s, String text) throws IOException {
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

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        Thread t = new Thread(() -> serve(s), acceptor.getName() + "-connection");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
      byte[] b = new byte[1024];
      int n;
      while ((n = in.read(b)) > 0) {
        out.write(answer.apply(Arrays.copyOf(b, n)));
      }
    } catch (IOException ignored) {
      // the client went away
    }
  }

  @Override
  public void close() throws Exception {
    socket.close();
    acceptor.join(2_000);
  }
}
