package mcp.db.pool.cli;

import java.time.Duration;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.PoolStats;
import mcp.db.pool.cli.load.Operation;
import mcp.db.pool.cli.load.PoolSampler;
import mcp.db.pool.cli.load.Workload;
import mcp.db.pool.cli.output.ProgressLine;

/**
 * Runs one timed load through a pool while showing live progress on stderr, and hands back what
 * was measured. {@code demo}, {@code bench} and each step of {@code tune} are this, with different
 * operations and reports.
 */
final class LoadRun {
  /** How often the pool is sampled (and progress redrawn). */
  static final Duration SAMPLE_INTERVAL = Duration.ofMillis(500);

  private LoadRun() {}

  /**
   * What a finished run measured.
   *
   * @param result the load's counts and times
   * @param sampler the pool as sampled during the run (peaks, series, size changes)
   * @param stats the pool's statistics right after the load stopped
   */
  record Outcome(Workload.Result result, PoolSampler sampler, PoolStats stats) {}

  /**
   * Runs {@code operation} from {@code threads} workers for {@code warmup} plus {@code duration}
   * and waits for it to finish.
   *
   * @throws InterruptedException if interrupted; the workers are stopped
   */
  static Outcome run(CliContext context, ProgressLine.Mode mode, String label, DatabasePool pool,
      Operation operation, int threads, Duration warmup, Duration duration, Duration hold)
      throws InterruptedException {
    Workload workload = Workload.start(pool, operation, threads, warmup, duration, hold);
    ProgressLine progress = new ProgressLine(context.err(), mode, label, warmup.plus(duration), context.width());
    PoolSampler sampler = new PoolSampler(pool, workload, SAMPLE_INTERVAL, 2400);
    try {
      sampler.onSample(progress);
      sampler.start();
      Workload.Result result = workload.await();
      sampler.close();
      progress.finish(sampler.sampleNow(), result.throughput());
      return new Outcome(result, sampler, pool.getPoolStats());
    } finally {
      workload.stop();
      sampler.close();
    }
  }
}
