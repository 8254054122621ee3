package mcp.db.pool.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class or method that needs the MariaDB server of {@link TestDatabases#mariaDb()} and
 * tags it {@code mariadb}. Before the tests run, a connection is tried once per JVM (about two
 * seconds at most); if the server is unreachable the tests are skipped, or fail when {@code CI=true}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag("mariadb")
@ExtendWith(ServerAvailability.MariaDb.class)
public @interface RequiresMariaDb {}
