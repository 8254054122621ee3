package mcp.db.pool.cli.tune;

import java.util.Locale;

/** Draws a {@link ChartCanvas} as an SVG element (inline in HTML, or a file on its own). */
final class SvgCanvas implements ChartCanvas {
  private final StringBuilder body = new StringBuilder();
  private final int width;
  private final int height;

  SvgCanvas(int width, int height) {
    this.width = width;
    this.height = height;
  }

  @Override
  public void rect(double x, double y, double w, double h, String fill) {
    body.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>%n",
        x, y, w, h, fill));
  }

  @Override
  public void line(double x1, double y1, double x2, double y2, String stroke, double w) {
    body.append(String.format(Locale.ROOT,
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%.1f\"/>%n",
        x1, y1, x2, y2, stroke, w));
  }

  @Override
  public void polyline(double[] xs, double[] ys, String stroke, double w) {
    StringBuilder points = new StringBuilder();
    for (int i = 0; i < xs.length; i++) {
      if (i > 0) points.append(' ');
      points.append(String.format(Locale.ROOT, "%.1f,%.1f", xs[i], ys[i]));
    }
    body.append(String.format(Locale.ROOT,
        "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\"/>%n", points, stroke, w));
  }

  @Override
  public void circle(double cx, double cy, double r, String fill) {
    body.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"/>%n", cx, cy, r, fill));
  }

  @Override
  public void text(double x, double y, String text, int size, String fill, Anchor anchor, boolean bold) {
    String anchorName = switch (anchor) {
      case START -> "start";
      case MIDDLE -> "middle";
      case END -> "end";
    };
    body.append(String.format(Locale.ROOT,
        "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" fill=\"%s\" text-anchor=\"%s\"%s>%s</text>%n",
        x, y, size, fill, anchorName, bold ? " font-weight=\"bold\"" : "", escape(text)));
  }

  /** The finished {@code <svg>} element. */
  String svg() {
    return String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
            + "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>%n%s</svg>%n",
        width, height, width, height, body);
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
