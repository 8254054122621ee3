package mcp.db.pool.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What an application does for one query: borrow, {@code prepareStatement}, {@code executeQuery},
 * read the row, then close the result set, the statement and the connection. The stub driver answers
 * at once, so this measures the pool's wrappers (statement and result-set proxies, tracking of open
 * statements, reset on return) on top of the connection cycle. No pool caches statements.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar StatementCycleBenchmark -t 8 -p pool=mcp,hikari \
 *     -wi 2 -w 2s -i 3 -r 3s -f 1 -prof gc
 * }</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StatementCycleBenchmark extends PoolState {
  static final String QUERY = "SELECT abalance FROM pgbench_accounts WHERE aid = ?";

  /** Connections in the pool: at least the thread count, so a borrow never has to wait. */
  @Param("32")
  public int size;

  @Override
  protected int poolSize() {
    return size;
  }

  /** One query through the pool, every JDBC object closed in order. */
  @Benchmark
  public void cycle(Blackhole blackhole) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(QUERY)) {
      statement.setInt(1, 42);
      try (ResultSet rows = statement.executeQuery()) {
        if (rows.next()) blackhole.consume(rows.getInt(1));
      }
    }
  }
}
