package mcp.db.pool.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Twice as many threads as connections, so half the borrows wait for another thread's return: 4
 * threads on 2 connections and 32 threads on 16. Each thread borrows, holds the connection for a
 * little work ({@value #HOLD_TOKENS} tokens of {@link Blackhole#consumeCPU}, about 0.1 to 0.2 µs),
 * and returns it.
 *
 * <p>Two modes: {@code thrpt} gives cycles per millisecond, and {@code sample} times individual
 * cycles and reports p50, p99, p99.9 and the maximum. Under this contention a cycle's time is almost
 * all acquire wait (the hold and the return take well under a microsecond), so the sample
 * percentiles are the acquire wait's percentiles to within that.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar ContendedBenchmark -p pool=mcp,hikari \
 *     -bm thrpt,sample -wi 2 -w 2s -i 3 -r 3s -f 1
 * }</pre>
 *
 * (The thread counts are fixed per method by {@code @Threads}; do not pass {@code -t}.)
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ContendedBenchmark {
  /** Work done while holding the connection. */
  static final int HOLD_TOKENS = 64;

  /** A pool of 2 connections. */
  public static class TwoConnections extends PoolState {
    @Override
    protected int poolSize() {
      return 2;
    }
  }

  /** A pool of 16 connections. */
  public static class SixteenConnections extends PoolState {
    @Override
    protected int poolSize() {
      return 16;
    }
  }

  /** Four threads sharing two connections. */
  @Benchmark
  @Threads(4)
  public Connection threads4pool2(TwoConnections state) throws SQLException {
    return cycle(state);
  }

  /** Thirty-two threads sharing sixteen connections. */
  @Benchmark
  @Threads(32)
  public Connection threads32pool16(SixteenConnections state) throws SQLException {
    return cycle(state);
  }

  private static Connection cycle(PoolState state) throws SQLException {
    Connection connection = state.dataSource.getConnection();
    try {
      Blackhole.consumeCPU(HOLD_TOKENS);
    } finally {
      connection.close();
    }
    return connection;
  }
}
