package mcp.db.pool.session;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.sql.DataSource;

/**
 * Wraps a data source so that the next {@code commit()} or {@code rollback()} on any of its
 * connections throws a chosen exception, which the stub driver cannot do by itself. A commit
 * failure first rolls the real transaction back, as a server does when it refuses a commit.
 */
final class FaultyDataSource {
  final Queue<Throwable> commitFailures = new ConcurrentLinkedQueue<>();
  final Queue<Throwable> rollbackFailures = new ConcurrentLinkedQueue<>();
  private final DataSource source;

  FaultyDataSource(DataSource source) {
    this.source = source;
  }

  DataSource dataSource() {
    return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
        new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
          Object result = invoke(source, method, args);
          return result instanceof Connection ? wrap((Connection) result) : result;
        });
  }

  private Connection wrap(Connection physical) {
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
        new Class<?>[] {Connection.class}, (proxy, method, args) -> {
          if (method.getName().equals("commit") && args == null) {
            Throwable failure = commitFailures.poll();
            if (failure != null) {
              physical.rollback();
              throw failure;
            }
          }
          if (method.getName().equals("rollback") && args == null) {
            Throwable failure = rollbackFailures.poll();
            if (failure != null) throw failure;
          }
          if (method.getName().equals("unwrap")) return physical;
          return invoke(physical, method, args);
        });
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  static SQLException sqlState(String state) {
    return new SQLException("injected " + state, state);
  }
}
