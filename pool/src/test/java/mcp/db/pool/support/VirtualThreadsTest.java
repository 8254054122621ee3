package mcp.db.pool.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Virtual threads reached through method handles from code compiled for Java 17. */
class VirtualThreadsTest {

  @Test
  @Tag("jdk21")
  void startsVirtualThreadsOnJdk21() throws Exception {
    VirtualThreads.assumeSupported();
    CompletableFuture<Boolean> ranVirtual = new CompletableFuture<>();
    Thread thread = VirtualThreads.start(
        () -> ranVirtual.complete(VirtualThreads.isVirtual(Thread.currentThread())));
    thread.join(5_000);
    assertThat(ranVirtual.get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(VirtualThreads.isVirtual(thread)).isTrue();
    assertThat(VirtualThreads.isVirtual(Thread.currentThread())).isFalse();
  }

  @Test
  @Tag("jdk21")
  void executorAndFactoryMakeVirtualThreads() throws Exception {
    VirtualThreads.assumeSupported();
    Future<Boolean> ranVirtual;
    Future<?> slow;
    try (VirtualThreads.PerTaskExecutor executor = VirtualThreads.newThreadPerTaskExecutor()) {
      ranVirtual = executor.submit(() -> VirtualThreads.isVirtual(Thread.currentThread()));
      slow = executor.submit(() -> LockSupport.parkNanos(20_000_000L));
    }
    assertThat(slow.isDone()).as("close() waits for the tasks").isTrue();
    assertThat(ranVirtual.get()).isTrue();
    Thread first = VirtualThreads.factory("borrower-").newThread(() -> { });
    assertThat(first.getName()).isEqualTo("borrower-0");
    assertThat(VirtualThreads.isVirtual(first)).isTrue();
  }

  @Test
  void reportsNoSupportBeforeJdk21() {
    Assumptions.assumeTrue(Runtime.version().feature() < 21, "runs on JDK 17-20 only");
    assertThat(VirtualThreads.isSupported()).isFalse();
    assertThat(VirtualThreads.isVirtual(Thread.currentThread())).isFalse();
    assertThatThrownBy(() -> VirtualThreads.start(() -> { }))
        .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("JDK 21");
  }
}
