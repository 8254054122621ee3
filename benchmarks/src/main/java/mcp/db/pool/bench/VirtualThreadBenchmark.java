package mcp.db.pool.bench;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@value #VIRTUAL_THREADS} virtual threads sharing a pool of {@value #CONNECTIONS} connections (JDK
 * 21 or later). One invocation starts the virtual threads, each does {@value #CYCLES_PER_THREAD}
 * cycles of borrow, {@link Thread#yield()} while holding the connection, return, and waits for all
 * of them; the score is borrows per second. The yield stands in for a query's network wait: it
 * unmounts the virtual thread so another one runs, so at any moment most virtual threads are queued
 * in the pool waiting for one of the {@value #CONNECTIONS} connections, which is the case virtual
 * threads bring to a pool.
 *
 * <p>The trial also records the JFR event {@code jdk.VirtualThreadPinned} (threshold 0) and prints
 * how many there were and where, at the end of each fork's output ("virtual-thread pinning: ...").
 * A pool that parks inside {@code synchronized} pins its carrier on JDK 21 to 23.
 *
 * <p>This module is compiled for Java 17, so the virtual-thread executor is looked up by method
 * handle; on JDK 17 the setup fails with a message and the benchmark is skipped.
 *
 * <pre>{@code
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -jar benchmarks/target/benchmarks.jar \
 *     VirtualThreadBenchmark -p pool=mcp,hikari -wi 2 -w 2s -i 3 -r 3s -f 1
 * }</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class VirtualThreadBenchmark extends PoolState {
  static final int VIRTUAL_THREADS = 2_000;
  static final int CYCLES_PER_THREAD = 20;
  static final int CONNECTIONS = 50;
  static final String PINNED_EVENT = "jdk.VirtualThreadPinned";

  private MethodHandle newVirtualThreadPerTaskExecutor;
  private Recording pinning;

  @Override
  protected int poolSize() {
    return CONNECTIONS;
  }

  /** Finds {@code Executors.newVirtualThreadPerTaskExecutor()} and starts the pinning recording. */
  @Setup(Level.Trial)
  public void startVirtualThreads() {
    try {
      newVirtualThreadPerTaskExecutor = MethodHandles.publicLookup().findStatic(Executors.class,
          "newVirtualThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      throw new IllegalStateException("VirtualThreadBenchmark needs JDK 21 or later; this JVM is "
          + Runtime.version(), e);
    }
    boolean known = FlightRecorder.getFlightRecorder().getEventTypes().stream()
        .anyMatch(type -> type.getName().equals(PINNED_EVENT));
    if (!known) throw new IllegalStateException("this JVM has no JFR event " + PINNED_EVENT);
    pinning = new Recording();
    pinning.setName("virtual-thread-pinning");
    pinning.enable(PINNED_EVENT).withThreshold(Duration.ZERO).withStackTrace();
    pinning.start();
  }

  /** Stops the recording and prints what it saw. */
  @TearDown(Level.Trial)
  public void reportPinning() throws IOException {
    if (pinning == null) return;
    pinning.stop();
    Path file = Files.createTempFile("pinning-", ".jfr");
    try {
      pinning.dump(file);
      System.out.println(describePinning(RecordingFile.readAllEvents(file)));
    } finally {
      pinning.close();
      pinning = null;
      Files.deleteIfExists(file);
    }
  }

  /** One invocation: all virtual threads, each doing its cycles. */
  @Benchmark
  @OperationsPerInvocation(VIRTUAL_THREADS * CYCLES_PER_THREAD)
  public void borrowFromVirtualThreads() throws Throwable {
    ExecutorService executor = (ExecutorService) newVirtualThreadPerTaskExecutor.invokeExact();
    List<Future<?>> running = new ArrayList<>(VIRTUAL_THREADS);
    try {
      for (int i = 0; i < VIRTUAL_THREADS; i++) {
        running.add(executor.submit(this::cycles));
      }
      for (Future<?> task : running) {
        task.get();
      }
    } catch (ExecutionException e) {
      throw e.getCause();
    } finally {
      executor.shutdown();
    }
  }

  private Void cycles() throws SQLException {
    for (int i = 0; i < CYCLES_PER_THREAD; i++) {
      Connection connection = dataSource.getConnection();
      try {
        Thread.yield();
      } finally {
        connection.close();
      }
    }
    return null;
  }

  private String describePinning(List<RecordedEvent> events) {
    Map<String, Integer> byFrame = new TreeMap<>();
    int pinned = 0;
    for (RecordedEvent event : events) {
      if (!event.getEventType().getName().equals(PINNED_EVENT)) continue;
      pinned++;
      byFrame.merge(firstLibraryFrame(event), 1, Integer::sum);
    }
    StringBuilder report = new StringBuilder()
        .append("virtual-thread pinning: pool=").append(pool).append(", ")
        .append(PINNED_EVENT).append(" events=").append(pinned);
    byFrame.forEach((frame, count) -> report.append("\n  ").append(count).append(" at ").append(frame));
    return report.toString();
  }

  /** The first stack frame outside the JDK and this benchmark: the pool code that pinned. */
  private static String firstLibraryFrame(RecordedEvent event) {
    if (event.getStackTrace() == null) return "(no stack trace)";
    List<RecordedFrame> frames = event.getStackTrace().getFrames();
    for (RecordedFrame frame : frames) {
      String type = frame.getMethod().getType().getName();
      if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")) {
        return type + "." + frame.getMethod().getName() + ":" + frame.getLineNumber();
      }
    }
    return frames.isEmpty() ? "(empty stack)" : frames.get(0).getMethod().getType().getName();
  }
}
