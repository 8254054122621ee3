package mcp.db.pool.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactionTest {
  private static final String PASSWORD = "s3cr3t-Pa55";

  @Test
  void userInfoPasswordIsMasked() {
    assertThat(Redaction.redactUrl("postgresql://alice:" + PASSWORD + "@db:5432/app"))
        .isEqualTo("postgresql://alice:***@db:5432/app");
  }

  @Test
  void userInfoWithoutPasswordIsUnchanged() {
    assertThat(Redaction.redactUrl("postgresql://alice@db/app")).isEqualTo("postgresql://alice@db/app");
  }

  @Test
  void urlWithoutSecretsIsUnchanged() {
    String url = "jdbc:postgresql://db1:5432,db2:5433/app?sslmode=require&user=a@b";
    assertThat(Redaction.redactUrl(url)).isEqualTo(url);
  }

  @Test
  void passwordWithUnencodedAtSignIsMaskedWhole() {
    assertThat(Redaction.redactUrl("mysql://root:p@ss" + PASSWORD + "@db/shop")).isEqualTo("mysql://root:***@db/shop");
  }

  @Test
  void passwordWithUnencodedSlashIsMasked() {
    assertThat(Redaction.redactUrl("postgresql://alice:ab/" + PASSWORD + "@db/app"))
        .isEqualTo("postgresql://alice:***@db/app");
  }

  @Test
  void passwordWithUnencodedQuestionMarkIsMasked() {
    assertThat(Redaction.redactUrl("postgresql://alice:ab?" + PASSWORD + "@db/app"))
        .isEqualTo("postgresql://alice:***@db/app");
  }

  @Test
  void atSignInQueryOfUrlWithPortDoesNotHideTheHost() {
    String url = "jdbc:postgresql://srv.example:5432/app?user=admin@srv";
    assertThat(Redaction.redactUrl(url)).isEqualTo(url);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "jdbc:postgresql://db/app?user=u&password=" + PASSWORD + "&ssl=true | jdbc:postgresql://db/app?user=u&password=***&ssl=true",
      "jdbc:postgresql://db/app?PASSWORD=" + PASSWORD + " | jdbc:postgresql://db/app?PASSWORD=***",
      "jdbc:sqlserver://db;user=u;pwd=" + PASSWORD + ";encrypt=true | jdbc:sqlserver://db;user=u;pwd=***;encrypt=true",
      "jdbc:h2:mem:x;USER=sa;PASSWORD=" + PASSWORD + " | jdbc:h2:mem:x;USER=sa;PASSWORD=***",
      "jdbc:mysql://db/x?trustCertificateKeyStorePassword=" + PASSWORD + " | jdbc:mysql://db/x?trustCertificateKeyStorePassword=***",
      "jdbc:postgresql://db/x?sslpassword=" + PASSWORD + "&passwd=" + PASSWORD + " | jdbc:postgresql://db/x?sslpassword=***&passwd=***",
  })
  void passwordParametersAreMasked(String url, String expected) {
    assertThat(Redaction.redactUrl(url)).isEqualTo(expected).doesNotContain(PASSWORD);
  }

  @Test
  void oracleThinUserSlashPasswordIsMasked() {
    assertThat(Redaction.redactUrl("jdbc:oracle:thin:scott/" + PASSWORD + "@//db:1521/orcl"))
        .isEqualTo("jdbc:oracle:thin:scott/***@//db:1521/orcl");
  }

  @Test
  void nullStaysNull() {
    assertThat(Redaction.redactUrl(null)).isNull();
  }

  @Test
  void redactSecretReplacesEveryOccurrence() {
    assertThat(Redaction.redactSecret("auth failed for " + PASSWORD + " (" + PASSWORD + ")", PASSWORD))
        .isEqualTo("auth failed for *** (***)");
    assertThat(Redaction.redactSecret("text", "")).isEqualTo("text");
  }

  @Test
  void secretKeysAreRecognisedIgnoringCase() {
    assertThat(Redaction.isSecretKey("password")).isTrue();
    assertThat(Redaction.isSecretKey("sslPassword")).isTrue();
    assertThat(Redaction.isSecretKey("PWD")).isTrue();
    assertThat(Redaction.isSecretKey("user")).isFalse();
    assertThat(Redaction.isSecretKey(null)).isFalse();
  }

  @Test
  void redactPropertiesMasksSecretsAndSortsKeys() {
    Properties p = new Properties();
    p.setProperty("user", "alice");
    p.setProperty("password", PASSWORD);
    p.setProperty("sslpassword", PASSWORD);
    assertThat(Redaction.redactProperties(p)).isEqualTo("{password=***, sslpassword=***, user=alice}");
  }

  @Test
  void secretsInAUrlAreExactlyWhatRedactUrlMasks() {
    assertThat(Redaction.secretsIn("postgresql://alice:" + PASSWORD + "@db:5432/app?sslpassword=k3y&user=bob"))
        .containsExactly(PASSWORD, "k3y");
    assertThat(Redaction.secretsIn("jdbc:oracle:thin:scott/" + PASSWORD + "@db:1521/xe"))
        .containsExactly(PASSWORD);
    assertThat(Redaction.secretsIn("jdbc:mysql://(host=db,password=" + PASSWORD + ")/app"))
        .contains(PASSWORD);
    assertThat(Redaction.secretsIn("postgresql://alice@db/app?password=")).isEmpty();
    assertThat(Redaction.secretsIn(null)).isEmpty();
  }
}
