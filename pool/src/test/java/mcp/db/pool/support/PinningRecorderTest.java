package mcp.db.pool.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The pinning recorder sees pinned virtual threads. To provoke pinning on every JDK from 21 on, a
 * virtual thread parks inside a class initializer: the JVM runs initializers under a native frame,
 * which pins even after JEP 491 (JDK 24) made {@code synchronized} stop pinning.
 */
class PinningRecorderTest {
  private static final Object MONITOR = new Object();

  /** Parks for 20 ms while being initialized, pinning the virtual thread that initializes it. */
  static final class SlowToInitialize {
    static {
      LockSupport.parkNanos(20_000_000L);
    }

    static void touch() {}
  }

  @Test
  @Tag("jdk21")
  void recordsPinningInsideAClassInitializerButNotAsPoolCode() throws Exception {
    VirtualThreads.assumeSupported();
    PinningRecorder.Result result = PinningRecorder.record(
        () -> VirtualThreads.start(SlowToInitialize::touch).join());

    assertThat(result.all()).as(result.describe())
        .anySatisfy(event -> assertThat(event.frames()).anyMatch(
            frame -> frame.startsWith(SlowToInitialize.class.getName() + ".<clinit>")));
    assertThat(result.inPool()).as("test classes are not pool code").isEmpty();
    assertThat(result.describe()).contains("<clinit>");
  }

  @Test
  @Tag("jdk21")
  void parkingInsideSynchronizedPinsOnlyBeforeJdk24() throws Exception {
    VirtualThreads.assumeSupported();
    PinningRecorder.Result result = PinningRecorder.record(() -> VirtualThreads.start(() -> {
      synchronized (MONITOR) {
        LockSupport.parkNanos(20_000_000L);
      }
    }).join());

    if (Runtime.version().feature() < 24) {
      assertThat(result.all()).as(result.describe()).isNotEmpty();
    } else {
      assertThat(result.all()).as(result.describe()).isEmpty();
    }
  }

  @Test
  @Tag("jdk21")
  void cleanWorkloadRecordsNothing() throws Exception {
    VirtualThreads.assumeSupported();
    PinningRecorder.Result result = PinningRecorder.record(() -> {
      Thread[] threads = new Thread[8];
      for (int i = 0; i < threads.length; i++) {
        threads[i] = VirtualThreads.start(() -> LockSupport.parkNanos(5_000_000L));
      }
      for (Thread thread : threads) thread.join();
    });
    assertThat(result.all()).as(result.describe()).isEmpty();
    assertThat(result.describe()).isEqualTo("no pinning recorded");
  }

  @Test
  void recordsNothingWhereVirtualThreadsDoNotExist() throws Exception {
    Assumptions.assumeTrue(Runtime.version().feature() < 21, "runs on JDK 17-20 only");
    assertThat(PinningRecorder.record(() -> { }).all()).isEmpty();
  }

  @Test
  void poolClassesAreLibraryClassesOnly() {
    assertThat(PinningRecorder.isPoolClass("mcp.db.pool.DatabasePool")).isTrue();
    assertThat(PinningRecorder.isPoolClass("mcp.db.pool.internal.NotLoadable")).isTrue();
    assertThat(PinningRecorder.isPoolClass("mcp.db.pool.support.VirtualThreads")).isFalse();
    assertThat(PinningRecorder.isPoolClass("mcp.db.pool.testkit.StubConnection")).isFalse();
    assertThat(PinningRecorder.isPoolClass(PinningRecorderTest.class.getName())).isFalse();
    assertThat(PinningRecorder.isPoolClass("mcp.db.pool.GoneTest$Inner")).isFalse();
    assertThat(PinningRecorder.isPoolClass("java.lang.Thread")).isFalse();

    PinningRecorder.PinnedEvent inPool = new PinningRecorder.PinnedEvent("", java.time.Duration
        .ofMillis(3), "", java.util.List.of("java.lang.Thread.sleep:10",
            "mcp.db.pool.DatabasePool.borrow:42"));
    assertThat(inPool.inPool()).isTrue();
    assertThat(inPool.describe()).contains("at mcp.db.pool.DatabasePool.borrow:42");
  }

  @Test
  void pinningInsideTheDriverIsNotCountedAgainstThePoolThatCalledIt() {
    PinningRecorder.PinnedEvent inDriver = new PinningRecorder.PinnedEvent("", java.time.Duration
        .ofMillis(4), "Freeze or preempt failed (2)", java.util.List.of(
            "java.lang.Object.wait0:-1", "mcp.db.pool.testkit.StubStatement.runQuery:105",
            "mcp.db.pool.internal.proxy.ProxyStatement.executeQuery:127"));
    assertThat(inDriver.inPool()).isFalse();
    PinningRecorder.PinnedEvent poolCallsJdk = new PinningRecorder.PinnedEvent("", java.time.Duration
        .ofMillis(4), "", java.util.List.of("java.lang.Object.wait0:-1",
            "mcp.db.pool.internal.proxy.ProxyStatement.executeQuery:127",
            "mcp.db.pool.testkit.StubStatement.runQuery:105"));
    assertThat(poolCallsJdk.inPool()).isTrue();
  }

  @Test
  void pinningWhileTheJvmLoadsAClassIsNotCountedAgainstThePool() {
    PinningRecorder.PinnedEvent loading = new PinningRecorder.PinnedEvent("", java.time.Duration
        .ofMillis(3), "Freeze or preempt failed (2)", java.util.List.of(
            "jdk.internal.loader.BuiltinClassLoader.loadClassOrNull:590",
            "java.lang.ClassLoader.loadClass:490", "mcp.db.pool.DatabasePool.borrow:42"));
    assertThat(loading.whileLoadingClass()).isTrue();
    assertThat(loading.inPool()).isFalse();
    PinningRecorder.Result result = new PinningRecorder.Result(java.util.List.of(loading));
    assertThat(result.inPool()).isEmpty();
    assertThat(result.describe()).contains("[CLASS LOADING]");
  }
}
