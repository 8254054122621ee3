package mcp.db.pool.internal.session;

import java.util.ArrayList;
import java.util.List;

/** Renders rows as a small aligned text table, for {@code QueryResult.toString()}. */
public final class TextTable {
  /** Values longer than this are cut, ending with "...". */
  public static final int MAX_VALUE_WIDTH = 40;
  /** Rows after this many are left out and counted in a "more rows" line. */
  public static final int MAX_ROWS = 20;
  private static final int MAX_BYTES_SHOWN = 16;

  private TextTable() {}

  /**
   * The table: a header, a rule, up to {@link #MAX_ROWS} rows, then {@code (N rows)}.
   *
   * @param columns the column labels
   * @param rows rows with one value per column
   */
  public static String render(List<String> columns, List<List<Object>> rows) {
    int shown = Math.min(rows.size(), MAX_ROWS);
    List<String[]> cells = new ArrayList<>(shown);
    boolean[] numeric = new boolean[columns.size()];
    int[] width = new int[columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      width[c] = cell(columns.get(c)).length();
      numeric[c] = true;
    }
    for (int r = 0; r < shown; r++) {
      List<Object> row = rows.get(r);
      String[] line = new String[columns.size()];
      for (int c = 0; c < line.length; c++) {
        Object value = row.get(c);
        line[c] = cell(value);
        width[c] = Math.max(width[c], line[c].length());
        if (value != null && !(value instanceof Number)) numeric[c] = false;
      }
      cells.add(line);
    }
    StringBuilder out = new StringBuilder();
    String[] header = new String[columns.size()];
    for (int c = 0; c < header.length; c++) header[c] = cell(columns.get(c));
    appendLine(out, header, width, new boolean[width.length]);
    for (int c = 0; c < width.length; c++) {
      if (c > 0) out.append("-+-");
      out.append("-".repeat(width[c]));
    }
    out.append('\n');
    for (String[] line : cells) appendLine(out, line, width, numeric);
    if (rows.size() > shown) {
      out.append("... ").append(rows.size() - shown).append(" more rows\n");
    }
    out.append('(').append(rows.size()).append(rows.size() == 1 ? " row)" : " rows)");
    return out.toString();
  }

  private static void appendLine(StringBuilder out, String[] line, int[] width,
      boolean[] rightAligned) {
    int start = out.length();
    for (int c = 0; c < line.length; c++) {
      if (c > 0) out.append(" | ");
      String pad = " ".repeat(width[c] - line[c].length());
      if (rightAligned[c]) {
        out.append(pad).append(line[c]);
      } else {
        out.append(line[c]).append(pad);
      }
    }
    // No trailing blanks: they are invisible and break copy-and-paste comparisons.
    int end = out.length();
    while (end > start && out.charAt(end - 1) == ' ') end--;
    out.setLength(end);
    out.append('\n');
  }

  /** One value as shown: NULL, hex for bytes, control characters escaped, long values cut. */
  static String cell(Object value) {
    String text;
    if (value == null) {
      text = "NULL";
    } else if (value instanceof byte[]) {
      text = hex((byte[]) value);
    } else {
      text = String.valueOf(value);
    }
    StringBuilder b = new StringBuilder(Math.min(text.length(), MAX_VALUE_WIDTH));
    for (int i = 0; i < text.length() && b.length() <= MAX_VALUE_WIDTH; i++) {
      char ch = text.charAt(i);
      if (ch == '\n') {
        b.append("\\n");
      } else if (ch == '\r') {
        b.append("\\r");
      } else if (ch == '\t') {
        b.append("\\t");
      } else if (Character.isISOControl(ch)) {
        b.append('?');
      } else {
        b.append(ch);
      }
    }
    if (b.length() > MAX_VALUE_WIDTH) {
      b.setLength(MAX_VALUE_WIDTH - 3);
      b.append("...");
    }
    return b.toString();
  }

  private static String hex(byte[] bytes) {
    StringBuilder b = new StringBuilder("\\x");
    int n = Math.min(bytes.length, MAX_BYTES_SHOWN);
    for (int i = 0; i < n; i++) {
      b.append(Character.forDigit((bytes[i] >> 4) & 0xF, 16))
          .append(Character.forDigit(bytes[i] & 0xF, 16));
    }
    if (bytes.length > n) b.append("... (").append(bytes.length).append(" bytes)");
    return b.toString();
  }
}
