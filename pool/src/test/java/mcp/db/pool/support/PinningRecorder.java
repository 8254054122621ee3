package mcp.db.pool.support;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Records the moments a virtual thread pinned its carrier (JFR's {@code jdk.VirtualThreadPinned}
 * event, every duration, with stack traces) while a block of test code runs, and picks out those
 * that happened in the pool's own code:
 *
 * <pre>{@code
 * PinningRecorder.Result pinning = PinningRecorder.record(() -> borrowFromManyVirtualThreads(pool));
 * assertThat(pinning.inPool()).as(pinning.describe()).isEmpty();
 * }</pre>
 *
 * <p>What pins depends on the JDK. On JDK 21-23 a virtual thread that parks inside a
 * {@code synchronized} block or method pins; since JDK 24 (JEP 491) it no longer does. On every
 * version it pins while parked inside a class initializer or under a native frame. On JDK 17 the
 * event does not exist and the result is always empty.
 *
 * <p>Recordings are global to the JVM: events from other threads running at the same time are
 * captured too, which is why {@link Result#inPool()} filters by stack.
 */
public final class PinningRecorder {
  /** The JFR event emitted when a virtual thread parks while pinned. */
  public static final String PINNED_EVENT = "jdk.VirtualThreadPinned";

  private PinningRecorder() {}

  /** Test code to run while recording. */
  @FunctionalInterface
  public interface Block {
    /** Runs the code. */
    void run() throws Exception;
  }

  /**
   * Runs {@code block} under a JFR recording of pinning and returns what was recorded.
   *
   * @throws Exception whatever the block throws (the recording is discarded)
   */
  public static Result record(Block block) throws Exception {
    try (Recording recording = new Recording()) {
      recording.setName("mcp-db-pool pinning");
      recording.enable(PINNED_EVENT).withThreshold(Duration.ZERO).withStackTrace();
      recording.start();
      try {
        block.run();
      } finally {
        recording.stop();
      }
      Path file = Files.createTempFile("mcp-db-pool-pinning-", ".jfr");
      try {
        recording.dump(file);
        List<PinnedEvent> events = new ArrayList<>();
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
          if (event.getEventType().getName().equals(PINNED_EVENT)) events.add(PinnedEvent.of(event));
        }
        return new Result(events);
      } finally {
        Files.deleteIfExists(file);
      }
    }
  }

  /**
   * Whether a stack frame's class is the pool's own code: in {@code mcp.db.pool} but not the test
   * support package, not the testkit, and not a test class (one loaded from {@code test-classes}, or
   * when it cannot be loaded, one whose name ends in {@code Test}, {@code Tests} or {@code IT}).
   */
  public static boolean isPoolClass(String className) {
    if (!className.startsWith("mcp.db.pool.")) return false;
    if (className.startsWith("mcp.db.pool.support.")
        || className.startsWith("mcp.db.pool.testkit.")) {
      return false;
    }
    return !isTestClass(className);
  }

  private static boolean isTestClass(String className) {
    try {
      Class<?> type = Class.forName(className, false, PinningRecorder.class.getClassLoader());
      CodeSource source = type.getProtectionDomain().getCodeSource();
      URL location = source == null ? null : source.getLocation();
      if (location != null) return location.getPath().contains("/test-classes/");
    } catch (ClassNotFoundException | LinkageError | SecurityException e) {
      // Fall back to the name (a hidden or unloadable class).
    }
    int nested = className.indexOf('$');
    String outer = nested < 0 ? className : className.substring(0, nested);
    return outer.endsWith("Test") || outer.endsWith("Tests") || outer.endsWith("IT");
  }

  /**
   * One pinning.
   *
   * @param thread the pinned virtual thread's name (often empty), or {@code ?}
   * @param duration how long it stayed pinned
   * @param reason why, as JDK 24+ reports it; empty on older JDKs
   * @param frames the stack, innermost first, as {@code class.method:line}
   */
  public record PinnedEvent(String thread, Duration duration, String reason, List<String> frames) {

    /** Copies the frames. */
    public PinnedEvent {
      frames = List.copyOf(frames);
    }

    static PinnedEvent of(RecordedEvent event) {
      List<String> frames = new ArrayList<>();
      if (event.getStackTrace() != null) {
        for (RecordedFrame frame : event.getStackTrace().getFrames()) {
          frames.add(frame.getMethod().getType().getName() + "." + frame.getMethod().getName()
              + ":" + frame.getLineNumber());
        }
      }
      String thread = event.getThread() == null ? "?"
          : String.valueOf(event.getThread().getJavaName());
      // getValue is generic: name the type, or String.valueOf(char[]) would be chosen.
      Object reason = event.hasField("pinnedReason") ? event.getValue("pinnedReason") : null;
      return new PinnedEvent(thread, event.getDuration(), reason == null ? "" : reason.toString(),
          frames);
    }

    /**
     * Whether the innermost frame outside the JDK belongs to the pool (see
     * {@link #isPoolClass(String)}) and the pinning did not happen while the JVM loaded a class.
     * A driver that pins (here the test kit's stub driver, which may wait for a class being
     * initialised by another thread) is the driver's business, even when the pool called it. Class loading still pins on every JDK
     * (JEP 491 leaves it out); it happens once per class, the first time any thread touches it, so
     * it says nothing about the pool's steady state and is reported apart by {@link #describe()}.
     */
    public boolean inPool() {
      if (whileLoadingClass()) {
        return false;
      }
      for (String frame : frames) { // innermost first
        String className = frame.substring(0, classEnd(frame));
        if (!isJdkClass(className)) {
          // The innermost code that is not the JDK's is where the pinning happened: the pool's,
          // or a driver's (which the pool cannot change) or a test's.
          return isPoolClass(className);
        }
      }
      return false;
    }

    private static boolean isJdkClass(String className) {
      return className.startsWith("java.") || className.startsWith("jdk.")
          || className.startsWith("sun.") || className.startsWith("javax.");
    }

    /** Whether the thread was inside {@code ClassLoader.loadClass} when it pinned. */
    public boolean whileLoadingClass() {
      return frames.stream().anyMatch(frame -> frame.startsWith("java.lang.ClassLoader.loadClass:")
          || frame.startsWith("jdk.internal.loader.BuiltinClassLoader.loadClass"));
    }

    private static int classEnd(String frame) {
      int colon = frame.lastIndexOf(':');
      int dot = frame.lastIndexOf('.', colon < 0 ? frame.length() : colon);
      return dot < 0 ? frame.length() : dot;
    }

    /** The event and its stack, one frame per line. */
    public String describe() {
      return "pinned " + duration.toMillis() + " ms in thread '" + thread + "'"
          + (reason.isEmpty() ? "" : " (" + reason + ")") + "\n    at "
          + String.join("\n    at ", frames);
    }
  }

  /** What one {@link #record(Block)} saw. */
  public static final class Result {
    private final List<PinnedEvent> all;

    Result(List<PinnedEvent> all) {
      this.all = List.copyOf(all);
    }

    /** Every pinning recorded, in any code. */
    public List<PinnedEvent> all() {
      return all;
    }

    /** The pinnings whose stack passes through the pool's own code. */
    public List<PinnedEvent> inPool() {
      return all.stream().filter(PinnedEvent::inPool).collect(Collectors.toList());
    }

    /** A readable account of every pinning, for assertion messages. */
    public String describe() {
      if (all.isEmpty()) return "no pinning recorded";
      return all.size() + " pinning(s), " + inPool().size() + " in pool code:\n"
          + all.stream().map(event -> (event.inPool() ? "[POOL] "
                  : event.whileLoadingClass() ? "[CLASS LOADING] " : "") + event.describe())
              .collect(Collectors.joining("\n"));
    }

    @Override
    public String toString() {
      return describe();
    }
  }
}
