package com.provisioningops.monitoring;

import com.provisioningops.failure.Failure;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The alert changes (opened, severity changed, resolved) in the order they happened, read from a
 * position: the feed behind the polling trigger and behind deliveries. A position is the time of
 * the last change read plus the changes read at that very time, so changes sharing a timestamp are
 * neither skipped nor repeated.
 */
public final class AlertFeed {
  /** Changes handed out at most per read; the rest follow on the next. */
  public static final int MAX_BATCH = 100;

  private final AlertStore store;
  private final Clock clock;

  public AlertFeed(AlertStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Where a reader stands.
   *
   * @param since changes up to this time were read
   * @param readAtSince the changes at exactly {@code since} already read ({@code alertId#seq})
   */
  public record Position(Instant since, Set<String> readAtSince) {
    /** As text, for a trigger state or a checkpoint. */
    public String encode() {
      return since.toEpochMilli() + ";" + String.join(",", readAtSince);
    }

    /**
     * Reads what {@link #encode} wrote.
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
          read.addAll(List.of(rest.split(",")));
        }
        return new Position(since, Set.copyOf(read));
      } catch (RuntimeException e) {
        throw Failure.invalid("The trigger state is not valid: start the trigger again.");
      }
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
  public Batch read(Position from, AlertFilter filter) {
    List<Alert> changed = new ArrayList<>();
    for (Alert a : store.changedSince(from.since().minusMillis(1))) {
      Instant at = changedAt(a);
      if (at.isBefore(from.since())
          || (at.equals(from.since()) && from.readAtSince().contains(key(a)))) {
        continue;
      }
      changed.add(a);
    }
    changed.sort(Comparator.comparing(AlertFeed::changedAt).thenComparing(Alert::id));
    List<Alert> batch = changed.subList(0, Math.min(MAX_BATCH, changed.size()));
    if (batch.isEmpty()) {
      return new Batch(List.of(), from);
    }
    Instant last = changedAt(batch.get(batch.size() - 1));
    Set<String> atLast = new LinkedHashSet<>();
    if (last.equals(from.since())) {
      atLast.addAll(from.readAtSince());
    }
    for (Alert a : batch) {
      if (changedAt(a).equals(last)) {
        atLast.add(key(a));
      }
    }
    List<Alert> wanted = batch.stream().filter(filter::matches).toList();
    return new Batch(wanted, new Position(last, Set.copyOf(atLast)));
  }

  /** To the millisecond, as positions keep it. */
  private static Instant changedAt(Alert a) {
    Instant at = a.changedAt() != null ? a.changedAt() : a.firstSeenAt();
    return at.truncatedTo(ChronoUnit.MILLIS);
  }

  private static String key(Alert a) {
    return a.id() + "#" + a.changeSequence();
  }
}
