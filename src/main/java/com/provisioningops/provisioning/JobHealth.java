package com.provisioningops.provisioning;

import com.provisioningops.provisioning.SynchronizationJob.QuarantineReason;
import java.time.Instant;
import java.util.List;

/**
 * The verdict on a job's health, per the health taxonomy.
 *
 * @param state the health state
 * @param severity how urgently an admin should look
 * @param reasons plain-language sentences saying why, with Graph's error code where it gave one
 * @param quarantineReason why Graph quarantined the job, when it did
 * @param nextAttempt when Graph next tries a quarantined job
 * @param countSuccessiveCompleteFailures cycles in a row that failed completely
 * @param lastSuccessfulRunAt when a cycle last succeeded; null if never
 * @param errorCode Graph's error code of the last failure or quarantine, if any
 * @param tenantActionable Graph's word on whether the tenant can fix that error itself (rather than
 *     wait for Microsoft), if it gave one
 * @param troubleshootingUrl Microsoft's troubleshooting page for the job's state, if any
 * @param disablesAt when Microsoft turns provisioning off for a quarantined job (four weeks after
 *     the quarantine series began), or turned it off for a job it disabled; null otherwise
 */
public record JobHealth(
    HealthState state,
    Severity severity,
    List<String> reasons,
    QuarantineReason quarantineReason,
    Instant nextAttempt,
    long countSuccessiveCompleteFailures,
    Instant lastSuccessfulRunAt,
    String errorCode,
    Boolean tenantActionable,
    String troubleshootingUrl,
    Instant disablesAt) {

  public JobHealth {
    reasons = List.copyOf(reasons);
  }

  /** Health states of the taxonomy. */
  public enum HealthState {
    healthy,
    quarantined,
    failing,
    degraded,
    stale,
    fallingBehind,
    paused,
    disabled,
    notConfigured,
    notRun
  }

  /** Severities, from most to least urgent. */
  public enum Severity {
    critical,
    warning,
    info,
    none
  }
}
