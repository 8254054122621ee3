package mcp.db.pool.cli.tune;

/**
 * What one pool size did under the load during a {@code tune} sweep.
 *
 * @param poolSize the pool size measured (for an automatic-sizing run, the size it ended at)
 * @param label how the step is shown: the size, or e.g. "auto (7)"
 * @param throughput successful operations per second
 * @param latencyP50Nanos median ask-to-give-back time, -1 when nothing succeeded
 * @param latencyP99Nanos 99th percentile of the same, -1 when nothing succeeded
 * @param waitP99Nanos 99th percentile of the wait for a connection, -1 when nothing succeeded
 * @param operations successful operations
 * @param errors failed operations
 * @param automatic whether the pool sized itself in this step (it is then shown, not recommended)
 */
public record SweepStep(int poolSize, String label, double throughput, long latencyP50Nanos, long latencyP99Nanos,
    long waitP99Nanos, long operations, long errors, boolean automatic) {}
