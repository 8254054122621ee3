package mcp.db.pool.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.time.Duration;
import java.util.Properties;
import mcp.db.pool.DatabasePoolBuilder;
import mcp.db.pool.PoolConfig;
import mcp.db.pool.PoolConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PropertiesConfigTest {
  private static final String PASSWORD = "s3cr3t-Pa55";

  private static Properties props(String... pairs) {
    Properties p = new Properties();
    p.setProperty("url", "jdbc:h2:mem:props");
    for (int i = 0; i < pairs.length; i += 2) p.setProperty(pairs[i], pairs[i + 1]);
    return p;
  }

  private static PoolConfig config(String... pairs) {
    return DatabasePoolBuilder.fromProperties(props(pairs)).buildConfig();
  }

  @Test
  void everyKeyIsReadFromAPropertiesFile() throws IOException {
    Properties p = new Properties();
    p.load(new StringReader(String.join("\n",
        "url = mariadb://shop:" + PASSWORD + "@db:3306/shop",
        "username = clerk",
        "poolSize = 8",
        "maxOverflow = 0",
        "poolTimeout = 0.5",
        "poolRecycle = 2m",
        "poolPrePing = false",
        "prePingAfterIdle = 250ms",
        "idleTimeout = 0",
        "keepaliveTime = 1m",
        "minIdle = 3",
        "validationTimeout = 1",
        "connectionTimeout = 2s",
        "initializationFailTimeout = 10",
        "leakDetectionThreshold = 1h",
        "connectionInitSql = SELECT 1",
        "autoCommit = off",
        "readOnly = on",
        "transactionIsolation = TRANSACTION_SERIALIZABLE",
        "catalog = shop",
        "schema = public",
        "poolName = shop-pool",
        "driverClassName = org.mariadb.jdbc.Driver",
        "shutdownTimeout = 3",
        "dataSource.useSsl = true",
        "dataSource.connectTimeout = 1000")));
    PoolConfig c = DatabasePoolBuilder.fromProperties(p).buildConfig();
    assertThat(c.jdbcUrl()).isEqualTo("jdbc:mariadb://db:3306/shop");
    assertThat(c.username()).isEqualTo("clerk");
    assertThat(c.driverProperties().getProperty("password")).isEqualTo(PASSWORD);
    assertThat(c.poolSize()).isEqualTo(8);
    assertThat(c.maxOverflow()).isZero();
    assertThat(c.poolTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.poolRecycle()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.poolPrePing()).isFalse();
    assertThat(c.prePingAfterIdle()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.idleTimeout()).isEqualTo(Duration.ZERO);
    assertThat(c.keepaliveTime()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.minIdle()).isEqualTo(3);
    assertThat(c.validationTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.connectionTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.initializationFailTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.leakDetectionThreshold()).isEqualTo(Duration.ofHours(1));
    assertThat(c.connectionInitSql()).isEqualTo("SELECT 1");
    assertThat(c.autoCommit()).isFalse();
    assertThat(c.readOnly()).isTrue();
    assertThat(c.transactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
    assertThat(c.catalog()).isEqualTo("shop");
    assertThat(c.schema()).isEqualTo("public");
    assertThat(c.poolName()).isEqualTo("shop-pool");
    assertThat(c.driverClassName()).isEqualTo("org.mariadb.jdbc.Driver");
    assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.driverProperties().getProperty("useSsl")).isEqualTo("true");
    assertThat(c.driverProperties().getProperty("connectTimeout")).isEqualTo("1000");
  }

  @Test
  void passwordKeyWinsOverUrlUserInfo() {
    PoolConfig c = config("url", "postgresql://alice:old@db/app", "password", PASSWORD);
    assertThat(c.username()).isEqualTo("alice");
    assertThat(c.driverProperties().getProperty("password")).isEqualTo(PASSWORD);
  }

  @Test
  void defaultsOfThePropertiesObjectAreRead() {
    Properties defaults = props("poolSize", "9");
    assertThat(DatabasePoolBuilder.fromProperties(new Properties(defaults)).buildConfig().poolSize()).isEqualTo(9);
  }

  @Test
  void typoInKeyIsRejectedSuggestingTheKnownKey() {
    assertThatThrownBy(() -> DatabasePoolBuilder.fromProperties(props("poolsize", "5")))
        .isInstanceOfSatisfying(PoolConfigException.class, e -> assertThat(e.setting()).isEqualTo("poolsize"))
        .hasMessageStartingWith("unknown property \"poolsize\": did you mean poolSize?");
  }

  @Test
  void misspelledKeyIsRejectedSuggestingCloseMatch() {
    assertThatThrownBy(() -> DatabasePoolBuilder.fromProperties(props("poolTimout", "5")))
        .isInstanceOf(PoolConfigException.class)
        .hasMessageContaining("did you mean poolTimeout?");
  }

  @Test
  void unrelatedKeyIsRejectedListingKnownKeys() {
    assertThatThrownBy(() -> DatabasePoolBuilder.fromProperties(props("jdbc.flavour", "x")))
        .isInstanceOf(PoolConfigException.class)
        .hasMessageStartingWith("unknown property \"jdbc.flavour\": known keys are url, username, password, poolSize")
        .hasMessageContaining("dataSource.<name>");
  }

  @Test
  void dataSourcePrefixWithoutNameIsRejected() {
    assertThatThrownBy(() -> DatabasePoolBuilder.fromProperties(props("dataSource.", "x")))
        .isInstanceOfSatisfying(PoolConfigException.class, e -> assertThat(e.setting()).isEqualTo("dataSource."))
        .hasMessageContaining("must name a driver property");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "poolSize | abc | poolSize must be an integer between 1 and 10000 but was \"abc\"",
      "maxOverflow | 1.5 | maxOverflow must be an integer",
      "minIdle | some | minIdle must be an integer between 0 and poolSize",
      "poolTimeout | later | poolTimeout must be a duration greater than 0",
      "poolRecycle | x | poolRecycle must be a duration",
      "prePingAfterIdle | x | prePingAfterIdle must be a duration",
      "idleTimeout | x | idleTimeout must be a duration",
      "keepaliveTime | x | keepaliveTime must be a duration",
      "validationTimeout | x | validationTimeout must be a duration",
      "connectionTimeout | x | connectionTimeout must be a duration",
      "initializationFailTimeout | x | initializationFailTimeout must be a duration",
      "leakDetectionThreshold | x | leakDetectionThreshold must be a duration",
      "shutdownTimeout | x | shutdownTimeout must be a duration",
      "poolPrePing | maybe | poolPrePing must be a boolean (true/false, yes/no, on/off or 1/0) but was \"maybe\"",
      "autoCommit | x | autoCommit must be a boolean",
      "readOnly | x | readOnly must be a boolean",
      "transactionIsolation | dirty | transactionIsolation must be a transaction isolation level",
  })
  void unparseableValueIsRejectedNamingTheKey(String key, String value, String message) {
    assertThatThrownBy(() -> DatabasePoolBuilder.fromProperties(props(key, value)))
        .isInstanceOfSatisfying(PoolConfigException.class, e -> assertThat(e.setting()).isEqualTo(key))
        .hasMessageStartingWith(message)
        .hasMessageContaining("\"" + value + "\"");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "poolSize | -1 | poolSize must be between 1 and 10000 but was \"-1\"",
      "maxOverflow | -3 | maxOverflow must be -1 (unbounded) or between 0 and 10000 but was \"-3\"",
      "poolTimeout | 0 | poolTimeout must be greater than 0 but was \"0\"",
      "poolRecycle | -1s | poolRecycle must be at least 0s",
      "prePingAfterIdle | -1 | prePingAfterIdle must be at least 0s",
      "idleTimeout | -1 | idleTimeout must be at least 0s",
      "keepaliveTime | -1 | keepaliveTime must be at least 0s",
      "minIdle | 6 | minIdle must be between 0 and poolSize (5) but was \"6\"",
      "validationTimeout | 200ms | validationTimeout must be at least 250ms but was \"200ms\"",
      "connectionTimeout | 0 | connectionTimeout must be at least 250ms but was \"0\"",
      "leakDetectionThreshold | 0.05 | leakDetectionThreshold must be 0 (off) or at least 100ms but was \"0.05\"",
      "shutdownTimeout | -0.5 | shutdownTimeout must be at least 0s",
      "transactionIsolation | 16 | transactionIsolation must be one of",
  })
  void outOfRangeValueIsRejectedAtBuildNamingTheKey(String key, String value, String message) {
    DatabasePoolBuilder b = DatabasePoolBuilder.fromProperties(props(key, value));
    assertThatThrownBy(b::buildConfig)
        .isInstanceOfSatisfying(PoolConfigException.class, e -> assertThat(e.setting()).isEqualTo(key))
        .hasMessageStartingWith(message);
  }

  @Test
  void badUrlNamesTheUrlKeyAndHidesThePassword() {
    DatabasePoolBuilder b = DatabasePoolBuilder.fromProperties(props("url", "postgresql://u:" + PASSWORD + "@db:99999/x"));
    assertThatThrownBy(b::buildConfig)
        .isInstanceOfSatisfying(PoolConfigException.class, e -> assertThat(e.setting()).isEqualTo("url"))
        .hasMessageContaining("invalid port")
        .hasMessageNotContaining(PASSWORD);
  }
}
