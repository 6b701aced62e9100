package com.provisioningops.monitoring.logs;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Events already counted, so that a window read again (the overlap kept for late events, or a run
 * that resumes) counts nothing twice. Only events inside the overlap need remembering; each is kept
 * as a 64-bit hash of its id with its time, 12 bytes, so even a busy overlap fits one table entity.
 * Two ids sharing a hash is a one-in-10^9 chance at 100,000 events; it would skip one event.
 *
 * <p>The set knows from which second on it is complete: a range read again must start there or
 * later ({@link #rereadFrom}), or events the set let go would be counted twice.
 */
public final class SeenEvents {
  /** Events kept at most: what one table entity holds beside the cursor. */
  public static final int MAX_EVENTS = 60_000;

  private static final int ENTRY = Long.BYTES + Integer.BYTES;
  private static final long ALWAYS = Long.MIN_VALUE;
  private final Map<Long, Integer> secondByHash;
  private final long completeFromSecond;

  private SeenEvents(Map<Long, Integer> secondByHash, long completeFromSecond) {
    this.secondByHash = secondByHash;
    this.completeFromSecond = completeFromSecond;
  }

  public static SeenEvents none() {
    return new SeenEvents(new HashMap<>(), ALWAYS);
  }

  /**
   * Reads what {@link #pack} wrote; an empty or null array is an empty set.
   *
   * @param completeFrom what {@link #completeFrom} said when it was packed; null for always
   */
  public static SeenEvents unpack(byte[] packed, Instant completeFrom) {
    Map<Long, Integer> m = new HashMap<>();
    if (packed != null) {
      ByteBuffer b = ByteBuffer.wrap(packed);
      while (b.remaining() >= ENTRY) {
        m.put(b.getLong(), b.getInt());
      }
    }
    return new SeenEvents(m, completeFrom == null ? ALWAYS : completeFrom.getEpochSecond());
  }

  /** Every event counted at or after this is in the set; null when no event was let go. */
  public Instant completeFrom() {
    return completeFromSecond == ALWAYS ? null : Instant.ofEpochSecond(completeFromSecond);
  }

  /**
   * Where a read that wants to start after {@code after} may start without counting twice: later
   * than {@code after} when the set let go of events from there on.
   */
  public Instant rereadFrom(Instant after) {
    Instant complete = completeFrom();
    return complete != null && complete.isAfter(after) ? complete : after;
  }

  public boolean contains(String eventId) {
    return secondByHash.containsKey(hash(eventId));
  }

  /** Remembers an event; false when it was already known. */
  public boolean add(String eventId, Instant at) {
    return secondByHash.putIfAbsent(hash(eventId), (int) at.getEpochSecond()) == null;
  }

  /** A copy holding these events and {@code more}. */
  public SeenEvents with(SeenEvents more) {
    Map<Long, Integer> m = new HashMap<>(secondByHash);
    m.putAll(more.secondByHash);
    return new SeenEvents(m, completeFromSecond);
  }

  /**
   * A copy without the events before {@code t}: they are behind the overlap for good. Whole seconds
   * are kept, so the copy is complete from {@code t} (and from the start of its second).
   */
  public SeenEvents from(Instant t) {
    return keepFrom(t.getEpochSecond());
  }

  /**
   * A copy of at most {@code max} events: the newest whole seconds that fit. A busy overlap is
   * complete from a later second then, and {@link #rereadFrom} starts there.
   */
  public SeenEvents atMost(int max) {
    if (secondByHash.size() <= max) {
      return this;
    }
    List<Integer> seconds = new ArrayList<>(secondByHash.values());
    seconds.sort(java.util.Comparator.reverseOrder());
    return keepFrom(seconds.get(max) + 1L);
  }

  private SeenEvents keepFrom(long cut) {
    Map<Long, Integer> m = new HashMap<>();
    secondByHash.forEach(
        (h, s) -> {
          if (s >= cut) {
            m.put(h, s);
          }
        });
    return new SeenEvents(m, Math.max(completeFromSecond, cut));
  }

  public int size() {
    return secondByHash.size();
  }

  /**
   * The set as bytes, newest events first, at most {@link #MAX_EVENTS} of them: call {@link
   * #atMost} first, so that what is stored says from where it is complete.
   */
  public byte[] pack() {
    List<Map.Entry<Long, Integer>> entries = new ArrayList<>(secondByHash.entrySet());
    entries.sort(Map.Entry.<Long, Integer>comparingByValue().reversed());
    int n = Math.min(MAX_EVENTS, entries.size());
    ByteBuffer b = ByteBuffer.allocate(n * ENTRY);
    for (int i = 0; i < n; i++) {
      b.putLong(entries.get(i).getKey()).putInt(entries.get(i).getValue());
    }
    return b.array();
  }

  /** FNV-1a, 64 bits: fast, and spreads Graph's event ids evenly. */
  static long hash(String id) {
    long h = 0xcbf29ce484222325L;
    for (byte c : id.getBytes(StandardCharsets.UTF_8)) {
      h ^= c;
      h *= 0x100000001b3L;
    }
    return h;
  }
}
