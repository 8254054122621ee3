package mcp.db.pool.cli.output;

import java.util.Locale;
import java.util.Map;

/**
 * Writes maps, lists, strings, numbers, booleans and nulls as JSON, so the tool needs no JSON
 * library. Maps keep their iteration order (use a {@code LinkedHashMap} for a stable layout). A
 * {@code double} that is NaN or infinite, which JSON cannot express, is written as {@code null}.
 */
public final class Json {
  private Json() {}

  /** The value as indented JSON (two spaces per level), for results people may also read. */
  public static String pretty(Object value) {
    StringBuilder b = new StringBuilder();
    write(b, value, 0, true);
    return b.toString();
  }

  /** The value as compact JSON on one line, for HTTP responses. */
  public static String compact(Object value) {
    StringBuilder b = new StringBuilder();
    write(b, value, 0, false);
    return b.toString();
  }

  private static void write(StringBuilder b, Object value, int depth, boolean pretty) {
    if (value == null) {
      b.append("null");
    } else if (value instanceof String s) {
      quote(b, s);
    } else if (value instanceof Boolean) {
      b.append(value);
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        b.append("null");
      } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
        b.append((long) d);
      } else {
        b.append(String.format(Locale.ROOT, "%s", d));
      }
    } else if (value instanceof Number) {
      b.append(value);
    } else if (value instanceof Map<?, ?> map) {
      writeMap(b, map, depth, pretty);
    } else if (value instanceof Iterable<?> items) {
      writeList(b, items, depth, pretty);
    } else if (value instanceof long[] numbers) {
      b.append('[');
      for (int i = 0; i < numbers.length; i++) {
        if (i > 0) b.append(',');
        b.append(numbers[i]);
      }
      b.append(']');
    } else {
      quote(b, value.toString());
    }
  }

  private static void writeMap(StringBuilder b, Map<?, ?> map, int depth, boolean pretty) {
    if (map.isEmpty()) {
      b.append("{}");
      return;
    }
    b.append('{');
    boolean first = true;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!first) b.append(',');
      first = false;
      newline(b, depth + 1, pretty);
      quote(b, String.valueOf(e.getKey()));
      b.append(pretty ? ": " : ":");
      write(b, e.getValue(), depth + 1, pretty);
    }
    newline(b, depth, pretty);
    b.append('}');
  }

  private static void writeList(StringBuilder b, Iterable<?> items, int depth, boolean pretty) {
    b.append('[');
    boolean first = true;
    // Lists of plain values stay on one line; lists of objects get one line per element.
    for (Object item : items) {
      boolean nested = item instanceof Map || item instanceof Iterable;
      if (!first) b.append(pretty && !nested ? ", " : ",");
      if (nested) newline(b, depth + 1, pretty);
      first = false;
      write(b, item, depth + 1, pretty);
    }
    if (!first && pretty && lastWasNested(items)) newline(b, depth, true);
    b.append(']');
  }

  private static boolean lastWasNested(Iterable<?> items) {
    Object last = null;
    for (Object item : items) last = item;
    return last instanceof Map || last instanceof Iterable;
  }

  private static void newline(StringBuilder b, int depth, boolean pretty) {
    if (!pretty) return;
    b.append('\n');
    b.append("  ".repeat(depth));
  }

  private static void quote(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        // Keeps a string that holds "</script>" from ending an inline script early.
        case '<' -> b.append("\\u003c");
        default -> {
          if (ch < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
          } else {
            b.append(ch);
          }
        }
      }
    }
    b.append('"');
  }
}
