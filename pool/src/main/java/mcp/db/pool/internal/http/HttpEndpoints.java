package mcp.db.pool.internal.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.HealthReport;
import mcp.db.pool.HealthStatus;
import mcp.db.pool.MetricFamily;
import mcp.db.pool.MetricsExposition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handlers behind {@code PoolHttpServer}: {@code /health} and {@code /metrics} on the JDK's
 * HTTP server, with an optional bearer token. Two daemon threads serve requests; a health check
 * waits at most its timeout per pool, so a slow database cannot pile up threads.
 */
public final class HttpEndpoints {
  private static final Logger log = LoggerFactory.getLogger(HttpEndpoints.class);
  private static final AtomicInteger SERVER_IDS = new AtomicInteger();

  private final HttpServer server;
  private final ExecutorService executor;
  private final List<DatabasePool> pools;
  private final byte[] expectedAuthorization;
  private final Duration healthTimeout;
  private final MetricsExposition exposition;

  private HttpEndpoints(HttpServer server, ExecutorService executor, List<DatabasePool> pools,
      String bearerToken, Duration healthTimeout, MetricsExposition exposition) {
    this.server = server;
    this.executor = executor;
    this.pools = List.copyOf(pools);
    this.expectedAuthorization = bearerToken == null
        ? null : ("Bearer " + bearerToken).getBytes(StandardCharsets.UTF_8);
    this.healthTimeout = healthTimeout;
    this.exposition = exposition != null ? exposition : this::writeBuiltInMetrics;
  }

  /** Binds, registers the two pages and starts serving. */
  public static HttpEndpoints start(InetSocketAddress address, List<DatabasePool> pools,
      String bearerToken, Duration healthTimeout, MetricsExposition exposition) throws IOException {
    HttpServer server = HttpServer.create(address, 16);
    int id = SERVER_IDS.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    ThreadPoolExecutor executor = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(64), r -> {
          Thread t = new Thread(r, "mcp-db-pool-http-" + id + "-" + threads.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    executor.allowCoreThreadTimeOut(true);
    HttpEndpoints endpoints = new HttpEndpoints(server, executor, pools, bearerToken, healthTimeout,
        exposition);
    server.createContext("/", endpoints::handle);
    server.setExecutor(executor);
    server.start();
    log.info("Pool HTTP endpoint listening on {}:{} (/health, /metrics{})",
        server.getAddress().getAddress().getHostAddress(), server.getAddress().getPort(),
        bearerToken == null ? "" : ", bearer token required");
    return endpoints;
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  public void stop() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      boolean head = "HEAD".equals(method);
      if (!head && !"GET".equals(method)) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, "text/plain; charset=utf-8", bytes("method not allowed\n"), false);
        return;
      }
      if (!authorized(exchange)) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"mcp-db-pool\"");
        send(exchange, 401, "text/plain; charset=utf-8", bytes("unauthorized\n"), head);
        return;
      }
      String path = exchange.getRequestURI().getPath();
      if ("/health".equals(path)) {
        health(exchange, head);
      } else if ("/metrics".equals(path)) {
        metrics(exchange, head);
      } else {
        send(exchange, 404, "text/plain; charset=utf-8", bytes("not found; try /health or /metrics\n"), head);
      }
    } catch (IOException | RuntimeException e) {
      log.debug("Pool HTTP endpoint: request failed", e);
      throw e;
    }
  }

  private boolean authorized(HttpExchange exchange) {
    if (expectedAuthorization == null) {
      return true;
    }
    String given = exchange.getRequestHeaders().getFirst("Authorization");
    return given != null
        && MessageDigest.isEqual(expectedAuthorization, given.getBytes(StandardCharsets.UTF_8));
  }

  private void health(HttpExchange exchange, boolean head) throws IOException {
    HealthStatus overall = HealthStatus.UP;
    List<Map<String, Object>> reports = new ArrayList<>();
    for (DatabasePool pool : pools) {
      HealthReport r = pool.checkHealth(healthTimeout);
      overall = overall.worse(r.status());
      reports.add(r.toMap());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", overall.name());
    body.put("pools", reports);
    int code = overall == HealthStatus.DOWN ? 503 : 200;
    send(exchange, code, "application/json", bytes(Json.write(body) + "\n"), head);
  }

  private void metrics(HttpExchange exchange, boolean head) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
    String contentType = exposition.write(exchange.getRequestHeaders().getFirst("Accept"), body);
    send(exchange, 200, contentType, body.toByteArray(), head);
  }

  private String writeBuiltInMetrics(String accept, OutputStream out) throws IOException {
    List<List<MetricFamily>> perPool = new ArrayList<>();
    for (DatabasePool pool : pools) {
      if (!pool.isClosed()) {
        perPool.add(pool.collectMetrics());
      }
    }
    PrometheusText.write(perPool, out);
    return PrometheusText.CONTENT_TYPE;
  }

  private static void send(HttpExchange exchange, int code, String contentType, byte[] body,
      boolean head) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    if (head) {
      exchange.sendResponseHeaders(code, -1);
      return;
    }
    exchange.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
