package mcp.db.pool.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.DatabasePoolBuilder;
import mcp.db.pool.PoolConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad values set in code: each is rejected by buildConfig() naming the builder method. */
class ConfigValidationTest {

  private static DatabasePoolBuilder builder() {
    return DatabasePool.builder().url("jdbc:h2:mem:validation");
  }

  private static Arguments bad(String setting, UnaryOperator<DatabasePoolBuilder> change, String message) {
    return Arguments.of(setting, change, message);
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        bad("poolSize", b -> b.poolSize(-1), "poolSize must be between 1 and 10000 but was -1"),
        bad("poolSize", b -> b.poolSize(0), "poolSize must be between 1 and 10000 but was 0"),
        bad("poolSize", b -> b.poolSize(10_001), "poolSize must be between 1 and 10000 but was 10001"),
        bad("maxOverflow", b -> b.maxOverflow(-2),
            "maxOverflow must be -1 (unbounded) or between 0 and 10000 but was -2"),
        bad("maxOverflow", b -> b.maxOverflow(10_001),
            "maxOverflow must be -1 (unbounded) or between 0 and 10000 but was 10001"),
        bad("poolTimeout", b -> b.poolTimeout(Duration.ZERO), "poolTimeout must be greater than 0 but was 0s"),
        bad("poolTimeout", b -> b.poolTimeout(Duration.ofSeconds(-5)),
            "poolTimeout must be greater than 0 but was -5s"),
        bad("poolRecycle", b -> b.poolRecycle(Duration.ofMinutes(-1)),
            "poolRecycle must be at least 0s (0 = never recycle) but was -1m"),
        bad("prePingAfterIdle", b -> b.prePingAfterIdle(Duration.ofMillis(-1)),
            "prePingAfterIdle must be at least 0s (0 = validate on every borrow) but was -1ms"),
        bad("idleTimeout", b -> b.idleTimeout(Duration.ofSeconds(-1)),
            "idleTimeout must be at least 0s (0 = never close idle connections) but was -1s"),
        bad("keepaliveTime", b -> b.keepaliveTime(Duration.ofSeconds(-1)),
            "keepaliveTime must be at least 0s (0 = off) but was -1s"),
        bad("minIdle", b -> b.minIdle(-1), "minIdle must be between 0 and poolSize but was -1"),
        bad("minIdle", b -> b.poolSize(5).minIdle(6), "minIdle must be between 0 and poolSize (5) but was 6"),
        bad("validationTimeout", b -> b.validationTimeout(Duration.ofMillis(249)),
            "validationTimeout must be at least 250ms but was 249ms"),
        bad("connectionTimeout", b -> b.connectionTimeout(Duration.ZERO),
            "connectionTimeout must be at least 250ms but was 0s"),
        bad("initializationFailTimeout", b -> b.initializationFailTimeout(Duration.ofDays(200_000)),
            "initializationFailTimeout must be between -292 years and 292 years (what fits in a long of nanoseconds) but was 4800000h"),
        bad("leakDetectionThreshold", b -> b.leakDetectionThreshold(Duration.ofMillis(99)),
            "leakDetectionThreshold must be 0 (off) or at least 100ms but was 99ms"),
        bad("leakDetectionThreshold", b -> b.leakDetectionThreshold(Duration.ofSeconds(-1)),
            "leakDetectionThreshold must be 0 (off) or at least 100ms but was -1s"),
        bad("transactionIsolation", b -> b.transactionIsolation(3),
            "transactionIsolation must be one of READ_UNCOMMITTED (1), READ_COMMITTED (2), REPEATABLE_READ (4) "
                + "or SERIALIZABLE (8) but was 3"),
        bad("transactionIsolation", b -> b.transactionIsolation(Connection.TRANSACTION_NONE),
            "transactionIsolation must be one of READ_UNCOMMITTED (1)"),
        bad("shutdownTimeout", b -> b.shutdownTimeout(Duration.ofSeconds(-1)),
            "shutdownTimeout must be at least 0s (0 = abort borrowed connections at once) but was -1s"),
        bad("poolName", b -> b.poolName(""), "poolName must be non-blank text of printable characters but was \"\""),
        bad("poolName", b -> b.poolName("   "), "poolName must be non-blank text of printable characters but was \"   \""),
        bad("poolName", b -> b.poolName("orders\npool"),
            "poolName must be non-blank text of printable characters but was \"orders\\u000apool\""));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("badValues")
  void badValueIsRejectedNamingSettingValueAndRange(String setting, UnaryOperator<DatabasePoolBuilder> change,
      String message) {
    DatabasePoolBuilder b = change.apply(builder());
    assertThatThrownBy(b::buildConfig)
        .isInstanceOfSatisfying(PoolConfigException.class, e -> assertThat(e.setting()).isEqualTo(setting))
        .hasMessageStartingWith(message);
  }

  static Stream<Arguments> nullDurations() {
    return Stream.of(
        Arguments.of("poolTimeout", (UnaryOperator<DatabasePoolBuilder>) b -> b.poolTimeout(null)),
        Arguments.of("poolRecycle", (UnaryOperator<DatabasePoolBuilder>) b -> b.poolRecycle(null)),
        Arguments.of("prePingAfterIdle", (UnaryOperator<DatabasePoolBuilder>) b -> b.prePingAfterIdle(null)),
        Arguments.of("idleTimeout", (UnaryOperator<DatabasePoolBuilder>) b -> b.idleTimeout(null)),
        Arguments.of("keepaliveTime", (UnaryOperator<DatabasePoolBuilder>) b -> b.keepaliveTime(null)),
        Arguments.of("validationTimeout", (UnaryOperator<DatabasePoolBuilder>) b -> b.validationTimeout(null)),
        Arguments.of("connectionTimeout", (UnaryOperator<DatabasePoolBuilder>) b -> b.connectionTimeout(null)),
        Arguments.of("initializationFailTimeout",
            (UnaryOperator<DatabasePoolBuilder>) b -> b.initializationFailTimeout(null)),
        Arguments.of("leakDetectionThreshold",
            (UnaryOperator<DatabasePoolBuilder>) b -> b.leakDetectionThreshold(null)),
        Arguments.of("shutdownTimeout", (UnaryOperator<DatabasePoolBuilder>) b -> b.shutdownTimeout(null)));
  }

  @ParameterizedTest(name = "{0}(null)")
  @MethodSource("nullDurations")
  void nullDurationIsRejectedNamingTheSetting(String setting, UnaryOperator<DatabasePoolBuilder> change) {
    assertThatThrownBy(() -> change.apply(builder()))
        .isInstanceOfSatisfying(PoolConfigException.class, e -> assertThat(e.setting()).isEqualTo(setting))
        .hasMessageStartingWith(setting + " must not be null: it must be ");
  }

  @Test
  void missingUrlIsRejectedSayingHowToSetIt() {
    assertThatThrownBy(() -> DatabasePool.builder().buildConfig())
        .isInstanceOfSatisfying(PoolConfigException.class, e -> assertThat(e.setting()).isEqualTo("url"))
        .hasMessage("url is required: set url(...), DATABASE_URL or the 'url' property");
  }

  @Test
  void nullUrlIsRejectedAtOnce() {
    assertThatThrownBy(() -> DatabasePool.builder().url(null))
        .isInstanceOfSatisfying(PoolConfigException.class, e -> assertThat(e.setting()).isEqualTo("url"))
        .hasMessageStartingWith("url must not be null");
  }

  @Test
  void nullPoolNameIsRejectedAtOnce() {
    assertThatThrownBy(() -> builder().poolName(null))
        .isInstanceOfSatisfying(PoolConfigException.class, e -> assertThat(e.setting()).isEqualTo("poolName"))
        .hasMessageStartingWith("poolName must not be null");
  }

  @Test
  void driverPropertyWithNullKeyOrValueIsRejected() {
    assertThatThrownBy(() -> builder().driverProperty(null, "x"))
        .isInstanceOf(PoolConfigException.class).hasMessageContaining("driverProperty key");
    assertThatThrownBy(() -> builder().driverProperty("sslmode", null))
        .isInstanceOf(PoolConfigException.class).hasMessageContaining("\"sslmode\" must not have a null value");
  }

  @Test
  void boundaryValuesAreAccepted() {
    assertThatCode(() -> builder().poolSize(1).maxOverflow(-1).minIdle(0)
        .poolTimeout(Duration.ofNanos(1)).poolRecycle(Duration.ZERO).prePingAfterIdle(Duration.ZERO)
        .idleTimeout(Duration.ZERO).keepaliveTime(Duration.ZERO)
        .validationTimeout(Duration.ofMillis(250)).connectionTimeout(Duration.ofMillis(250))
        .initializationFailTimeout(Duration.ofSeconds(-1)).leakDetectionThreshold(Duration.ofMillis(100))
        .shutdownTimeout(Duration.ZERO).transactionIsolation(Connection.TRANSACTION_SERIALIZABLE)
        .buildConfig()).doesNotThrowAnyException();
    assertThatCode(() -> builder().poolSize(10_000).maxOverflow(10_000).minIdle(10_000).buildConfig())
        .doesNotThrowAnyException();
  }

  @Test
  void settingAValidValueAfterABadOneClearsTheError() {
    assertThatCode(() -> builder().poolSize(-1).poolSize(3).buildConfig()).doesNotThrowAnyException();
  }

  @Test
  void unicodePoolNameIsAccepted() {
    assertThat(builder().poolName("commandes-é-池").buildConfig().poolName()).isEqualTo("commandes-é-池");
  }
}
