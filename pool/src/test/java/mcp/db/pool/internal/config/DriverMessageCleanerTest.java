package mcp.db.pool.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLTransientConnectionException;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class DriverMessageCleanerTest {
  private static final String PASSWORD = "Pw9-s3cr&t";
  private static final String SSL_PASSWORD = "key-Pa55";

  private static DriverMessageCleaner cleaner() {
    Properties p = new Properties();
    p.setProperty("user", "alice");
    p.setProperty("password", PASSWORD);
    p.setProperty("sslpassword", SSL_PASSWORD);
    p.setProperty("sslmode", "require");
    return DriverMessageCleaner.forSecretsIn(p, "jdbc:postgresql://db/app?trustStorePassword=ts-Secret1");
  }

  @Test
  void lineKeepsTheFirstLineWithPasswordsPropertiesAndUrlCredentialsMasked() {
    String message = "FATAL: password \"" + PASSWORD + "\" rejected for alice (ssl key " + SSL_PASSWORD
        + ", store ts-Secret1) at postgresql://alice:other@db/app\n  Detail: row (" + PASSWORD + ")";
    assertThat(cleaner().line(message)).isEqualTo(
        "FATAL: password \"***\" rejected for alice (ssl key ***, store ***) at postgresql://alice:***@db/app");
  }

  @Test
  void lineStopsAtACarriageReturnToo() {
    assertThat(cleaner().line("first\r\nsecond")).isEqualTo("first");
  }

  @Test
  void lineCutsAVeryLongMessage() {
    assertThat(cleaner().line("x".repeat(2_000))).hasSize(DriverMessageCleaner.MAX_LINE).endsWith("...");
  }

  @Test
  void aSecretContainingAnotherIsMaskedWhole() {
    Properties p = new Properties();
    p.setProperty("password", "abc");
    p.setProperty("keyStorePassword", "abcdef");
    assertThat(DriverMessageCleaner.forSecretsIn(p, null).line("key abcdef, pw abc")).isEqualTo("key ***, pw ***");
  }

  @Test
  void anExceptionWithoutSecretsIsPassedOnAsItIs() {
    SQLException e = new SQLException("connection refused", "08001", new IOException("refused"));
    assertThat((Throwable) cleaner().scrub(e)).isSameAs(e);
  }

  @Test
  void anExceptionWhoseCauseHoldsASecretIsReplacedByARedactedCopyOfTheChain() {
    SQLException root = new SQLInvalidAuthorizationSpecException("bad password " + PASSWORD, "28P01", 7);
    SQLException e = new SQLTransientConnectionException("login failed\nDetail: keys " + SSL_PASSWORD,
        "08001", 0, new IOException("wrapped", root));
    SQLException copy = cleaner().scrub(e);
    assertThat((Throwable) copy).isNotSameAs(e).isInstanceOf(SQLTransientConnectionException.class)
        .hasMessage("login failed\nDetail: keys ***");
    assertThat(copy.getSQLState()).isEqualTo("08001");
    assertThat(copy.getStackTrace()).isEqualTo(e.getStackTrace());
    assertThat(copy.getCause()).hasMessage("wrapped");
    Throwable rootCopy = copy.getCause().getCause();
    assertThat(rootCopy).isInstanceOf(SQLInvalidAuthorizationSpecException.class)
        .hasMessage("bad password ***");
    assertThat(((SQLException) rootCopy).getErrorCode()).isEqualTo(7);
    assertThat(((SQLException) rootCopy).getSQLState()).isEqualTo("28P01");
  }

  @Test
  void aUserInfoPasswordInTheUrlIsASecret() {
    DriverMessageCleaner c = DriverMessageCleaner.forSecretsIn(null, "jdbc:mysql://root:Url-Secret9@db/shop");
    assertThat(c.line("denied (using Url-Secret9)")).isEqualTo("denied (using ***)");
  }

  @Test
  void withoutSecretsOnlyUrlCredentialsAreMasked() {
    DriverMessageCleaner c = DriverMessageCleaner.forSecretsIn(new Properties(), "jdbc:h2:mem:x");
    assertThat(c.line("cannot reach postgresql://bob:pw@db/app")).isEqualTo("cannot reach postgresql://bob:***@db/app");
    SQLException e = new SQLException("anything");
    assertThat((Throwable) c.scrub(e)).isSameAs(e);
  }
}
