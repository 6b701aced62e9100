package com.provisioningops.alerts;

import java.util.List;
import java.util.Optional;

/**
 * Where alerts live. The active alert of a fingerprint is one record, so two runs that see the same
 * condition at once cannot both open one; every change is conditioned on the version read.
 */
public interface AlertStore {

  /** The open and acknowledged alerts of a partition (a job id, or {@code tenant}). */
  List<Alert> active(String partition);

  /** Every open and acknowledged alert, in one read: what a poll starts from. */
  List<Alert> allActive();

  Optional<Alert> find(String alertId);

  /**
   * The alerts a query may match (active and resolved), narrowed as far as the store can; the
   * caller applies the query exactly.
   */
  List<Alert> list(AlertQuery query);

  /** Deletes resolved alerts that resolved before {@code cutoff}; answers how many. */
  int purgeResolvedBefore(java.time.Instant cutoff);

  /** Opens an alert; false when an active alert with its fingerprint exists already. */
  boolean open(Alert alert);

  /** Saves a change if nobody saved the alert since it was read; empty when somebody did. */
  Optional<Alert> update(Alert alert);

  /**
   * Resolves an active alert (it moves to the resolved alerts, kept for the retention period) if
   * nobody saved it since it was read; false when somebody did.
   */
  boolean resolve(Alert resolved);

  /**
   * Alerts whose last change (opened, severity changed, resolved) came after {@code since}, in no
   * particular order: the feed of the alert trigger and of deliveries.
   */
  List<Alert> changedSince(java.time.Instant since);
}
