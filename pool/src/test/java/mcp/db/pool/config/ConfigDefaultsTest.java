package mcp.db.pool.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.DatabasePoolBuilder;
import mcp.db.pool.PoolConfig;
import org.junit.jupiter.api.Test;

class ConfigDefaultsTest {

  private static DatabasePoolBuilder builder() {
    return DatabasePool.builder().url("jdbc:h2:mem:defaults");
  }

  @Test
  void defaultsAreAsDocumented() {
    PoolConfig c = builder().buildConfig();
    assertThat(c.poolSize()).isEqualTo(5);
    assertThat(c.maxOverflow()).isEqualTo(10);
    assertThat(c.maxConnections()).isEqualTo(15);
    assertThat(c.poolTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.poolRecycle()).isEqualTo(Duration.ofMinutes(30));
    assertThat(c.poolPrePing()).isTrue();
    assertThat(c.prePingAfterIdle()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.idleTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.keepaliveTime()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.minIdle()).isEqualTo(5);
    assertThat(c.validationTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.connectionTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.initializationFailTimeout()).isEqualTo(Duration.ZERO);
    assertThat(c.leakDetectionThreshold()).isEqualTo(Duration.ZERO);
    assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.autoCommit()).isTrue();
    assertThat(c.readOnly()).isFalse();
    assertThat(c.transactionIsolation()).isNull();
    assertThat(c.catalog()).isNull();
    assertThat(c.schema()).isNull();
    assertThat(c.connectionInitSql()).isNull();
    assertThat(c.driverClassName()).isNull();
    assertThat(c.username()).isNull();
    assertThat(c.hasPassword()).isFalse();
    assertThat(c.jdbcUrl()).isEqualTo("jdbc:h2:mem:defaults");
    assertThat(c.displayUrl()).isEqualTo("jdbc:h2:mem:defaults");
  }

  @Test
  void minIdleDefaultsToPoolSize() {
    assertThat(builder().poolSize(12).buildConfig().minIdle()).isEqualTo(12);
  }

  @Test
  void minIdleSetBelowPoolSizeIsKept() {
    assertThat(builder().poolSize(12).minIdle(4).buildConfig().minIdle()).isEqualTo(4);
  }

  @Test
  void defaultPoolNamesAreNumberedAcrossTheProcess() {
    String first = builder().buildConfig().poolName();
    String second = builder().buildConfig().poolName();
    assertThat(first).matches("mcp-pool-\\d+");
    assertThat(second).matches("mcp-pool-\\d+");
    int n1 = Integer.parseInt(first.substring("mcp-pool-".length()));
    int n2 = Integer.parseInt(second.substring("mcp-pool-".length()));
    assertThat(n2).isGreaterThan(n1);
  }

  @Test
  void explicitPoolNameIsKept() {
    assertThat(builder().poolName("orders").buildConfig().poolName()).isEqualTo("orders");
  }

  @Test
  void unboundedOverflowAllowsAnyNumberOfConnections() {
    assertThat(builder().maxOverflow(-1).buildConfig().maxConnections()).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void buildConfigCanBeCalledAgainAfterChangingTheBuilder() {
    DatabasePoolBuilder b = builder().poolName("p").driverProperty("a", "1");
    PoolConfig first = b.buildConfig();
    PoolConfig second = b.poolSize(7).driverProperty("a", "2").buildConfig();
    assertThat(first.poolSize()).isEqualTo(5);
    assertThat(first.driverProperties().getProperty("a")).isEqualTo("1");
    assertThat(second.poolSize()).isEqualTo(7);
    assertThat(second.driverProperties().getProperty("a")).isEqualTo("2");
  }

  @Test
  void driverPropertiesAreCopiedIntoTheConfig() {
    PoolConfig c = builder().driverProperty("sslmode", "require").buildConfig();
    c.driverProperties().setProperty("sslmode", "disable");
    assertThat(c.driverProperties().getProperty("sslmode")).isEqualTo("require");
  }
}
