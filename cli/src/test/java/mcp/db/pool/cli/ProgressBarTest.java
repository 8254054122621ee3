package mcp.db.pool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The live progress bar on a terminal ({@code ProgressLine}'s BAR mode): the tool run as if stderr
 * were a terminal of a given width, so {@code --progress auto} draws one line redrawn in place with
 * carriage returns, cut to the width so that it never wraps (a wrapped line cannot be redrawn).
 */
class ProgressBarTest {
  /** The bar line as drawn: label, bar, percent, elapsed, throughput, then the pool. */
  private static final String BAR = "demo \\[[#-]{12}\\] +\\d{1,3}% \\d+\\.\\d+s \\| [0-9.,]+ ops/s \\| in use \\d+.*";

  @Test
  void onATerminalTheBarIsRedrawnInPlaceWithThePoolsState() {
    Run r = run(0, "demo", "--duration", "1500ms", "--threads", "4");
    assertThat(r.code).as(r.err).isZero();
    List<String> frames = r.frames();
    // A redraw every half second, and the final one.
    assertThat(frames.size()).as(r.err).isGreaterThanOrEqualTo(3);
    for (String frame : frames) {
      assertThat(frame.stripTrailing()).matches(BAR)
          .containsPattern("\\| in use \\d+ idle \\d+ waiting \\d+ size \\d+ \\(4\\+2\\)");
    }
    assertThat(frames.get(frames.size() - 1)).startsWith("demo [############] 100% 1.5s");
    // The last frame ends the line, so the summary on stdout starts on a fresh one.
    assertThat(r.err).endsWith("\n");
    assertThat(r.out).startsWith("Demo: 4 threads").doesNotContain("\r");
  }

  @Test
  void barIsCutToTheTerminalWidthSoItNeverWraps() {
    Run r = run(80, "demo", "--duration", "1s", "--threads", "4");
    assertThat(r.code).as(r.err).isZero();
    List<String> frames = r.frames();
    assertThat(frames).isNotEmpty();
    for (String frame : frames) {
      // One column is left free: a terminal wraps when the last column is written.
      assertThat(frame.length()).as(frame).isLessThanOrEqualTo(79);
      assertThat(frame).startsWith("demo [").contains(" ops/s | in use ");
    }
    // Uncut, the line is longer than 80 columns (the pool's state alone is ~40), so it was cut.
    assertThat(frames).anySatisfy(f -> assertThat(f).hasSize(79));
  }

  private static Run run(int width, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(args, o, e, Map.of(), true, width);
    }
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private record Run(int code, String out, String err) {
    /** What each carriage return drew: the text after it, up to the next one or the line's end. */
    List<String> frames() {
      assertThat(err).as("carriage returns in stderr").contains("\r");
      String bar = err.substring(err.indexOf('\r') + 1);
      return Arrays.stream(bar.split("\r")).map(f -> f.endsWith("\n") ? f.substring(0, f.length() - 1) : f).toList();
    }
  }
}
