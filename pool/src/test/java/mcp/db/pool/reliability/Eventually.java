package mcp.db.pool.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Polling for conditions that settle asynchronously (sockets closing, backends exiting). */
final class Eventually {
  private Eventually() {}

  /** A condition that may throw (it usually asks a database). */
  @FunctionalInterface
  interface Condition {
    boolean holds() throws Exception;
  }

  /**
   * Polls {@code condition} every 20 ms until it holds or {@code timeout} passes.
   *
   * @return whether it held in time
   */
  static boolean within(Duration timeout, Condition condition) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (;;) {
      if (condition.holds()) {
        return true;
      }
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  /** Live threads whose name starts with {@code prefix} (a pool's threads start with its name). */
  static List<String> threadsNamed(String prefix) {
    List<String> names = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive() && t.getName().startsWith(prefix)) {
        names.add(t.getName());
      }
    }
    return names;
  }
}
