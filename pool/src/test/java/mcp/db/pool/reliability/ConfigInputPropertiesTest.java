package mcp.db.pool.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.DatabasePoolBuilder;
import mcp.db.pool.PoolConfig;
import mcp.db.pool.PoolConfigException;
import mcp.db.pool.internal.config.Setting;
import mcp.db.pool.internal.config.SettingType;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

/**
 * Bad input, tried systematically (jqwik): for URLs, settings and environment values, every invalid
 * input gets a {@link PoolConfigException} whose {@code setting()} names what the user wrote (the
 * builder method, environment variable or properties key) and whose message names it too; nothing
 * else escapes (no NullPointerException, NumberFormatException, StringIndexOutOfBoundsException);
 * and no password ever appears in a message, a cause's message, {@code toString()} or the display
 * URL, wherever the password came from.
 */
@Tag("faults")
class ConfigInputPropertiesTest {
  private static final String URL = "jdbc:stub:config-properties";

  // ---- every setting, every source --------------------------------------------------------

  @Property(tries = 400)
  void anyTextInAnyEnvironmentVariableIsAcceptedOrRejectedNamingThatVariable(
      @ForAll("settings") Setting setting, @ForAll("text") String text) {
    Map<String, String> env = new HashMap<>();
    env.put("DATABASE_URL", URL);
    env.put(setting.envVar(), text);
    Throwable thrown = catchThrowable(() -> DatabasePoolBuilder.fromEnv(env).buildConfig());
    assertNamesTheCulprit(thrown, setting.envVar(), new HashSet<>(List.of(setting.envVar(), "DATABASE_URL")));
  }

  @Property(tries = 400)
  void anyTextInAnyPropertiesKeyIsAcceptedOrRejectedNamingThatKey(
      @ForAll("settings") Setting setting, @ForAll("text") String text) {
    Properties p = new Properties();
    p.setProperty("url", URL);
    p.setProperty(setting.key(), text);
    Throwable thrown = catchThrowable(() -> DatabasePoolBuilder.fromProperties(p).buildConfig());
    assertNamesTheCulprit(thrown, setting.key(), new HashSet<>(List.of(setting.key(), "url")));
  }

  @Property(tries = 200)
  void textThatIsNotANumberIsRejectedForEveryNumericOrTimeSetting(
      @ForAll("numericSettings") Setting setting, @ForAll("notANumber") String text) {
    Map<String, String> env = Map.of("DATABASE_URL", URL, setting.envVar(), text);
    Throwable thrown = catchThrowable(() -> DatabasePoolBuilder.fromEnv(env));
    assertThat(thrown).as("%s=%s", setting.envVar(), text).isInstanceOf(PoolConfigException.class);
    assertThat(((PoolConfigException) thrown).setting()).isEqualTo(setting.envVar());
    assertThat(thrown.getMessage()).contains(setting.envVar());
  }

  @Property(tries = 200)
  void poolSizeOutsideItsRangeIsRejectedBySetterEnvironmentAndProperties(
      @ForAll("outsidePoolSizeRange") int size) {
    PoolConfigException inCode = rejected(() -> DatabasePool.builder().url(URL).poolSize(size).buildConfig());
    assertThat(inCode.setting()).isEqualTo("poolSize");
    assertThat(inCode.getMessage()).contains("poolSize").contains(Integer.toString(size));
    PoolConfigException inEnv = rejected(() -> DatabasePoolBuilder
        .fromEnv(Map.of("DATABASE_URL", URL, "POOL_SIZE", Integer.toString(size))).buildConfig());
    assertThat(inEnv.setting()).isEqualTo("POOL_SIZE");
    Properties p = new Properties();
    p.setProperty("url", URL);
    p.setProperty("poolSize", Integer.toString(size));
    assertThat(rejected(() -> DatabasePoolBuilder.fromProperties(p).buildConfig()).setting())
        .isEqualTo("poolSize");
  }

  @Property(tries = 200)
  void negativeOrZeroPoolTimeoutIsRejected(@ForAll @IntRange(min = -100_000, max = 0) int millis) {
    PoolConfigException e = rejected(() -> DatabasePool.builder().url(URL)
        .poolTimeout(Duration.ofMillis(millis)).buildConfig());
    assertThat(e.setting()).isEqualTo("poolTimeout");
    assertThat(e.getMessage()).contains("poolTimeout");
  }

  @Property(tries = 200)
  void unknownPropertiesKeysAreRejectedNamingTheKey(@ForAll("unknownKey") String key) {
    Properties p = new Properties();
    p.setProperty("url", URL);
    p.setProperty(key, "1");
    PoolConfigException e = rejected(() -> DatabasePoolBuilder.fromProperties(p));
    assertThat(e.setting()).isEqualTo(key);
    assertThat(e.getMessage()).contains(key);
  }

  // ---- URLs -------------------------------------------------------------------------------

  @Property(tries = 500)
  void anyUrlIsAcceptedOrRejectedNamingTheUrl(@ForAll("urls") String url) {
    Throwable thrown = catchThrowable(() -> DatabasePool.builder().url(url).buildConfig());
    assertNamesTheCulprit(thrown, "url", Set.of("url"));
    Throwable fromEnv = catchThrowable(() -> DatabasePoolBuilder.fromEnv(Map.of("DATABASE_URL", url))
        .buildConfig());
    assertNamesTheCulprit(fromEnv, "DATABASE_URL", Set.of("DATABASE_URL"));
  }

  // ---- passwords --------------------------------------------------------------------------

  @Property(tries = 300)
  void aPasswordInTheUrlNeverAppearsInMessagesOrToString(@ForAll("passwords") String password,
      @ForAll("schemes") String scheme, @ForAll("ports") String port, @ForAll boolean alsoBreakAnotherSetting) {
    String encoded = URLEncoder.encode(password, StandardCharsets.UTF_8).replace("+", "%20");
    String url = scheme + "://alice:" + encoded + "@db.example" + port + "/orders";
    DatabasePoolBuilder b = DatabasePool.builder().url(url);
    if (alsoBreakAnotherSetting) {
      b.poolSize(0);
    }
    assertPasswordHidden(b, password, encoded);
  }

  @Property(tries = 300)
  void aPasswordFromAnySourceNeverAppearsInMessagesOrToString(@ForAll("passwords") String password,
      @ForAll @IntRange(min = 0, max = 5) int source, @ForAll("breakage") String breakage) {
    Map<String, String> env = new HashMap<>();
    Properties p = new Properties();
    DatabasePoolBuilder b;
    switch (source) {
      case 0 -> b = DatabasePool.builder().url(URL).password(password);
      case 1 -> b = DatabasePool.builder().url(URL).driverProperty("password", password);
      case 2 -> b = DatabasePool.builder().url("jdbc:postgresql://db/app?user=u&password="
          + URLEncoder.encode(password, StandardCharsets.UTF_8));
      case 3 -> {
        env.put("DATABASE_URL", URL);
        env.put("DATABASE_PASSWORD", password);
        env.put(breakage.substring(0, breakage.indexOf('=')), breakage.substring(breakage.indexOf('=') + 1));
        b = buildOrNull(() -> DatabasePoolBuilder.fromEnv(env), password);
      }
      case 4 -> {
        p.setProperty("url", URL);
        p.setProperty("password", password);
        b = buildOrNull(() -> DatabasePoolBuilder.fromProperties(p), password);
      }
      default -> {
        p.setProperty("url", URL);
        p.setProperty("dataSource.password", password);
        p.setProperty("poolSize", "zero"); // a parse error while a password is present
        b = buildOrNull(() -> DatabasePoolBuilder.fromProperties(p), password);
      }
    }
    if (b != null) {
      assertPasswordHidden(b, password, URLEncoder.encode(password, StandardCharsets.UTF_8));
    }
  }

  @Property(tries = 100)
  void aPasswordTypedWhereAnotherSettingBelongsIsNotEchoedWhenItIsTheSecretSetting(
      @ForAll("passwords") String password) {
    // DATABASE_PASSWORD itself never fails to parse; a password pasted into URL position must
    // not be echoed in full either when it happens to hold the userinfo.
    String url = "postgresql://bob:" + password.replace("/", "%2F").replace("?", "%3F")
        .replace("#", "%23").replace("%", "%25") + "@";
    Throwable thrown = catchThrowable(() -> DatabasePool.builder().url(url).buildConfig());
    if (thrown != null) {
      assertThat(allText(thrown)).doesNotContain(password);
    }
  }

  // ---- helpers ----------------------------------------------------------------------------

  /** Either nothing was thrown, or a PoolConfigException that names one of {@code allowed}. */
  private static void assertNamesTheCulprit(Throwable thrown, String culprit, Set<String> allowed) {
    if (thrown == null) {
      return;
    }
    assertThat(thrown).as("only PoolConfigException may escape").isInstanceOf(PoolConfigException.class);
    PoolConfigException e = (PoolConfigException) thrown;
    assertThat(e.setting()).as("setting() of: %s", e.getMessage()).isNotNull();
    assertThat(e.getMessage()).as("the message names the setting it blames").contains(e.setting());
    if (!e.setting().equals(culprit)) {
      // A relation between two settings may blame the other one, but must mention the culprit.
      assertThat(e.getMessage()).as("the message names %s", culprit).contains(culprit);
    } else {
      assertThat(allowed).contains(e.setting());
    }
  }

  private static PoolConfigException rejected(Runnable r) {
    Throwable thrown = catchThrowable(r::run);
    assertThat(thrown).isInstanceOf(PoolConfigException.class);
    return (PoolConfigException) thrown;
  }

  /** Builds with {@code factory}; a parse error must not show the password (then returns null). */
  private static DatabasePoolBuilder buildOrNull(java.util.function.Supplier<DatabasePoolBuilder> factory,
      String password) {
    try {
      return factory.get();
    } catch (PoolConfigException e) {
      assertThat(allText(e)).doesNotContain(password);
      return null;
    }
  }

  private static void assertPasswordHidden(DatabasePoolBuilder b, String password, String encoded) {
    List<String> shown = new ArrayList<>();
    shown.add(b.toString());
    try {
      PoolConfig config = b.buildConfig();
      shown.add(config.toString());
      shown.add(config.displayUrl());
    } catch (PoolConfigException e) {
      shown.add(allText(e));
    }
    for (String text : shown) {
      assertThat(text).doesNotContain(password);
      if (encoded.length() >= 6) {
        assertThat(text).doesNotContain(encoded);
      }
    }
  }

  /** The messages of a throwable, its causes and suppressed exceptions. */
  static String allText(Throwable t) {
    StringBuilder sb = new StringBuilder();
    int depth = 0;
    for (Throwable c = t; c != null && depth < 16; c = c.getCause(), depth++) {
      sb.append(c).append('\n');
      for (Throwable s : c.getSuppressed()) {
        sb.append(s).append('\n');
      }
    }
    return sb.toString();
  }

  // ---- generators -------------------------------------------------------------------------

  @Provide
  Arbitrary<Setting> settings() {
    return Arbitraries.of(Setting.values());
  }

  @Provide
  Arbitrary<Setting> numericSettings() {
    return Arbitraries.of(java.util.Arrays.stream(Setting.values())
        .filter(s -> s.type() == SettingType.INTEGER || s.type() == SettingType.DURATION).toList());
  }

  /** Text of every kind: numbers in and out of range, durations, booleans, junk, huge, unicode. */
  @Provide
  Arbitrary<String> text() {
    return Arbitraries.oneOf(
        Arbitraries.integers().map(String::valueOf),
        Arbitraries.longs().map(String::valueOf),
        Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(40),
        Combinators.combine(Arbitraries.doubles().between(-1e6, 1e6), Arbitraries.of("", "ms", "s", "m",
            "h", " s", "MS", "d", "us", "sec")).as((d, u) -> d + u),
        Arbitraries.of("true", "false", "yes", "no", "on", "off", "1", "0", "maybe", "TRUE", "-1",
            "NaN", "Infinity", "1e9", "0x10", "9223372036854775807", "9223372036854775808",
            "-9223372036854775808", "292y", "300000000000h", "READ_COMMITTED", "transaction-serializable",
            "8", "3", "  ", "\t", "\u0000", "mcp-pool", "a,b:c", "\u00e9t\u00e9", "\ud83d\ude00",
            "jdbc:stub:x", "postgresql://", "%", "%zz", "--", "-", "+5", "5.", ".5", "1_000"),
        Arbitraries.strings().ofMinLength(0).ofMaxLength(30));
  }

  @Provide
  Arbitrary<String> notANumber() {
    return Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12)
        .filter(s -> !s.equalsIgnoreCase("NaN") && !s.equalsIgnoreCase("Infinity"))
        .map(s -> "x" + s);
  }

  @Provide
  Arbitrary<Integer> outsidePoolSizeRange() {
    return Arbitraries.oneOf(Arbitraries.integers().lessOrEqual(0),
        Arbitraries.integers().greaterOrEqual(10_001));
  }

  @Provide
  Arbitrary<String> unknownKey() {
    return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(20)
        .filter(k -> Setting.forKey(k) == null && !k.startsWith("dataSource."));
  }

  @Provide
  Arbitrary<String> schemes() {
    return Arbitraries.of("postgresql", "postgres", "postgresql+psycopg2", "mysql", "mysql+pymysql",
        "mariadb", "MARIADB", "oracle", "sqlite", "http", "");
  }

  @Provide
  Arbitrary<String> ports() {
    return Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.integers().between(-5, 70_000)
        .map(p -> ":" + p), Arbitraries.of(":abc", ":", ":5432x"));
  }

  /** Distinctive passwords (never a substring of ordinary text) with awkward characters. */
  @Provide
  Arbitrary<String> passwords() {
    return Arbitraries.strings().withChars("abcXYZ0189@:/?#%&=+ ;,'\"\\!$*()[]{}<>|~^`\u00e9")
        .ofMinLength(6).ofMaxLength(24).map(s -> "Pw9" + s);
  }

  /** Another setting broken at the same time, so an exception is thrown while the password is set. */
  @Provide
  Arbitrary<String> breakage() {
    return Arbitraries.of("POOL_SIZE=0", "POOL_SIZE=abc", "POOL_TIMEOUT=0", "POOL_PRE_PING=maybe",
        "POOL_NAME=\t", "MAX_OVERFLOW=-7", "OTHER=ignored");
  }

  /** URLs: well-formed ones, near misses, and junk. */
  @Provide
  Arbitrary<String> urls() {
    Arbitrary<String> structured = Combinators.combine(
        Arbitraries.of("postgresql", "postgres", "mysql", "mariadb", "sqlite", "oracle", "jdbc:h2",
            "jdbc:postgresql", "PostgreSQL+asyncpg", "", "jdbc"),
        Arbitraries.of("://", ":/", ":", "//", ":///", ":////"),
        Arbitraries.of("", "u@", "u:p@", ":p@", "u:p%4@", "u:%zz@", "u:a@b@", "@"),
        Arbitraries.of("db", "", "[::1]", "[::1", "db1:5432,db2:5433", "h\u00f6st", "db:abc", "db:70000",
            "db:-1", "db:0", "127.0.0.1:5432", " "),
        Arbitraries.of("", "/", "/orders", "/a/b", "/:memory:", "/relative.db", "//abs.db"),
        Arbitraries.of("", "?", "?sslmode=require", "?password=s3cret", "?a=%", "#frag", ";x=1"))
        .as((scheme, sep, userinfo, host, path, query) -> scheme + sep + userinfo + host + path + query);
    return Arbitraries.oneOf(structured, Arbitraries.strings().ofMaxLength(40),
        Arbitraries.of("", " ", "jdbc:", "jdbc:stub:", "localhost/db", "postgresql:///db", "sqlite://host/x"));
  }

  @Property(tries = 50)
  void assumptionsHoldForTheGenerators(@ForAll("passwords") String password) {
    Assume.that(password.length() >= 9);
    assertThat(password).startsWith("Pw9");
  }
}
