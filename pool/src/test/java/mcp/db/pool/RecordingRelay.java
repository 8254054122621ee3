package mcp.db.pool;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on a free loopback port that forwards to a server and records the first
 * {@value #RECORDED_BYTES} bytes each client sends, so a test can see what a driver puts on the
 * wire during login (unencrypted connections only). One acceptor thread and two daemon threads per
 * connection; {@link #close()} closes everything.
 */
final class RecordingRelay implements AutoCloseable {
  private static final int RECORDED_BYTES = 64 * 1024;

  private final String targetHost;
  private final int targetPort;
  private final ServerSocket listener;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  /** Guarded by itself. */
  private final ByteArrayOutputStream sent = new ByteArrayOutputStream();

  /**
   * Starts relaying to {@code address} ({@code host:port}).
   *
   * @throws IOException if no local port can be bound
   */
  RecordingRelay(String address) throws IOException {
    int colon = address.lastIndexOf(':');
    this.targetHost = address.substring(0, colon);
    this.targetPort = Integer.parseInt(address.substring(colon + 1));
    this.listener = new ServerSocket();
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    daemon(this::acceptLoop, "recording-relay-accept").start();
  }

  /** {@code jdbcUrl} with its {@code host:port} replaced by the relay's. */
  String redirect(String jdbcUrl) {
    return jdbcUrl.replace(targetHost + ":" + targetPort,
        listener.getInetAddress().getHostAddress() + ":" + listener.getLocalPort());
  }

  /** What clients sent towards the server so far, connections one after another. */
  byte[] sentToServer() {
    synchronized (sent) {
      return sent.toByteArray();
    }
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(targetHost, targetPort);
        sockets.add(client);
        sockets.add(server);
        daemon(() -> pump(client, server, true), "recording-relay-up").start();
        daemon(() -> pump(server, client, false), "recording-relay-down").start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void pump(Socket from, Socket to, boolean record) {
    byte[] buffer = new byte[8192];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        if (record) {
          synchronized (sent) {
            sent.write(buffer, 0, Math.max(0, Math.min(n, RECORDED_BYTES - sent.size())));
          }
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException ignored) {
      // One side closed; closing both below ends the other pump too.
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    sockets.forEach(RecordingRelay::closeQuietly);
  }
}
