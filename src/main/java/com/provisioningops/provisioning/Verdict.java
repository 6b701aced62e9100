package com.provisioningops.provisioning;

import com.provisioningops.provisioning.JobHealth.HealthState;
import com.provisioningops.provisioning.JobHealth.Severity;
import com.provisioningops.provisioning.SynchronizationJob.Quarantine;
import com.provisioningops.provisioning.SynchronizationJob.QuarantineReason;
import com.provisioningops.provisioning.SynchronizationJob.Status;
import com.provisioningops.provisioning.SynchronizationJob.SyncError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Collects the verdict as the rules decide it. */
final class Verdict {
  private final Status status;
  private HealthState state = HealthState.healthy;
  private Severity severity = Severity.none;
  private final List<String> reasons = new ArrayList<>();
  private QuarantineReason quarantineReason;
  private Instant nextAttempt;
  private String errorCode;
  private Boolean tenantActionable;
  private Instant disablesAt;

  Verdict(Status status) {
    this.status = status;
  }

  Verdict set(HealthState state, Severity severity) {
    this.state = state;
    this.severity = severity;
    return this;
  }

  Verdict reason(String reason) {
    reasons.add(reason);
    return this;
  }

  Verdict disablesAt(Instant at) {
    disablesAt = at;
    return this;
  }

  void quarantine(Quarantine q) {
    quarantineReason = q.reason();
    nextAttempt = q.nextAttempt();
  }

  void error(SyncError error) {
    if (error != null && error.code() != null && errorCode == null) {
      errorCode = error.code();
      tenantActionable = error.tenantActionable();
    }
  }

  JobHealth build(Instant lastSuccess) {
    String url = status == null ? null : status.troubleshootingUrl();
    if (url != null && !url.isBlank() && state != HealthState.healthy) {
      reasons.add("Troubleshooting: " + url);
    }
    return new JobHealth(
        state,
        severity,
        reasons,
        quarantineReason,
        nextAttempt,
        status == null ? 0 : status.countSuccessiveCompleteFailures(),
        lastSuccess,
        errorCode,
        tenantActionable,
        url == null || url.isBlank() ? null : url,
        disablesAt);
  }
}
