package mcp.db.pool.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The extension behind {@link RequiresPostgres} and {@link RequiresMariaDb}: before a class (or a
 * method, when only the method is annotated) it makes sure the server answers. Outside CI an
 * unreachable server skips the tests; with {@code CI=true} it fails them, because there a missing
 * server is a broken build, not a developer's laptop.
 *
 * <p>Each server is probed once per JVM and the answer remembered, so a suite with many annotated
 * classes pays for one connection attempt.
 */
public abstract class ServerAvailability implements BeforeAllCallback, BeforeEachCallback {
  /** Probe outcome per URL: empty when the server answered, else the driver's error. */
  private static final Map<String, Optional<String>> PROBES = new ConcurrentHashMap<>();

  ServerAvailability() {}

  /** The server this extension guards. */
  protected abstract TestServer server();

  @Override
  public void beforeAll(ExtensionContext context) {
    requireServer();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    requireServer();
  }

  private void requireServer() {
    requireServer(server(), TestDatabases.isCi());
  }

  /**
   * Returns if the server answers (probing it once per JVM); otherwise fails when {@code ci}, else
   * aborts the test with an assumption failure.
   */
  static void requireServer(TestServer server, boolean ci) {
    Optional<String> error = PROBES.computeIfAbsent(server.url(), url -> probe(server));
    if (error.isEmpty()) return;
    String problem = server.displayName() + " at " + server.address();
    if (ci) {
      throw new IllegalStateException(
          problem + " is required in CI but unreachable: " + error.get());
    }
    Assumptions.abort(problem + " is unreachable, skipping: " + error.get());
  }

  private static Optional<String> probe(TestServer server) {
    try (Connection connection = server.connect()) {
      return connection.isValid(2) ? Optional.empty()
          : Optional.of("connected, but the connection is not valid");
    } catch (SQLException | RuntimeException e) {
      return Optional.of(e.toString());
    }
  }

  /** Guards {@link TestDatabases#postgres()}. */
  public static final class Postgres extends ServerAvailability {
    @Override
    protected TestServer server() {
      return TestDatabases.postgres();
    }
  }

  /** Guards {@link TestDatabases#mariaDb()}. */
  public static final class MariaDb extends ServerAvailability {
    @Override
    protected TestServer server() {
      return TestDatabases.mariaDb();
    }
  }
}
