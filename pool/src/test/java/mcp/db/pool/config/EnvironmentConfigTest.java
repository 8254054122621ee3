package mcp.db.pool.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import mcp.db.pool.DatabasePoolBuilder;
import mcp.db.pool.PoolConfig;
import mcp.db.pool.PoolConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvironmentConfigTest {
  private static final String PASSWORD = "s3cr3t-Pa55";

  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put("DATABASE_URL", "jdbc:h2:mem:env");
    for (int i = 0; i < pairs.length; i += 2) env.put(pairs[i], pairs[i + 1]);
    return env;
  }

  private static PoolConfig config(String... pairs) {
    return DatabasePoolBuilder.fromEnv(env(pairs)).buildConfig();
  }

  @Test
  void everyVariableIsRead() {
    PoolConfig c = config(
        "DATABASE_URL", "postgresql://alice:" + PASSWORD + "@db:5433/app",
        "POOL_SIZE", "7",
        "MAX_OVERFLOW", "-1",
        "POOL_TIMEOUT", "2.5",
        "POOL_RECYCLE", "1h",
        "POOL_PRE_PING", "off",
        "POOL_PRE_PING_AFTER_IDLE", "0",
        "POOL_IDLE_TIMEOUT", "5m",
        "POOL_KEEPALIVE_TIME", "0",
        "POOL_MIN_IDLE", "2",
        "POOL_VALIDATION_TIMEOUT", "750ms",
        "POOL_CONNECTION_TIMEOUT", "3s",
        "POOL_INITIALIZATION_FAIL_TIMEOUT", "-1",
        "POOL_LEAK_DETECTION_THRESHOLD", "20s",
        "POOL_CONNECTION_INIT_SQL", "SET TIME ZONE 'UTC'",
        "POOL_AUTO_COMMIT", "no",
        "POOL_READ_ONLY", "YES",
        "POOL_TRANSACTION_ISOLATION", "read_committed",
        "POOL_CATALOG", "cat",
        "POOL_SCHEMA", "reporting",
        "POOL_NAME", "orders",
        "POOL_DRIVER_CLASS_NAME", "org.postgresql.Driver",
        "POOL_SHUTDOWN_TIMEOUT", "0.5");
    assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5433/app");
    assertThat(c.username()).isEqualTo("alice");
    assertThat(c.driverProperties().getProperty("password")).isEqualTo(PASSWORD);
    assertThat(c.poolSize()).isEqualTo(7);
    assertThat(c.maxOverflow()).isEqualTo(-1);
    assertThat(c.poolTimeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(c.poolRecycle()).isEqualTo(Duration.ofHours(1));
    assertThat(c.poolPrePing()).isFalse();
    assertThat(c.prePingAfterIdle()).isEqualTo(Duration.ZERO);
    assertThat(c.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.keepaliveTime()).isEqualTo(Duration.ZERO);
    assertThat(c.minIdle()).isEqualTo(2);
    assertThat(c.validationTimeout()).isEqualTo(Duration.ofMillis(750));
    assertThat(c.connectionTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.initializationFailTimeout()).isEqualTo(Duration.ofSeconds(-1));
    assertThat(c.leakDetectionThreshold()).isEqualTo(Duration.ofSeconds(20));
    assertThat(c.connectionInitSql()).isEqualTo("SET TIME ZONE 'UTC'");
    assertThat(c.autoCommit()).isFalse();
    assertThat(c.readOnly()).isTrue();
    assertThat(c.transactionIsolation()).isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
    assertThat(c.catalog()).isEqualTo("cat");
    assertThat(c.schema()).isEqualTo("reporting");
    assertThat(c.poolName()).isEqualTo("orders");
    assertThat(c.driverClassName()).isEqualTo("org.postgresql.Driver");
    assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void databaseUserAndPasswordWinOverTheUrl() {
    PoolConfig c = config("DATABASE_URL", "postgresql://alice:old@db/app",
        "DATABASE_USER", "bob", "DATABASE_PASSWORD", PASSWORD);
    assertThat(c.username()).isEqualTo("bob");
    assertThat(c.driverProperties().getProperty("password")).isEqualTo(PASSWORD);
  }

  @Test
  void valuesAreTrimmed() {
    PoolConfig c = config("POOL_SIZE", "  12\n", "POOL_TIMEOUT", " 250ms ", "POOL_PRE_PING", "\tTrue ");
    assertThat(c.poolSize()).isEqualTo(12);
    assertThat(c.poolTimeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.poolPrePing()).isTrue();
  }

  @Test
  void emptyValueCountsAsNotSet() {
    PoolConfig c = config("POOL_SIZE", "", "POOL_SCHEMA", "   ");
    assertThat(c.poolSize()).isEqualTo(5);
    assertThat(c.schema()).isNull();
  }

  @Test
  void unknownPoolVariablesAndOthersAreIgnored() {
    PoolConfig c = config("POOL_SIZ", "abc", "POOL_COLOUR", "blue", "PATH", "/usr/bin", "POOLSIZE", "x");
    assertThat(c.poolSize()).isEqualTo(5);
  }

  @Test
  void missingDatabaseUrlNamesTheWaysToSetIt() {
    assertThatThrownBy(() -> DatabasePoolBuilder.fromEnv(Map.of("POOL_SIZE", "3")).buildConfig())
        .isInstanceOf(PoolConfigException.class)
        .hasMessageContaining("DATABASE_URL");
  }

  @Test
  void setterCalledAfterFromEnvOverridesTheVariable() {
    PoolConfig c = DatabasePoolBuilder.fromEnv(env("POOL_SIZE", "0")).poolSize(4).buildConfig();
    assertThat(c.poolSize()).isEqualTo(4);
  }

  @ParameterizedTest
  @CsvSource({"true, true", "FALSE, false", "yes, true", "No, false", "on, true", "OFF, false", "1, true", "0, false"})
  void booleanSpellingsAreAccepted(String text, boolean expected) {
    assertThat(config("POOL_PRE_PING", text).poolPrePing()).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
      "READ_UNCOMMITTED, 1", "read_committed, 2", "TRANSACTION_REPEATABLE_READ, 4", "Serializable, 8",
      "transaction_serializable, 8", "read committed, 2", "4, 4"})
  void isolationNamesAndNumbersAreAccepted(String text, int expected) {
    assertThat(config("POOL_TRANSACTION_ISOLATION", text).transactionIsolation()).isEqualTo(expected);
  }

  // --- unparseable values: rejected by fromEnv, naming the variable and quoting the value ------

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "POOL_SIZE | abc | POOL_SIZE must be an integer between 1 and 10000 but was \"abc\"",
      "POOL_SIZE | 5.0 | POOL_SIZE must be an integer between 1 and 10000 but was \"5.0\"",
      "MAX_OVERFLOW | lots | MAX_OVERFLOW must be an integer -1 (unbounded) or between 0 and 10000 but was \"lots\"",
      "POOL_MIN_IDLE | x | POOL_MIN_IDLE must be an integer between 0 and poolSize but was \"x\"",
      "POOL_TIMEOUT | soon | POOL_TIMEOUT must be a duration greater than 0 (seconds such as 30 or 0.5, or a number with a unit: 250ms, 30s, 2m, 1h) but was \"soon\"",
      "POOL_RECYCLE | 5d | POOL_RECYCLE must be a duration at least 0s (0 = never recycle)",
      "POOL_PRE_PING_AFTER_IDLE | 1x | POOL_PRE_PING_AFTER_IDLE must be a duration",
      "POOL_IDLE_TIMEOUT | ten | POOL_IDLE_TIMEOUT must be a duration",
      "POOL_KEEPALIVE_TIME | 2 min | POOL_KEEPALIVE_TIME must be a duration",
      "POOL_VALIDATION_TIMEOUT | fast | POOL_VALIDATION_TIMEOUT must be a duration at least 250ms",
      "POOL_CONNECTION_TIMEOUT | 1,5 | POOL_CONNECTION_TIMEOUT must be a duration at least 250ms",
      "POOL_INITIALIZATION_FAIL_TIMEOUT | never | POOL_INITIALIZATION_FAIL_TIMEOUT must be a duration (seconds",
      "POOL_LEAK_DETECTION_THRESHOLD | on | POOL_LEAK_DETECTION_THRESHOLD must be a duration 0 (off) or at least 100ms",
      "POOL_SHUTDOWN_TIMEOUT | 100000000h | POOL_SHUTDOWN_TIMEOUT must be a duration at least 0s",
      "POOL_PRE_PING | maybe | POOL_PRE_PING must be a boolean (true/false, yes/no, on/off or 1/0) but was \"maybe\"",
      "POOL_AUTO_COMMIT | 2 | POOL_AUTO_COMMIT must be a boolean",
      "POOL_READ_ONLY | nope | POOL_READ_ONLY must be a boolean",
      "POOL_TRANSACTION_ISOLATION | SNAPSHOT | POOL_TRANSACTION_ISOLATION must be a transaction isolation level, one of READ_UNCOMMITTED (1)",
  })
  void unparseableValueIsRejectedNamingTheVariable(String variable, String value, String message) {
    assertThatThrownBy(() -> DatabasePoolBuilder.fromEnv(env(variable, value)))
        .isInstanceOfSatisfying(PoolConfigException.class, e -> assertThat(e.setting()).isEqualTo(variable))
        .hasMessageStartingWith(message)
        .hasMessageContaining("\"" + value + "\"");
  }

  // --- parseable values out of range: rejected by buildConfig, still naming the variable -------

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "POOL_SIZE | -1 | POOL_SIZE must be between 1 and 10000 but was \"-1\"",
      "POOL_SIZE | 20000 | POOL_SIZE must be between 1 and 10000 but was \"20000\"",
      "MAX_OVERFLOW | -5 | MAX_OVERFLOW must be -1 (unbounded) or between 0 and 10000 but was \"-5\"",
      "POOL_TIMEOUT | 0 | POOL_TIMEOUT must be greater than 0 but was \"0\"",
      "POOL_RECYCLE | -1 | POOL_RECYCLE must be at least 0s (0 = never recycle) but was \"-1\"",
      "POOL_PRE_PING_AFTER_IDLE | -1ms | POOL_PRE_PING_AFTER_IDLE must be at least 0s",
      "POOL_IDLE_TIMEOUT | -1 | POOL_IDLE_TIMEOUT must be at least 0s",
      "POOL_KEEPALIVE_TIME | -2m | POOL_KEEPALIVE_TIME must be at least 0s (0 = off) but was \"-2m\"",
      "POOL_MIN_IDLE | -1 | POOL_MIN_IDLE must be between 0 and poolSize but was \"-1\"",
      "POOL_MIN_IDLE | 9 | POOL_MIN_IDLE must be between 0 and poolSize (5) but was \"9\"",
      "POOL_VALIDATION_TIMEOUT | 0.1 | POOL_VALIDATION_TIMEOUT must be at least 250ms but was \"0.1\"",
      "POOL_CONNECTION_TIMEOUT | 100ms | POOL_CONNECTION_TIMEOUT must be at least 250ms but was \"100ms\"",
      "POOL_LEAK_DETECTION_THRESHOLD | 50ms | POOL_LEAK_DETECTION_THRESHOLD must be 0 (off) or at least 100ms but was \"50ms\"",
      "POOL_SHUTDOWN_TIMEOUT | -1 | POOL_SHUTDOWN_TIMEOUT must be at least 0s",
      "POOL_TRANSACTION_ISOLATION | NONE | POOL_TRANSACTION_ISOLATION must be one of READ_UNCOMMITTED (1)",
      "POOL_TRANSACTION_ISOLATION | 3 | POOL_TRANSACTION_ISOLATION must be one of READ_UNCOMMITTED (1), READ_COMMITTED (2), REPEATABLE_READ (4) or SERIALIZABLE (8) but was \"3\"",
      "POOL_NAME | a\u0007b | POOL_NAME must be non-blank text of printable characters but was \"a\\u0007b\"",
  })
  void outOfRangeValueIsRejectedAtBuildNamingTheVariable(String variable, String value, String message) {
    DatabasePoolBuilder b = DatabasePoolBuilder.fromEnv(env(variable, value));
    assertThatThrownBy(b::buildConfig)
        .isInstanceOfSatisfying(PoolConfigException.class, e -> assertThat(e.setting()).isEqualTo(variable))
        .hasMessageStartingWith(message);
  }

  @Test
  void badDatabaseUrlNamesTheVariableAndHidesThePassword() {
    DatabasePoolBuilder b = DatabasePoolBuilder.fromEnv(env("DATABASE_URL", "mongodb://u:" + PASSWORD + "@db/x"));
    assertThatThrownBy(b::buildConfig)
        .isInstanceOfSatisfying(PoolConfigException.class, e -> assertThat(e.setting()).isEqualTo("DATABASE_URL"))
        .hasMessageStartingWith("DATABASE_URL has an unsupported scheme \"mongodb\"")
        .hasMessageContaining("postgresql://")
        .hasMessageNotContaining(PASSWORD);
  }

  // --- POOL_DRIVER_PROPERTIES: free-form driver properties -------------------------------------

  @Test
  void driverPropertiesVariableBecomesDriverPropertiesTrimmedWithEqualsSignsKeptInValues() {
    PoolConfig c = config("DATABASE_URL", "jdbc:postgresql://db/app",
        "POOL_DRIVER_PROPERTIES", " sslmode=require ; options = -c search_path=a,b;;tcpKeepAlive=true; ");
    assertThat(c.driverProperties().getProperty("sslmode")).isEqualTo("require");
    assertThat(c.driverProperties().getProperty("options")).isEqualTo("-c search_path=a,b");
    assertThat(c.driverProperties().getProperty("tcpKeepAlive")).isEqualTo("true");
  }

  @Test
  void driverPropertyWithAnEmptyValueCountsAsNotSet() {
    PoolConfig c = config("POOL_DRIVER_PROPERTIES", "sslmode=;connectTimeout=5");
    assertThat(c.driverProperties().stringPropertyNames()).contains("connectTimeout").doesNotContain("sslmode");
  }

  @Test
  void databaseUserAndPasswordWinOverUserAndPasswordInDriverProperties() {
    PoolConfig c = config("POOL_DRIVER_PROPERTIES", "user=alice;password=old",
        "DATABASE_USER", "bob", "DATABASE_PASSWORD", PASSWORD);
    assertThat(c.username()).isEqualTo("bob");
    assertThat(c.driverProperties().getProperty("password")).isEqualTo(PASSWORD);
  }

  @Test
  void passwordGivenInDriverPropertiesVariableIsNeverShownByTheConfig() {
    PoolConfig c = config("POOL_DRIVER_PROPERTIES", "sslmode=require;sslpassword=" + PASSWORD);
    assertThat(c.driverProperties().getProperty("sslpassword")).isEqualTo(PASSWORD);
    assertThat(c.toString()).contains("sslmode=require").doesNotContain(PASSWORD);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "sslmode=require;verify-full | POOL_DRIVER_PROPERTIES entry 2 must be key=value (entries separated by \";\") but was \"verify-full\"",
      "sslmode | POOL_DRIVER_PROPERTIES entry 1 must be key=value (entries separated by \";\") but was \"sslmode\"",
      "a=1;;=x | POOL_DRIVER_PROPERTIES entry 3 must be key=value but has no key before \"=\"",
      "sslmode=require;ssl=true;sslmode=disable | POOL_DRIVER_PROPERTIES sets \"sslmode\" twice, in entries 1 and 3; give each key once",
      "ssl mode=require | POOL_DRIVER_PROPERTIES entry 1 must start with a property name (letters, digits, '_', '.' or '-') before \"=\" but the key was \"ssl mode\"",
  })
  void malformedDriverPropertiesEntryIsRejectedNamingTheVariableAndTheEntry(String value, String message) {
    assertThatThrownBy(() -> DatabasePoolBuilder.fromEnv(env("POOL_DRIVER_PROPERTIES", value)))
        .isInstanceOfSatisfying(PoolConfigException.class,
            e -> assertThat(e.setting()).isEqualTo("POOL_DRIVER_PROPERTIES"))
        .hasMessage(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "sslmode=require;sslpassword:" + PASSWORD + " | entry 2",
      "PWD " + PASSWORD + " | entry 1",
      "=" + PASSWORD + " | entry 1",
      "password=" + PASSWORD + ";password=" + PASSWORD + "x | \"password\" twice",
      "sslmode=require;password=ab;" + PASSWORD + " | entry 3",
      "sslpassword:" + PASSWORD + "=x | entry 1",
  })
  void malformedDriverPropertiesEntryNeverShowsAValueThatMayBeAPassword(String value, String names) {
    assertThatThrownBy(() -> DatabasePoolBuilder.fromEnv(env("POOL_DRIVER_PROPERTIES", value)))
        .isInstanceOf(PoolConfigException.class)
        .hasMessageStartingWith("POOL_DRIVER_PROPERTIES")
        .hasMessageContaining(names)
        .hasMessageNotContaining(PASSWORD);
  }
}
