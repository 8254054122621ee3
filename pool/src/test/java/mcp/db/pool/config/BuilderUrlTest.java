package mcp.db.pool.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import mcp.db.pool.DatabasePool;
import mcp.db.pool.PoolConfig;
import mcp.db.pool.PoolConfigException;
import org.junit.jupiter.api.Test;

/** URL translation as seen through the public builder and config. */
class BuilderUrlTest {
  private static final String PASSWORD = "s3cr3t-Pa55";

  @Test
  void sqlalchemyUrlIsTranslatedAndCredentialsBecomeDriverProperties() {
    PoolConfig c = DatabasePool.builder().url("postgresql+psycopg2://alice:p%40ss@db:5432/app?sslmode=require")
        .buildConfig();
    assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/app?sslmode=require");
    assertThat(c.username()).isEqualTo("alice");
    assertThat(c.hasPassword()).isTrue();
    assertThat(c.driverProperties().getProperty("user")).isEqualTo("alice");
    assertThat(c.driverProperties().getProperty("password")).isEqualTo("p@ss");
    assertThat(c.displayUrl()).isEqualTo("postgresql+psycopg2://alice:***@db:5432/app?sslmode=require");
  }

  @Test
  void explicitUsernameAndPasswordWinOverUserInfo() {
    PoolConfig c = DatabasePool.builder().url("postgresql://alice:old@db/app")
        .username("bob").password(PASSWORD).buildConfig();
    assertThat(c.username()).isEqualTo("bob");
    assertThat(c.driverProperties().getProperty("password")).isEqualTo(PASSWORD);
  }

  @Test
  void explicitPasswordAloneKeepsUserFromUrl() {
    PoolConfig c = DatabasePool.builder().url("postgresql://alice@db/app").password(PASSWORD).buildConfig();
    assertThat(c.username()).isEqualTo("alice");
    assertThat(c.driverProperties().getProperty("password")).isEqualTo(PASSWORD);
  }

  @Test
  void userAndPasswordDriverPropertiesWinOverUserInfoButNotOverSetters() {
    PoolConfig fromProperty = DatabasePool.builder().url("postgresql://alice:old@db/app")
        .driverProperty("user", "carol").driverProperty("password", PASSWORD).buildConfig();
    assertThat(fromProperty.username()).isEqualTo("carol");
    assertThat(fromProperty.driverProperties().getProperty("password")).isEqualTo(PASSWORD);

    PoolConfig fromSetter = DatabasePool.builder().url("postgresql://db/app")
        .driverProperty("user", "carol").username("dave").buildConfig();
    assertThat(fromSetter.username()).isEqualTo("dave");
  }

  @Test
  void urlIsTranslatedAtBuildSoTheLastUrlWins() {
    PoolConfig c = DatabasePool.builder().url("oracle://x").url("sqlite:///app.db").buildConfig();
    assertThat(c.jdbcUrl()).isEqualTo("jdbc:sqlite:app.db");
  }

  @Test
  void malformedUrlFailsAtBuildConfigNamingUrlWithoutPassword() {
    assertThatThrownBy(() -> DatabasePool.builder().url("postgresql://alice:" + PASSWORD + "@db:abc/app").buildConfig())
        .isInstanceOfSatisfying(PoolConfigException.class, e -> assertThat(e.setting()).isEqualTo("url"))
        .hasMessageStartingWith("url has an invalid port")
        .hasMessageNotContaining(PASSWORD);
  }
}
