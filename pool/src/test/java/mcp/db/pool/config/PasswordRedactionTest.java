package mcp.db.pool.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.DatabasePoolBuilder;
import mcp.db.pool.PoolConfig;
import mcp.db.pool.PoolConfigException;
import org.junit.jupiter.api.Test;

/** The password never appears in toString() or in an exception message. */
class PasswordRedactionTest {
  private static final String PASSWORD = "s3cr3t-Pa55";

  @Test
  void configToStringHidesPasswordFromUrlSetterAndDriverProperties() {
    PoolConfig fromUrl = DatabasePool.builder().url("postgresql://alice:" + PASSWORD + "@db/app").buildConfig();
    PoolConfig fromSetter = DatabasePool.builder().url("jdbc:h2:mem:x").password(PASSWORD).buildConfig();
    PoolConfig fromQuery = DatabasePool.builder().url("jdbc:postgresql://db/app?password=" + PASSWORD)
        .driverProperty("sslpassword", PASSWORD).buildConfig();
    for (PoolConfig c : new PoolConfig[] {fromUrl, fromSetter, fromQuery}) {
      assertThat(c.toString()).doesNotContain(PASSWORD).contains("***");
    }
    assertThat(fromUrl.toString()).contains("postgresql://alice:***@db/app").contains("user=alice");
  }

  @Test
  void builderToStringHidesPassword() {
    DatabasePoolBuilder b = DatabasePool.builder().url("mysql://root:" + PASSWORD + "@db/shop")
        .password(PASSWORD).driverProperty("trustStorePassword", PASSWORD).poolSize(3);
    assertThat(b.toString())
        .doesNotContain(PASSWORD)
        .contains("url=\"mysql://root:***@db/shop\"")
        .contains("password=***")
        .contains("poolSize=3")
        .contains("minIdle=<poolSize>");
  }

  @Test
  void validationErrorAfterUrlWithPasswordDoesNotShowIt() {
    assertThatThrownBy(() -> DatabasePool.builder().url("postgresql://alice:" + PASSWORD + "@db/app")
        .poolSize(0).buildConfig())
        .isInstanceOf(PoolConfigException.class)
        .hasMessageNotContaining(PASSWORD);
  }

  @Test
  void environmentErrorsDoNotShowThePassword() {
    Map<String, String> env = Map.of("DATABASE_URL", "ftp://u:" + PASSWORD + "@h/x", "DATABASE_PASSWORD", PASSWORD);
    assertThatThrownBy(() -> DatabasePoolBuilder.fromEnv(env).buildConfig())
        .isInstanceOf(PoolConfigException.class)
        .hasMessageNotContaining(PASSWORD);
  }

  @Test
  void unknownPropertyErrorDoesNotShowValues() {
    Properties p = new Properties();
    p.setProperty("url", "postgresql://u:" + PASSWORD + "@db/app");
    p.setProperty("passwrd", PASSWORD);
    assertThatThrownBy(() -> DatabasePoolBuilder.fromProperties(p))
        .isInstanceOf(PoolConfigException.class)
        .hasMessageContaining("did you mean password?")
        .hasMessageNotContaining(PASSWORD);
  }
}
