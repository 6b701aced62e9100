package com.provisioningops.monitoring.jobs;

import com.provisioningops.alerts.Alert;
import com.provisioningops.alerts.Sighting;
import com.provisioningops.provisioning.HealthRules;
import com.provisioningops.provisioning.JobHealth;
import com.provisioningops.provisioning.SynchronizationJob.QuarantineReason;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns a job's health verdict into what the alert book sees: nothing when all is well. */
public final class JobSightings {
  private static final Map<QuarantineReason, String> WHAT_TO_DO =
      Map.of(
          QuarantineReason.EncounteredQuarantineException,
          "Refused credentials need working ones (ValidateCredentials, then SaveCredentials); a"
              + " cross-tenant target tenant needs its cross-tenant access settings to allow this"
              + " tenant. Then restart the job.",
          QuarantineReason.TooManyDeletes,
          "A cycle would delete more accounts than allowed: check the scoping filters and"
              + " assignments, then approve the deletions or restart the job with"
              + " QuarantineState reset.",
          QuarantineReason.EncounteredEscrowProportionThreshold,
          "Most changes failed on individual accounts: read the provisioning logs for the common"
              + " error, fix it, then restart the job.",
          QuarantineReason.QuarantinedOnDemand,
          "Someone quarantined the job on purpose: restart it when the work is done.");

  /**
   * Three weeks and again six days into a quarantine, a critical alert of its own names the day
   * Microsoft turns provisioning off: the quarantine's own alert went out long ago, and each
   * countdown step must reach subscribers as a new alert (the alert contract has no "escalated"
   * change). Both stay open until the quarantine ends.
   */
  private static final List<Countdown> COUNTDOWN =
      List.of(
          new Countdown("disablesWithinAWeek", Duration.ofDays(7), "in a week or less"),
          new Countdown("disablesWithinADay", Duration.ofDays(1), "within a day"));

  private record Countdown(String reason, Duration left, String words) {}

  private JobSightings() {}

  /** The sightings {@code health} amounts to at {@code now}; empty when its severity is none. */
  public static List<Sighting> of(
      JobKey job, String appDisplayName, JobHealth health, Instant now) {
    if (health.severity() == JobHealth.Severity.none) {
      return List.of();
    }
    String reason =
        health.quarantineReason() != null
            ? health.quarantineReason().name()
            : health.errorCode() != null ? health.errorCode() : "";
    String todo =
        health.state() == JobHealth.HealthState.disabled && health.disablesAt() != null
            ? "Fix what quarantined it, then start the job again (StartJob); a start after a"
                + " quarantine may need RestartJob with QuarantineState reset."
            : health.quarantineReason() == null ? null : WHAT_TO_DO.get(health.quarantineReason());
    String app = appDisplayName == null ? job.jobId().value() : appDisplayName;
    List<Sighting> out = new ArrayList<>();
    out.add(
        Sighting.of(
                Alert.Source.jobStatus,
                health.state().name(),
                Alert.Severity.valueOf(health.severity().name()))
            .job(job.jobId().value(), job.servicePrincipalId().value(), appDisplayName)
            .reason(reason)
            .title(
                "Provisioning for "
                    + app
                    + " is "
                    + health.state().name()
                    + (health.reasons().stream()
                            .anyMatch(r -> r.startsWith(HealthRules.CREDENTIAL_REJECTED))
                        ? ": " + HealthRules.CREDENTIAL_REJECTED.toLowerCase(Locale.ROOT)
                        : ""))
            .problem(String.join(" ", health.reasons()), todo)
            .errorCode(health.errorCode())
            .troubleshootingUrl(health.troubleshootingUrl())
            .nextAttempt(health.nextAttempt())
            .tenantActionable(health.tenantActionable())
            .build());
    if (health.state() == JobHealth.HealthState.quarantined && health.disablesAt() != null) {
      LocalDate off = LocalDate.ofInstant(health.disablesAt(), ZoneOffset.UTC);
      for (Countdown step : COUNTDOWN) {
        if (!now.plus(step.left()).isBefore(health.disablesAt())) {
          out.add(
              Sighting.of(Alert.Source.jobStatus, "quarantineCountdown", Alert.Severity.critical)
                  .job(job.jobId().value(), job.servicePrincipalId().value(), appDisplayName)
                  .reason(step.reason())
                  .title("Microsoft turns provisioning for " + app + " off " + step.words())
                  .problem(
                      "The job has been quarantined for almost four weeks; on "
                          + off
                          + " Microsoft disables it and nothing is provisioned after that. "
                          + String.join(" ", health.reasons()),
                      todo == null
                          ? "Fix what quarantined it (the provisioning logs name the errors),"
                              + " then restart the job."
                          : todo)
                  .errorCode(health.errorCode())
                  .troubleshootingUrl(health.troubleshootingUrl())
                  .nextAttempt(health.nextAttempt())
                  .tenantActionable(health.tenantActionable())
                  .build());
        }
      }
    }
    return out;
  }
}
