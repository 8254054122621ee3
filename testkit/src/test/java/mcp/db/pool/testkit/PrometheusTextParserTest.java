package mcp.db.pool.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The strict parser accepts well-formed pages and rejects each kind of malformed one. */
class PrometheusTextParserTest {

  /** A page as the Prometheus client and our own writer produce it, with every feature we use. */
  private static final String PROMETHEUS_PAGE = String.join("\n",
      "# HELP db_client_connection_count Connections by state; a backslash \\\\ and a newline \\n.",
      "# TYPE db_client_connection_count gauge",
      "db_client_connection_count{pool_name=\"a\\\"b\\\\c\\nd\",state=\"idle\"} 3",
      "db_client_connection_count{pool_name=\"a\\\"b\\\\c\\nd\",state=\"used\"} 1.5e0",
      "",
      "# TYPE db_client_connection_wait_time_seconds histogram",
      "db_client_connection_wait_time_seconds_bucket{pool_name=\"p\",le=\"0.001\"} 2",
      "db_client_connection_wait_time_seconds_bucket{pool_name=\"p\",le=\"0.01\"} 5",
      "db_client_connection_wait_time_seconds_bucket{pool_name=\"p\",le=\"+Inf\"} 5",
      "db_client_connection_wait_time_seconds_count{pool_name=\"p\"} 5",
      "db_client_connection_wait_time_seconds_sum{pool_name=\"p\"} 0.012",
      "# TYPE mcp_db_pool_errors_total counter",
      "mcp_db_pool_errors_total{sqlstate_class=\"23\"} 1 1700000000000",
      "# a comment that is not HELP or TYPE",
      "untyped_metric{} NaN",
      "infinite -Inf",
      "");

  private static final String OPENMETRICS_PAGE = String.join("\n",
      "# TYPE db_client_connection_count gauge",
      "# HELP db_client_connection_count Connections \"by state\".",
      "db_client_connection_count{pool_name=\"p\",state=\"idle\"} 3",
      "# TYPE db_client_connection_timeouts counter",
      "# UNIT db_client_connection_timeouts timeouts",
      "db_client_connection_timeouts_total{pool_name=\"p\"} 0",
      "db_client_connection_timeouts_created{pool_name=\"p\"} 1.7000000001E9",
      "# TYPE db_client_connection_use_time_seconds histogram",
      "db_client_connection_use_time_seconds_bucket{pool_name=\"p\",le=\"0.5\"} 1",
      "db_client_connection_use_time_seconds_bucket{pool_name=\"p\",le=\"+Inf\"} 2",
      "db_client_connection_use_time_seconds_count{pool_name=\"p\"} 2",
      "db_client_connection_use_time_seconds_sum{pool_name=\"p\"} 3.25 1700000000.5",
      "# EOF",
      "");

  @Test
  void aWellFormedPrometheusPageIsParsedWithItsEscapesDecoded() {
    PrometheusTextParser.Exposition page = PrometheusTextParser.parsePrometheus(PROMETHEUS_PAGE);
    assertThat(page.types).containsEntry("db_client_connection_count", "gauge")
        .containsEntry("db_client_connection_wait_time_seconds", "histogram");
    assertThat(page.help.get("db_client_connection_count")).contains("\\\\", "\\n");
    assertThat(page.value("db_client_connection_count", Map.of("pool_name", "a\"b\\c\nd", "state", "used")))
        .isEqualTo(1.5);
    assertThat(page.value("db_client_connection_wait_time_seconds_bucket",
        Map.of("pool_name", "p", "le", "0.01"))).isEqualTo(5);
    assertThat(page.value("mcp_db_pool_errors_total", Map.of("sqlstate_class", "23"))).isEqualTo(1);
    assertThat(page.value("untyped_metric", Map.of())).isNaN();
    assertThat(page.value("infinite", Map.of())).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(page.samples).hasSize(10);
  }

  @Test
  void aWellFormedOpenMetricsPageIsParsed() {
    PrometheusTextParser.Exposition page = PrometheusTextParser.parseOpenMetrics(OPENMETRICS_PAGE);
    assertThat(page.types).containsEntry("db_client_connection_timeouts", "counter");
    assertThat(page.value("db_client_connection_timeouts_total", Map.of("pool_name", "p"))).isZero();
    assertThat(page.value("db_client_connection_use_time_seconds_sum", Map.of("pool_name", "p")))
        .isEqualTo(3.25);
    assertThat(page.help.get("db_client_connection_count")).isEqualTo("Connections \"by state\".");
  }

  @Test
  void aTrailingCommaInLabelsIsPrometheusTextButNotOpenMetrics() {
    assertThat(PrometheusTextParser.parsePrometheus("m{a=\"1\",} 1\n").value("m", Map.of("a", "1")))
        .isEqualTo(1);
    assertThatThrownBy(() -> PrometheusTextParser.parseOpenMetrics("m{a=\"1\",} 1\n# EOF\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trailing comma");
  }

  static Stream<Arguments> malformedPrometheusPages() {
    return Stream.of(
        Arguments.of("bad escape", "m{a=\"x\\ty\"} 1\n"),
        Arguments.of("bad escape", "# HELP m a \\\" is not an escape in 0.0.4 HELP\nm 1\n"),
        Arguments.of("unterminated label value", "m{a=\"x\\\n"),
        Arguments.of("unterminated label value", "m{a=\"x} 1\n"),
        Arguments.of("line ends too early", "m{a=\"x\"\n"),
        Arguments.of("line ends too early", "m{\n"),
        Arguments.of("unquoted label value", "m{a=1} 1\n"),
        Arguments.of("label without =", "m{a} 1\n"),
        Arguments.of("label given twice", "m{a=\"1\",a=\"2\"} 1\n"),
        Arguments.of("bad label name", "m{1a=\"x\"} 1\n"),
        Arguments.of("bad metric name", "1m 1\n"),
        Arguments.of("bad metric name", "# TYPE 1m gauge\n"),
        Arguments.of("bad value", "m 1x\n"),
        Arguments.of("bad value", "m \n"),
        Arguments.of("no space before the value", "m\n"),
        Arguments.of("expected value [timestamp]", "m 1 2 3\n"),
        Arguments.of("bad timestamp", "m 1 soon\n"),
        Arguments.of("bad timestamp", "m 1 1.5\n"),
        Arguments.of("does not end with a newline", "m 1"),
        Arguments.of("duplicate series", "m{a=\"1\",b=\"2\"} 1\nm{b=\"2\",a=\"1\"} 2\n"),
        Arguments.of("duplicate series", "m 1\nm 2\n"),
        Arguments.of("bad TYPE", "# TYPE m widget\nm 1\n"),
        Arguments.of("TYPE given twice", "# TYPE m gauge\n# TYPE m gauge\nm 1\n"),
        Arguments.of("HELP given twice", "# HELP m one\n# HELP m two\nm 1\n"),
        Arguments.of("TYPE after samples", "m 1\n# TYPE m gauge\n"),
        Arguments.of("TYPE after samples", "h_bucket{le=\"+Inf\"} 1\n# TYPE h histogram\nh_count 1\n"),
        Arguments.of("family split in two", "# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\na{x=\"1\"} 2\n"),
        Arguments.of("buckets not cumulative", histogram("1", "3", "2", "2")),
        Arguments.of("buckets out of order", "# TYPE h histogram\nh_bucket{le=\"1\"} 1\n"
            + "h_bucket{le=\"0.5\"} 1\nh_bucket{le=\"+Inf\"} 1\nh_count 1\nh_sum 0.7\n"),
        Arguments.of("no +Inf bucket", "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_count 1\nh_sum 0.7\n"),
        Arguments.of("+Inf bucket differs from _count", histogram("1", "2", "3", "4")),
        Arguments.of("no _count", "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_sum 0.7\n"),
        Arguments.of("bucket without le", "# TYPE h histogram\nh_bucket 1\nh_count 1\n"));
  }

  /** A histogram with buckets le=0.1, 1, +Inf and a _count. */
  private static String histogram(String b1, String b2, String inf, String count) {
    return "# TYPE h histogram\nh_bucket{le=\"0.1\"} " + b1 + "\nh_bucket{le=\"1\"} " + b2
        + "\nh_bucket{le=\"+Inf\"} " + inf + "\nh_count " + count + "\nh_sum 1.5\n";
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("malformedPrometheusPages")
  void aMalformedPrometheusPageIsRejected(String problem, String page) {
    assertThatThrownBy(() -> PrometheusTextParser.parsePrometheus(page))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(problem);
  }

  static Stream<Arguments> malformedOpenMetricsPages() {
    return Stream.of(
        Arguments.of("no # EOF", "# TYPE m gauge\nm 1\n"),
        Arguments.of("no # EOF", ""),
        Arguments.of("content after # EOF", "m 1\n# EOF\nn 1\n"),
        Arguments.of("empty line", "m 1\n\n# EOF\n"),
        Arguments.of("unknown comment", "# just a comment\nm 1\n# EOF\n"),
        Arguments.of("bad escape", "m{a=\"x\\ty\"} 1\n# EOF\n"),
        Arguments.of("bad escape", "# HELP m a \\t tab\nm 1\n# EOF\n"),
        Arguments.of("bad timestamp", "m 1 1.5s\n# EOF\n"),
        Arguments.of("duplicate series", "m 1\nm 1\n# EOF\n"),
        Arguments.of("buckets not cumulative", histogram("2", "1", "2", "2") + "# EOF\n"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("malformedOpenMetricsPages")
  void aMalformedOpenMetricsPageIsRejected(String problem, String page) {
    assertThatThrownBy(() -> PrometheusTextParser.parseOpenMetrics(page))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(problem);
  }

  @Test
  void theSamePageIsRejectedAsOpenMetricsWithoutEofAndAcceptedAsPrometheusText() {
    // (without the fractional timestamp, which only OpenMetrics allows)
    String page = OPENMETRICS_PAGE.replace("# EOF\n", "").replace(" 1700000000.5", "");
    assertThat(PrometheusTextParser.parsePrometheus(page).samples).hasSize(7);
    assertThatThrownBy(() -> PrometheusTextParser.parseOpenMetrics(page))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no # EOF");
  }
}
