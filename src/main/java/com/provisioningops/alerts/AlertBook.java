package com.provisioningops.alerts;

import com.provisioningops.failure.Failure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Keeps one alert per condition: a new sighting opens one, a repeated sighting updates it, a
 * condition no longer seen resolves it, and a sighting after that opens a new one. Safe when two
 * runs reconcile the same partition at once: every write is conditioned on what was read, and a
 * lost race is read again and redone.
 */
public final class AlertBook {
  private static final int TRIES = 5;

  /** Partitions reconciled at once: each is a few storage round trips, independent of others. */
  private static final int PARALLEL_PARTITIONS = 4;

  private final AlertStore store;
  private final Clock clock;
  private final ExecutorService pool =
      Executors.newFixedThreadPool(
          PARALLEL_PARTITIONS,
          r -> {
            Thread t = new Thread(r, "alert-book");
            t.setDaemon(true);
            return t;
          });

  public AlertBook(AlertStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** What one reconciliation changed. */
  public record Changes(int opened, int updated, int resolved) {
    public Changes plus(Changes o) {
      return new Changes(opened + o.opened, updated + o.updated, resolved + o.resolved);
    }
  }

  /**
   * Makes the active alerts of {@code partition} from {@code source} match what was seen now. Call
   * it only for a partition that was fully observed this run: a job that could not be read must
   * keep its alerts, never have them resolved for want of a sighting.
   *
   * @throws Failure.Unavailable when the store fails; nothing half-done is lost, the next run
   *     redoes it
   */
  public Changes reconcile(String partition, Alert.Source source, List<Sighting> seen) {
    return reconcile(partition, source, seen, null);
  }

  /**
   * Reconciles many partitions from one read of the active alerts: a partition with nothing seen
   * and nothing active costs nothing, so a poll of thousands of healthy jobs writes nothing.
   *
   * @param seenByPartition what was seen, for every partition fully observed this run
   */
  public Changes reconcileAll(Alert.Source source, Map<String, List<Sighting>> seenByPartition) {
    return reconcileAll(Map.of(source, seenByPartition));
  }

  /**
   * Like {@link #reconcileAll(Alert.Source, Map)} for several sources, one after another (in the
   * order {@link Alert.Source} declares them), from a single read of the active alerts: each
   * source's writes touch only its own alerts, so what the read found of the others is still what
   * they hold.
   */
  public Changes reconcileAll(Map<Alert.Source, Map<String, List<Sighting>>> seenBySource) {
    if (seenBySource.isEmpty()) {
      return new Changes(0, 0, 0);
    }
    Map<Alert.Source, Map<String, List<Alert>>> active =
        new java.util.EnumMap<>(Alert.Source.class);
    for (Alert a : store.allActive()) {
      if (seenBySource.containsKey(a.source())) {
        active
            .computeIfAbsent(a.source(), s -> new HashMap<>())
            .computeIfAbsent(a.partition(), p -> new ArrayList<>())
            .add(a);
      }
    }
    Changes changes = new Changes(0, 0, 0);
    for (var source : new java.util.EnumMap<>(seenBySource).entrySet()) {
      changes =
          changes.plus(
              reconcileAll(
                  source.getKey(),
                  source.getValue(),
                  active.getOrDefault(source.getKey(), Map.of())));
    }
    return changes;
  }

  private Changes reconcileAll(
      Alert.Source source,
      Map<String, List<Sighting>> seenByPartition,
      Map<String, List<Alert>> active) {
    List<Future<Changes>> work = new ArrayList<>();
    for (var entry : seenByPartition.entrySet()) {
      List<Alert> known = active.getOrDefault(entry.getKey(), List.of());
      if (entry.getValue().isEmpty() && known.isEmpty()) {
        continue;
      }
      work.add(pool.submit(() -> reconcile(entry.getKey(), source, entry.getValue(), known)));
    }
    Changes changes = new Changes(0, 0, 0);
    for (var f : work) {
      changes = changes.plus(await(f));
    }
    return changes;
  }

  private Changes reconcile(
      String partition, Alert.Source source, List<Sighting> seen, List<Alert> preloaded) {
    Map<String, Sighting> wanted = new HashMap<>();
    for (Sighting s : seen) {
      wanted.put(s.fingerprint(), s);
    }
    Set<String> seenNow = Set.copyOf(wanted.keySet());
    Changes changes = new Changes(0, 0, 0);
    for (int attempt = 0; attempt < TRIES; attempt++) {
      Map<String, Alert> active = new HashMap<>();
      List<Alert> stored = attempt == 0 && preloaded != null ? preloaded : store.active(partition);
      for (Alert a : stored) {
        if (a.source() == source) {
          active.put(a.fingerprint(), a);
        }
      }
      boolean raced = false;
      for (var it = wanted.values().iterator(); it.hasNext(); ) {
        Sighting s = it.next();
        Alert current = active.remove(s.fingerprint());
        boolean saved;
        if (current == null) {
          saved = store.open(Alert.opened(s, stamp()));
          changes = changes.plus(new Changes(saved ? 1 : 0, 0, 0));
        } else {
          saved = store.update(current.seenAgain(s, stamp())).isPresent();
          changes = changes.plus(new Changes(0, saved ? 1 : 0, 0));
        }
        if (saved) {
          it.remove();
        } else {
          raced = true;
        }
      }
      for (Alert gone : active.values()) {
        if (seenNow.contains(gone.fingerprint())) {
          continue; // seen now and saved by an earlier attempt of this call
        }
        if (store.resolve(gone.resolved(stamp()))) {
          changes = changes.plus(new Changes(0, 0, 1));
        } else {
          raced = true;
        }
      }
      if (!raced) {
        return changes;
      }
      // Another run changed this partition meanwhile: read again and redo what is left.
    }
    return changes;
  }

  /**
   * The time a change is stamped with, read right before its write: the feed's settle horizon
   * bounds the time from stamp to commit, so a retry must never reuse an earlier stamp.
   */
  private Instant stamp() {
    return clock.instant();
  }

  private static Changes await(Future<Changes> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while reconciling alerts", e);
    } catch (ExecutionException e) {
      // A store failure keeps its type (Failure.Unavailable), so the timer records it as such.
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * Forgets resolved alerts older than {@code retention} ({@code ALERT_RETENTION_DAYS}).
   *
   * @return how many were deleted
   */
  public int purgeResolved(Duration retention) {
    return store.purgeResolvedBefore(clock.instant().minus(retention));
  }

  /**
   * Acknowledges an active alert: it stays acknowledged until it resolves or gets worse.
   *
   * @throws Failure.NotFound for an unknown alert
   * @throws Failure.Conflict for a resolved one
   */
  public Alert acknowledge(String alertId, String who) {
    for (int attempt = 0; attempt < TRIES; attempt++) {
      Alert alert =
          store.find(alertId).orElseThrow(() -> Failure.notFound("No alert '" + alertId + "'."));
      if (!alert.active()) {
        throw new Failure.Conflict(
            "alert-resolved",
            "The alert is resolved",
            "Alert " + alertId + " resolved at " + alert.resolvedAt() + ": nothing to acknowledge.",
            null,
            false);
      }
      if (alert.state() == Alert.State.acknowledged) {
        return alert;
      }
      Optional<Alert> saved = store.update(alert.acknowledged(who, clock.instant()));
      if (saved.isPresent()) {
        return saved.get();
      }
    }
    throw Failure.Unavailable.dependency(
        "alert-busy",
        "The alert keeps changing",
        "Alert " + alertId + " changed on every try; try again shortly.",
        Duration.ofSeconds(5));
  }
}
