package mcp.db.pool.prometheus;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import mcp.db.pool.MetricsExposition;

/**
 * Renders a Prometheus registry for {@code PoolHttpServer}'s {@code /metrics}, in the format the
 * scraper asks for with its {@code Accept} header: OpenMetrics text
 * ({@code application/openmetrics-text}) or the Prometheus text format (the default), written by
 * the official client's own writers.
 */
public final class PrometheusExposition implements MetricsExposition {
  private final PrometheusRegistry registry;
  private final ExpositionFormats formats = ExpositionFormats.init();

  private PrometheusExposition(PrometheusRegistry registry) {
    this.registry = registry;
  }

  /** Renders {@code registry} (usually the one {@link PoolCollector} registered in). */
  public static PrometheusExposition of(PrometheusRegistry registry) {
    return new PrometheusExposition(Objects.requireNonNull(registry, "registry"));
  }

  @Override
  public String write(String acceptHeader, OutputStream out) throws IOException {
    ExpositionFormatWriter writer = chooseWriter(acceptHeader);
    writer.write(out, registry.scrape());
    return writer.getContentType();
  }

  /** OpenMetrics when asked for, else the Prometheus text format; never protobuf (not bundled). */
  private ExpositionFormatWriter chooseWriter(String acceptHeader) {
    if (acceptHeader != null && formats.getOpenMetricsTextFormatWriter().accepts(acceptHeader)) {
      return formats.getOpenMetricsTextFormatWriter();
    }
    return formats.getPrometheusTextFormatWriter();
  }
}
