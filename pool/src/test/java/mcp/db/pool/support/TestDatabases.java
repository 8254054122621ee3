package mcp.db.pool.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Connection details of the databases the integration tests use.
 *
 * <ul>
 *   <li>PostgreSQL: {@code jdbc:postgresql://127.0.0.1:5432/test} as {@code postgres} with no
 *       password; override with {@code TEST_PG_URL}, {@code TEST_PG_USER}, {@code TEST_PG_PASSWORD}.
 *   <li>MariaDB: {@code jdbc:mariadb://127.0.0.1:3306/test} as {@code root} with no password;
 *       override with {@code TEST_MARIADB_URL}, {@code TEST_MARIADB_USER},
 *       {@code TEST_MARIADB_PASSWORD}.
 *   <li>H2 and SQLite: a new private database per call of {@link #h2Url()} or {@link #sqliteUrl()}.
 * </ul>
 *
 * <p>Each override is read first as a system property ({@code -DTEST_PG_URL=...}), then as an
 * environment variable.
 */
public final class TestDatabases {
  private static final Pattern IDENTIFIER_PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,39}");

  private TestDatabases() {}

  /** The PostgreSQL server; see the class comment for the defaults and overrides. */
  public static TestServer postgres() {
    Properties timeouts = new Properties();
    timeouts.setProperty("connectTimeout", "2"); // seconds
    timeouts.setProperty("loginTimeout", "2");
    timeouts.setProperty("socketTimeout", "10");
    return new TestServer("PostgreSQL",
        setting("TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test"),
        setting("TEST_PG_USER", "postgres"),
        setting("TEST_PG_PASSWORD", ""),
        timeouts);
  }

  /** The MariaDB server; see the class comment for the defaults and overrides. */
  public static TestServer mariaDb() {
    Properties timeouts = new Properties();
    timeouts.setProperty("connectTimeout", "2000"); // milliseconds
    timeouts.setProperty("socketTimeout", "10000");
    return new TestServer("MariaDB",
        setting("TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test"),
        setting("TEST_MARIADB_USER", "root"),
        setting("TEST_MARIADB_PASSWORD", ""),
        timeouts);
  }

  /**
   * A URL of a new, empty in-memory H2 database that lives until the JVM exits (so a pool may close
   * all its connections without losing it).
   */
  public static String h2Url() {
    return "jdbc:h2:mem:" + uniqueName("h2") + ";DB_CLOSE_DELAY=-1";
  }

  /**
   * A URL of a new SQLite database file in a temporary directory that is deleted when the JVM exits.
   * A file, not {@code :memory:}, because an in-memory SQLite database belongs to one connection and
   * a pool has several.
   */
  public static String sqliteUrl() {
    return "jdbc:sqlite:" + SqliteDirectory.PATH.resolve(uniqueName("sqlite") + ".db");
  }

  /**
   * A name for a table, schema or database that no other test uses: the prefix, an underscore and
   * eight random lower-case letters or digits, e.g. {@code orders_k3x9q0ab}. Valid unquoted in
   * PostgreSQL, MariaDB, H2 and SQLite.
   *
   * @throws IllegalArgumentException unless the prefix is 1-40 lower-case letters, digits or
   *     underscores starting with a letter
   */
  public static String uniqueName(String prefix) {
    if (prefix == null || !IDENTIFIER_PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException("name prefix '" + prefix
          + "' must be 1-40 lower-case letters, digits or '_', starting with a letter");
    }
    String suffix = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    suffix = (suffix + "00000000").substring(0, 8);
    return prefix + "_" + suffix;
  }

  /** Whether this is a CI run ({@code CI=true}): then missing servers fail tests instead of skipping. */
  public static boolean isCi() {
    return "true".equalsIgnoreCase(setting("CI", "false").trim());
  }

  private static String setting(String name, String fallback) {
    String value = System.getProperty(name);
    if (value == null || value.isEmpty()) value = System.getenv(name);
    return value == null || value.isEmpty() ? fallback : value;
  }

  /** The SQLite directory, created on first use and deleted (with its files) at exit. */
  private static final class SqliteDirectory {
    static final Path PATH = create();

    private static Path create() {
      try {
        Path directory = Files.createTempDirectory("mcp-db-pool-sqlite-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(directory),
            "delete " + directory));
        return directory;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create a directory for SQLite test databases", e);
      }
    }

    private static void deleteTree(Path directory) {
      try (Stream<Path> paths = Files.walk(directory)) {
        paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      } catch (IOException | UncheckedIOException ignored) {
        // Best effort at exit: the OS cleans its temp directory eventually.
      }
    }
  }
}
