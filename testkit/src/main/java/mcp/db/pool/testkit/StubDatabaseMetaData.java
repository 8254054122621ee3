package mcp.db.pool.testkit;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.RowIdLifetime;
import java.sql.SQLException;

/**
 * The {@link DatabaseMetaData} of a stub connection. Its two hundred methods matter to a pool only
 * for the product name and a few capabilities, so it is a dynamic proxy: the methods below answer
 * for the stub, every other one returns {@code false}, zero, an empty string or an empty result set.
 * Metadata is never on a hot path, so the reflection costs nothing that is measured.
 */
final class StubDatabaseMetaData {
  /** {@link DatabaseMetaData#getDatabaseProductName()} of every stub database. */
  static final String PRODUCT_NAME = "StubDB";

  private StubDatabaseMetaData() {}

  static DatabaseMetaData create(StubConnection connection) {
    return (DatabaseMetaData) Proxy.newProxyInstance(StubDatabaseMetaData.class.getClassLoader(),
        new Class<?>[] {DatabaseMetaData.class},
        (proxy, method, args) -> answer(connection, proxy, method, args));
  }

  private static Object answer(StubConnection connection, Object proxy, Method method,
      Object[] args) throws Throwable {
    switch (method.getName()) {
      case "getDatabaseProductName": return PRODUCT_NAME;
      case "getDatabaseProductVersion": case "getDriverVersion": return "1.0";
      case "getDriverName": return StubDriver.DRIVER_NAME;
      case "getDatabaseMajorVersion": case "getDriverMajorVersion": return 1;
      case "getDatabaseMinorVersion": case "getDriverMinorVersion": return 0;
      case "getJDBCMajorVersion": return 4;
      case "getJDBCMinorVersion": return 3;
      case "getURL": return connection.database().url();
      case "getUserName": {
        var properties = connection.database().lastConnectProperties();
        return properties == null ? "" : properties.getProperty("user", "");
      }
      case "getConnection": return connection;
      case "isReadOnly": return connection.isReadOnly();
      case "getDefaultTransactionIsolation": return Connection.TRANSACTION_READ_COMMITTED;
      case "supportsTransactions": case "supportsSavepoints": case "supportsBatchUpdates":
      case "supportsTransactionIsolationLevel":
      case "supportsResultSetType": case "supportsResultSetConcurrency":
        return true;
      case "getResultSetHoldability": return ResultSet.HOLD_CURSORS_OVER_COMMIT;
      case "supportsResultSetHoldability": return true;
      case "getSQLStateType": return DatabaseMetaData.sqlStateSQL;
      case "getRowIdLifetime": return RowIdLifetime.ROWID_UNSUPPORTED;
      case "getIdentifierQuoteString": return "\"";
      case "unwrap": {
        Class<?> iface = (Class<?>) args[0];
        if (iface.isInstance(proxy)) return proxy;
        throw new SQLException("stub: DatabaseMetaData does not wrap " + iface.getName());
      }
      case "isWrapperFor": return ((Class<?>) args[0]).isInstance(proxy);
      case "toString": return "StubDatabaseMetaData[" + connection + "]";
      case "hashCode": return System.identityHashCode(proxy);
      case "equals": return proxy == args[0];
      default: return fallback(connection, method);
    }
  }

  private static Object fallback(StubConnection connection, Method method) throws SQLException {
    connection.checkUsable();
    Class<?> type = method.getReturnType();
    if (type == boolean.class) return false;
    if (type == int.class) return 0;
    if (type == long.class) return 0L;
    if (type == String.class) return "";
    if (type == ResultSet.class) {
      return new StubResultSet(connection, null, StubResult.empty(), ResultSet.TYPE_FORWARD_ONLY,
          ResultSet.CONCUR_READ_ONLY, ResultSet.HOLD_CURSORS_OVER_COMMIT, 0);
    }
    return null;
  }
}
