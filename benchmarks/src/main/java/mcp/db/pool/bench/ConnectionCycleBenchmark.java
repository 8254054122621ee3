package mcp.db.pool.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;

/**
 * The pool's own overhead: {@code getConnection()} then {@code close()}, nothing in between, on a
 * pool of 32 connections that never runs dry at 1, 8 or 32 threads. Throughput in cycles per
 * millisecond (all threads together); with {@code -prof gc}, {@code gc.alloc.rate.norm} is the bytes
 * a cycle allocates.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar ConnectionCycleBenchmark -t 8 -p pool=mcp,hikari \
 *     -wi 2 -w 2s -i 3 -r 3s -f 1 -prof gc
 * }</pre>
 *
 * ({@code -t 1}, {@code -t 8} and {@code -t 32} are the three thread counts the docs report; leave
 * out {@code -p pool=...} to run all seven pools.)
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ConnectionCycleBenchmark extends PoolState {
  /** Connections in the pool: at least the thread count, so a borrow never has to wait. */
  @Param("32")
  public int size;

  @Override
  protected int poolSize() {
    return size;
  }

  /** Borrows a connection and returns it. */
  @Benchmark
  public Connection cycle() throws SQLException {
    Connection connection = dataSource.getConnection();
    connection.close();
    return connection;
  }
}
