package mcp.db.pool.cli.output;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table for results on stdout: a header, a rule of dashes, then rows, columns two
 * spaces apart. Columns whose cells all look like numbers (digits, separators, units) are aligned
 * right, the rest left, so a table of measurements reads down its columns.
 */
public final class TextTable {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();
  private boolean showHeader = true;

  /** A table with these column titles. */
  public TextTable(String... header) {
    this.header = List.of(header);
  }

  /** Prints rows only, for label/value lists that need no titles. */
  public TextTable withoutHeader() {
    showHeader = false;
    return this;
  }

  /**
   * Adds a row; missing trailing cells are blank.
   *
   * @throws IllegalArgumentException if the row has more cells than the header
   */
  public TextTable row(Object... cells) {
    if (cells.length > header.size()) {
      throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + header.size() + " columns");
    }
    List<String> row = new ArrayList<>(header.size());
    for (Object cell : cells) row.add(cell == null ? "" : cell.toString());
    while (row.size() < header.size()) row.add("");
    rows.add(row);
    return this;
  }

  /** Writes the table, each line indented by {@code indent} spaces. */
  public void print(PrintWriter out, int indent) {
    int columns = header.size();
    int[] widths = new int[columns];
    boolean[] numeric = new boolean[columns];
    Arrays.fill(numeric, !rows.isEmpty());
    for (int c = 0; c < columns; c++) {
      widths[c] = showHeader ? header.get(c).length() : 0;
      for (List<String> row : rows) {
        widths[c] = Math.max(widths[c], row.get(c).length());
        if (!row.get(c).isEmpty() && !looksNumeric(row.get(c))) numeric[c] = false;
      }
    }
    String pad = " ".repeat(indent);
    if (showHeader) {
      out.println(pad + line(header, widths, numeric));
      StringBuilder rule = new StringBuilder();
      for (int c = 0; c < columns; c++) {
        if (c > 0) rule.append("  ");
        rule.append("-".repeat(widths[c]));
      }
      out.println(pad + rule);
    }
    for (List<String> row : rows) out.println(pad + line(row, widths, numeric));
  }

  private static String line(List<String> cells, int[] widths, boolean[] numeric) {
    StringBuilder b = new StringBuilder();
    for (int c = 0; c < cells.size(); c++) {
      if (c > 0) b.append("  ");
      String cell = cells.get(c);
      String fill = " ".repeat(widths[c] - cell.length());
      if (numeric[c]) {
        b.append(fill).append(cell);
      } else {
        b.append(cell);
        if (c < cells.size() - 1) b.append(fill);
      }
    }
    return b.toString().stripTrailing();
  }

  /** Starts with a digit or sign and holds nothing but digits, separators, spaces and short units. */
  static boolean looksNumeric(String cell) {
    return cell.equals("-") || cell.matches("[-+]?[0-9][0-9,.]*( ?(ns|us|ms|s|min|%|x))?");
  }
}
