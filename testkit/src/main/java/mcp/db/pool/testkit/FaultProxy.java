package mcp.db.pool.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An in-process TCP proxy that sits between a client (the pool) and a real database server and
 * injects network faults on command: it can refuse new connections, reset every connection, stop
 * all traffic while keeping sockets open (a black hole), slow connects and add latency, and it
 * counts the sockets open through it. It can also record what clients send to the server.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start("127.0.0.1", 5432)) {
 *   String url = proxy.redirect("jdbc:postgresql://127.0.0.1:5432/test"); // now via the proxy
 *   ... build a pool on url ...
 *   proxy.refuseConnections();      // an outage: new connections are reset at once
 *   proxy.resetAll();               // ... and open ones are reset
 *   proxy.acceptConnections();      // the database is back
 *   proxy.blackHole();              // the network stops delivering; sockets stay open
 *   proxy.heal();                   // held traffic flows again
 * }
 * }</pre>
 * With no fault set, the proxy is a plain pass-through.
 *
 * <h2>Faults</h2>
 * <ul>
 *   <li><b>Refuse</b> ({@link #refuseConnections()}): a new connection is accepted and reset at once
 *       (TCP RST), which the client sees as "connection refused/reset" during the handshake. Unlike
 *       closing the listening socket, this lets the proxy count every attempt
 *       ({@link #refusedConnections()}), so a test can tell a backoff from a storm.
 *   <li><b>Reset</b> ({@link #resetAll()}, {@link Link#reset()}): both sockets of a link are closed
 *       with SO_LINGER 0, so the client and the server each get an RST, as when a NAT or firewall
 *       drops its state, or the server host restarts.
 *   <li><b>Black hole</b> ({@link #blackHole()}, {@link Link#blackHole()}): bytes are read from a
 *       socket but not forwarded; each direction stops after at most one buffer, so the peer's
 *       writes soon block too. Sockets stay open and nothing fails, as in a network partition: the
 *       client notices only through its own timeouts. New connections are accepted by the kernel
 *       but not connected onwards while the black hole lasts. {@link #heal()} delivers what was
 *       held, in order (TCP would retransmit it), unless the test resets the links first.
 *   <li><b>Slow connect</b> ({@link #connectDelay(Duration)}): the onward connection of a new link
 *       waits this long, so the server's greeting is late by as much.
 *   <li><b>Latency</b> ({@link #latency(Duration)}): every buffer, in each direction, waits this
 *       long before it is forwarded.
 * </ul>
 * Every setting may be changed at any time from any thread and applies at once to all links.
 *
 * <h2>Recording</h2>
 * {@link #recordBytesToServer(int)} keeps what clients send towards the server, all links' bytes
 * one after another in the order they are forwarded, up to a limit; {@link #recordedBytesToServer()}
 * returns them, so a test can read what a driver put on the wire, e.g. the connection attributes in
 * its login packet (over unencrypted connections only). Recording is off by default, so fault tests
 * that move a lot of data keep no copy of it.
 *
 * <h2>Design</h2>
 * One acceptor thread, and per link two platform daemon threads, one per direction, each doing
 * blocking reads and writes (the proxy is test plumbing for at most a few dozen links, so a thread
 * per direction is the simplest thing that is obviously correct). The settings are volatile
 * fields; a pump that must hold traffic waits on {@link #flowChanged}, which {@link #heal()}
 * signals. The recording is a {@code ByteRecording}, with a lock of its own. A link counts as open
 * from its accept until both of its sockets are closed; an EOF in one direction is passed on as a
 * half-close (FIN), and the link closes when both directions have ended or either fails. Counters
 * are exact once the links they count have closed.
 */
public final class FaultProxy implements AutoCloseable {
  private static final int BUFFER_SIZE = 16 * 1024;
  private static final int UPSTREAM_CONNECT_TIMEOUT_MILLIS = 5_000;

  /** What happens to a new connection. */
  public enum Admission {
    /** Connected onwards to the server (the default). */
    ACCEPT,
    /** Reset at once, and counted in {@link #refusedConnections()}. */
    REFUSE
  }

  private final String targetHost;
  private final int targetPort;
  private final ServerSocket listener;
  private final Thread acceptor;
  private final String threadPrefix;

  private volatile Admission admission = Admission.ACCEPT;
  private volatile boolean blackHoled;
  private volatile long latencyNanos;
  private volatile long connectDelayNanos;
  private volatile boolean closed;

  /** Held by pumps that wait for the black hole to end or a delay to pass; never held while doing I/O. */
  private final ReentrantLock flowLock = new ReentrantLock();
  /** Signalled, under {@link #flowLock}, whenever traffic may flow again or the proxy closes. */
  private final Condition flowChanged = flowLock.newCondition();

  private final ConcurrentHashMap<Long, Link> links = new ConcurrentHashMap<>();
  private final AtomicLong linkIds = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong resets = new AtomicLong();
  private final AtomicLong closedLinks = new AtomicLong();
  private final ByteRecording recording = new ByteRecording();

  private FaultProxy(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.listener = new ServerSocket();
    listener.setReuseAddress(true);
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    this.threadPrefix = "fault-proxy-" + listener.getLocalPort();
    this.acceptor = new Thread(this::acceptLoop, threadPrefix + "-acceptor");
    acceptor.setDaemon(true);
  }

  /**
   * Starts a proxy on a free loopback port that forwards to {@code targetHost:targetPort}.
   *
   * @throws UncheckedIOException if no port can be bound
   */
  public static FaultProxy start(String targetHost, int targetPort) {
    Objects.requireNonNull(targetHost, "targetHost");
    if (targetPort < 1 || targetPort > 65_535) {
      throw new IllegalArgumentException("targetPort must be between 1 and 65535 but was " + targetPort);
    }
    try {
      FaultProxy proxy = new FaultProxy(targetHost, targetPort);
      proxy.acceptor.start();
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a listening socket for the fault proxy", e);
    }
  }

  /**
   * Starts a proxy in front of the server a JDBC URL points to ({@code jdbc:...://host:port/...};
   * the first host of a list). Use {@link #redirect(String)} to get the URL through the proxy.
   *
   * @param defaultPort the port to use when the URL has none (5432 for PostgreSQL)
   */
  public static FaultProxy inFrontOf(String jdbcUrl, int defaultPort) {
    String authority = authorityOf(jdbcUrl);
    int colon = authority.lastIndexOf(':');
    if (colon > 0 && authority.indexOf(']') < colon) {
      return start(authority.substring(0, colon), Integer.parseInt(authority.substring(colon + 1)));
    }
    return start(authority, defaultPort);
  }

  /** The port the proxy listens on (loopback). */
  public int port() {
    return listener.getLocalPort();
  }

  /** {@code 127.0.0.1:<port>}, the address clients should connect to. */
  public String address() {
    return listener.getInetAddress().getHostAddress() + ":" + port();
  }

  /**
   * {@code jdbcUrl} with its first {@code //host:port} replaced by this proxy's address, e.g.
   * {@code jdbc:postgresql://127.0.0.1:5432/test} becomes {@code jdbc:postgresql://127.0.0.1:41234/test}.
   *
   * @throws IllegalArgumentException if the URL has no {@code //authority}
   */
  public String redirect(String jdbcUrl) {
    String authority = authorityOf(jdbcUrl);
    int start = jdbcUrl.indexOf("//") + 2;
    return jdbcUrl.substring(0, start) + address() + jdbcUrl.substring(start + authority.length());
  }

  private static String authorityOf(String jdbcUrl) {
    int start = jdbcUrl.indexOf("//");
    if (start < 0) {
      throw new IllegalArgumentException("URL has no //host:port part: " + jdbcUrl);
    }
    start += 2;
    int end = start;
    while (end < jdbcUrl.length() && "/?;,".indexOf(jdbcUrl.charAt(end)) < 0) {
      end++;
    }
    return jdbcUrl.substring(start, end);
  }

  // ---- Faults ---------------------------------------------------------------------------------

  /** New connections are connected onwards again (the default). Links already open are untouched. */
  public FaultProxy acceptConnections() {
    admission = Admission.ACCEPT;
    return this;
  }

  /** New connections are reset at once and counted; links already open are untouched. */
  public FaultProxy refuseConnections() {
    admission = Admission.REFUSE;
    return this;
  }

  /** How new connections are treated now. */
  public Admission admission() {
    return admission;
  }

  /**
   * Stops all traffic, on open links and new ones, until {@link #heal()}; no socket is closed.
   */
  public FaultProxy blackHole() {
    blackHoled = true;
    return this;
  }

  /**
   * Ends the proxy-wide black hole and every link's own: held bytes are delivered and new links
   * connect onwards. Does not change {@link #admission()}.
   */
  public FaultProxy heal() {
    blackHoled = false;
    for (Link link : links.values()) {
      link.blackHoled = false;
    }
    signalFlow();
    return this;
  }

  /** Whether the proxy-wide black hole is on. */
  public boolean isBlackHoled() {
    return blackHoled;
  }

  /**
   * Resets (TCP RST to both ends) every link open now.
   *
   * @return how many links were reset
   */
  public int resetAll() {
    int n = 0;
    for (Link link : links.values()) {
      if (link.reset()) {
        n++;
      }
    }
    return n;
  }

  /** Each buffer, in each direction, waits this long before it is forwarded; zero for none. */
  public FaultProxy latency(Duration latency) {
    latencyNanos = nonNegativeNanos("latency", latency);
    signalFlow();
    return this;
  }

  /** Each new link waits this long before it connects onwards; zero for none. */
  public FaultProxy connectDelay(Duration delay) {
    connectDelayNanos = nonNegativeNanos("connectDelay", delay);
    signalFlow();
    return this;
  }

  /** Back to normal: accepting, no black hole, no latency, no connect delay. Links stay open. */
  public FaultProxy clearFaults() {
    admission = Admission.ACCEPT;
    latencyNanos = 0;
    connectDelayNanos = 0;
    return heal();
  }

  private static long nonNegativeNanos(String what, Duration d) {
    Objects.requireNonNull(d, what);
    if (d.isNegative()) {
      throw new IllegalArgumentException(what + " must be at least 0 but was " + d);
    }
    return d.toNanos();
  }

  // ---- Recording ------------------------------------------------------------------------------

  /**
   * From now on, keeps the bytes clients send towards the server, on every link, up to
   * {@code maxBytes} in all (counting what was recorded before); read them with
   * {@link #recordedBytesToServer()}. Zero stops recording, as does a limit already reached; what
   * was recorded is kept either way. Recording is not a fault: {@link #clearFaults()} leaves it on.
   *
   * @throws IllegalArgumentException if {@code maxBytes} is negative
   */
  public FaultProxy recordBytesToServer(int maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("recordBytesToServer must be at least 0 but was " + maxBytes);
    }
    recording.limit(maxBytes);
    return this;
  }

  /**
   * A copy of the bytes recorded since {@link #recordBytesToServer(int)}: the links' buffers one
   * after another, in the order they were forwarded; empty if recording was never on. A buffer is
   * recorded just before it is forwarded, so once the server has answered some bytes, they are here.
   */
  public byte[] recordedBytesToServer() {
    return recording.toByteArray();
  }

  // ---- Observation ----------------------------------------------------------------------------

  /** Links open now: accepted and not yet closed on both sides. */
  public int openConnections() {
    return links.size();
  }

  /** A snapshot of the open links, oldest first. */
  public List<Link> links() {
    List<Link> list = new ArrayList<>(links.values());
    list.sort((a, b) -> Long.compare(a.id, b.id));
    return list;
  }

  /** Connections accepted and let through since the start (refused ones excluded). */
  public long acceptedConnections() {
    return accepted.get();
  }

  /** Connections reset at once because the proxy was refusing. */
  public long refusedConnections() {
    return refused.get();
  }

  /** Every connection attempt that reached the proxy: accepted plus refused. */
  public long connectionAttempts() {
    return accepted.get() + refused.get();
  }

  /** Links reset by {@link #resetAll()} or {@link Link#reset()}. */
  public long resetConnections() {
    return resets.get();
  }

  /** Links that have closed, for whatever reason. */
  public long closedConnections() {
    return closedLinks.get();
  }

  /**
   * Waits until exactly {@code expected} links are open, or the timeout passes.
   *
   * @return whether the count was reached
   */
  public boolean awaitOpenConnections(int expected, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (openConnections() != expected) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      TimeUnit.MILLISECONDS.sleep(10);
    }
    return true;
  }

  /** Stops listening and resets every link; waits briefly for the proxy's threads to end. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeQuietly(listener);
    resetAll();
    signalFlow();
    joinQuietly(acceptor);
    for (Link link : links.values()) {
      link.join();
    }
  }

  @Override
  public String toString() {
    return "FaultProxy[" + address() + " -> " + targetHost + ":" + targetPort + ", " + admission
        + (blackHoled ? ", black hole" : "") + ", open=" + openConnections() + ", accepted="
        + accepted.get() + ", refused=" + refused.get() + ", reset=" + resets.get() + "]";
  }

  // ---- Plumbing -------------------------------------------------------------------------------

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        if (closed) {
          return;
        }
        continue; // a client gave up during accept; keep serving
      }
      if (admission == Admission.REFUSE) {
        refused.incrementAndGet();
        abort(client);
        continue;
      }
      accepted.incrementAndGet();
      Link link = new Link(linkIds.incrementAndGet(), client);
      links.put(link.id, link);
      link.start();
    }
  }

  private void signalFlow() {
    flowLock.lock();
    try {
      flowChanged.signalAll();
    } finally {
      flowLock.unlock();
    }
  }

  /**
   * Waits until {@code link} may carry traffic (no black hole) and {@code delayNanos} have passed.
   *
   * @return false if the link or the proxy closed meanwhile
   */
  private boolean awaitFlow(Link link, long delayNanos) {
    long until = System.nanoTime() + delayNanos;
    flowLock.lock();
    try {
      for (;;) {
        if (closed || link.isClosed()) {
          return false;
        }
        if (blackHoled || link.blackHoled) {
          flowChanged.await(50, TimeUnit.MILLISECONDS); // timed: a link reset does not signal
          continue;
        }
        long remaining = until - System.nanoTime();
        if (remaining <= 0) {
          return true;
        }
        flowChanged.awaitNanos(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(50)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      flowLock.unlock();
    }
  }

  /** Closes with SO_LINGER 0, so the peer gets an RST instead of a FIN. */
  private static void abort(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
    } catch (SocketException ignored) {
      // already closed
    }
    closeQuietly(socket);
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception ignored) {
      // closing a socket that is gone already
    }
  }

  private static void joinQuietly(Thread t) {
    if (t == null) {
      return;
    }
    try {
      t.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * One client connection and its onward connection to the server. Two threads pump bytes, one per
   * direction; the client-to-server thread also makes the onward connection.
   */
  public final class Link {
    private final long id;
    private final Socket client;
    private volatile Socket server;
    private volatile boolean blackHoled;
    private final ReentrantLock closeLock = new ReentrantLock();
    /** Guarded by {@link #closeLock}. */
    private boolean linkClosed;
    /** Directions that ended with an EOF; guarded by {@link #closeLock}. */
    private int directionsDone;
    private volatile Thread upstreamPump;
    private volatile Thread downstreamPump;
    private final AtomicLong bytesUp = new AtomicLong();
    private final AtomicLong bytesDown = new AtomicLong();

    private Link(long id, Socket client) {
      this.id = id;
      this.client = client;
    }

    /** A number unique within this proxy, in accept order. */
    public long id() {
      return id;
    }

    /** The client's local port as the proxy sees it (its remote port). */
    public int clientPort() {
      return client.getPort();
    }

    /**
     * The proxy's local port on its connection to the server, which is the client port the server
     * sees (PostgreSQL's {@code inet_client_port()}), or -1 before that connection exists. Lets a
     * test find the link that carries a given session.
     */
    public int serverSidePort() {
      Socket s = server;
      return s == null ? -1 : s.getLocalPort();
    }

    /** Bytes forwarded from the client to the server so far. */
    public long bytesToServer() {
      return bytesUp.get();
    }

    /** Bytes forwarded from the server to the client so far. */
    public long bytesToClient() {
      return bytesDown.get();
    }

    /** Stops this link's traffic until {@link #heal()} (its own or the proxy's). */
    public void blackHole() {
      blackHoled = true;
    }

    /** Lets this link's held traffic flow again (the proxy-wide black hole, if on, still holds it). */
    public void heal() {
      blackHoled = false;
      signalFlow();
    }

    /**
     * Resets both sockets (RST to client and server).
     *
     * @return false if the link had closed already
     */
    public boolean reset() {
      if (!closeLink(true)) {
        return false;
      }
      resets.incrementAndGet();
      return true;
    }

    /** Whether both sockets are closed. */
    public boolean isClosed() {
      closeLock.lock();
      try {
        return linkClosed;
      } finally {
        closeLock.unlock();
      }
    }

    private void start() {
      Thread up = new Thread(this::runUpstream, threadPrefix + "-link" + id + "-up");
      up.setDaemon(true);
      upstreamPump = up;
      up.start();
    }

    /** Connects onwards, starts the other direction, then pumps client to server. */
    private void runUpstream() {
      if (!awaitFlow(this, connectDelayNanos)) {
        closeLink(true);
        return;
      }
      Socket s = new Socket();
      try {
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(targetHost, targetPort), UPSTREAM_CONNECT_TIMEOUT_MILLIS);
        client.setTcpNoDelay(true);
      } catch (IOException e) {
        closeQuietly(s);
        closeLink(true); // the server refused: the client sees a reset, as it would directly
        return;
      }
      closeLock.lock();
      try {
        if (linkClosed) {
          abort(s);
          return;
        }
        server = s;
      } finally {
        closeLock.unlock();
      }
      Thread down = new Thread(() -> pump(s, client, false), threadPrefix + "-link" + id + "-down");
      down.setDaemon(true);
      downstreamPump = down;
      down.start();
      pump(client, s, true);
    }

    private void pump(Socket from, Socket to, boolean upstream) {
      AtomicLong counter = upstream ? bytesUp : bytesDown;
      byte[] buffer = new byte[BUFFER_SIZE];
      try {
        var in = from.getInputStream();
        var out = to.getOutputStream();
        for (;;) {
          int n = in.read(buffer);
          if (n < 0) {
            halfClose(to);
            return;
          }
          if (!awaitFlow(this, latencyNanos)) {
            return;
          }
          if (upstream) {
            recording.append(buffer, n); // before the write: the server cannot answer unrecorded bytes
          }
          out.write(buffer, 0, n);
          out.flush();
          counter.addAndGet(n);
        }
      } catch (IOException e) {
        closeLink(false);
      }
    }

    /** Passes an EOF on as a FIN; closes the link once both directions have ended. */
    private void halfClose(Socket to) {
      boolean both;
      closeLock.lock();
      try {
        both = ++directionsDone == 2;
      } finally {
        closeLock.unlock();
      }
      if (both) {
        closeLink(false);
        return;
      }
      try {
        to.shutdownOutput();
      } catch (IOException e) {
        closeLink(false);
      }
    }

    /**
     * Closes both sockets once; with {@code reset}, with an RST.
     *
     * @return true for the call that closed the link
     */
    private boolean closeLink(boolean reset) {
      Socket s;
      closeLock.lock();
      try {
        if (linkClosed) {
          return false;
        }
        linkClosed = true;
        s = server;
      } finally {
        closeLock.unlock();
      }
      if (reset) {
        abort(client);
        if (s != null) {
          abort(s);
        }
      } else {
        closeQuietly(client);
        closeQuietly(s);
      }
      links.remove(id);
      closedLinks.incrementAndGet();
      signalFlow(); // wake this link's pumps if they wait for the flow
      return true;
    }

    private void join() {
      joinQuietly(upstreamPump);
      joinQuietly(downstreamPump);
    }

    @Override
    public String toString() {
      return "Link#" + id + "[client port " + clientPort() + ", up " + bytesUp.get() + " B, down "
          + bytesDown.get() + " B" + (blackHoled ? ", black hole" : "") + "]";
    }
  }
}
