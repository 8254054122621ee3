package mcp.db.pool.cli.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The database servers the integration tests run the tool against, and the extensions behind
 * {@link RequiresPostgres} and {@link RequiresMariaDb}: each server is probed once per JVM; when it
 * does not answer, its tests are skipped, except with {@code CI=true}, where they fail, because in
 * CI a missing server is a broken build.
 *
 * <p>Defaults: PostgreSQL {@code jdbc:postgresql://127.0.0.1:5432/test} as {@code postgres},
 * MariaDB {@code jdbc:mariadb://127.0.0.1:3306/test} as {@code root}, both without a password; the
 * pool module's overrides apply ({@code TEST_PG_URL}, {@code TEST_PG_USER}, {@code TEST_PG_PASSWORD},
 * {@code TEST_MARIADB_URL}, ...), as system properties or environment variables.
 */
public final class RealServers {
  private static final Map<String, Optional<String>> PROBES = new ConcurrentHashMap<>();

  private RealServers() {}

  /**
   * A server to test against.
   *
   * @param name the product, for messages
   * @param url its JDBC URL, without credentials
   * @param user the user name
   * @param password the password, empty for none
   */
  public record Server(String name, String url, String user, String password) {
    @Override
    public String toString() {
      return name + " at " + url;
    }
  }

  /** The PostgreSQL server. */
  public static Server postgres() {
    return new Server("PostgreSQL", setting("TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test"),
        setting("TEST_PG_USER", "postgres"), setting("TEST_PG_PASSWORD", ""));
  }

  /** The MariaDB server. */
  public static Server mariaDb() {
    return new Server("MariaDB", setting("TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test"),
        setting("TEST_MARIADB_USER", "root"), setting("TEST_MARIADB_PASSWORD", ""));
  }

  /** Whether this is a CI run ({@code CI=true}). */
  public static boolean isCi() {
    return "true".equalsIgnoreCase(setting("CI", "false").trim());
  }

  /** Returns if the server answers; otherwise fails under CI and skips the test elsewhere. */
  static void require(Server server) {
    Optional<String> problem = PROBES.computeIfAbsent(server.url(), url -> probe(server));
    if (problem.isEmpty()) return;
    String message = server + " is unreachable: " + problem.get();
    if (isCi()) throw new IllegalStateException(message + " (required when CI=true)");
    Assumptions.abort(message + "; skipping");
  }

  private static Optional<String> probe(Server server) {
    Properties p = new Properties();
    p.setProperty("user", server.user());
    if (!server.password().isEmpty()) p.setProperty("password", server.password());
    p.setProperty("connectTimeout", server.url().startsWith("jdbc:mariadb") ? "2000" : "2");
    try (Connection c = DriverManager.getConnection(server.url(), p)) {
      return c.isValid(2) ? Optional.empty() : Optional.of("connected, but the connection is not valid");
    } catch (SQLException | RuntimeException e) {
      return Optional.of(e.toString());
    }
  }

  static String setting(String name, String fallback) {
    String value = System.getProperty(name);
    if (value == null || value.isEmpty()) value = System.getenv(name);
    return value == null || value.isEmpty() ? fallback : value;
  }

  /** The extension of {@link RequiresPostgres}. */
  public static final class PostgresExtension implements BeforeAllCallback, BeforeEachCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
      require(postgres());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
      require(postgres());
    }
  }

  /** The extension of {@link RequiresMariaDb}. */
  public static final class MariaDbExtension implements BeforeAllCallback, BeforeEachCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
      require(mariaDb());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
      require(mariaDb());
    }
  }
}
