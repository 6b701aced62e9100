package com.provisioningops.monitoring;

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
 */
public final class SeenEvents {
  private static final int ENTRY = Long.BYTES + Integer.BYTES;
  private final Map<Long, Integer> secondByHash;

  private SeenEvents(Map<Long, Integer> secondByHash) {
    this.secondByHash = secondByHash;
  }

  public static SeenEvents none() {
    return new SeenEvents(new HashMap<>());
  }

  /** Reads what {@link #pack} wrote; an empty or null array is an empty set. */
  public static SeenEvents unpack(byte[] packed) {
    Map<Long, Integer> m = new HashMap<>();
    if (packed != null) {
      ByteBuffer b = ByteBuffer.wrap(packed);
      while (b.remaining() >= ENTRY) {
        m.put(b.getLong(), b.getInt());
      }
    }
    return new SeenEvents(m);
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
    return new SeenEvents(m);
  }

  /** A copy without the events before {@code t}: they are behind the overlap for good. */
  public SeenEvents from(Instant t) {
    long cut = t.getEpochSecond();
    Map<Long, Integer> m = new HashMap<>();
    secondByHash.forEach(
        (h, s) -> {
          if (s >= cut) {
            m.put(h, s);
          }
        });
    return new SeenEvents(m);
  }

  public int size() {
    return secondByHash.size();
  }

  /**
   * The set as bytes, newest events first, at most {@code maxEvents} of them: a storage limit, so
   * beyond it the oldest events of the overlap are forgotten (and could be counted twice if Graph
   * returned them again).
   */
  public byte[] pack(int maxEvents) {
    List<Map.Entry<Long, Integer>> entries = new ArrayList<>(secondByHash.entrySet());
    entries.sort(Map.Entry.<Long, Integer>comparingByValue().reversed());
    int n = Math.min(maxEvents, entries.size());
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
