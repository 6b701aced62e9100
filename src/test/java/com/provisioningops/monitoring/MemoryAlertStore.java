package com.provisioningops.monitoring;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The in-memory alert store of the monitoring tests, for tests in other packages. */
public final class MemoryAlertStore implements AlertStore {
  private final AlertBookTest.MemoryAlerts inner = new AlertBookTest.MemoryAlerts();

  @Override
  public List<Alert> active(String partition) {
    return inner.active(partition);
  }

  @Override
  public List<Alert> allActive() {
    return inner.allActive();
  }

  @Override
  public Optional<Alert> find(String alertId) {
    return inner.find(alertId);
  }

  @Override
  public List<Alert> list(AlertQuery query) {
    return inner.list(query);
  }

  @Override
  public int purgeResolvedBefore(Instant cutoff) {
    return inner.purgeResolvedBefore(cutoff);
  }

  @Override
  public boolean open(Alert alert) {
    return inner.open(alert);
  }

  @Override
  public Optional<Alert> update(Alert alert) {
    return inner.update(alert);
  }

  @Override
  public boolean resolve(Alert resolved) {
    return inner.resolve(resolved);
  }

  @Override
  public List<Alert> changedSince(Instant since) {
    return inner.changedSince(since);
  }
}
