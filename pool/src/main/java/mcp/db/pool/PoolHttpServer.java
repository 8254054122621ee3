package mcp.db.pool;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import mcp.db.pool.internal.http.HttpEndpoints;

/**
 * A small HTTP server for one or more pools, on the JDK's built-in server (no dependency):
 *
 * <ul>
 *   <li>{@code GET /health}: JSON with the overall status and one {@link HealthReport} per pool;
 *       200 when every pool is UP or DEGRADED, 503 when any is DOWN.
 *   <li>{@code GET /metrics}: the pools' metrics, in the Prometheus text format by default, or in
 *       whatever {@link Options#metricsExposition} renders (the {@code mcp-db-pool-prometheus} module
 *       adds OpenMetrics).
 * </ul>
 *
 * <pre>{@code
 * PoolHttpServer server = PoolHttpServer.start(
 *     PoolHttpServer.options().port(9464).bearerToken(System.getenv("METRICS_TOKEN")), pool);
 * ...
 * server.close();
 * }</pre>
 *
 * <p>It listens on 127.0.0.1 unless {@link Options#bindAddress} says otherwise: exposing pool
 * details beyond the machine is a decision, not a default. With a bearer token set, every request
 * must carry {@code Authorization: Bearer <token>} or gets 401. Neither page shows a password.
 */
public final class PoolHttpServer implements AutoCloseable {
  private final HttpEndpoints endpoints;

  private PoolHttpServer(HttpEndpoints endpoints) {
    this.endpoints = endpoints;
  }

  /** New options: 127.0.0.1, any free port, no token, 2 s health timeout, built-in metrics. */
  public static Options options() {
    return new Options();
  }

  /**
   * Starts a server with default options (127.0.0.1, a free port) for one pool.
   *
   * @throws IOException if the port cannot be bound
   */
  public static PoolHttpServer start(DatabasePool pool) throws IOException {
    return start(options(), pool);
  }

  /**
   * Starts a server for the given pools.
   *
   * @throws IOException if the address cannot be bound
   * @throws IllegalArgumentException if no pool is given
   */
  public static PoolHttpServer start(Options options, DatabasePool... pools) throws IOException {
    Objects.requireNonNull(options, "options");
    if (pools.length == 0) {
      throw new IllegalArgumentException("PoolHttpServer needs at least one pool");
    }
    for (DatabasePool p : pools) {
      Objects.requireNonNull(p, "pool");
    }
    InetAddress bind = options.bindAddress == null
        ? InetAddress.getLoopbackAddress() : InetAddress.getByName(options.bindAddress);
    return new PoolHttpServer(HttpEndpoints.start(new InetSocketAddress(bind, options.port),
        List.of(pools), options.bearerToken, options.healthTimeout, options.metricsExposition));
  }

  /** The address it listens on (with the actual port when port 0 was asked for). */
  public InetSocketAddress address() {
    return endpoints.address();
  }

  /** {@code http://host:port/}, for building the URLs of the two pages. */
  public URI uri() {
    InetSocketAddress a = address();
    String host = a.getAddress().getHostAddress();
    if (host.indexOf(':') >= 0) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + a.getPort() + "/");
  }

  /** Stops the server at once; requests in progress are cut off. The pools are not closed. */
  @Override
  public void close() {
    endpoints.stop();
  }

  @Override
  public String toString() {
    return "PoolHttpServer[" + uri() + "]";
  }

  /** How {@link #start(Options, DatabasePool...)} sets the server up. Not thread-safe. */
  public static final class Options {
    private String bindAddress;
    private int port;
    private String bearerToken;
    private Duration healthTimeout = Duration.ofSeconds(2);
    private MetricsExposition metricsExposition;

    private Options() {}

    /**
     * Listens on this host name or address instead of 127.0.0.1, for example {@code "0.0.0.0"} to
     * accept scrapes from other machines. Consider a {@link #bearerToken} then.
     */
    public Options bindAddress(String host) {
      this.bindAddress = Objects.requireNonNull(host, "bindAddress");
      return this;
    }

    /**
     * The TCP port, 0 to 65535; 0 (the default) picks a free one, see {@link #address()}.
     *
     * @throws PoolConfigException if out of range
     */
    public Options port(int port) {
      if (port < 0 || port > 65535) {
        throw new PoolConfigException("port", "port must be between 0 and 65535 but was " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Requires {@code Authorization: Bearer <token>} on every request; {@code null} (the default)
     * requires nothing.
     *
     * @throws PoolConfigException if the token is empty or has whitespace (it is never shown)
     */
    public Options bearerToken(String token) {
      if (token != null && (token.isEmpty() || !token.strip().equals(token) || token.contains(" "))) {
        throw new PoolConfigException("bearerToken",
            "bearerToken must be non-empty and contain no whitespace");
      }
      this.bearerToken = token;
      return this;
    }

    /**
     * How long {@code /health} waits for each pool's round trip to the database; more than zero.
     * Default 2 seconds.
     *
     * @throws PoolConfigException if zero or negative
     */
    public Options healthTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "healthTimeout");
      if (timeout.isZero() || timeout.isNegative()) {
        throw new PoolConfigException("healthTimeout",
            "healthTimeout must be more than zero but was " + timeout);
      }
      this.healthTimeout = timeout;
      return this;
    }

    /**
     * Renders {@code /metrics} with this instead of the built-in Prometheus text writer;
     * {@code null} restores the built-in one.
     */
    public Options metricsExposition(MetricsExposition exposition) {
      this.metricsExposition = exposition;
      return this;
    }
  }
}
