package mcp.db.pool;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Renders the {@code /metrics} page of {@link PoolHttpServer}. The built-in one writes the
 * Prometheus text format (version 0.0.4) for the server's pools; the {@code mcp-db-pool-prometheus}
 * module supplies one backed by the official Prometheus client, which also speaks OpenMetrics and
 * includes whatever else is registered in its registry.
 */
@FunctionalInterface
public interface MetricsExposition {

  /**
   * Writes the metrics in the format the {@code Accept} header asks for (or a default).
   *
   * @param acceptHeader the request's {@code Accept} header; may be {@code null}
   * @param out where the body goes; not to be closed
   * @return the response's {@code Content-Type}
   * @throws IOException if writing fails
   */
  String write(String acceptHeader, OutputStream out) throws IOException;
}
