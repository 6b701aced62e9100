package com.provisioningops.alerts;

import com.provisioningops.failure.Failure;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The alert changes (opened, severity changed, resolved) in the order they happened, read from a
 * position: the feed behind the polling trigger and behind deliveries.
 *
 * <p>A change is stamped by its writer's clock before it commits, so a change can become visible
 * after a newer one was read. A position therefore never moves past the last {@link #SETTLE}: it
 * re-reads that stretch each time and remembers which changes in it were handed out already (short
 * hashes, at most {@link #MAX_REMEMBERED}). A change that commits within {@code SETTLE} of its
 * stamp is read exactly once however late it lands; ADR 0008 gives the bound.
 */
public final class AlertFeed {
  /** Changes handed out at most per read; the rest follow on the next. */
  public static final int MAX_BATCH = 100;

  /**
   * Longer than any alert write can take from its stamp to its commit: the Tables client gives up
   * after three tries of at most 20 s each, and the service ends a request within 30 s.
   */
  public static final Duration SETTLE = Duration.ofMinutes(2);

  /**
   * Changes a position remembers at most: about 9 characters each, so a trigger state still fits in
   * a URL. Past it, the oldest are let go and the position moves to the oldest kept.
   */
  public static final int MAX_REMEMBERED = 400;

  private final AlertStore store;
  private final Clock clock;

  public AlertFeed(AlertStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Where a reader stands.
   *
   * @param since every change stamped before this was read (or is older than the reader)
   * @param readAtSince the changes stamped at or after {@code since} already read, as hashes
   */
  public record Position(Instant since, Set<String> readAtSince) {
    /** As text, for a trigger state or a checkpoint. */
    public String encode() {
      return since.toEpochMilli() + ";" + String.join(",", readAtSince);
    }

    /**
     * Reads what {@link #encode} wrote, including the ids an earlier version kept in clear.
     *
     * @throws Failure.InvalidInput when it is not a position
     */
    public static Position decode(String text) {
      int semi = text == null ? -1 : text.indexOf(';');
      try {
        Instant since = Instant.ofEpochMilli(Long.parseLong(text.substring(0, semi)));
        String rest = text.substring(semi + 1);
        Set<String> read = new LinkedHashSet<>();
        if (!rest.isEmpty()) {
          for (String k : rest.split(",")) {
            read.add(k.contains("#") ? hash(k) : k);
          }
        }
        return new Position(since, Set.copyOf(read));
      } catch (RuntimeException e) {
        throw Failure.invalid("The trigger state is not valid: start the trigger again.");
      }
    }

    boolean remembers(Alert a) {
      return readAtSince.contains(key(a));
    }
  }

  /** Changes read, oldest first, and where the next read starts. */
  public record Batch(List<Alert> changes, Position next) {}

  /** A position at now: a new reader starts here, so it is not flooded with old alerts. */
  public Position now() {
    return new Position(clock.instant().truncatedTo(ChronoUnit.MILLIS), Set.of());
  }

  /**
   * The changes after {@code from} that {@code filter} wants, at most {@link #MAX_BATCH}.
   *
   * @throws Failure.Unavailable when the store fails
   */
  public Batch read(Position from, AlertChangeFilter filter) {
    Instant horizon = clock.instant().minus(SETTLE).truncatedTo(ChronoUnit.MILLIS);
    List<Alert> recent = new ArrayList<>(store.changedSince(from.since().minusMillis(1)));
    recent.removeIf(a -> changedAt(a).isBefore(from.since()));
    recent.sort(Comparator.comparing(AlertFeed::changedAt).thenComparing(Alert::id));
    List<Alert> unread = recent.stream().filter(a -> !from.remembers(a)).toList();
    List<Alert> batch = unread.subList(0, Math.min(MAX_BATCH, unread.size()));

    // Move up to the horizon, but never past a change not handed out yet.
    Instant since = horizon;
    if (unread.size() > batch.size()) {
      since = min(since, changedAt(unread.get(batch.size())));
    }
    if (since.isBefore(from.since())) {
      since = from.since();
    }
    Set<String> batchKeys = new HashSet<>();
    batch.forEach(a -> batchKeys.add(key(a)));
    List<Alert> kept = new ArrayList<>();
    for (Alert a : recent) {
      if (!changedAt(a).isBefore(since) && (from.remembers(a) || batchKeys.contains(key(a)))) {
        kept.add(a);
      }
    }
    if (kept.size() > MAX_REMEMBERED) {
      // A storm: let the oldest go. Only a change stamped before the new start and committed
      // after this read could still be missed, which needs a write slower than the storm.
      since = changedAt(kept.get(kept.size() - MAX_REMEMBERED));
      Instant cut = since;
      kept.removeIf(a -> changedAt(a).isBefore(cut));
    }
    Set<String> remembered = new LinkedHashSet<>();
    kept.forEach(a -> remembered.add(key(a)));
    List<Alert> wanted = batch.stream().filter(filter::matches).toList();
    return new Batch(wanted, new Position(since, Set.copyOf(remembered)));
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  /** To the millisecond, as positions keep it. */
  private static Instant changedAt(Alert a) {
    Instant at = a.changedAt() != null ? a.changedAt() : a.firstSeenAt();
    return at.truncatedTo(ChronoUnit.MILLIS);
  }

  private static String key(Alert a) {
    return hash(a.id() + "#" + a.changeSequence());
  }

  /** 48 bits of SHA-256: collisions among the few hundred changes of one horizon are negligible. */
  private static String hash(String change) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(change.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 6));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
