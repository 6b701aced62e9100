package com.provisioningops.monitoring.jobs;

import com.provisioningops.alerts.Alert;
import com.provisioningops.alerts.Sighting;
import com.provisioningops.provisioning.JobHealth;
import com.provisioningops.provisioning.SynchronizationJob.QuarantineReason;
import java.util.List;
import java.util.Map;

/** Turns a job's health verdict into what the alert book sees: nothing when all is well. */
public final class JobSightings {
  private static final Map<QuarantineReason, String> WHAT_TO_DO =
      Map.of(
          QuarantineReason.EncounteredQuarantineException,
          "The target app refuses the credentials: save working ones (ValidateCredentials, then"
              + " SaveCredentials), then restart the job.",
          QuarantineReason.TooManyDeletes,
          "A cycle would delete more accounts than allowed: check the scoping filters and"
              + " assignments, then approve the deletions or restart the job with"
              + " QuarantineState reset.",
          QuarantineReason.EncounteredEscrowProportionThreshold,
          "Most changes failed on individual accounts: read the provisioning logs for the common"
              + " error, fix it, then restart the job.",
          QuarantineReason.QuarantinedOnDemand,
          "Someone quarantined the job on purpose: restart it when the work is done.");

  private JobSightings() {}

  /** The sighting {@code health} amounts to; empty when its severity is none. */
  public static List<Sighting> of(JobKey job, String appDisplayName, JobHealth health) {
    if (health.severity() == JobHealth.Severity.none) {
      return List.of();
    }
    String reason =
        health.quarantineReason() != null
            ? health.quarantineReason().name()
            : health.errorCode() != null ? health.errorCode() : "";
    String todo =
        health.quarantineReason() == null ? null : WHAT_TO_DO.get(health.quarantineReason());
    String app = appDisplayName == null ? job.jobId().value() : appDisplayName;
    return List.of(
        Sighting.of(
                Alert.Source.jobStatus,
                health.state().name(),
                Alert.Severity.valueOf(health.severity().name()))
            .job(job.jobId().value(), job.servicePrincipalId().value(), appDisplayName)
            .reason(reason)
            .title("Provisioning for " + app + " is " + health.state().name())
            .problem(String.join(" ", health.reasons()), todo)
            .errorCode(health.errorCode())
            .troubleshootingUrl(health.troubleshootingUrl())
            .nextAttempt(health.nextAttempt())
            .tenantActionable(health.tenantActionable())
            .build());
  }
}
