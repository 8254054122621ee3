package mcp.db.pool.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import mcp.db.pool.DatabasePool;
import org.junit.jupiter.api.Test;

/** The pool's name is sent to the server so it shows up in the server's session list. */
class IdentityConfigTest {

  private static Properties props(String url) {
    return DatabasePool.builder().url(url).poolName("orders").buildConfig().driverProperties();
  }

  @Test
  void postgresqlGetsApplicationName() {
    assertThat(props("postgresql://db/app").getProperty("ApplicationName")).isEqualTo("orders");
    assertThat(props("jdbc:postgresql://db/app").getProperty("ApplicationName")).isEqualTo("orders");
  }

  @Test
  void mariadbGetsProgramNameConnectionAttribute() {
    assertThat(props("jdbc:mariadb://db/shop").getProperty("connectionAttributes")).isEqualTo("program_name:orders");
  }

  @Test
  void mysqlGetsProgramNameConnectionAttribute() {
    assertThat(props("mysql://db/shop").getProperty("connectionAttributes")).isEqualTo("program_name:orders");
  }

  @Test
  void attributeSeparatorsInPoolNameAreReplaced() {
    Properties p = DatabasePool.builder().url("mariadb://db/shop").poolName("a,b:c").buildConfig().driverProperties();
    assertThat(p.getProperty("connectionAttributes")).isEqualTo("program_name:a_b_c");
  }

  @Test
  void otherDatabasesGetNoIdentityProperty() {
    assertThat(props("jdbc:h2:mem:x")).isEmpty();
    assertThat(props("sqlite://")).isEmpty();
  }

  @Test
  void userSetDriverPropertyIsNotOverridden() {
    Properties p = DatabasePool.builder().url("postgresql://db/app").poolName("orders")
        .driverProperty("ApplicationName", "billing").buildConfig().driverProperties();
    assertThat(p.getProperty("ApplicationName")).isEqualTo("billing");
  }

  @Test
  void userSetDriverPropertyInOtherCaseIsNotOverridden() {
    Properties p = DatabasePool.builder().url("postgresql://db/app").poolName("orders")
        .driverProperty("applicationname", "billing").buildConfig().driverProperties();
    assertThat(p).doesNotContainKey("ApplicationName");
    assertThat(p.getProperty("applicationname")).isEqualTo("billing");
  }

  @Test
  void userSetConnectionAttributesAreNotOverridden() {
    Properties p = DatabasePool.builder().url("mariadb://db/shop").poolName("orders")
        .driverProperty("connectionAttributes", "team:payments").buildConfig().driverProperties();
    assertThat(p.getProperty("connectionAttributes")).isEqualTo("team:payments");
  }

  @Test
  void applicationNameInUrlQueryIsNotOverridden() {
    assertThat(props("postgresql://db/app?sslmode=require&applicationName=billing")).doesNotContainKey("ApplicationName");
    assertThat(props("jdbc:postgresql://db/app?ApplicationName=billing")).doesNotContainKey("ApplicationName");
  }

  @Test
  void connectionAttributesInUrlQueryAreNotOverridden() {
    assertThat(props("jdbc:mysql://db/shop?connectionAttributes=team:x")).doesNotContainKey("connectionAttributes");
  }

  @Test
  void defaultPoolNameIsUsedWhenNoneIsSet() {
    Properties p = DatabasePool.builder().url("postgresql://db/app").buildConfig().driverProperties();
    assertThat(p.getProperty("ApplicationName")).matches("mcp-pool-\\d+");
  }
}
