package mcp.db.pool.testkit;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bytes a {@link FaultProxy} has forwarded to its server, kept up to a limit so a test can read
 * what a driver put on the wire (its login, say) without a long test filling the heap.
 *
 * <p>Pumps of several links append concurrently; each buffer is appended whole (or cut at the
 * limit) under {@link #lock}, so the recording is the links' buffers one after another, in the order
 * they were forwarded. The limit is volatile so that a pump can skip the lock while recording is
 * off; a buffer that races with {@link #limit(int)} may or may not be recorded, which is benign:
 * "from now on" only promises the traffic that starts after the call returns.
 */
final class ByteRecording {
  private final ReentrantLock lock = new ReentrantLock();
  /** Guarded by {@link #lock}. */
  private final ByteArrayOutputStream recorded = new ByteArrayOutputStream();
  /** The most bytes to keep in all; zero (the default) keeps nothing more. */
  private volatile int limit;

  /** Keeps at most {@code maxBytes} in all from now on; what is recorded already stays. */
  void limit(int maxBytes) {
    limit = maxBytes;
  }

  /** Appends the first {@code length} bytes of {@code buffer}, as far as the limit allows. */
  void append(byte[] buffer, int length) {
    int max = limit;
    if (max == 0) {
      return;
    }
    lock.lock();
    try {
      int room = max - recorded.size();
      if (room > 0) {
        recorded.write(buffer, 0, Math.min(length, room));
      }
    } finally {
      lock.unlock();
    }
  }

  /** A copy of what has been recorded. */
  byte[] toByteArray() {
    lock.lock();
    try {
      return recorded.toByteArray();
    } finally {
      lock.unlock();
    }
  }
}
