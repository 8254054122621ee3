package mcp.db.pool.reliability;

import static mcp.db.pool.reliability.InputGenerators.forAll;
import static mcp.db.pool.reliability.InputGenerators.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.DatabasePoolBuilder;
import mcp.db.pool.PoolConfig;
import mcp.db.pool.PoolConfigException;
import mcp.db.pool.internal.config.Setting;
import mcp.db.pool.internal.config.SettingType;
import mcp.db.pool.support.CapturedLogs;
import mcp.db.pool.support.LogLine;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Bad input, tried systematically: for URLs, settings and environment values, every invalid input
 * gets a {@link PoolConfigException} whose {@code setting()} names what the user wrote (the builder
 * method, environment variable or properties key) and whose message names it too; nothing else
 * escapes (no NullPointerException, NumberFormatException, StringIndexOutOfBoundsException); and no
 * password ever appears in a message, a cause's message, {@code toString()}, the display URL or a
 * log line, wherever the password came from.
 *
 * <p>Each test is a property checked by {@link InputGenerators#forAll}: on every hand-picked edge
 * case below (empty, whitespace, huge and negative numbers, unicode, percent-encoding, passwords
 * full of {@code @ : / ? #}), then on a few hundred inputs generated from a fixed seed. A failure
 * names the seed and the input; {@code -Dmcp.test.seed=random} explores other inputs.
 */
@Tag("faults")
class ConfigInputPropertiesTest {
  private static final String URL = "jdbc:stub:config-properties";

  // ---- every setting, every source --------------------------------------------------------

  @Test
  void anyTextInAnyEnvironmentVariableIsAcceptedOrRejectedNamingThatVariable() {
    forAll(every(SETTINGS, EDGE_TEXT), 400, g -> new SettingText(g.oneOf(SETTINGS), text(g)), in -> {
      Map<String, String> env = new HashMap<>();
      env.put("DATABASE_URL", URL);
      env.put(in.setting().envVar(), in.text());
      Throwable thrown = catchThrowable(() -> DatabasePoolBuilder.fromEnv(env).buildConfig());
      assertNamesTheCulprit(thrown, in.setting().envVar(),
          new HashSet<>(List.of(in.setting().envVar(), "DATABASE_URL")));
    });
  }

  @Test
  void anyTextInAnyPropertiesKeyIsAcceptedOrRejectedNamingThatKey() {
    forAll(every(SETTINGS, EDGE_TEXT), 400, g -> new SettingText(g.oneOf(SETTINGS), text(g)), in -> {
      Properties p = new Properties();
      p.setProperty("url", URL);
      p.setProperty(in.setting().key(), in.text());
      Throwable thrown = catchThrowable(() -> DatabasePoolBuilder.fromProperties(p).buildConfig());
      assertNamesTheCulprit(thrown, in.setting().key(), new HashSet<>(List.of(in.setting().key(), "url")));
    });
  }

  @Test
  void textThatIsNotANumberIsRejectedForEveryNumericOrTimeSetting() {
    forAll(every(NUMERIC_SETTINGS, EDGE_NOT_A_NUMBER), 200,
        g -> new SettingText(g.oneOf(NUMERIC_SETTINGS), notANumber(g)), in -> {
          Map<String, String> env = Map.of("DATABASE_URL", URL, in.setting().envVar(), in.text());
          Throwable thrown = catchThrowable(() -> DatabasePoolBuilder.fromEnv(env));
          assertThat(thrown).isInstanceOf(PoolConfigException.class);
          assertThat(((PoolConfigException) thrown).setting()).isEqualTo(in.setting().envVar());
          assertThat(thrown.getMessage()).contains(in.setting().envVar());
        });
  }

  @Test
  void poolSizeOutsideItsRangeIsRejectedBySetterEnvironmentAndProperties() {
    List<Integer> edges = List.of(0, -1, -10_000, 10_001, 10_002, 1_000_000, Integer.MIN_VALUE, Integer.MAX_VALUE);
    forAll(edges, 200, ConfigInputPropertiesTest::outsidePoolSizeRange, size -> {
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
    });
  }

  @Test
  void negativeOrZeroPoolTimeoutIsRejected() {
    List<Integer> edges = List.of(0, -1, -100_000, Integer.MIN_VALUE);
    forAll(edges, 200, g -> g.intBetween(-100_000, 0), millis -> {
      PoolConfigException e = rejected(() -> DatabasePool.builder().url(URL)
          .poolTimeout(Duration.ofMillis(millis)).buildConfig());
      assertThat(e.setting()).isEqualTo("poolTimeout");
      assertThat(e.getMessage()).contains("poolTimeout");
    });
  }

  @Test
  void unknownPropertiesKeysAreRejectedNamingTheKey() {
    List<String> edges = List.of("a", "urls", "pool", "poolsize", "POOLSIZE", "pool_size", "pool-size",
        "passwords", "datasource", "dataSource", "abcdefghijklmnopqrst", "p\u00f6olSize", "%70oolSize",
        "pool size", "\u6c60");
    forAll(edges, 200, ConfigInputPropertiesTest::unknownKey, key -> {
      Properties p = new Properties();
      p.setProperty("url", URL);
      p.setProperty(key, "1");
      PoolConfigException e = rejected(() -> DatabasePoolBuilder.fromProperties(p));
      assertThat(e.setting()).isEqualTo(key);
      assertThat(e.getMessage()).contains(key);
    });
  }

  // ---- URLs -------------------------------------------------------------------------------

  @Test
  void anyUrlIsAcceptedOrRejectedNamingTheUrl() {
    forAll(EDGE_URLS, 500, ConfigInputPropertiesTest::url, url -> {
      Throwable thrown = catchThrowable(() -> DatabasePool.builder().url(url).buildConfig());
      assertNamesTheCulprit(thrown, "url", Set.of("url"));
      Throwable fromEnv = catchThrowable(() -> DatabasePoolBuilder.fromEnv(Map.of("DATABASE_URL", url))
          .buildConfig());
      assertNamesTheCulprit(fromEnv, "DATABASE_URL", Set.of("DATABASE_URL"));
    });
  }

  // ---- passwords --------------------------------------------------------------------------

  @Test
  void aPasswordInTheUrlNeverAppearsInMessagesOrToString() {
    List<UrlWithPassword> edges = new ArrayList<>();
    for (String password : EDGE_PASSWORDS) {
      for (String scheme : SCHEMES) {
        for (boolean alsoBreak : new boolean[] {false, true}) {
          edges.add(new UrlWithPassword(password, scheme, EDGE_PORTS.get(edges.size() % EDGE_PORTS.size()),
              alsoBreak));
        }
      }
    }
    Set<String> shownNowhere = new HashSet<>();
    forAll(edges, 300,
        g -> new UrlWithPassword(password(g), g.oneOf(SCHEMES), port(g), g.bool()), in -> {
          String encoded = URLEncoder.encode(in.password(), StandardCharsets.UTF_8).replace("+", "%20");
          String url = in.scheme() + "://alice:" + encoded + "@db.example" + in.port() + "/orders";
          DatabasePoolBuilder b = DatabasePool.builder().url(url);
          if (in.alsoBreakAnotherSetting()) {
            b.poolSize(0);
          }
          assertPasswordHidden(b, in.password(), encoded);
          shownNowhere.add(in.password());
        });
    assertNoLogLineShows(shownNowhere);
  }

  @Test
  void aPasswordFromAnySourceNeverAppearsInMessagesOrToString() {
    List<PasswordFromSource> edges = new ArrayList<>();
    for (String password : EDGE_PASSWORDS) {
      for (int source = 0; source <= 5; source++) {
        for (String breakage : BREAKAGE) {
          edges.add(new PasswordFromSource(password, source, breakage));
        }
      }
    }
    Set<String> shownNowhere = new HashSet<>();
    forAll(edges, 300,
        g -> new PasswordFromSource(password(g), g.intBetween(0, 5), g.oneOf(BREAKAGE)), in -> {
          String password = in.password();
          Map<String, String> env = new HashMap<>();
          Properties p = new Properties();
          DatabasePoolBuilder b;
          switch (in.source()) {
            case 0 -> b = DatabasePool.builder().url(URL).password(password);
            case 1 -> b = DatabasePool.builder().url(URL).driverProperty("password", password);
            case 2 -> b = DatabasePool.builder().url("jdbc:postgresql://db/app?user=u&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8));
            case 3 -> {
              String breakage = in.breakage();
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
          shownNowhere.add(password);
        });
    assertNoLogLineShows(shownNowhere);
  }

  /**
   * {@code POOL_DRIVER_PROPERTIES} with a password in it, well-formed or broken around it (no
   * {@code =}, no key, a repeated key, a mistyped separator, another entry broken): the variable is
   * read or rejected naming itself, and the password is shown nowhere. Passwords here hold no
   * {@code ;}, which separates entries and so cannot be part of a value (as documented).
   */
  @Test
  void aPasswordInPoolDriverPropertiesIsReadOrRejectedNamingTheVariableAndNeverShown() {
    List<String[]> edges = new ArrayList<>();
    for (String password : EDGE_PASSWORDS) {
      for (String shape : DRIVER_PROPERTY_SHAPES) {
        edges.add(new String[] {password.replace(";", ""), shape});
      }
    }
    Set<String> shownNowhere = new HashSet<>();
    forAll(edges, 300, g -> new String[] {password(g).replace(";", ""), g.oneOf(DRIVER_PROPERTY_SHAPES)}, in -> {
      String password = in[0];
      Map<String, String> env = new HashMap<>();
      env.put("DATABASE_URL", URL);
      env.put("POOL_DRIVER_PROPERTIES", in[1].replace("{pw}", password));
      DatabasePoolBuilder b;
      try {
        b = DatabasePoolBuilder.fromEnv(env);
      } catch (PoolConfigException e) {
        assertThat(e.setting()).isEqualTo("POOL_DRIVER_PROPERTIES");
        assertThat(allText(e)).contains("POOL_DRIVER_PROPERTIES").doesNotContain(password);
        b = null;
      }
      if (b != null) {
        assertPasswordHidden(b, password, URLEncoder.encode(password, StandardCharsets.UTF_8));
      }
      shownNowhere.add(password);
    });
    assertNoLogLineShows(shownNowhere);
  }

  /** Ways to write a password into POOL_DRIVER_PROPERTIES, right and wrong; {pw} is the password. */
  private static final List<String> DRIVER_PROPERTY_SHAPES = List.of("password={pw}", "sslpassword = {pw} ",
      "sslmode=require;password={pw};", "user=u;password={pw};password={pw}", "password:{pw}",
      "password {pw}", "={pw}", "sslmode;password={pw}", "password={pw};sslmode", "ssl mode=x;password={pw}",
      "trustStorePassword={pw};;connectTimeout=5");

  @Test
  void aPasswordTypedWhereAnotherSettingBelongsIsNotEchoedWhenItIsTheSecretSetting() {
    // DATABASE_PASSWORD itself never fails to parse; a password pasted into URL position must
    // not be echoed in full either when it happens to hold the userinfo.
    forAll(EDGE_PASSWORDS, 100, ConfigInputPropertiesTest::password, password -> {
      String url = "postgresql://bob:" + password.replace("/", "%2F").replace("?", "%3F")
          .replace("#", "%23").replace("%", "%25") + "@";
      Throwable thrown = catchThrowable(() -> DatabasePool.builder().url(url).buildConfig());
      if (thrown != null) {
        assertThat(allText(thrown)).doesNotContain(password);
      }
    });
  }

  @Test
  void generatedPasswordsAreDistinctiveAndTheSameSeedGivesTheSameInputs() {
    forAll(EDGE_PASSWORDS, 50, ConfigInputPropertiesTest::password,
        password -> assertThat(password).startsWith("Pw9").hasSizeGreaterThanOrEqualTo(9));
    // A failure report is only useful if its seed replays it.
    Function<Long, List<String>> inputs = seed -> {
      InputGenerators g = new InputGenerators(seed);
      List<String> made = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        made.addAll(List.of(password(g), text(g), url(g), unknownKey(g)));
      }
      return made;
    };
    assertThat(inputs.apply(7L)).isEqualTo(inputs.apply(7L)).isNotEqualTo(inputs.apply(8L));
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

  /** No captured log line (with its exception chain) contains any of {@code secrets}. */
  private static void assertNoLogLineShows(Set<String> secrets) {
    for (LogLine line : CapturedLogs.lines()) {
      String text = line + (line.throwable() == null ? "" : "\n" + allText(line.throwable()));
      for (String secret : secrets) {
        if (text.contains(secret)) {
          throw new AssertionError("a log line shows the password " + quote(secret) + ": " + text);
        }
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

  // ---- inputs ------------------------------------------------------------------------------

  /** A setting and the text given for it. */
  record SettingText(Setting setting, String text) {
    @Override
    public String toString() {
      return setting + " = " + quote(text);
    }
  }

  /** A URL with a password in its userinfo; optionally another setting is broken too. */
  record UrlWithPassword(String password, String scheme, String port, boolean alsoBreakAnotherSetting) {
    @Override
    public String toString() {
      return "password " + quote(password) + ", scheme " + quote(scheme) + ", port " + quote(port)
          + (alsoBreakAnotherSetting ? ", poolSize 0" : "");
    }
  }

  /**
   * A password given through source 0 {@code password(...)}, 1 a {@code password} driver property,
   * 2 a JDBC URL query, 3 {@code DATABASE_PASSWORD} (with {@code breakage}, another variable), 4 the
   * {@code password} key, 5 a {@code dataSource.password} key beside an unparsable {@code poolSize}.
   */
  record PasswordFromSource(String password, int source, String breakage) {
    @Override
    public String toString() {
      return "password " + quote(password) + ", source " + source + ", " + quote(breakage);
    }
  }

  private static final List<Setting> SETTINGS = List.of(Setting.values());

  private static final List<Setting> NUMERIC_SETTINGS = Arrays.stream(Setting.values())
      .filter(s -> s.type() == SettingType.INTEGER || s.type() == SettingType.DURATION).toList();

  /** Every setting with every text, so each edge case reaches each setting in every run. */
  private static List<SettingText> every(List<Setting> settings, List<String> texts) {
    List<SettingText> all = new ArrayList<>();
    for (Setting setting : settings) {
      for (String text : texts) {
        all.add(new SettingText(setting, text));
      }
    }
    return all;
  }

  /**
   * Text that is hard to parse: empty and whitespace, numbers in and out of every range, overflowing
   * ints and longs, negative values, durations with odd units, booleans, unicode (letters, emoji,
   * non-ASCII digits, a non-breaking space, a unicode minus) and percent-encoding.
   */
  private static final List<String> EDGE_TEXT = List.of(
      "", " ", "  ", "\t", "\n", " \t\r\n ", "\u0000", " 5 ", "5\u00a0s",
      "true", "false", "yes", "no", "on", "off", "1", "0", "maybe", "TRUE", "-1", "-0", "-5s", "-1ms",
      "NaN", "Infinity", "-Infinity", "1e9", "1e309", "0x10", "2147483647", "2147483648", "-2147483649",
      "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
      "99999999999999999999999999999999999999", "9223372036854775807ms", "292y", "300000000000h",
      "99999999999999999999d", "READ_COMMITTED", "transaction-serializable", "8", "3",
      "mcp-pool", "a,b:c", "\u00e9t\u00e9", "\ud83d\ude00", "\u0663", "\uff15", "\u22125", "\ud800",
      "jdbc:stub:x", "postgresql://", "%", "%zz", "%20", "%35", "5%20s", "--", "-", "+5", "5.", ".5",
      "1_000", "x".repeat(10_000), "9".repeat(10_000));

  private static final List<String> UNITS = List.of("", "ms", "s", "m", "h", " s", "MS", "d", "us", "sec");

  /** Text of every kind: numbers in and out of range, durations, booleans, junk, huge, unicode. */
  static String text(InputGenerators g) {
    return switch (g.intBetween(0, 5)) {
      case 0 -> String.valueOf(g.anyInt());
      case 1 -> String.valueOf(g.anyLong());
      case 2 -> g.stringOf("0123456789", 1, 40);
      case 3 -> g.decimalBetween(-1e6, 1e6) + g.oneOf(UNITS);
      case 4 -> g.oneOf(EDGE_TEXT);
      default -> g.anyString(30);
    };
  }

  private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

  private static final List<String> EDGE_NOT_A_NUMBER = List.of("xa", "xZ", "xNaN", "xInfinity", "xe",
      "xs", "xms", "xabcdefghijkl", "x\u00e9t\u00e9", "x%35", "x-1", "x1");

  /** Never a number or a duration: a letter x, then letters. */
  static String notANumber(InputGenerators g) {
    return "x" + g.stringOf(LETTERS, 1, 12);
  }

  static int outsidePoolSizeRange(InputGenerators g) {
    return g.bool()
        ? g.oneOf(g.intBetween(Integer.MIN_VALUE, 0), g.intBetween(-100, 0))
        : g.oneOf(g.intBetween(10_001, Integer.MAX_VALUE), g.intBetween(10_001, 10_100));
  }

  static String unknownKey(InputGenerators g) {
    while (true) {
      String key = g.stringOf("abcdefghijklmnopqrstuvwxyz", 1, 20);
      if (Setting.forKey(key) == null && !key.startsWith(Setting.DRIVER_PROPERTY_PREFIX)) {
        return key;
      }
    }
  }

  private static final List<String> SCHEMES = List.of("postgresql", "postgres", "postgresql+psycopg2",
      "mysql", "mysql+pymysql", "mariadb", "MARIADB", "oracle", "sqlite", "http", "");

  private static final List<String> EDGE_PORTS = List.of("", ":5432", ":abc", ":", ":5432x", ":-5", ":0",
      ":65535", ":70000", ":99999999999999999999");

  static String port(InputGenerators g) {
    return switch (g.intBetween(0, 2)) {
      case 0 -> "";
      case 1 -> ":" + g.intBetween(-5, 70_000);
      default -> g.oneOf(":abc", ":", ":5432x");
    };
  }

  private static final String PASSWORD_CHARS = "abcXYZ0189@:/?#%&=+ ;,'\"\\!$*()[]{}<>|~^`\u00e9";

  /**
   * Passwords full of the characters URLs give meaning to, percent-escapes valid and broken, spaces,
   * quotes, unicode (accents, CJK, emoji) and a very long one. All start with "Pw9" and are at least
   * nine characters, so none is a substring of ordinary text.
   */
  private static final List<String> EDGE_PASSWORDS = List.of("Pw9@@@@@@", "Pw9::::::", "Pw9//////",
      "Pw9??????", "Pw9######", "Pw9%%%%%%", "Pw9%41%zz%", "Pw9%2F%40%3A", "Pw9 a b c ", "Pw9@:/?#%&=+",
      "Pw9u:p@host/db?x=1#y", "Pw9'\"\\;,()[]", "Pw9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9",
      "Pw9\u20ac\u00fc\u6f22\u5b57\ud83d\ude00", "Pw9" + "@:/?#x".repeat(200));

  /** Distinctive passwords (never a substring of ordinary text) with awkward characters. */
  static String password(InputGenerators g) {
    return "Pw9" + g.stringOf(PASSWORD_CHARS, 6, 24);
  }

  /** Another setting broken at the same time, so an exception is thrown while the password is set. */
  private static final List<String> BREAKAGE = List.of("POOL_SIZE=0", "POOL_SIZE=abc", "POOL_TIMEOUT=0",
      "POOL_PRE_PING=maybe", "POOL_NAME=\t", "MAX_OVERFLOW=-7", "OTHER=ignored");

  private static final List<String> URL_SCHEMES = List.of("postgresql", "postgres", "mysql", "mariadb",
      "sqlite", "oracle", "jdbc:h2", "jdbc:postgresql", "PostgreSQL+asyncpg", "", "jdbc");
  private static final List<String> URL_SEPARATORS = List.of("://", ":/", ":", "//", ":///", ":////");
  private static final List<String> URL_USERINFO = List.of("", "u@", "u:p@", ":p@", "u:p%4@", "u:%zz@",
      "u:a@b@", "@", "u:p%40ss@", "\u00fc:\u20ac@");
  private static final List<String> URL_HOSTS = List.of("db", "", "[::1]", "[::1", "db1:5432,db2:5433",
      "h\u00f6st", "db:abc", "db:70000", "db:-1", "db:0", "127.0.0.1:5432", " ", "db:99999999999999999999",
      "xn--hst-sna", "%64b");
  private static final List<String> URL_PATHS = List.of("", "/", "/orders", "/a/b", "/:memory:",
      "/relative.db", "//abs.db", "/%E2%82%AC", "/%", "/\u6f22");
  private static final List<String> URL_QUERIES = List.of("", "?", "?sslmode=require", "?password=s3cret",
      "?a=%", "#frag", ";x=1", "?user=u&password=p%40ss", "?a=%zz");
  private static final List<List<String>> URL_PARTS = List.of(URL_SCHEMES, URL_SEPARATORS, URL_USERINFO,
      URL_HOSTS, URL_PATHS, URL_QUERIES);

  /**
   * The hand-picked URLs, then a set of structured URLs in which every scheme, separator, userinfo,
   * host, path and query above appears at least once.
   */
  private static final List<String> EDGE_URLS = edgeUrls();

  private static List<String> edgeUrls() {
    List<String> urls = new ArrayList<>(List.of("", " ", "\t", "\n", "jdbc:", "jdbc:stub:", "localhost/db",
        "postgresql:///db", "sqlite://host/x", "%", "%zz", "postgresql%3A%2F%2Fdb%2Fx",
        "postgresql://db/x?password=%", "postgresql://u:p@[::1]:5432/db", "\u00fcrl://d\u00f6/\ud83d\ude00",
        "postgresql://" + "a".repeat(10_000) + "/db", "jdbc:postgresql://db:" + Long.MAX_VALUE + "0/x"));
    int most = URL_PARTS.stream().mapToInt(List::size).max().orElseThrow();
    for (int i = 0; i < most; i++) {
      StringBuilder url = new StringBuilder();
      for (List<String> part : URL_PARTS) {
        url.append(part.get(i % part.size()));
      }
      urls.add(url.toString());
    }
    return List.copyOf(urls);
  }

  /** URLs: well-formed ones, near misses, and junk. */
  static String url(InputGenerators g) {
    return switch (g.intBetween(0, 2)) {
      case 0 -> {
        StringBuilder url = new StringBuilder();
        for (List<String> part : URL_PARTS) {
          url.append(g.oneOf(part));
        }
        yield url.toString();
      }
      case 1 -> g.anyString(40);
      default -> g.oneOf(EDGE_URLS);
    };
  }
}
