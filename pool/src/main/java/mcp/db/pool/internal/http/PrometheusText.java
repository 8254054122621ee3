package mcp.db.pool.internal.http;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import mcp.db.pool.MetricFamily;

/**
 * Writes metric families in the Prometheus text exposition format, version 0.0.4: a HELP and a TYPE
 * line per family, then one line per sample. Families of several pools with the same name are
 * merged under one HELP/TYPE, as the format requires. Counters are named with {@code _total}, as
 * the official clients do in this format.
 */
public final class PrometheusText {
  /** The format's content type. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private PrometheusText() {}

  /** Writes the families of every pool, merged by name. */
  public static void write(List<List<MetricFamily>> perPool, OutputStream out) throws IOException {
    Map<String, List<MetricFamily>> byName = new LinkedHashMap<>();
    for (List<MetricFamily> families : perPool) {
      for (MetricFamily f : families) {
        if (f.points().isEmpty()) {
          continue; // no series (no errors yet): write nothing, as the official clients do
        }
        byName.computeIfAbsent(f.prometheusName(), k -> new ArrayList<>()).add(f);
      }
    }
    Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    for (Map.Entry<String, List<MetricFamily>> e : byName.entrySet()) {
      MetricFamily first = e.getValue().get(0);
      String name = e.getKey();
      String exposed = first.kind() == MetricFamily.Kind.COUNTER ? name + "_total" : name;
      w.write("# HELP " + exposed + " " + escapeHelp(first.description()) + "\n");
      w.write("# TYPE " + exposed + " " + type(first.kind()) + "\n");
      for (MetricFamily f : e.getValue()) {
        for (MetricFamily.Point p : f.points()) {
          if (f.kind() == MetricFamily.Kind.HISTOGRAM) {
            writeHistogram(w, name, p);
          } else {
            w.write(exposed + labels(p.attributes(), null, null) + " " + number(p.value()) + "\n");
          }
        }
      }
    }
    w.flush();
  }

  private static void writeHistogram(Writer w, String name, MetricFamily.Point p) throws IOException {
    MetricFamily.Histogram h = p.histogram();
    for (int i = 0; i < h.upperBounds().size(); i++) {
      w.write(name + "_bucket" + labels(p.attributes(), "le", bound(h.upperBounds().get(i))) + " "
          + h.cumulativeCounts().get(i) + "\n");
    }
    w.write(name + "_bucket" + labels(p.attributes(), "le", "+Inf") + " " + h.count() + "\n");
    w.write(name + "_count" + labels(p.attributes(), null, null) + " " + h.count() + "\n");
    w.write(name + "_sum" + labels(p.attributes(), null, null) + " " + number(h.sum()) + "\n");
  }

  private static String type(MetricFamily.Kind kind) {
    switch (kind) {
      case COUNTER: return "counter";
      case HISTOGRAM: return "histogram";
      default: return "gauge";
    }
  }

  private static String labels(Map<String, String> attributes, String extraKey, String extraValue) {
    Map<String, String> sorted = new TreeMap<>();
    attributes.forEach((k, v) -> sorted.put(MetricFamily.prometheusLabel(k), v));
    if (extraKey != null) {
      sorted.put(extraKey, extraValue);
    }
    if (sorted.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder("{");
    boolean first = true;
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      sb.append(e.getKey()).append("=\"").append(escapeLabel(e.getValue())).append('"');
    }
    return sb.append('}').toString();
  }

  static String number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  /** A bucket bound in plain decimal ("0.00001", "1", "60"). */
  static String bound(double v) {
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  private static String escapeLabel(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static String escapeHelp(String s) {
    return s.replace("\\", "\\\\").replace("\n", "\\n");
  }
}
