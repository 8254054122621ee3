package mcp.db.pool.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TextTableTest {

  @Test
  void numbersAlignRightAndTextLeft() {
    TextTable t = new TextTable("pool size", "ops/s", "note").row("1", "360", "").row("16", "12,345", "<- recommended");
    StringWriter buffer = new StringWriter();
    t.print(new PrintWriter(buffer, true), 2);
    assertThat(buffer.toString().split("\n")).containsExactly(
        "  pool size   ops/s  note",
        "  ---------  ------  --------------",
        "          1     360",
        "         16  12,345  <- recommended");
  }

  @Test
  void durationsCountAsNumbers() {
    assertThat(TextTable.looksNumeric("3.42 ms")).isTrue();
    assertThat(TextTable.looksNumeric("85 us")).isTrue();
    assertThat(TextTable.looksNumeric("-")).isTrue();
    assertThat(TextTable.looksNumeric("latency")).isFalse();
  }

  @Test
  void formatsAreAsciiAndReadable() {
    assertThat(Format.nanos(850)).isEqualTo("850 ns");
    assertThat(Format.nanos(85_000)).isEqualTo("85 us");
    assertThat(Format.nanos(3_420_000)).isEqualTo("3.42 ms");
    assertThat(Format.nanos(1_250_000_000)).isEqualTo("1.25 s");
    assertThat(Format.count(1234567)).isEqualTo("1,234,567");
    assertThat(Format.percent(2, 1000)).isEqualTo("0.2%");
    assertThat(Format.duration(java.time.Duration.ofHours(8))).isEqualTo("8h");
    assertThat(Format.duration(java.time.Duration.ofMillis(1500))).isEqualTo("1.5s");
  }
}
