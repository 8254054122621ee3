package mcp.db.pool.support;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Virtual threads for tests that compile with {@code --release 17}: the JDK 21 methods are looked up
 * at run time through method handles. On JDK 17 {@link #isSupported()} is {@code false} and the
 * factories throw {@link UnsupportedOperationException}; tests that need virtual threads are tagged
 * {@code jdk21} and call {@link #assumeSupported()}.
 */
public final class VirtualThreads {
  private static final MethodHandle START_VIRTUAL_THREAD;
  private static final MethodHandle NEW_PER_TASK_EXECUTOR;
  private static final MethodHandle OF_VIRTUAL;
  private static final MethodHandle BUILDER_NAME;
  private static final MethodHandle BUILDER_FACTORY;
  private static final MethodHandle IS_VIRTUAL;

  static {
    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    MethodHandle start = null;
    MethodHandle executor = null;
    MethodHandle ofVirtual = null;
    MethodHandle name = null;
    MethodHandle factory = null;
    MethodHandle isVirtual = null;
    try {
      start = lookup.findStatic(Thread.class, "startVirtualThread",
          MethodType.methodType(Thread.class, Runnable.class));
      executor = lookup.findStatic(Executors.class, "newVirtualThreadPerTaskExecutor",
          MethodType.methodType(ExecutorService.class));
      Class<?> builder = Class.forName("java.lang.Thread$Builder");
      Class<?> virtualBuilder = Class.forName("java.lang.Thread$Builder$OfVirtual");
      ofVirtual = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(virtualBuilder));
      name = lookup.findVirtual(virtualBuilder, "name",
          MethodType.methodType(virtualBuilder, String.class, long.class));
      factory = lookup.findVirtual(builder, "factory", MethodType.methodType(ThreadFactory.class));
      isVirtual = lookup.findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
    } catch (ReflectiveOperationException e) {
      start = null; // JDK 17: no virtual threads
    }
    START_VIRTUAL_THREAD = start;
    NEW_PER_TASK_EXECUTOR = start == null ? null : executor;
    OF_VIRTUAL = start == null ? null : ofVirtual;
    BUILDER_NAME = start == null ? null : name;
    BUILDER_FACTORY = start == null ? null : factory;
    IS_VIRTUAL = start == null ? null : isVirtual;
  }

  private VirtualThreads() {}

  /** Whether this JVM has virtual threads (JDK 21+). */
  public static boolean isSupported() {
    return START_VIRTUAL_THREAD != null;
  }

  /** Skips the calling test (a JUnit assumption) unless virtual threads are supported. */
  public static void assumeSupported() {
    Assumptions.assumeTrue(isSupported(),
        "virtual threads need JDK 21+, this is " + Runtime.version());
  }

  /**
   * Starts a virtual thread running {@code task}.
   *
   * @throws UnsupportedOperationException before JDK 21
   */
  public static Thread start(Runnable task) {
    requireSupported();
    try {
      return (Thread) START_VIRTUAL_THREAD.invokeExact(task);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /**
   * An executor that runs each task in a new virtual thread. It is {@link AutoCloseable} even though
   * tests compile for Java 17 (where {@code ExecutorService} is not), so it fits try-with-resources:
   * <pre>{@code
   * try (VirtualThreads.PerTaskExecutor executor = VirtualThreads.newThreadPerTaskExecutor()) {
   *   executor.submit(task);
   * } // waits for the tasks, as JDK 21's ExecutorService.close() does
   * }</pre>
   *
   * @throws UnsupportedOperationException before JDK 21
   */
  public static PerTaskExecutor newThreadPerTaskExecutor() {
    requireSupported();
    try {
      return new PerTaskExecutor((ExecutorService) NEW_PER_TASK_EXECUTOR.invokeExact());
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /**
   * A factory of unstarted virtual threads named {@code namePrefix0}, {@code namePrefix1}, ...
   *
   * @throws UnsupportedOperationException before JDK 21
   */
  public static ThreadFactory factory(String namePrefix) {
    requireSupported();
    try {
      Object builder = OF_VIRTUAL.invoke();
      builder = BUILDER_NAME.invoke(builder, namePrefix, 0L);
      return (ThreadFactory) BUILDER_FACTORY.invoke(builder);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** Whether {@code thread} is virtual; always {@code false} before JDK 21. */
  public static boolean isVirtual(Thread thread) {
    if (!isSupported()) return false;
    try {
      return (boolean) IS_VIRTUAL.invokeExact(thread);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  private static void requireSupported() {
    if (!isSupported()) {
      throw new UnsupportedOperationException(
          "virtual threads need JDK 21+, this is " + Runtime.version());
    }
  }

  /**
   * JDK 21's virtual-thread-per-task executor behind a type that is {@link AutoCloseable} on Java 17
   * too; every method delegates to it.
   */
  public static final class PerTaskExecutor extends AbstractExecutorService
      implements AutoCloseable {
    private final ExecutorService delegate;

    PerTaskExecutor(ExecutorService delegate) {
      this.delegate = delegate;
    }

    @Override
    public void execute(Runnable command) {
      delegate.execute(command);
    }

    @Override
    public void shutdown() {
      delegate.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
      return delegate.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
      return delegate.isShutdown();
    }

    @Override
    public boolean isTerminated() {
      return delegate.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
      return delegate.awaitTermination(timeout, unit);
    }

    /**
     * Shuts down and waits until every task has finished, as JDK 21's
     * {@code ExecutorService.close()}; if interrupted while waiting, cancels the tasks, keeps
     * waiting, and restores the interrupt status.
     */
    @Override
    public void close() {
      delegate.shutdown();
      boolean interrupted = false;
      while (!delegate.isTerminated()) {
        try {
          delegate.awaitTermination(1, TimeUnit.DAYS);
        } catch (InterruptedException e) {
          if (!interrupted) delegate.shutdownNow();
          interrupted = true;
        }
      }
      if (interrupted) Thread.currentThread().interrupt();
    }
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException) return (RuntimeException) t;
    if (t instanceof Error) throw (Error) t;
    return new IllegalStateException(t);
  }
}
