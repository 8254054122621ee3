package mcp.db.pool.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
  private final DurationConverter converter = new DurationConverter();

  @Test
  void readsTheSameFormsAsTheEnvironmentVariables() {
    assertThat(converter.convert("5")).isEqualTo(Duration.ofSeconds(5));
    assertThat(converter.convert("0.5")).isEqualTo(Duration.ofMillis(500));
    assertThat(converter.convert("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(converter.convert("2S")).isEqualTo(Duration.ofSeconds(2));
    assertThat(converter.convert("1.5m")).isEqualTo(Duration.ofSeconds(90));
    assertThat(converter.convert("1 h")).isEqualTo(Duration.ofHours(1));
    assertThat(converter.convert("0")).isEqualTo(Duration.ZERO);
  }

  @Test
  void rejectsNegativeAndUnknownUnits() {
    assertThatThrownBy(() -> converter.convert("-1s")).isInstanceOf(TypeConversionException.class);
    assertThatThrownBy(() -> converter.convert("5 days")).isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("'5 days' is not a duration");
  }

  @Test
  void commandSuggestionsAllowTwoEditsOrASwap() {
    var commands = java.util.List.of("demo", "check", "bench", "tune", "serve");
    assertThat(Main.closest("bnech", commands)).isEqualTo("bench");
    assertThat(Main.closest("serv", commands)).isEqualTo("serve");
    assertThat(Main.closest("frobnicate", commands)).isNull();
  }
}
