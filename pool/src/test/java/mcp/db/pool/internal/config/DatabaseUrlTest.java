package mcp.db.pool.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import mcp.db.pool.PoolConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseUrlTest {
  private static final String PASSWORD = "s3cr3t-Pa55";

  private static DatabaseUrl parse(String url) {
    return DatabaseUrl.parse(url, "url");
  }

  // --- JDBC URLs -------------------------------------------------------------------------------

  @Test
  void jdbcUrlPassesThroughUnchanged() {
    DatabaseUrl u = parse("jdbc:postgresql://db:5432/app?sslmode=require&options=-c%20search_path%3Dx");
    assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/app?sslmode=require&options=-c%20search_path%3Dx");
    assertThat(u.username()).isNull();
    assertThat(u.password()).isNull();
  }

  @Test
  void jdbcUrlKeepsItsUserInfoButDisplayRedactsIt() {
    DatabaseUrl u = parse("jdbc:mysql://bob:" + PASSWORD + "@db/app");
    assertThat(u.jdbcUrl()).isEqualTo("jdbc:mysql://bob:" + PASSWORD + "@db/app");
    assertThat(u.displayUrl()).isEqualTo("jdbc:mysql://bob:***@db/app");
  }

  @Test
  void jdbcUrlDisplayRedactsPasswordParameter() {
    DatabaseUrl u = parse("jdbc:postgresql://db/app?user=bob&password=" + PASSWORD + "&ssl=true");
    assertThat(u.displayUrl()).isEqualTo("jdbc:postgresql://db/app?user=bob&password=***&ssl=true");
  }

  @Test
  void surroundingWhitespaceIsIgnored() {
    assertThat(parse("  jdbc:h2:mem:x \n").jdbcUrl()).isEqualTo("jdbc:h2:mem:x");
  }

  // --- PostgreSQL --------------------------------------------------------------------------------

  @Test
  void postgresqlUrlBecomesJdbcWithCredentialsSeparated() {
    DatabaseUrl u = parse("postgresql://alice:" + PASSWORD + "@db.example:6543/app");
    assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/app");
    assertThat(u.username()).isEqualTo("alice");
    assertThat(u.password()).isEqualTo(PASSWORD);
    assertThat(u.displayUrl()).isEqualTo("postgresql://alice:***@db.example:6543/app");
    assertThat(u.kind()).isEqualTo(DatabaseKind.POSTGRESQL);
  }

  @Test
  void postgresSchemeAliasIsAccepted() {
    assertThat(parse("postgres://u:p@db/app").jdbcUrl()).isEqualTo("jdbc:postgresql://db/app");
  }

  @Test
  void driverSuffixOnSchemeIsIgnored() {
    assertThat(parse("postgresql+psycopg2://u:p@db/app").jdbcUrl()).isEqualTo("jdbc:postgresql://db/app");
    assertThat(parse("postgresql+asyncpg://db/app").jdbcUrl()).isEqualTo("jdbc:postgresql://db/app");
  }

  @Test
  void portMayBeOmittedSoTheDriverDefaultApplies() {
    assertThat(parse("postgresql://db.example/app").jdbcUrl()).isEqualTo("jdbc:postgresql://db.example/app");
  }

  @Test
  void missingDatabaseStillYieldsSlashAfterHost() {
    assertThat(parse("postgresql://u@db").jdbcUrl()).isEqualTo("jdbc:postgresql://db/");
  }

  @Test
  void userWithoutPasswordHasNullPassword() {
    DatabaseUrl u = parse("postgresql://alice@db/app");
    assertThat(u.username()).isEqualTo("alice");
    assertThat(u.password()).isNull();
  }

  @Test
  void emptyPasswordIsKeptAsEmpty() {
    assertThat(parse("postgresql://alice:@db/app").password()).isEmpty();
  }

  @Test
  void userInfoIsPercentDecoded() {
    DatabaseUrl u = parse("postgresql://al%20ice:p%40ss%2Fw%3Ard+x%C3%A9@db/app");
    assertThat(u.username()).isEqualTo("al ice");
    assertThat(u.password()).isEqualTo("p@ss/w:rd+x\u00e9");
  }

  @Test
  void unencodedAtSignAndColonInPasswordAreTolerated() {
    DatabaseUrl u = parse("postgresql://alice:p@ss:w@db/app");
    assertThat(u.username()).isEqualTo("alice");
    assertThat(u.password()).isEqualTo("p@ss:w");
    assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://db/app");
  }

  @Test
  void queryOptionsAreKeptWithTheirPercentEncoding() {
    DatabaseUrl u = parse("postgresql://u:p@db/app?sslmode=verify-full&options=-c%20statement_timeout%3D5s");
    assertThat(u.jdbcUrl())
        .isEqualTo("jdbc:postgresql://db/app?sslmode=verify-full&options=-c%20statement_timeout%3D5s");
  }

  @Test
  void databaseNameKeepsItsPercentEncoding() {
    assertThat(parse("postgresql://db/my%20db").jdbcUrl()).isEqualTo("jdbc:postgresql://db/my%20db");
  }

  @Test
  void ipv6HostInBracketsWorksWithAndWithoutPort() {
    assertThat(parse("postgresql://u:p@[::1]:5432/app").jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5432/app");
    assertThat(parse("postgresql://[2001:db8::7]/app").jdbcUrl()).isEqualTo("jdbc:postgresql://[2001:db8::7]/app");
  }

  @Test
  void commaSeparatedHostListIsKept() {
    DatabaseUrl u = parse("postgresql://u:p@db1:5432,db2:5433,[::1]/app?targetServerType=primary");
    assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://db1:5432,db2:5433,[::1]/app?targetServerType=primary");
  }

  @Test
  void schemeIsCaseInsensitive() {
    assertThat(parse("PostgreSQL://db/app").jdbcUrl()).isEqualTo("jdbc:postgresql://db/app");
  }

  // --- MySQL and MariaDB -----------------------------------------------------------------------

  @Test
  void mysqlUrlBecomesJdbcMysql() {
    DatabaseUrl u = parse("mysql://root:" + PASSWORD + "@db:3306/shop?useSSL=false");
    assertThat(u.jdbcUrl()).isEqualTo("jdbc:mysql://db:3306/shop?useSSL=false");
    assertThat(u.username()).isEqualTo("root");
    assertThat(u.password()).isEqualTo(PASSWORD);
    assertThat(u.kind()).isEqualTo(DatabaseKind.MYSQL);
  }

  @Test
  void mysqlDriverSuffixIsIgnored() {
    assertThat(parse("mysql+pymysql://u:p@db/shop").jdbcUrl()).isEqualTo("jdbc:mysql://db/shop");
  }

  @Test
  void mariadbUrlBecomesJdbcMariadb() {
    DatabaseUrl u = parse("mariadb+mariadbconnector://u:p@db:3307/shop");
    assertThat(u.jdbcUrl()).isEqualTo("jdbc:mariadb://db:3307/shop");
    assertThat(u.kind()).isEqualTo(DatabaseKind.MARIADB);
    assertThat(parse("mariadb://db/shop").jdbcUrl()).isEqualTo("jdbc:mariadb://db/shop");
  }

  // --- SQLite ----------------------------------------------------------------------------------

  @Test
  void sqliteThreeSlashesIsRelativePath() {
    assertThat(parse("sqlite:///relative.db").jdbcUrl()).isEqualTo("jdbc:sqlite:relative.db");
    assertThat(parse("sqlite:///data/app.db").jdbcUrl()).isEqualTo("jdbc:sqlite:data/app.db");
  }

  @Test
  void sqliteFourSlashesIsAbsolutePath() {
    assertThat(parse("sqlite:////var/lib/app.db").jdbcUrl()).isEqualTo("jdbc:sqlite:/var/lib/app.db");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite://", "sqlite:///", "sqlite:///:memory:", "sqlite+pysqlite:///:memory:"})
  void sqliteWithoutFileOrMemoryIsInMemory(String url) {
    assertThat(parse(url).jdbcUrl()).isEqualTo("jdbc:sqlite::memory:");
  }

  @Test
  void sqliteQueryOptionsAreKept() {
    assertThat(parse("sqlite:///app.db?journal_mode=WAL").jdbcUrl()).isEqualTo("jdbc:sqlite:app.db?journal_mode=WAL");
  }

  @Test
  void sqliteWithHostIsRejected() {
    assertThatThrownBy(() -> parse("sqlite://host/app.db"))
        .isInstanceOf(PoolConfigException.class)
        .hasMessageStartingWith("url is a sqlite URL with a host")
        .hasMessageContaining("sqlite:///relative.db");
  }

  // --- errors ----------------------------------------------------------------------------------

  @Test
  void unknownSchemeIsRejectedListingSupportedSchemesWithoutPassword() {
    assertThatThrownBy(() -> parse("oracle://scott:" + PASSWORD + "@db:1521/orcl"))
        .isInstanceOfSatisfying(PoolConfigException.class, e -> assertThat(e.setting()).isEqualTo("url"))
        .hasMessageStartingWith("url has an unsupported scheme \"oracle\"")
        .hasMessageContaining("postgresql://").hasMessageContaining("mysql://")
        .hasMessageContaining("mariadb://").hasMessageContaining("sqlite://").hasMessageContaining("jdbc:")
        .hasMessageContaining("oracle://scott:***@db:1521/orcl")
        .hasMessageNotContaining(PASSWORD);
  }

  @Test
  void missingSchemeIsRejected() {
    assertThatThrownBy(() -> parse("localhost/db"))
        .isInstanceOf(PoolConfigException.class)
        .hasMessageStartingWith("url has no scheme")
        .hasMessageContaining("postgresql://")
        .hasMessageContaining("localhost/db");
  }

  @Test
  void hostAndPortWithoutSchemeIsReportedAsMissingScheme() {
    assertThatThrownBy(() -> parse("localhost:5432/db"))
        .isInstanceOf(PoolConfigException.class)
        .hasMessageStartingWith("url has no scheme (it starts with host:port)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void emptyUrlIsRejected(String url) {
    assertThatThrownBy(() -> parse(url))
        .isInstanceOf(PoolConfigException.class)
        .hasMessageStartingWith("url must not be empty");
  }

  @Test
  void postgresUrlWithoutHostIsRejectedWithoutPassword() {
    assertThatThrownBy(() -> parse("postgresql://alice:" + PASSWORD + "@/app"))
        .isInstanceOf(PoolConfigException.class)
        .hasMessageStartingWith("url has no host")
        .hasMessageContaining("postgresql://alice:***@/app")
        .hasMessageNotContaining(PASSWORD);
  }

  @Test
  void emptyEntryInHostListIsRejected() {
    assertThatThrownBy(() -> parse("postgresql://db1,/app"))
        .isInstanceOf(PoolConfigException.class)
        .hasMessageStartingWith("url has no host in one entry of its host list");
  }

  @Test
  void nonNumericPortIsRejected() {
    assertThatThrownBy(() -> parse("postgresql://host:abc/db"))
        .isInstanceOf(PoolConfigException.class)
        .hasMessageStartingWith("url has an invalid port \"abc\"")
        .hasMessageContaining("between 1 and 65535");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "65536", "99999999"})
  void portOutOfRangeIsRejected(String port) {
    assertThatThrownBy(() -> parse("mysql://host:" + port + "/db"))
        .isInstanceOf(PoolConfigException.class)
        .hasMessageStartingWith("url has an invalid port \"" + port + "\"");
  }

  @Test
  void passwordWithUnencodedSlashIsNeverEchoedInTheError() {
    assertThatThrownBy(() -> parse("postgresql://alice:s3cr/3t-Pa55@db/app"))
        .isInstanceOf(PoolConfigException.class)
        .hasMessageStartingWith("url has an invalid port:")
        .hasMessageContaining("percent-encode")
        .hasMessageNotContaining("s3cr")
        .hasMessageNotContaining("3t-Pa55");
  }

  @Test
  void passwordWithDigitsThenUnencodedSlashIsNeverEchoedInTheError() {
    assertThatThrownBy(() -> parse("postgresql://alice:1234/Pa55@db/app"))
        .isInstanceOf(PoolConfigException.class)
        .hasMessageContaining("'@' in the database name")
        .hasMessageNotContaining("1234")
        .hasMessageNotContaining("Pa55");
  }

  @Test
  void invalidPercentEscapeInPasswordIsRejectedWithoutPassword() {
    assertThatThrownBy(() -> parse("postgresql://alice:s3cr3t%zz-Pa55@db/app"))
        .isInstanceOf(PoolConfigException.class)
        .hasMessageContaining("invalid percent-escape")
        .hasMessageNotContaining("Pa55");
  }

  @Test
  void unclosedIpv6BracketIsRejected() {
    assertThatThrownBy(() -> parse("postgresql://[::1/app"))
        .isInstanceOf(PoolConfigException.class)
        .hasMessageContaining("closing ']'");
  }

  @Test
  void unbracketedIpv6AddressIsRejected() {
    assertThatThrownBy(() -> parse("postgresql://fe80::1/app"))
        .isInstanceOf(PoolConfigException.class)
        .hasMessageContaining("not in brackets");
  }

  @Test
  void schemeWithoutDoubleSlashIsRejected() {
    assertThatThrownBy(() -> parse("postgresql:app"))
        .isInstanceOf(PoolConfigException.class)
        .hasMessageStartingWith("url must have // after postgresql:");
  }

  @Test
  void bareJdbcPrefixIsRejected() {
    assertThatThrownBy(() -> parse("jdbc:"))
        .isInstanceOf(PoolConfigException.class)
        .hasMessageContaining("no sub-protocol");
  }

  @Test
  void errorNamesTheEnvironmentVariableWhenGiven() {
    assertThatThrownBy(() -> DatabaseUrl.parse("redis://db", "DATABASE_URL"))
        .isInstanceOfSatisfying(PoolConfigException.class, e -> assertThat(e.setting()).isEqualTo("DATABASE_URL"))
        .hasMessageStartingWith("DATABASE_URL has an unsupported scheme \"redis\"");
  }

  @Test
  void toStringShowsNoPassword() {
    assertThat(parse("postgresql://alice:" + PASSWORD + "@db/app").toString()).doesNotContain(PASSWORD);
  }
}
