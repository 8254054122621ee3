package mcp.db.pool.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** The capturing SLF4J provider records what the code under test logs. */
@StubTest
class CapturedLogsTest {
  private final Logger log = LoggerFactory.getLogger("mcp.db.pool.support.capture-test");
  private Level levelBefore;

  @BeforeEach
  void clear() {
    levelBefore = CapturedLogs.captureLevel();
    CapturedLogs.clear();
  }

  @AfterEach
  void restoreLevel() {
    CapturedLogs.captureLevel(levelBefore);
  }

  @Test
  void slf4jIsBoundToTheCapturingProvider() {
    assertThat(log).isInstanceOf(CapturingLogger.class);
  }

  @Test
  void formattedMessagesAndThrowablesAreCaptured() {
    SQLException cause = new SQLException("boom", "08006");
    log.info("opened {} of {}", 3, 5);
    log.debug("closing {}", "conn-7", new IllegalStateException("wrapped", cause));

    assertThat(CapturedLogs.lines()).extracting(LogLine::message)
        .containsExactly("opened 3 of 5", "closing conn-7");
    assertThat(CapturedLogs.matching("opened")).singleElement().satisfies(line -> {
      assertThat(line.level()).isEqualTo(Level.INFO);
      assertThat(line.logger()).isEqualTo("mcp.db.pool.support.capture-test");
      assertThat(line.thread()).isEqualTo(Thread.currentThread().getName());
      assertThat(line.throwable()).isNull();
    });
    assertThat(CapturedLogs.withThrowable(SQLException.class)).singleElement()
        .extracting(LogLine::message).isEqualTo("closing conn-7");
    assertThat(CapturedLogs.withThrowable()).hasSize(1);
    assertThat(CapturedLogs.at(Level.DEBUG)).hasSize(1);
    assertThat(CapturedLogs.fromLogger("mcp.db.pool")).hasSize(2);
    assertThat(CapturedLogs.fromLogger("mcp.db.poo")).isEmpty();
  }

  @Test
  void traceIsCapturedOnlyWhenEnabled() {
    log.trace("not captured at the default level");
    assertThat(log.isTraceEnabled()).isFalse();
    CapturedLogs.captureLevel(Level.TRACE);
    log.trace("captured");
    assertThat(CapturedLogs.lines()).extracting(LogLine::message).containsExactly("captured");
  }

  @Test
  void fluentCallsKeepTheirKeyValuePairs() {
    log.atInfo().setMessage("pool resized to {}").addArgument(12)
        .addKeyValue("pool", "main").addKeyValue("size", 12).log();

    LogLine line = CapturedLogs.lines().get(0);
    assertThat(line.message()).isEqualTo("pool resized to 12");
    assertThat(line.keyValues()).containsExactly(
        java.util.Map.entry("pool", "main"), java.util.Map.entry("size", 12));
  }

  @Test
  void warningsAreAlsoPrintedToStandardError() {
    PrintStream original = System.err;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      log.info("quiet line");
      log.warn("connection {} leaked", 42);
    } finally {
      System.setErr(original);
    }
    String text = printed.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("WARN").contains("connection 42 leaked").doesNotContain("quiet");
    assertThat(CapturedLogs.lines()).hasSize(2);
  }
}
