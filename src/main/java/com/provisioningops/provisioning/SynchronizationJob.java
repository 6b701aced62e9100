package com.provisioningops.provisioning;

import java.time.Instant;

/**
 * A synchronization job as Graph v1.0 describes it ({@code microsoft.graph.synchronizationJob}),
 * with Graph's own property names and enum values so that admins and flow makers recognise it.
 * Properties Graph leaves out are null; Graph's {@code 0001-01-01T00:00:00Z} ("never") is null.
 *
 * @param id the job id
 * @param templateId the synchronization template the job was created from
 * @param schedule when the job runs
 * @param status what the job did last and whether it is quarantined
 */
public record SynchronizationJob(String id, String templateId, Schedule schedule, Status status) {

  /**
   * {@code synchronizationSchedule}.
   *
   * @param interval the time between runs, as an ISO 8601 duration such as PT40M
   * @param state Active, Disabled or Paused
   * @param expiration when the job stops running on its own; absent when it never does
   */
  public record Schedule(String interval, ScheduleState state, Instant expiration) {}

  /** {@code synchronizationScheduleState}. */
  public enum ScheduleState {
    Active,
    Disabled,
    Paused
  }

  /**
   * {@code synchronizationStatus}.
   *
   * @param code the job's state: NotConfigured, NotRun, Active, Paused or Quarantine
   * @param countSuccessiveCompleteFailures runs in a row that failed completely
   * @param escrowsPruned true when the job dropped objects it kept failing on (escrows) during its
   *     first cycle
   * @param lastExecution the most recent run
   * @param lastSuccessfulExecution the most recent run that succeeded
   * @param lastSuccessfulExecutionWithExports the most recent successful run that changed the
   *     target app
   * @param quarantine why and since when the job is quarantined; absent when it is not
   * @param steadyStateFirstAchievedTime when the job first caught up with every change
   * @param steadyStateLastAchievedTime when the job last caught up with every change
   * @param troubleshootingUrl Microsoft's troubleshooting page for the job's error, when it has one
   */
  public record Status(
      StatusCode code,
      long countSuccessiveCompleteFailures,
      boolean escrowsPruned,
      TaskExecution lastExecution,
      TaskExecution lastSuccessfulExecution,
      TaskExecution lastSuccessfulExecutionWithExports,
      Quarantine quarantine,
      Instant steadyStateFirstAchievedTime,
      Instant steadyStateLastAchievedTime,
      String troubleshootingUrl) {}

  /** {@code synchronizationStatusCode}. */
  public enum StatusCode {
    NotConfigured,
    NotRun,
    Active,
    Paused,
    Quarantine
  }

  /**
   * {@code synchronizationQuarantine}.
   *
   * @param currentBegan when the quarantine was last imposed
   * @param nextAttempt when Microsoft will next try the job again
   * @param reason why the job is quarantined, such as EncounteredQuarantineException
   * @param seriesBegan when this series of quarantines began
   * @param seriesCount how many times in this series the quarantine was checked and kept
   * @param error the error that caused the quarantine
   */
  public record Quarantine(
      Instant currentBegan,
      Instant nextAttempt,
      QuarantineReason reason,
      Instant seriesBegan,
      long seriesCount,
      SyncError error) {}

  /** {@code quarantineReason}: one value each, not flags. */
  public enum QuarantineReason {
    EncounteredBaseEscrowThreshold,
    EncounteredTotalEscrowThreshold,
    EncounteredEscrowProportionThreshold,
    EncounteredQuarantineException,
    Unknown,
    QuarantinedOnDemand,
    TooManyDeletes,
    IngestionInterrupted
  }

  /**
   * {@code synchronizationTaskExecution}.
   *
   * @param activityIdentifier the run's id, as the provisioning logs name it (cycleId)
   * @param countEntitled objects in scope for the app that the run processed
   * @param countEscrowed objects the run failed on and will try again (escrows)
   * @param countExported objects the run wrote to the target app
   * @param countImported objects the run read from the source
   * @param error the run's error; absent when it succeeded
   * @param state Succeeded, Failed or EntryLevelErrors (succeeded, but some objects failed)
   * @param timeBegan when the run began
   * @param timeEnded when the run ended
   */
  public record TaskExecution(
      String activityIdentifier,
      long countEntitled,
      long countEscrowed,
      long countExported,
      long countImported,
      SyncError error,
      ExecutionResult state,
      Instant timeBegan,
      Instant timeEnded) {}

  /** {@code synchronizationTaskExecutionResult}. */
  public enum ExecutionResult {
    Succeeded,
    Failed,
    EntryLevelErrors
  }

  /**
   * {@code synchronizationError}.
   *
   * @param code Graph's error code
   * @param message what went wrong, as Graph says it
   * @param tenantActionable true when an admin of this tenant can fix it
   */
  public record SyncError(String code, String message, boolean tenantActionable) {}
}
