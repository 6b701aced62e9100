package com.provisioningops.provisioning;

import com.provisioningops.provisioning.JobHealth.HealthState;
import com.provisioningops.provisioning.JobHealth.Severity;
import com.provisioningops.provisioning.SynchronizationJob.ExecutionResult;
import com.provisioningops.provisioning.SynchronizationJob.Quarantine;
import com.provisioningops.provisioning.SynchronizationJob.QuarantineReason;
import com.provisioningops.provisioning.SynchronizationJob.ScheduleState;
import com.provisioningops.provisioning.SynchronizationJob.Status;
import com.provisioningops.provisioning.SynchronizationJob.StatusCode;
import com.provisioningops.provisioning.SynchronizationJob.SyncError;
import com.provisioningops.provisioning.SynchronizationJob.TaskExecution;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Decides a job's health from what Graph reports: the single home of the health taxonomy, used by
 * the job read, the fleet view and the alert rules alike.
 */
public final class HealthRules {
  private static final Set<QuarantineReason> CRITICAL_AT_ONCE =
      Set.of(QuarantineReason.TooManyDeletes, QuarantineReason.EncounteredQuarantineException);

  /** Microsoft disables a job that stays quarantined this long (Entra's quarantine docs). */
  static final Duration DISABLED_AFTER = Duration.ofDays(28);

  private final HealthThresholds thresholds;

  public HealthRules(HealthThresholds thresholds) {
    this.thresholds = thresholds;
  }

  /**
   * Assesses {@code job} at {@code now}.
   *
   * @param previousCode the status code seen at the previous poll, or null when unknown; a job that
   *     was Active then and is paused or disabled now is worth an info
   */
  public JobHealth assess(SynchronizationJob job, StatusCode previousCode, Instant now) {
    Status status = job.status();
    Verdict v = new Verdict(status);
    ScheduleState schedule = job.schedule() == null ? null : job.schedule().state();
    StatusCode code = status == null ? StatusCode.NotConfigured : status.code();

    if (code == StatusCode.Quarantine && status.quarantine() != null) {
      quarantined(v, status.quarantine(), now);
    } else if (code == StatusCode.NotConfigured) {
      v.set(HealthState.notConfigured, Severity.none)
          .reason("Provisioning is not configured yet: save credentials and start the job.");
    } else if (code == StatusCode.NotRun) {
      v.set(HealthState.notRun, Severity.none).reason("The job has not run yet.");
    } else if (schedule == ScheduleState.Disabled) {
      stopped(v, HealthState.disabled, "Provisioning is turned off for this app.", previousCode);
    } else if (schedule == ScheduleState.Paused || code == StatusCode.Paused) {
      stopped(v, HealthState.paused, "Provisioning is paused.", previousCode);
    } else if (failing(status)) {
      TaskExecution last = status.lastExecution();
      v.set(HealthState.failing, Severity.warning);
      if (last != null && last.state() == ExecutionResult.Failed) {
        v.reason("The last provisioning cycle failed" + describe(last.error()) + ".");
        v.error(last.error());
      }
      if (status.countSuccessiveCompleteFailures() > 0) {
        v.reason(
            status.countSuccessiveCompleteFailures()
                + " cycles in a row failed completely"
                + (status.countSuccessiveCompleteFailures() >= thresholds.failureThreshold()
                    ? " (threshold " + thresholds.failureThreshold() + ")."
                    : "."));
      }
    } else if (lastState(status) == ExecutionResult.EntryLevelErrors) {
      long escrowed = status.lastExecution().countEscrowed();
      boolean many = escrowed > thresholds.escrowWarningCount();
      v.set(HealthState.degraded, many ? Severity.warning : Severity.info)
          .reason(
              "The last cycle finished with errors on individual users or groups: "
                  + escrowed
                  + " escrowed"
                  + (many ? ", above the threshold of " + thresholds.escrowWarningCount() : "")
                  + ". The provisioning logs name each one.");
      v.error(status.lastExecution().error());
    } else if (stale(status, now)) {
      v.set(HealthState.stale, Severity.warning)
          .reason(
              "No provisioning cycle has succeeded in the last "
                  + thresholds.staleHours()
                  + " hours"
                  + (lastSuccess(status) == null
                      ? "."
                      : " (last success " + lastSuccess(status) + ")."));
    } else {
      v.set(HealthState.healthy, Severity.none).reason("Provisioning runs normally.");
    }
    return v.build(lastSuccess(status));
  }

  private void quarantined(Verdict v, Quarantine q, Instant now) {
    boolean longQuarantine =
        q.currentBegan() != null
            && Duration.between(q.currentBegan(), now).toHours()
                >= thresholds.quarantineCriticalHours();
    boolean critical = CRITICAL_AT_ONCE.contains(q.reason()) || longQuarantine;
    v.set(HealthState.quarantined, critical ? Severity.critical : Severity.warning);
    v.quarantine(q);
    v.reason(
        "Provisioning is quarantined"
            + (q.currentBegan() == null ? "" : " since " + q.currentBegan())
            + ": "
            + explain(q.reason())
            + describe(q.error())
            + ".");
    if (longQuarantine && !CRITICAL_AT_ONCE.contains(q.reason())) {
      v.reason(
          "It has been quarantined for more than "
              + thresholds.quarantineCriticalHours()
              + " hours.");
    }
    // Four weeks count from the start of the series (reset only when a quarantine is lifted), not
    // from the latest re-evaluation; a date rather than "in N days", so the text stays the same
    // from one poll to the next.
    Instant began = q.seriesBegan() != null ? q.seriesBegan() : q.currentBegan();
    if (began != null) {
      v.reason(
          "If it is still quarantined on "
              + LocalDate.ofInstant(began.plus(DISABLED_AFTER), ZoneOffset.UTC)
              + " (four weeks after the quarantine began on "
              + LocalDate.ofInstant(began, ZoneOffset.UTC)
              + "), Microsoft turns provisioning off for this app.");
    }
    if (q.nextAttempt() != null) {
      v.reason("Microsoft tries again at " + q.nextAttempt() + ".");
    }
    v.error(q.error());
  }

  private void stopped(Verdict v, HealthState state, String reason, StatusCode previousCode) {
    boolean justStopped = previousCode == StatusCode.Active;
    v.set(state, justStopped ? Severity.info : Severity.none).reason(reason);
    if (justStopped) {
      v.reason("It was running at the previous check.");
    }
  }

  private boolean failing(Status status) {
    return lastState(status) == ExecutionResult.Failed
        || status.countSuccessiveCompleteFailures() >= thresholds.failureThreshold();
  }

  private boolean stale(Status status, Instant now) {
    if (status.code() != StatusCode.Active) {
      return false;
    }
    Instant reference = lastSuccess(status);
    if (reference == null && status.lastExecution() != null) {
      // Never succeeded: count from the first cycle we know of.
      reference = status.lastExecution().timeBegan();
    }
    return reference != null
        && Duration.between(reference, now).toHours() >= thresholds.staleHours();
  }

  private static ExecutionResult lastState(Status status) {
    return status.lastExecution() == null ? null : status.lastExecution().state();
  }

  private static Instant lastSuccess(Status status) {
    if (status == null) {
      return null;
    }
    TaskExecution success = status.lastSuccessfulExecution();
    Instant ended = success == null ? null : success.timeEnded();
    Instant steady = status.steadyStateLastAchievedTime();
    if (ended == null) {
      return steady;
    }
    return steady != null && steady.isAfter(ended) ? steady : ended;
  }

  static String explain(QuarantineReason reason) {
    if (reason == null) {
      return "Graph gave no reason";
    }
    return switch (reason) {
      case EncounteredQuarantineException ->
          "the target app refused the credentials or could not be reached";
      case TooManyDeletes ->
          "a cycle would have deleted more accounts than the accidental-deletion threshold allows";
      case EncounteredEscrowProportionThreshold,
          EncounteredBaseEscrowThreshold,
          EncounteredTotalEscrowThreshold ->
          "too many users or groups failed to provision";
      case QuarantinedOnDemand -> "an admin quarantined it on demand";
      case IngestionInterrupted -> "importing from the source was interrupted";
      case Unknown -> "Graph gave an unknown reason";
    };
  }

  private static String describe(SyncError error) {
    if (error == null || (error.code() == null && error.message() == null)) {
      return "";
    }
    return " ("
        + (error.code() == null ? "" : error.code() + ": ")
        + (error.message() == null ? "" : error.message())
        + ")";
  }

  /** Collects the verdict as the rules decide it. */
  private static final class Verdict {
    private final Status status;
    private HealthState state = HealthState.healthy;
    private Severity severity = Severity.none;
    private final List<String> reasons = new ArrayList<>();
    private QuarantineReason quarantineReason;
    private Instant nextAttempt;
    private String errorCode;
    private Boolean tenantActionable;

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
          url == null || url.isBlank() ? null : url);
    }
  }
}
