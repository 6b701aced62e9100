package com.provisioningops.alerts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The store's contract in memory: one active alert per fingerprint, versions checked. */
public final class MemoryAlertStore implements AlertStore {
  private final Map<String, Alert> byId = new HashMap<>();
  private long versions;
  boolean failNextUpdate;

  @Override
  public synchronized List<Alert> active(String partition) {
    return byId.values().stream()
        .filter(a -> a.partition().equals(partition) && a.active())
        .toList();
  }

  @Override
  public synchronized List<Alert> list(AlertQuery query) {
    return new ArrayList<>(byId.values());
  }

  @Override
  public synchronized List<Alert> allActive() {
    return byId.values().stream().filter(Alert::active).toList();
  }

  @Override
  public synchronized Optional<Alert> find(String alertId) {
    return Optional.ofNullable(byId.get(alertId));
  }

  @Override
  public synchronized boolean open(Alert alert) {
    boolean taken =
        byId.values().stream()
            .anyMatch(
                a ->
                    a.partition().equals(alert.partition())
                        && a.fingerprint().equals(alert.fingerprint())
                        && a.active());
    if (taken) {
      return false;
    }
    byId.put(alert.id(), alert.withVersion("v" + ++versions));
    return true;
  }

  @Override
  public synchronized Optional<Alert> update(Alert alert) {
    Alert current = byId.get(alert.id());
    if (failNextUpdate) {
      // Another run saved the alert first: its sighting counts too.
      failNextUpdate = false;
      byId.put(
          current.id(),
          new Alert(
                  current.id(),
                  current.fingerprint(),
                  current.source(),
                  current.partition(),
                  current.jobId(),
                  current.servicePrincipalId(),
                  current.appDisplayName(),
                  current.rule(),
                  current.reason(),
                  current.severity(),
                  current.state(),
                  current.title(),
                  current.detail(),
                  current.whatToDo(),
                  current.errorCode(),
                  current.troubleshootingUrl(),
                  current.nextAttempt(),
                  current.tenantActionable(),
                  current.firstSeenAt(),
                  current.lastSeenAt(),
                  current.occurrences() + 1,
                  current.acknowledgedAt(),
                  current.acknowledgedBy(),
                  current.resolvedAt(),
                  null,
                  null,
                  current.change(),
                  current.changeSequence(),
                  current.changedAt(),
                  null)
              .withVersion("v" + ++versions));
      return Optional.empty();
    }
    if (current == null || !current.version().equals(alert.version())) {
      return Optional.empty();
    }
    Alert saved = alert.withVersion("v" + ++versions);
    byId.put(alert.id(), saved);
    return Optional.of(saved);
  }

  @Override
  public synchronized List<Alert> changedSince(java.time.Instant since) {
    List<Alert> out = new ArrayList<>();
    for (Alert a : byId.values()) {
      if (a.changedAt() != null && a.changedAt().isAfter(since)) {
        out.add(a);
      }
    }
    return out;
  }

  @Override
  public synchronized int purgeResolvedBefore(java.time.Instant cutoff) {
    int before = byId.size();
    byId.values().removeIf(a -> !a.active() && a.resolvedAt().isBefore(cutoff));
    return before - byId.size();
  }

  @Override
  public synchronized boolean resolve(Alert resolved) {
    return update(resolved).isPresent();
  }
}
