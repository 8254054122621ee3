package mcp.db.pool.cli.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test (class or method) that needs {@link RealServers#postgres()}: tagged {@code postgres},
 * skipped when the server is unreachable, failed instead when {@code CI=true}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("postgres")
@ExtendWith(RealServers.PostgresExtension.class)
public @interface RequiresPostgres {}
