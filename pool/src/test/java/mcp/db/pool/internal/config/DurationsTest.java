package mcp.db.pool.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
      "30, PT30S",
      "0.5, PT0.5S",
      ".25, PT0.25S",
      "250ms, PT0.25S",
      "250 MS, PT0.25S",
      "1.5s, PT1.5S",
      "2m, PT2M",
      "1h, PT1H",
      "0, PT0S",
      "-1, PT-1S",
      "'  45s  ', PT45S",
      "0.0000000004, PT0S",
  })
  void parsesSecondsAndUnitSuffixes(String text, String expected) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "ms", "abc", "10 parsecs", "1e3", "1.2.3", "5d", "--1", "P1D"})
  void rejectsTextThatIsNotANumberWithAKnownUnit(String text) {
    assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsDurationsBeyondLongNanoseconds() {
    assertThatThrownBy(() -> Durations.parse("100000000h")).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({
      "PT0S, 0s",
      "PT2H, 2h",
      "PT30M, 30m",
      "PT90S, 90s",
      "PT0.25S, 250ms",
      "PT-1S, -1s",
      "PT0.0000005S, 0.0000005s",
  })
  void formatsWithTheLargestExactUnit(String duration, String expected) {
    assertThat(Durations.format(Duration.parse(duration))).isEqualTo(expected);
  }

  @Test
  void formatOutputParsesBack() {
    for (String d : new String[] {"PT2H", "PT90S", "PT0.25S", "PT1.001S"}) {
      Duration duration = Duration.parse(d);
      assertThat(Durations.parse(Durations.format(duration))).isEqualTo(duration);
    }
  }
}
