package mcp.db.pool.cli.output;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import mcp.db.pool.cli.load.PoolSampler.Sample;

/**
 * The live view on stderr while a load runs: a progress bar and one line about the pool,
 *
 * <pre>
 * demo [#####-------]  40% 1.6s | in use 4 idle 0 waiting 4 size 6 (4+2) | 18,234 ops/s
 * </pre>
 *
 * <p>In {@link Mode#BAR} mode (a terminal) the line is redrawn in place with a carriage return; in
 * {@link Mode#LINES} mode (output going to a file or a CI log) a new line is written every few
 * seconds instead, so logs stay readable; {@link Mode#NONE} writes nothing. Results never go here:
 * they go to stdout, so {@code demo > result.txt} captures only them.
 */
public final class ProgressLine implements Consumer<Sample> {
  /** How progress is shown. */
  public enum Mode {
    /** Redraw one line in place (for a terminal). */
    BAR,
    /** Write a line now and then (for logs). */
    LINES,
    /** Write nothing. */
    NONE
  }

  private static final int BAR_WIDTH = 12;

  private final PrintWriter err;
  private final Mode mode;
  private final String label;
  private final long totalNanos;
  private final long lineEveryNanos;
  private final int width;
  private long nextLineAt;
  private long lastPrinted = -1;
  private int lastWidth;

  /**
   * @param err where to write (stderr)
   * @param mode how to show progress
   * @param label the command's name, first on the line
   * @param total the planned run time including warm-up, or {@code null} when open-ended
   * @param width the terminal's width in columns, 0 when unknown
   */
  public ProgressLine(PrintWriter err, Mode mode, String label, Duration total, int width) {
    this.err = err;
    this.width = width;
    this.mode = mode;
    this.label = label;
    this.totalNanos = total == null ? -1 : total.toNanos();
    // About twenty lines per run, and never more than one a second.
    this.lineEveryNanos = Math.max(1_000_000_000L, totalNanos > 0 ? totalNanos / 20 : 5_000_000_000L);
  }

  @Override
  public synchronized void accept(Sample sample) {
    switch (mode) {
      case NONE -> { }
      case BAR -> {
        String text = render(sample, true, sample.throughput(), false);
        err.print('\r' + text + " ".repeat(Math.max(0, lastWidth - text.length())));
        err.flush();
        lastWidth = text.length();
      }
      case LINES -> {
        // The last line of a timed run is written by finish(), with the final numbers.
        boolean ended = totalNanos > 0 && sample.sinceStartNanos() >= totalNanos;
        if (!ended && sample.sinceStartNanos() >= nextLineAt) {
          err.println(render(sample, false, sample.throughput(), false));
          err.flush();
          nextLineAt = sample.sinceStartNanos() + lineEveryNanos;
          lastPrinted = sample.sequence();
        }
      }
    }
  }

  /**
   * Shows the final state and ends the line, so later output starts on a fresh one.
   *
   * @param sample the last sample
   * @param throughput the whole run's operations per second (the last interval's is misleading
   *     once the load has stopped)
   */
  public synchronized void finish(Sample sample, double throughput) {
    switch (mode) {
      case NONE -> { }
      case BAR -> {
        String text = render(sample, true, throughput, true);
        err.println('\r' + text + " ".repeat(Math.max(0, lastWidth - text.length())));
        err.flush();
      }
      case LINES -> {
        if (lastPrinted != sample.sequence()) {
          err.println(render(sample, false, throughput, true));
          err.flush();
          lastPrinted = sample.sequence();
        }
      }
    }
  }

  /**
   * One line of progress. The bar form is compact (single spaces, errors only when there are some)
   * and cut to the terminal's width, because a line that wraps cannot be redrawn in place.
   */
  String render(Sample s, boolean bar, double throughput, boolean finished) {
    String gap = bar ? " " : "  ";
    StringBuilder b = new StringBuilder(label);
    if (totalNanos > 0) {
      // The sampler starts a moment after the load, so its clock can end a hair short of the total.
      long elapsed = finished ? totalNanos : Math.min(s.sinceStartNanos(), totalNanos);
      double fraction = elapsed / (double) totalNanos;
      if (bar) {
        int filled = (int) Math.round(fraction * BAR_WIDTH);
        b.append(" [").append("#".repeat(filled)).append("-".repeat(BAR_WIDTH - filled)).append(']');
        b.append(String.format(Locale.ROOT, " %3.0f%% %s", fraction * 100, Format.seconds(elapsed)));
      } else {
        b.append(String.format(Locale.ROOT, " %3.0f%%  %s/%s", fraction * 100, Format.seconds(elapsed),
            Format.seconds(totalNanos)));
      }
    } else {
      b.append(gap).append(Format.seconds(s.sinceStartNanos()));
    }
    if (bar) b.append(" | ").append(Format.rate(throughput)).append(" ops/s");
    b.append(" | in use ").append(s.inUse())
        .append(gap).append("idle ").append(s.idle())
        .append(gap).append("waiting ").append(s.waiting())
        .append(gap).append("size ").append(s.size())
        .append(" (").append(s.poolSize()).append('+')
        .append(s.maxOverflow() < 0 ? "unbounded" : Integer.toString(s.maxOverflow())).append(')');
    if (!bar) b.append(" | ").append(Format.rate(throughput)).append(" ops/s");
    if (!bar || s.errors() > 0) {
      b.append(gap).append(Format.count(s.errors())).append(s.errors() == 1 ? " error" : " errors");
    }
    if (bar && width > 0 && b.length() >= width) b.setLength(width - 1);
    return b.toString();
  }
}
