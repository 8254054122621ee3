package mcp.db.pool.cli.tune;

/**
 * The few drawing operations a sweep chart needs, so one layout ({@link SweepChart}) can be drawn
 * as SVG for the HTML page and as pixels for a PNG. Coordinates are in pixels from the top left;
 * colours are {@code #rrggbb}.
 */
interface ChartCanvas {
  /** Where a text's x coordinate sits. */
  enum Anchor { START, MIDDLE, END }

  /** A filled rectangle. */
  void rect(double x, double y, double width, double height, String fill);

  /** A straight line. */
  void line(double x1, double y1, double x2, double y2, String stroke, double width);

  /** Connected line segments through the points. */
  void polyline(double[] xs, double[] ys, String stroke, double width);

  /** A filled circle. */
  void circle(double cx, double cy, double radius, String fill);

  /** Text whose baseline is at {@code y}. */
  void text(double x, double y, String text, int size, String fill, Anchor anchor, boolean bold);
}
