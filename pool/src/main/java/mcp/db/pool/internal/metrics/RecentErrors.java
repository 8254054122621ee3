package mcp.db.pool.internal.metrics;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import mcp.db.pool.PoolStats;
import mcp.db.pool.internal.config.Redaction;

/**
 * The last {@value #CAPACITY} SQL errors, kept in a ring that writers fill without locks: each takes
 * the next sequence number and overwrites that slot. Two writers that wrap around onto the same slot
 * at once leave one of their entries; readers sort what they find by sequence number. Both races
 * only cost an error that would have been dropped moments later anyway.
 */
final class RecentErrors {
  static final int CAPACITY = 8;
  private static final int MAX_MESSAGE = 200;

  private final AtomicReferenceArray<Entry> ring = new AtomicReferenceArray<>(CAPACITY);
  private final AtomicLong sequence = new AtomicLong();

  private static final class Entry {
    final long sequence;
    final PoolStats.SqlError error;

    Entry(long sequence, PoolStats.SqlError error) {
      this.sequence = sequence;
      this.error = error;
    }
  }

  void add(SQLException e, long epochMillis) {
    long seq = sequence.getAndIncrement();
    PoolStats.SqlError error = new PoolStats.SqlError(Instant.ofEpochMilli(epochMillis),
        e.getSQLState(), e.getErrorCode(), clean(e.getMessage()));
    ring.set((int) (seq % CAPACITY), new Entry(seq, error));
  }

  /** The kept errors, oldest first. */
  List<PoolStats.SqlError> list() {
    List<Entry> entries = new ArrayList<>(CAPACITY);
    for (int i = 0; i < CAPACITY; i++) {
      Entry e = ring.get(i);
      if (e != null) {
        entries.add(e);
      }
    }
    entries.sort(Comparator.comparingLong(e -> e.sequence));
    List<PoolStats.SqlError> out = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      out.add(e.error);
    }
    return out;
  }

  /**
   * The first line of a driver's message, cut to {@value #MAX_MESSAGE} characters, with passwords
   * and URL credentials masked. Later lines are dropped: PostgreSQL puts "Detail: Key (email)=(...)"
   * there, which would copy row values (possibly personal data) into the statistics.
   */
  static String clean(String message) {
    if (message == null) {
      return "";
    }
    String first = message;
    int nl = first.indexOf('\n');
    if (nl >= 0) {
      first = first.substring(0, nl);
    }
    first = Redaction.redactUrl(first.strip());
    if (first.length() > MAX_MESSAGE) {
      first = first.substring(0, MAX_MESSAGE - 3) + "...";
    }
    return first;
  }
}
