package mcp.db.pool.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import mcp.db.pool.DatabasePoolBuilder;
import mcp.db.pool.PoolConfigException;
import org.junit.jupiter.api.Test;

class SettingTableTest {

  @Test
  void everySettingHasAPublicBuilderMethodOfTheSameName() {
    Set<String> methods = new HashSet<>();
    for (Method m : DatabasePoolBuilder.class.getMethods()) methods.add(m.getName());
    for (Setting s : Setting.values()) assertThat(methods).as("builder method for %s", s).contains(s.key());
  }

  @Test
  void everySettingIsDocumentedWithItsKeyAndVariable() throws IOException {
    String docs = Files.readString(docsFile());
    for (Setting s : Setting.values()) {
      assertThat(docs).as("docs row for %s", s).contains("`" + s.key() + "`").contains("`" + s.envVar() + "`");
    }
  }

  @Test
  void keysAndVariablesAreUnique() {
    assertThat(Arrays.stream(Setting.values()).map(Setting::key)).doesNotHaveDuplicates();
    assertThat(Arrays.stream(Setting.values()).map(Setting::envVar)).doesNotHaveDuplicates();
  }

  @Test
  void keysNearFindsCaseAndTypoMistakes() {
    assertThat(Setting.keysNear("poolsize")).startsWith("poolSize");
    assertThat(Setting.keysNear("poolTimout")).contains("poolTimeout");
    assertThat(Setting.keysNear("completelyUnrelated")).isEmpty();
  }

  @Test
  void parseErrorOfSecretDoesNotShowTheValue() {
    // No secret setting can fail to parse today; the rule for showing one is still checked.
    assertThat(Setting.PASSWORD.show("s3cr3t-Pa55", "s3cr3t-Pa55")).isEqualTo("***");
  }

  @Test
  void quoteEscapesControlCharacters() {
    assertThat(Setting.quote("a\u0007\"b")).isEqualTo("\"a\\u0007\\\"b\"");
  }

  @Test
  void nullValueNamesTheSettingAndWhatIsAllowed() {
    assertThatThrownBy(() -> Setting.POOL_TIMEOUT.check("poolTimeout", null, null))
        .isInstanceOf(PoolConfigException.class)
        .hasMessage("poolTimeout must not be null: it must be greater than 0");
  }

  private static Path docsFile() {
    Path fromModule = Path.of("..", "docs", "configuration.md");
    return Files.exists(fromModule) ? fromModule : Path.of("docs", "configuration.md");
  }
}
