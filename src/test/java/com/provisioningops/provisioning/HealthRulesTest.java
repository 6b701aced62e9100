package com.provisioningops.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.provisioningops.provisioning.JobHealth.HealthState;
import com.provisioningops.provisioning.JobHealth.Severity;
import com.provisioningops.provisioning.SynchronizationJob.ExecutionResult;
import com.provisioningops.provisioning.SynchronizationJob.Quarantine;
import com.provisioningops.provisioning.SynchronizationJob.QuarantineReason;
import com.provisioningops.provisioning.SynchronizationJob.Schedule;
import com.provisioningops.provisioning.SynchronizationJob.ScheduleState;
import com.provisioningops.provisioning.SynchronizationJob.Status;
import com.provisioningops.provisioning.SynchronizationJob.StatusCode;
import com.provisioningops.provisioning.SynchronizationJob.SyncError;
import com.provisioningops.provisioning.SynchronizationJob.TaskExecution;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The health taxonomy, rule by rule. */
class HealthRulesTest {
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  private final HealthRules rules = new HealthRules(HealthThresholds.DEFAULTS);

  // ---- given

  private static TaskExecution run(
      ExecutionResult state, Duration ago, long escrowed, String code) {
    Instant ended = NOW.minus(ago);
    return new TaskExecution(
        "a",
        10,
        escrowed,
        1,
        10,
        code == null ? null : new SyncError(code, "msg", true),
        state,
        ended.minusSeconds(60),
        ended);
  }

  private static SynchronizationJob givenJob(
      ScheduleState schedule,
      StatusCode code,
      TaskExecution last,
      TaskExecution success,
      long failures,
      Quarantine quarantine) {
    return new SynchronizationJob(
        "scim.0.1",
        "scim",
        new Schedule("PT40M", schedule, null),
        new Status(
            code,
            failures,
            false,
            last,
            success,
            success,
            quarantine,
            null,
            success == null ? null : success.timeEnded(),
            "https://aka.ms/troubleshoot"));
  }

  private static SynchronizationJob givenHealthyJob() {
    TaskExecution ok = run(ExecutionResult.Succeeded, Duration.ofMinutes(20), 0, null);
    return givenJob(ScheduleState.Active, StatusCode.Active, ok, ok, 0, null);
  }

  private static SynchronizationJob givenJobInQuarantine(QuarantineReason reason, Duration since) {
    TaskExecution ok = run(ExecutionResult.Succeeded, Duration.ofHours(1), 0, null);
    Quarantine q =
        new Quarantine(
            NOW.minus(since),
            NOW.plus(Duration.ofHours(2)),
            reason,
            NOW.minus(since),
            1,
            new SyncError("QuarantineCode", "why", true));
    return givenJob(ScheduleState.Active, StatusCode.Quarantine, ok, ok, 0, q);
  }

  private JobHealth assess(SynchronizationJob job) {
    return rules.assess(job, JobHistory.UNKNOWN, NOW);
  }

  // ---- then

  @Test
  void activeJobWithARecentSuccessIsHealthy() {
    JobHealth health = assess(givenHealthyJob());

    assertThat(health.state()).isEqualTo(HealthState.healthy);
    assertThat(health.severity()).isEqualTo(Severity.none);
    assertThat(health.troubleshootingUrl()).isEqualTo("https://aka.ms/troubleshoot");
  }

  @Test
  void tooManyDeletesQuarantineIsCriticalAtOnce() {
    JobHealth health =
        assess(givenJobInQuarantine(QuarantineReason.TooManyDeletes, Duration.ofMinutes(5)));

    assertThat(health.state()).isEqualTo(HealthState.quarantined);
    assertThat(health.severity()).isEqualTo(Severity.critical);
    assertThat(health.quarantineReason()).isEqualTo(QuarantineReason.TooManyDeletes);
    assertThat(health.nextAttempt()).isEqualTo(NOW.plus(Duration.ofHours(2)));
    assertThat(health.errorCode()).isEqualTo("QuarantineCode");
    assertThat(health.tenantActionable()).isTrue();
  }

  @Test
  void badCredentialsQuarantineIsCriticalAtOnce() {
    assertThat(
            assess(
                    givenJobInQuarantine(
                        QuarantineReason.EncounteredQuarantineException, Duration.ofMinutes(5)))
                .severity())
        .isEqualTo(Severity.critical);
  }

  @Test
  void aQuarantineSaysTheDayMicrosoftTurnsProvisioningOffCountedFromTheStartOfItsSeries() {
    TaskExecution ok = run(ExecutionResult.Succeeded, Duration.ofHours(1), 0, null);
    Quarantine reEvaluatedToday =
        new Quarantine(
            NOW.minus(Duration.ofHours(3)),
            NOW.plus(Duration.ofHours(2)),
            QuarantineReason.EncounteredEscrowProportionThreshold,
            Instant.parse("2026-10-31T12:00:00Z"),
            9,
            new SyncError("QuarantineCode", "why", true));

    JobHealth health =
        assess(givenJob(ScheduleState.Active, StatusCode.Quarantine, ok, ok, 0, reEvaluatedToday));

    assertThat(health.reasons())
        .contains(
            "If it is still quarantined on 2026-11-28 (four weeks after the quarantine began on"
                + " 2026-10-31), Microsoft turns provisioning off for this app.");
  }

  @Test
  void otherQuarantineIsAWarningUntilItLastsTheCriticalHours() {
    assertThat(
            assess(
                    givenJobInQuarantine(
                        QuarantineReason.EncounteredEscrowProportionThreshold,
                        Duration.ofHours(23)))
                .severity())
        .isEqualTo(Severity.warning);
    assertThat(
            assess(
                    givenJobInQuarantine(
                        QuarantineReason.EncounteredEscrowProportionThreshold,
                        Duration.ofHours(24)))
                .severity())
        .isEqualTo(Severity.critical);
  }

  @Test
  void failedLastRunIsFailing() {
    TaskExecution failed = run(ExecutionResult.Failed, Duration.ofMinutes(5), 0, "ScimBadResponse");
    TaskExecution ok = run(ExecutionResult.Succeeded, Duration.ofHours(1), 0, null);

    JobHealth health =
        assess(givenJob(ScheduleState.Active, StatusCode.Active, failed, ok, 1, null));

    assertThat(health.state()).isEqualTo(HealthState.failing);
    assertThat(health.severity()).isEqualTo(Severity.warning);
    assertThat(health.errorCode()).isEqualTo("ScimBadResponse");
  }

  @Test
  void successiveFailuresAtTheThresholdAreFailingEvenAfterAnEntryLevelRun() {
    TaskExecution partial = run(ExecutionResult.EntryLevelErrors, Duration.ofMinutes(5), 2, null);
    TaskExecution ok = run(ExecutionResult.Succeeded, Duration.ofHours(1), 0, null);

    JobHealth health =
        assess(givenJob(ScheduleState.Active, StatusCode.Active, partial, ok, 3, null));

    assertThat(health.state()).isEqualTo(HealthState.failing);
    assertThat(health.countSuccessiveCompleteFailures()).isEqualTo(3);
  }

  @Test
  void entryLevelErrorsAreDegradedInfoUpToTheEscrowThreshold() {
    TaskExecution ok = run(ExecutionResult.Succeeded, Duration.ofHours(1), 0, null);
    TaskExecution few = run(ExecutionResult.EntryLevelErrors, Duration.ofMinutes(5), 100, null);
    TaskExecution many = run(ExecutionResult.EntryLevelErrors, Duration.ofMinutes(5), 101, null);

    JobHealth atThreshold =
        assess(givenJob(ScheduleState.Active, StatusCode.Active, few, ok, 0, null));
    JobHealth above = assess(givenJob(ScheduleState.Active, StatusCode.Active, many, ok, 0, null));

    assertThat(atThreshold.state()).isEqualTo(HealthState.degraded);
    assertThat(atThreshold.severity()).isEqualTo(Severity.info);
    assertThat(above.severity()).isEqualTo(Severity.warning);
  }

  @Test
  void activeJobWithoutASuccessForTheStaleHoursIsStale() {
    TaskExecution old = run(ExecutionResult.Succeeded, Duration.ofHours(6), 0, null);

    JobHealth health = assess(givenJob(ScheduleState.Active, StatusCode.Active, old, old, 0, null));

    assertThat(health.state()).isEqualTo(HealthState.stale);
    assertThat(health.severity()).isEqualTo(Severity.warning);
    assertThat(health.lastSuccessfulRunAt()).isEqualTo(NOW.minus(Duration.ofHours(6)));
  }

  @Test
  void pausedJobIsInfoOnlyWhenItWasActiveAtThePreviousPoll() {
    TaskExecution ok = run(ExecutionResult.Succeeded, Duration.ofHours(1), 0, null);
    SynchronizationJob paused = givenJob(ScheduleState.Paused, StatusCode.Paused, ok, ok, 0, null);

    assertThat(
            rules
                .assess(paused, new JobHistory(StatusCode.Active, null, List.of()), NOW)
                .severity())
        .isEqualTo(Severity.info);
    assertThat(
            rules
                .assess(paused, new JobHistory(StatusCode.Paused, null, List.of()), NOW)
                .severity())
        .isEqualTo(Severity.none);
    assertThat(rules.assess(paused, JobHistory.UNKNOWN, NOW).state()).isEqualTo(HealthState.paused);
  }

  @Test
  void disabledScheduleIsDisabled() {
    TaskExecution ok = run(ExecutionResult.Succeeded, Duration.ofDays(3), 0, null);

    JobHealth health = assess(givenJob(ScheduleState.Disabled, StatusCode.Paused, ok, ok, 0, null));

    assertThat(health.state()).isEqualTo(HealthState.disabled);
  }

  @Test
  void newJobIsNotConfiguredAndAStartedOneThatNeverRanIsNotRun() {
    assertThat(
            assess(givenJob(ScheduleState.Disabled, StatusCode.NotConfigured, null, null, 0, null))
                .state())
        .isEqualTo(HealthState.notConfigured);
    assertThat(
            assess(givenJob(ScheduleState.Active, StatusCode.NotRun, null, null, 0, null)).state())
        .isEqualTo(HealthState.notRun);
  }

  @Test
  void unhealthyVerdictEndsWithTheTroubleshootingLink() {
    JobHealth health =
        assess(givenJobInQuarantine(QuarantineReason.TooManyDeletes, Duration.ofMinutes(1)));

    assertThat(health.reasons())
        .last()
        .asString()
        .isEqualTo("Troubleshooting: https://aka.ms/troubleshoot");
  }

  // ---- four weeks in quarantine, and a job's own rhythm

  private static JobHistory givenCyclesEvery(Duration interval, int cycles, Instant lastBegan) {
    List<Instant> starts = new java.util.ArrayList<>();
    for (int i = cycles - 1; i >= 0; i--) {
      starts.add(lastBegan.minus(interval.multipliedBy(i)));
    }
    return new JobHistory(StatusCode.Active, null, starts);
  }

  @Test
  void aQuarantinedJobCarriesTheDayMicrosoftTurnsItOff() {
    JobHealth health =
        assess(
            givenJobInQuarantine(
                QuarantineReason.EncounteredEscrowProportionThreshold, Duration.ofDays(22)));

    assertThat(health.disablesAt()).isEqualTo(NOW.plus(Duration.ofDays(6)));
  }

  @Test
  void aJobMicrosoftTurnedOffAfterFourWeeksInQuarantineIsCriticalUntilItIsStartedAgain() {
    JobHealth quarantined =
        assess(
            givenJobInQuarantine(
                QuarantineReason.EncounteredEscrowProportionThreshold, Duration.ofDays(28)));
    TaskExecution ok = run(ExecutionResult.Succeeded, Duration.ofDays(28), 0, null);
    // Graph reports the job disabled and no longer names the quarantine.
    SynchronizationJob turnedOff =
        givenJob(ScheduleState.Disabled, StatusCode.Paused, ok, ok, 0, null);

    JobHealth first =
        rules.assess(turnedOff, new JobHistory(StatusCode.Quarantine, quarantined, List.of()), NOW);
    JobHealth later =
        rules.assess(
            turnedOff,
            new JobHistory(StatusCode.Paused, first, List.of()),
            NOW.plus(Duration.ofDays(3)));

    assertThat(first.state()).isEqualTo(HealthState.disabled);
    assertThat(first.severity()).isEqualTo(Severity.critical);
    assertThat(first.disablesAt()).isEqualTo(quarantined.disablesAt());
    assertThat(String.join(" ", first.reasons()))
        .contains("Microsoft disables a job quarantined that long");
    assertThat(later.severity()).as("still off days later").isEqualTo(Severity.critical);
    assertThat(
            rules
                .assess(givenHealthyJob(), new JobHistory(StatusCode.Paused, later, List.of()), NOW)
                .state())
        .as("started again")
        .isEqualTo(HealthState.healthy);
  }

  @Test
  void aJobGraphStillReportsQuarantinedButDisabledIsTurnedOffEvenWithoutHistory() {
    TaskExecution ok = run(ExecutionResult.Succeeded, Duration.ofDays(29), 0, null);
    Quarantine q =
        new Quarantine(
            NOW.minus(Duration.ofDays(1)),
            null,
            QuarantineReason.EncounteredQuarantineException,
            NOW.minus(Duration.ofDays(29)),
            40,
            null);

    JobHealth health =
        assess(givenJob(ScheduleState.Disabled, StatusCode.Quarantine, ok, ok, 0, q));

    assertThat(health.state()).isEqualTo(HealthState.disabled);
    assertThat(health.severity()).isEqualTo(Severity.critical);
    assertThat(health.quarantineReason())
        .isEqualTo(QuarantineReason.EncounteredQuarantineException);
  }

  @Test
  void aQuarantinedJobAnAdminTurnedOffEarlyIsAWarningNotAPage() {
    JobHealth quarantined =
        assess(givenJobInQuarantine(QuarantineReason.TooManyDeletes, Duration.ofDays(2)));
    TaskExecution ok = run(ExecutionResult.Succeeded, Duration.ofDays(2), 0, null);

    JobHealth health =
        rules.assess(
            givenJob(ScheduleState.Disabled, StatusCode.Paused, ok, ok, 0, null),
            new JobHistory(StatusCode.Quarantine, quarantined, List.of()),
            NOW);

    assertThat(health.state()).isEqualTo(HealthState.disabled);
    assertThat(health.severity()).isEqualTo(Severity.warning);
  }

  @Test
  void aJobWhoseCycleIsOverdueByThreeTimesItsOwnMedianIsFallingBehind() {
    Instant lastBegan = NOW.minus(Duration.ofMinutes(121));
    JobHistory rhythm = givenCyclesEvery(Duration.ofMinutes(40), 8, lastBegan);

    JobHealth behind = rules.assess(givenHealthyJob(), rhythm, NOW);
    JobHealth onTime =
        rules.assess(givenHealthyJob(), rhythm, lastBegan.plus(Duration.ofMinutes(119)));

    assertThat(behind.state()).isEqualTo(HealthState.fallingBehind);
    assertThat(behind.severity()).isEqualTo(Severity.warning);
    assertThat(behind.reasons().get(0))
        .contains("more than 3 times its usual interval of 40 minutes")
        .contains("the median of its last 7 cycles");
    assertThat(onTime.state()).isEqualTo(HealthState.healthy);
  }

  @Test
  void aJobWithTooLittleHistoryIsJudgedByTheOtherRulesOnly() {
    JobHistory young = givenCyclesEvery(Duration.ofMinutes(40), 4, NOW.minus(Duration.ofHours(5)));

    assertThat(rules.assess(givenHealthyJob(), young, NOW).state()).isEqualTo(HealthState.healthy);
  }

  @Test
  void aJobWithoutASuccessForTheStaleHoursIsStaleEvenWhenItIsAlsoBehind() {
    TaskExecution old = run(ExecutionResult.Succeeded, Duration.ofHours(7), 0, null);
    SynchronizationJob job = givenJob(ScheduleState.Active, StatusCode.Active, old, old, 0, null);
    JobHistory rhythm = givenCyclesEvery(Duration.ofMinutes(40), 8, NOW.minus(Duration.ofHours(7)));

    assertThat(rules.assess(job, rhythm, NOW).state()).isEqualTo(HealthState.stale);
  }

  @Test
  void aCycleSeenTwiceCountsOnceAndTheHistoryKeepsItsNewestCycles() {
    JobHistory history = JobHistory.UNKNOWN;
    for (int i = 0; i < 20; i++) {
      history = history.withCycle(NOW.plus(Duration.ofMinutes(40L * i)));
      history = history.withCycle(NOW.plus(Duration.ofMinutes(40L * i)));
    }

    assertThat(history.cycleStarts()).hasSize(JobHistory.KEPT);
    assertThat(history.lastCycleStart()).isEqualTo(NOW.plus(Duration.ofMinutes(40L * 19)));
    assertThat(history.medianInterval()).isEqualTo(Duration.ofMinutes(40));
  }

  @Test
  void aJobWhoseTargetRefusesTheCredentialsIsLabelledWithTheRotationSteps() {
    TaskExecution ok = run(ExecutionResult.Succeeded, Duration.ofHours(1), 0, null);
    Quarantine refused =
        new Quarantine(
            NOW.minus(Duration.ofHours(1)),
            null,
            QuarantineReason.EncounteredQuarantineException,
            NOW.minus(Duration.ofHours(1)),
            1,
            new SyncError(
                "SystemForCrossDomainIdentityManagementCredentialValidationUnavailable",
                "The target app answered 401 Unauthorized.",
                true));
    TaskExecution forbidden =
        new TaskExecution(
            "a",
            0,
            0,
            0,
            0,
            new SyncError("HttpError", "403 from the target", true),
            ExecutionResult.Failed,
            NOW.minusSeconds(90),
            NOW.minusSeconds(30));

    JobHealth quarantined =
        assess(givenJob(ScheduleState.Active, StatusCode.Quarantine, ok, ok, 0, refused));
    JobHealth failing =
        assess(givenJob(ScheduleState.Active, StatusCode.Active, forbidden, ok, 1, null));
    JobHealth deletes =
        assess(givenJobInQuarantine(QuarantineReason.TooManyDeletes, Duration.ofHours(1)));

    assertThat(quarantined.reasons())
        .anyMatch(
            r -> r.startsWith(HealthRules.CREDENTIAL_REJECTED) && r.contains("SaveCredentials"));
    assertThat(failing.reasons()).anyMatch(r -> r.startsWith(HealthRules.CREDENTIAL_REJECTED));
    assertThat(deletes.reasons()).noneMatch(r -> r.startsWith(HealthRules.CREDENTIAL_REJECTED));
  }

  @Test
  void eachKindOfJobIsExplainedNamingItsOwnSides() {
    SynchronizationJob refused =
        givenJobInQuarantine(QuarantineReason.EncounteredQuarantineException, Duration.ofHours(1));

    for (var expected :
        java.util.Map.of(
                "Azure2Azure", "the target tenant refused the credentials",
                "Workday2AAD", "the HR system refused the credentials",
                "SuccessFactors2AD", "the HR system refused the credentials",
                "API2AAD", "Entra ID or the provisioning agent refused the credentials",
                "slack", "the target app refused the credentials")
            .entrySet()) {
      SynchronizationJob job =
          new SynchronizationJob(
              expected.getKey() + ".x.y", expected.getKey(), refused.schedule(), refused.status());

      assertThat(assess(job).reasons().get(0)).as(expected.getKey()).contains(expected.getValue());
    }
    assertThat(JobKind.of("SuccessFactors2AD").target("SuccessFactors2AD"))
        .isEqualTo("Active Directory");
    assertThat(JobKind.of("API2AAD").target("API2AAD")).isEqualTo("Entra ID");
    assertThat(JobKind.of("Workday").target("Workday")).isEqualTo("Active Directory");
  }
}
