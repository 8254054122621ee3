package mcp.db.pool.cli.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mcp.db.pool.PoolHttpServer;
import mcp.db.pool.cli.output.Json;

/**
 * The web server of {@code serve}, on the JDK's built-in HTTP server:
 *
 * <ul>
 *   <li>{@code GET /}: the dashboard, one self-contained page (inline CSS, JavaScript and SVG; no
 *       CDN, it works offline) that polls {@code /api/stats} every second and redraws;
 *   <li>{@code GET /api/stats}: the {@link DashboardFeed} as JSON;
 *   <li>{@code GET /metrics} and {@code GET /health}: passed through to the pool library's own
 *       {@link PoolHttpServer}, which listens on a free loopback port, so the answers are exactly
 *       what an application embedding the library would serve.
 * </ul>
 *
 * <p>Only GET and HEAD are accepted: nothing here changes the pool. Two daemon threads serve
 * requests, and a queue of 64 bounds what waits for them.
 */
public final class DashboardServer implements AutoCloseable {
  private static final AtomicInteger SERVERS = new AtomicInteger();
  private static final String PAGE_RESOURCE = "dashboard.html";

  private final HttpServer server;
  private final ExecutorService executor;
  private final PoolHttpServer poolEndpoints;
  private final DashboardFeed feed;
  private final HttpClient relay;
  private final byte[] page;

  private DashboardServer(HttpServer server, ExecutorService executor, PoolHttpServer poolEndpoints,
      DashboardFeed feed) {
    this.server = server;
    this.executor = executor;
    this.poolEndpoints = poolEndpoints;
    this.feed = feed;
    this.relay = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    this.page = loadPage();
  }

  /**
   * Binds {@code address} and starts serving.
   *
   * @param address where to listen (port 0 for any free port)
   * @param feed what {@code /api/stats} returns
   * @param poolEndpoints the library's server for the same pool, whose {@code /metrics} and
   *     {@code /health} are passed through; this server closes it when closed
   * @throws IOException if the address cannot be bound
   */
  public static DashboardServer start(InetSocketAddress address, DashboardFeed feed, PoolHttpServer poolEndpoints)
      throws IOException {
    HttpServer server = HttpServer.create(address, 32);
    int id = SERVERS.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    ThreadPoolExecutor executor = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(64), r -> {
      Thread t = new Thread(r, "mcp-cli-dashboard-" + id + "-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    executor.allowCoreThreadTimeOut(true);
    DashboardServer dashboard = new DashboardServer(server, executor, poolEndpoints, feed);
    server.createContext("/", dashboard::handle);
    server.setExecutor(executor);
    server.start();
    return dashboard;
  }

  /** The address it listens on, with the actual port. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** {@code http://host:port/}. */
  public URI uri() {
    InetSocketAddress a = address();
    String host = a.getAddress().getHostAddress();
    if (host.indexOf(':') >= 0) host = "[" + host + "]";
    return URI.create("http://" + host + ":" + a.getPort() + "/");
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      boolean head = "HEAD".equals(method);
      if (!head && !"GET".equals(method)) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, "text/plain; charset=utf-8", text("method not allowed\n"), false);
        return;
      }
      String path = exchange.getRequestURI().getPath();
      switch (path) {
        case "/", "/index.html" -> send(exchange, 200, "text/html; charset=utf-8", page, head);
        case "/api/stats" -> send(exchange, 200, "application/json", text(Json.compact(feed.snapshot())), head);
        case "/metrics", "/health" -> passThrough(exchange, path, head);
        default -> send(exchange, 404, "text/plain; charset=utf-8",
            text("not found; try /, /api/stats, /metrics or /health\n"), head);
      }
    }
  }

  private void passThrough(HttpExchange exchange, String path, boolean head) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(poolEndpoints.uri().resolve(path)).timeout(Duration.ofSeconds(10));
    String accept = exchange.getRequestHeaders().getFirst("Accept");
    if (accept != null) request.header("Accept", accept);
    try {
      HttpResponse<byte[]> response = relay.send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      String type = response.headers().firstValue("Content-Type").orElse("text/plain; charset=utf-8");
      send(exchange, response.statusCode(), type, response.body(), head);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      send(exchange, 503, "text/plain; charset=utf-8", text("interrupted\n"), head);
    } catch (IOException e) {
      send(exchange, 502, "text/plain; charset=utf-8", text("the pool's endpoint did not answer: " + e.getMessage() + "\n"), head);
    }
  }

  private static void send(HttpExchange exchange, int code, String contentType, byte[] body, boolean head)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    if (head || body.length == 0) {
      exchange.sendResponseHeaders(code, -1);
      return;
    }
    exchange.sendResponseHeaders(code, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] loadPage() {
    try (InputStream in = DashboardServer.class.getResourceAsStream(PAGE_RESOURCE)) {
      if (in == null) throw new IllegalStateException("the dashboard page " + PAGE_RESOURCE + " is missing from the jar");
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops both servers at once; requests in progress are cut off. The pool is not closed. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    poolEndpoints.close();
  }
}
