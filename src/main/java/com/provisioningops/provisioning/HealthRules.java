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
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides a job's health from what Graph reports: the single home of the health taxonomy, used by
 * the job read, the fleet view and the alert rules alike.
 */
public final class HealthRules {
  private static final Set<QuarantineReason> CRITICAL_AT_ONCE =
      Set.of(QuarantineReason.TooManyDeletes, QuarantineReason.EncounteredQuarantineException);

  /** The label of a job whose target app refuses the saved credentials (401 or 403 from it). */
  public static final String CREDENTIAL_REJECTED = "Target credential rejected";

  /** Microsoft disables a job that stays quarantined this long (Entra's quarantine docs). */
  static final Duration DISABLED_AFTER = Duration.ofDays(28);

  private static final Pattern REJECTED =
      Pattern.compile(
          "\\b(401|403)\\b|Unauthori[sz]ed|Forbidden|CredentialValidation|InvalidCredential",
          Pattern.CASE_INSENSITIVE);

  private final HealthThresholds thresholds;

  public HealthRules(HealthThresholds thresholds) {
    this.thresholds = thresholds;
  }

  /**
   * Assesses {@code job} at {@code now}.
   *
   * @param earlier what earlier polls saw, this reading's cycle included ({@link
   *     JobHistory#UNKNOWN} when nothing is known): a job that was Active then and is paused or
   *     disabled now is worth an info; one turned off while quarantined is critical; one whose
   *     current cycle is long overdue by its own rhythm is falling behind
   */
  public JobHealth assess(SynchronizationJob job, JobHistory earlier, Instant now) {
    Status status = job.status();
    Verdict v = new Verdict(status);
    ScheduleState schedule = job.schedule() == null ? null : job.schedule().state();
    StatusCode code = status == null ? StatusCode.NotConfigured : status.code();
    StatusCode previousCode = earlier.code();
    Duration rhythm = code == StatusCode.Active ? overdueRhythm(earlier, now) : null;

    if (schedule == ScheduleState.Disabled && turnedOffInQuarantine(status, earlier)) {
      turnedOff(v, status, earlier, now, job.templateId());
    } else if (code == StatusCode.Quarantine && status.quarantine() != null) {
      quarantined(v, status.quarantine(), now, job.templateId());
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
        rejectedCredential(v, last.error(), JobKind.of(job.templateId()));
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
    } else if (rhythm != null && !stale(status, now)) {
      // Before entry-level errors: the last cycle's errors matter less than no cycle at all.
      v.set(HealthState.fallingBehind, Severity.warning)
          .reason(
              "Its last cycle began at "
                  + earlier.lastCycleStart().truncatedTo(ChronoUnit.SECONDS)
                  + ", more than "
                  + thresholds.cycleOverdueFactor()
                  + " times its usual interval of "
                  + human(rhythm)
                  + " ago (the median of its last "
                  + (earlier.cycleStarts().size() - 1)
                  + " cycles).")
          .reason(
              "Cycles this slow usually mean the source or target answers slowly, or far more"
                  + " changes than usual: the provisioning logs of the running cycle show which.");
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

  private void quarantined(Verdict v, Quarantine q, Instant now, String templateId) {
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
            + explain(q.reason(), templateId)
            + describe(q.error())
            + ".");
    rejectedCredential(v, q.error(), JobKind.of(templateId));
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
      v.disablesAt(began.plus(DISABLED_AFTER));
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

  /**
   * A job quarantined now or at the previous poll whose schedule is Disabled: what Microsoft does
   * four weeks into a quarantine. Graph may report it as quarantined still or not at all, so the
   * previous verdict carries the fact from poll to poll until the job is started again.
   */
  private static boolean turnedOffInQuarantine(Status status, JobHistory earlier) {
    JobHealth before = earlier.health();
    return (status != null && status.code() == StatusCode.Quarantine)
        || (before != null
            && (before.state() == HealthState.quarantined
                || (before.state() == HealthState.disabled && before.disablesAt() != null)));
  }

  private void turnedOff(
      Verdict v, Status status, JobHistory earlier, Instant now, String templateId) {
    Quarantine q = status == null ? null : status.quarantine();
    Instant began = q == null ? null : q.seriesBegan() != null ? q.seriesBegan() : q.currentBegan();
    Instant off =
        began != null
            ? began.plus(DISABLED_AFTER)
            : earlier.health() != null && earlier.health().disablesAt() != null
                ? earlier.health().disablesAt()
                : now;
    // Before the four weeks are up, someone chose to turn it off: worth a look, not a page.
    boolean byAdmin = off.isAfter(now.plus(Duration.ofDays(1)));
    v.set(HealthState.disabled, byAdmin ? Severity.warning : Severity.critical).disablesAt(off);
    v.reason(
        "Provisioning is turned off: the job was quarantined"
            + (byAdmin
                ? " when it was disabled."
                : " for four weeks, and Microsoft disables a job quarantined that long (due "
                    + LocalDate.ofInstant(off, ZoneOffset.UTC)
                    + ").")
            + " Nothing is provisioned until it is started again.");
    if (q != null) {
      v.quarantine(q);
      v.reason(
          "The quarantine's cause: " + explain(q.reason(), templateId) + describe(q.error()) + ".");
      v.error(q.error());
    }
  }

  /**
   * Graph passes the target app's refusal on in the error's code or text; the same rotation steps
   * fix it whether the credential expired, was revoked or was mistyped.
   */
  private static void rejectedCredential(Verdict v, SyncError error, JobKind kind) {
    if (error == null) {
      return;
    }
    String words = (error.code() == null ? "" : error.code()) + " " + error.message();
    if (REJECTED.matcher(words).find()) {
      v.reason(
          CREDENTIAL_REJECTED
              + ": "
              + kind.credentialHolder()
              + " refuses the saved credentials. "
              + (kind == JobKind.crossTenant
                  ? "Check that the target tenant's cross-tenant access settings still allow"
                      + " inbound synchronization from this tenant, then restart the job."
                  : "Get a new credential from it, set it as a new version of its Key Vault"
                      + " secret, then save the credentials again (SaveCredentials): Graph keeps"
                      + " its own copy, so a new version in the vault changes nothing until it is"
                      + " saved."));
    }
  }

  /** The job's usual interval when its current cycle is overdue by more than the factor. */
  private Duration overdueRhythm(JobHistory earlier, Instant now) {
    Instant last = earlier.lastCycleStart();
    Duration shortest = earlier.shortestInterval();
    if (last == null || shortest == null) {
      return null;
    }
    Duration elapsed = Duration.between(last, now);
    // Every poll judges every job: a cycle not overdue even by the shortest interval (the usual
    // case) needs no median, which sorts.
    if (elapsed.compareTo(shortest.multipliedBy(thresholds.cycleOverdueFactor())) <= 0) {
      return null;
    }
    Duration median = earlier.medianInterval();
    return !median.isZero()
            && elapsed.compareTo(median.multipliedBy(thresholds.cycleOverdueFactor())) > 0
        ? median
        : null;
  }

  private static String human(Duration d) {
    return d.toMinutes() < 120 ? d.toMinutes() + " minutes" : d.toHours() + " hours";
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

  static String explain(QuarantineReason reason, String templateId) {
    if (reason == null) {
      return "Graph gave no reason";
    }
    JobKind kind = JobKind.of(templateId);
    return switch (reason) {
      case EncounteredQuarantineException ->
          kind.credentialHolder() + " refused the credentials or could not be reached";
      case TooManyDeletes ->
          "a cycle would have deleted more accounts in "
              + kind.target(templateId)
              + " than the accidental-deletion threshold allows";
      case EncounteredEscrowProportionThreshold,
          EncounteredBaseEscrowThreshold,
          EncounteredTotalEscrowThreshold ->
          "too many users or groups failed to provision";
      case QuarantinedOnDemand -> "an admin quarantined it on demand";
      case IngestionInterrupted -> "importing from " + kind.source() + " was interrupted";
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
}
