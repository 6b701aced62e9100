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

  /** {@code synchronizationSchedule}. */
  public record Schedule(String interval, ScheduleState state, Instant expiration) {}

  /** {@code synchronizationScheduleState}. */
  public enum ScheduleState {
    Active,
    Disabled,
    Paused
  }

  /** {@code synchronizationStatus}. */
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

  /** {@code synchronizationQuarantine}. */
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

  /** {@code synchronizationTaskExecution}. */
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

  /** {@code synchronizationError}. */
  public record SyncError(String code, String message, boolean tenantActionable) {}
}
