package mcp.db.pool.internal.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import mcp.db.pool.internal.config.DatabaseKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class SqlErrorRulesTest {
  private static final SqlErrorRules POSTGRESQL = SqlErrorRules.forKind(DatabaseKind.POSTGRESQL);
  private static final SqlErrorRules MYSQL = SqlErrorRules.forKind(DatabaseKind.MYSQL);
  private static final SqlErrorRules MARIADB = SqlErrorRules.forKind(DatabaseKind.MARIADB);
  private static final SqlErrorRules H2 = SqlErrorRules.forKind(DatabaseKind.H2);

  private static SQLException state(String sqlState) {
    return new SQLException("test", sqlState);
  }

  private static SQLException mysql(int vendorCode, String sqlState) {
    return new SQLException("test", sqlState, vendorCode);
  }

  // ---- Fatal ----

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void connectionExceptionClassIsFatalForEveryFamily(DatabaseKind kind) {
    SqlErrorRules rules = SqlErrorRules.forKind(kind);

    assertThat(rules.isFatal(state("08006"))).isTrue();
    assertThat(rules.isFatal(state("08S01"))).isTrue();
    assertThat(rules.isFatal(state("08003"))).isTrue();
  }

  @ParameterizedTest
  @EnumSource(DatabaseKind.class)
  void connectionExceptionTypesAreFatalWhateverTheirState(DatabaseKind kind) {
    SqlErrorRules rules = SqlErrorRules.forKind(kind);

    assertThat(rules.isFatal(new SQLNonTransientConnectionException("gone", "HY000"))).isTrue();
    assertThat(rules.isFatal(new SQLRecoverableException("gone"))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"57P01", "57P02", "57P03", "57P05", "25P03", "53300", "58030", "XX000"})
  void postgresqlSessionEndingStatesAreFatal(String sqlState) {
    assertThat(POSTGRESQL.isFatal(state(sqlState))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {2013, 2006, 1927, 1053, 4031, 1152})
  void mysqlConnectionLossCodesAreFatal(int vendorCode) {
    assertThat(MYSQL.isFatal(mysql(vendorCode, "HY000"))).isTrue();
    assertThat(MARIADB.isFatal(mysql(vendorCode, "HY000"))).isTrue();
  }

  @Test
  void mariadbKilledConnectionIsFatalDespiteItsQueryInterruptedState() {
    assertThat(MARIADB.isFatal(mysql(1927, "70100"))).isTrue();
  }

  // ---- Not fatal ----

  @ParameterizedTest
  @ValueSource(strings = {"57014", "23505", "23503", "40001", "40P01", "42P01", "22012"})
  void postgresqlStatementLevelErrorsAreNotFatal(String sqlState) {
    assertThat(POSTGRESQL.isFatal(state(sqlState))).isFalse();
  }

  @Test
  void mysqlQueryInterruptedAndDeadlockAreNotFatal() {
    assertThat(MYSQL.isFatal(mysql(1317, "70100"))).isFalse();
    assertThat(MYSQL.isFatal(state("70100"))).isFalse();
    assertThat(MYSQL.isFatal(mysql(1213, "40001"))).isFalse();
    assertThat(MYSQL.isFatal(mysql(1205, "HY000"))).isFalse();
    assertThat(MYSQL.isFatal(mysql(1062, "23000"))).isFalse();
  }

  @Test
  void timeoutIsNotFatalEvenWithAConnectionState() {
    assertThat(POSTGRESQL.isFatal(new SQLTimeoutException("statement timed out", "57014")))
        .isFalse();
    assertThat(H2.isFatal(new SQLTimeoutException("timed out", "08001"))).isFalse();
  }

  @Test
  void transientConnectionExceptionIsNotFatal() {
    assertThat(H2.isFatal(new SQLTransientConnectionException("try again", "HY000"))).isFalse();
  }

  @Test
  void vendorCodesOnlyCountForTheMysqlFamily() {
    assertThat(POSTGRESQL.isFatal(mysql(2013, "HY000"))).isFalse();
    assertThat(H2.isFatal(mysql(2013, "HY000"))).isFalse();
  }

  @Test
  void postgresqlOnlyStatesAreNotFatalElsewhere() {
    assertThat(H2.isFatal(state("57P01"))).isFalse();
    assertThat(MYSQL.isFatal(state("53300"))).isFalse();
  }

  @Test
  void missingOrShortStateIsNotFatal() {
    assertThat(H2.isFatal(new SQLException("no state"))).isFalse();
    assertThat(POSTGRESQL.isFatal(state("0"))).isFalse();
    assertThat(POSTGRESQL.isFatal(null)).isFalse();
  }

  // ---- Chains ----

  @Test
  void fatalErrorInTheNextExceptionChainIsFound() {
    BatchUpdateException batch = new BatchUpdateException("batch failed", "HY000", new int[0]);
    SQLException second = state("23505");
    second.setNextException(state("08006"));
    batch.setNextException(second);

    assertThat(POSTGRESQL.isFatal(batch)).isTrue();
  }

  @Test
  void fatalErrorInTheCauseChainIsFound() {
    SQLException lost = mysql(2013, "HY000");
    SQLException wrapper = new SQLException("query failed", "HY000", new IOException("io", lost));

    assertThat(MARIADB.isFatal(wrapper)).isTrue();
  }

  @Test
  void cyclicChainsEndAndLongChainsAreBounded() {
    SQLException a = state("42000");
    SQLException b = state("42000");
    a.setNextException(b);
    b.setNextException(a);
    assertThat(POSTGRESQL.isFatal(a)).isFalse();

    SQLException head = state("42000");
    SQLException tail = head;
    for (int i = 0; i < SqlErrorRules.MAX_LINKS + 10; i++) {
      SQLException next = state("42000");
      tail.setNextException(next);
      tail = next;
    }
    tail.setNextException(state("08006"));
    assertThat(POSTGRESQL.isFatal(head)).isFalse();
    assertThat(SqlErrorRules.links(head)).hasSize(SqlErrorRules.MAX_LINKS);
  }

  // ---- Transient ----

  @Test
  void serializationFailureAndDeadlocksAreTransient() {
    assertThat(POSTGRESQL.isTransient(state("40001"))).isTrue();
    assertThat(POSTGRESQL.isTransient(state("40P01"))).isTrue();
    assertThat(MYSQL.isTransient(mysql(1213, "40001"))).isTrue();
    assertThat(MARIADB.isTransient(mysql(1205, "HY000"))).isTrue();
    assertThat(H2.isTransient(state("40001"))).isTrue();
  }

  @Test
  void otherErrorsAreNotTransient() {
    assertThat(POSTGRESQL.isTransient(state("23505"))).isFalse();
    assertThat(POSTGRESQL.isTransient(state("08006"))).isFalse();
    assertThat(POSTGRESQL.isTransient(state("57014"))).isFalse();
    assertThat(H2.isTransient(state("40P01"))).isFalse();
    assertThat(POSTGRESQL.isTransient(mysql(1213, "HY000"))).isFalse();
    assertThat(MYSQL.isTransient(null)).isFalse();
  }

  @Test
  void transientErrorInTheChainIsFound() {
    SQLException top = new SQLException("could not commit", "HY000");
    top.setNextException(state("40001"));

    assertThat(POSTGRESQL.isTransient(top)).isTrue();
  }

  // ---- SQLState class ----

  @Test
  void sqlStateClassIsTheFirstTwoCharacters() {
    assertThat(SqlErrorRules.sqlStateClass(state("08006"))).isEqualTo("08");
    assertThat(SqlErrorRules.sqlStateClass(new SQLException("none"))).isEqualTo("unknown");
    assertThat(SqlErrorRules.sqlStateClass(state("0"))).isEqualTo("unknown");
  }

  @Test
  void familiesShareTablesAsDocumented() {
    assertThat(SqlErrorRules.forKind(DatabaseKind.MYSQL))
        .isSameAs(SqlErrorRules.forKind(DatabaseKind.MARIADB));
    assertThat(SqlErrorRules.forKind(DatabaseKind.SQLITE))
        .isSameAs(SqlErrorRules.forKind(DatabaseKind.H2))
        .isSameAs(SqlErrorRules.forKind(DatabaseKind.OTHER));
    assertThat(POSTGRESQL).hasToString("SqlErrorRules[PostgreSQL]");
  }
}
