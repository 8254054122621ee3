package mcp.db.pool.bench.sizing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.SizingDecision;
import mcp.db.pool.internal.core.ConnectionPool;
import mcp.db.pool.internal.core.PoolClock;
import mcp.db.pool.internal.sizing.PoolSizing;
import mcp.db.pool.testkit.StubDatabase;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What automatic sizing costs: one tick of the sizing sampler, which the pool's housekeeper runs
 * four times a second. Sizing adds nothing to borrow and return (it reads the counters the pool's
 * statistics keep anyway), so this is its whole cost. Half the connections are borrowed, so the
 * pass over them sees both states; every fourth tick closes a measurement window and runs the
 * controller (with {@code autoSize}) or just records the window.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar SizingTickBenchmark -prof gc
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SizingTickBenchmark {
  @Param({"16", "64"})
  int connections;

  @Param({"false", "true"})
  boolean autoSize;

  private StubDatabase db;
  private ConnectionPool engine;
  private PoolSizing sizing;
  private final List<Connection> borrowed = new ArrayList<>();
  private long now;

  @Setup(Level.Trial)
  public void open() throws SQLException {
    db = StubDatabase.unique();
    engine = new ConnectionPool(DatabasePool.builder().url(db.url()).poolName("tick-bench")
        .poolSize(connections).minIdle(connections).maxOverflow(0).autoSize(autoSize).minPoolSize(connections)
        .maxPoolSize(connections).buildConfig(), PoolClock.SYSTEM, false);
    for (int i = 0; i < connections / 2; i++) {
      borrowed.add(engine.getConnection());
    }
    sizing = new PoolSizing(engine);
    sizing.start(false);
    now = System.nanoTime();
  }

  @TearDown(Level.Trial)
  public void close() throws SQLException {
    for (Connection c : borrowed) {
      c.close();
    }
    engine.close();
    StubDatabase.remove(db.name());
  }

  /** One tick, 250 ms of pool time after the previous one. */
  @Benchmark
  public SizingDecision tick() {
    now += TimeUnit.MILLISECONDS.toNanos(250);
    return sizing.tick(now);
  }
}
