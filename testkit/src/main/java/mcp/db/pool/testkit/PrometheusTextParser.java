package mcp.db.pool.testkit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format (0.0.4) and of OpenMetrics text 1.0, for
 * tests: it rejects what Prometheus' own parser rejects (bad names, bad escapes, unquoted or
 * duplicate labels, truncated lines, unparsable values or timestamps, a TYPE after its samples or
 * twice, a family split in two, duplicate series, histogram buckets out of order or not cumulative,
 * a missing +Inf bucket or {@code _count} or one that differs from the other, and for OpenMetrics
 * empty lines, unknown comments, trailing commas in labels and a missing or misplaced
 * {@code # EOF}). Every rejection is an {@link IllegalArgumentException} naming the problem and the
 * line. Exemplars and the other OpenMetrics extensions our exporters do not write are rejected too.
 */
public final class PrometheusTextParser {
  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final List<String> SUFFIXES =
      List.of("_bucket", "_count", "_sum", "_total", "_created", "_info");
  private static final Set<String> TYPES =
      Set.of("counter", "gauge", "histogram", "summary", "untyped", "unknown", "info", "stateset", "gaugehistogram");

  /**
   * One sample line.
   *
   * @param name the sample's name
   * @param labels its labels
   * @param value its value
   */
  public record Sample(String name, Map<String, String> labels, double value) {}

  /** What a page held. */
  public static final class Exposition {
    /** TYPE of each family. */
    public final Map<String, String> types = new LinkedHashMap<>();
    /** HELP of each family. */
    public final Map<String, String> help = new LinkedHashMap<>();
    /** Every sample, in page order. */
    public final List<Sample> samples = new ArrayList<>();

    /**
     * The value of the one sample with this name and exactly these labels.
     *
     * @throws AssertionError if there is no such sample, or more than one
     */
    public double value(String name, Map<String, String> labels) {
      Sample found = null;
      for (Sample s : samples) {
        if (s.name().equals(name) && s.labels().equals(labels)) {
          if (found != null) {
            throw new AssertionError("two samples " + name + labels);
          }
          found = s;
        }
      }
      if (found == null) {
        throw new AssertionError("no sample " + name + labels + " in " + names());
      }
      return found.value();
    }

    /** The samples with this name. */
    public List<Sample> named(String name) {
      List<Sample> out = new ArrayList<>();
      for (Sample s : samples) {
        if (s.name().equals(name)) {
          out.add(s);
        }
      }
      return out;
    }

    /** The sample names on the page. */
    public Set<String> names() {
      Set<String> out = new java.util.TreeSet<>();
      for (Sample s : samples) {
        out.add(s.name());
      }
      return out;
    }
  }

  private PrometheusTextParser() {}

  /** Parses a Prometheus text (0.0.4) page, strictly. */
  public static Exposition parsePrometheus(String text) {
    return parse(text, false);
  }

  /** Parses an OpenMetrics 1.0 text page, strictly. */
  public static Exposition parseOpenMetrics(String text) {
    return parse(text, true);
  }

  private static Exposition parse(String text, boolean openMetrics) {
    Exposition out = new Exposition();
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new IllegalArgumentException("the page does not end with a newline");
    }
    String[] lines = text.split("\n", -1);
    Set<String> closedFamilies = new HashSet<>();
    Set<String> seenSeries = new HashSet<>();
    String currentFamily = null;
    boolean eof = false;
    for (int n = 0; n < lines.length - 1; n++) {
      String line = lines[n];
      String where = "line " + (n + 1) + ": " + line;
      if (eof) {
        throw new IllegalArgumentException("content after # EOF at " + where);
      }
      if (line.isEmpty()) {
        if (openMetrics) {
          throw new IllegalArgumentException("empty line in OpenMetrics at " + where);
        }
        continue;
      }
      if (line.startsWith("#")) {
        if (openMetrics && line.equals("# EOF")) {
          eof = true;
          continue;
        }
        String[] parts = line.split(" ", 4);
        if (parts.length >= 3 && (parts[1].equals("TYPE") || parts[1].equals("HELP") || parts[1].equals("UNIT"))) {
          String family = parts[2];
          require(METRIC_NAME.matcher(family).matches(), "bad metric name", where);
          if (!family.equals(currentFamily)) {
            require(!closedFamilies.contains(family), "family split in two", where);
            if (currentFamily != null) {
              closedFamilies.add(currentFamily);
            }
            currentFamily = family;
          }
          if (parts[1].equals("TYPE")) {
            require(parts.length == 4 && TYPES.contains(parts[3]), "bad TYPE", where);
            require(!out.types.containsKey(family), "TYPE given twice", where);
            require(!hasSamplesOf(out, family), "TYPE after samples", where);
            out.types.put(family, parts[3]);
          } else if (parts[1].equals("HELP")) {
            require(!out.help.containsKey(family), "HELP given twice", where);
            String h = parts.length == 4 ? parts[3] : "";
            checkEscapes(h, openMetrics ? "\\\"n" : "\\n", where);
            out.help.put(family, h);
          }
        } else if (openMetrics) {
          throw new IllegalArgumentException("unknown comment in OpenMetrics at " + where);
        }
        continue;
      }
      Sample s = parseSample(line, openMetrics, where);
      String family = familyOf(s.name(), out.types);
      if (!family.equals(currentFamily)) {
        require(!closedFamilies.contains(family), "family split in two", where);
        if (currentFamily != null) {
          closedFamilies.add(currentFamily);
        }
        currentFamily = family;
      }
      String key = s.name() + new TreeMap<>(s.labels());
      require(seenSeries.add(key), "duplicate series", where);
      out.samples.add(s);
    }
    if (openMetrics) {
      require(eof, "no # EOF", "end");
    }
    checkHistograms(out);
    return out;
  }

  private static Sample parseSample(String line, boolean openMetrics, String where) {
    int i = 0;
    while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
      i++;
    }
    String name = line.substring(0, i);
    require(METRIC_NAME.matcher(name).matches(), "bad metric name", where);
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i++;
      while (charAt(line, i, where) != '}') {
        int eq = line.indexOf('=', i);
        require(eq > i, "label without =", where);
        String label = line.substring(i, eq);
        require(LABEL_NAME.matcher(label).matches(), "bad label name '" + label + "'", where);
        require(charAt(line, eq + 1, where) == '"', "unquoted label value", where);
        StringBuilder value = new StringBuilder();
        int j = eq + 2;
        for (;; j++) {
          require(j < line.length(), "unterminated label value", where);
          char c = line.charAt(j);
          if (c == '\\') {
            require(j + 1 < line.length(), "unterminated label value", where);
            char next = line.charAt(++j);
            require(next == '\\' || next == '"' || next == 'n', "bad escape", where);
            value.append(next == 'n' ? '\n' : next);
          } else if (c == '"') {
            break;
          } else {
            value.append(c);
          }
        }
        require(labels.put(label, value.toString()) == null, "label given twice", where);
        i = j + 1;
        if (charAt(line, i, where) == ',') {
          i++;
          // Prometheus' text format tolerates a trailing comma; OpenMetrics does not.
          require(!openMetrics || charAt(line, i, where) != '}', "trailing comma in labels", where);
        } else {
          require(line.charAt(i) == '}', "expected , or }", where);
        }
      }
      i++;
    }
    require(i < line.length() && line.charAt(i) == ' ', "no space before the value", where);
    String[] rest = line.substring(i + 1).split(" ", -1);
    require(rest.length == 1 || rest.length == 2, "expected value [timestamp]", where);
    if (rest.length == 2) {
      // Prometheus: integer milliseconds; OpenMetrics: seconds, possibly fractional.
      String pattern = openMetrics ? "-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?" : "-?[0-9]+";
      require(rest[1].matches(pattern), "bad timestamp '" + rest[1] + "'", where);
    }
    return new Sample(name, labels, parseValue(rest[0], where));
  }

  private static double parseValue(String v, String where) {
    switch (v) {
      case "NaN": return Double.NaN;
      case "+Inf": return Double.POSITIVE_INFINITY;
      case "-Inf": return Double.NEGATIVE_INFINITY;
      default:
        require(v.matches("[-+]?[0-9]*\\.?[0-9]+([eE][-+]?[0-9]+)?"), "bad value '" + v + "'", where);
        return Double.parseDouble(v);
    }
  }

  private static String familyOf(String sample, Map<String, String> types) {
    for (String suffix : SUFFIXES) {
      if (sample.endsWith(suffix)) {
        String base = sample.substring(0, sample.length() - suffix.length());
        if (types.containsKey(base)) {
          return base;
        }
      }
    }
    return sample;
  }

  private static void checkHistograms(Exposition out) {
    for (Map.Entry<String, String> t : out.types.entrySet()) {
      if (!t.getValue().equals("histogram")) {
        continue;
      }
      String name = t.getKey();
      Map<Map<String, String>, List<Sample>> bySeries = new LinkedHashMap<>();
      for (Sample s : out.named(name + "_bucket")) {
        Map<String, String> rest = new TreeMap<>(s.labels());
        require(rest.remove("le") != null, "bucket without le", name);
        bySeries.computeIfAbsent(rest, k -> new ArrayList<>()).add(s);
      }
      for (Map.Entry<Map<String, String>, List<Sample>> e : bySeries.entrySet()) {
        double previousLe = Double.NEGATIVE_INFINITY;
        double previousCount = 0;
        for (Sample b : e.getValue()) {
          double le = parseValue(b.labels().get("le"), name);
          require(le > previousLe, "buckets out of order", name);
          require(b.value() >= previousCount, "buckets not cumulative", name);
          previousLe = le;
          previousCount = b.value();
        }
        require(previousLe == Double.POSITIVE_INFINITY, "no +Inf bucket", name);
        List<Sample> counts = new ArrayList<>();
        for (Sample c : out.named(name + "_count")) {
          if (c.labels().equals(e.getKey())) {
            counts.add(c);
          }
        }
        require(counts.size() == 1, "no _count for the buckets " + e.getKey(), name);
        require(counts.get(0).value() == previousCount, "+Inf bucket differs from _count", name);
      }
    }
  }

  /** Whether a sample of {@code family} (its own name or with a suffix) is on the page already. */
  private static boolean hasSamplesOf(Exposition out, String family) {
    for (Sample s : out.samples) {
      String n = s.name();
      if (n.equals(family)) {
        return true;
      }
      for (String suffix : SUFFIXES) {
        if (n.equals(family + suffix)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The character at {@code i}, or a rejection when the line ends before it. */
  private static char charAt(String line, int i, String where) {
    require(i < line.length(), "line ends too early", where);
    return line.charAt(i);
  }

  private static void checkEscapes(String s, String allowed, String where) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '\\') {
        require(i + 1 < s.length() && allowed.indexOf(s.charAt(i + 1)) >= 0, "bad escape", where);
        i++;
      }
    }
  }

  private static void require(boolean ok, String problem, String where) {
    if (!ok) {
      throw new IllegalArgumentException(problem + " at " + where);
    }
  }
}
