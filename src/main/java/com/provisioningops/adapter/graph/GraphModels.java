package com.provisioningops.adapter.graph;

import com.microsoft.graph.models.ProvisioningObjectSummary;
import com.microsoft.graph.models.SynchronizationError;
import com.microsoft.graph.models.SynchronizationQuarantine;
import com.microsoft.graph.models.SynchronizationSchedule;
import com.microsoft.graph.models.SynchronizationStatus;
import com.microsoft.graph.models.SynchronizationTaskExecution;
import com.provisioningops.provisioning.ApplicationTemplate;
import com.provisioningops.provisioning.ProvisioningEvent;
import com.provisioningops.provisioning.SynchronizationJob;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Graph SDK models as the core's records, with Graph's property names and enum values kept; used by
 * the provisioning client and the fleet reader alike. Graph's "never" ({@code
 * 0001-01-01T00:00:00Z}) becomes null.
 */
final class GraphModels {
  /** Graph writes "never" as the smallest date. */
  static final Instant NEVER_BEFORE = Instant.parse("1900-01-01T00:00:00Z");

  private GraphModels() {}

  static ProvisioningEvent toEvent(ProvisioningObjectSummary e) {
    var status = e.getProvisioningStatusInfo();
    var error = status == null ? null : status.getErrorInformation();
    return new ProvisioningEvent(
        e.getId(),
        e.getActivityDateTime() == null ? null : e.getActivityDateTime().toInstant(),
        e.getJobId(),
        e.getCycleId(),
        e.getServicePrincipal() == null ? null : e.getServicePrincipal().getId(),
        e.getServicePrincipal() == null ? null : e.getServicePrincipal().getDisplayName(),
        e.getProvisioningAction() == null ? null : e.getProvisioningAction().getValue(),
        status == null || status.getStatus() == null ? null : status.getStatus().getValue(),
        error == null ? null : error.getErrorCode(),
        error == null || error.getErrorCategory() == null
            ? null
            : error.getErrorCategory().getValue(),
        error == null ? null : error.getReason(),
        error == null ? null : error.getRecommendedAction(),
        e.getSourceIdentity() == null ? null : e.getSourceIdentity().getId(),
        e.getSourceIdentity() == null ? null : e.getSourceIdentity().getDisplayName(),
        e.getTargetIdentity() == null ? null : e.getTargetIdentity().getId(),
        e.getDurationInMilliseconds());
  }

  static ApplicationTemplate toTemplate(com.microsoft.graph.models.ApplicationTemplate t) {
    return new ApplicationTemplate(
        t.getId(),
        t.getDisplayName(),
        t.getDescription(),
        t.getPublisher(),
        t.getCategories() == null ? List.of() : t.getCategories(),
        t.getHomePageUrl(),
        t.getLogoUrl(),
        t.getSupportedProvisioningTypes() == null ? List.of() : t.getSupportedProvisioningTypes(),
        t.getSupportedSingleSignOnModes() == null ? List.of() : t.getSupportedSingleSignOnModes());
  }

  static SynchronizationJob toJob(com.microsoft.graph.models.SynchronizationJob j) {
    return new SynchronizationJob(
        j.getId(), j.getTemplateId(), toSchedule(j.getSchedule()), toStatus(j.getStatus()));
  }

  private static SynchronizationJob.Schedule toSchedule(SynchronizationSchedule s) {
    if (s == null) {
      return null;
    }
    return new SynchronizationJob.Schedule(
        s.getInterval() == null ? null : s.getInterval().toString(),
        s.getState() == null
            ? null
            : SynchronizationJob.ScheduleState.valueOf(s.getState().getValue()),
        instant(s.getExpiration()));
  }

  private static SynchronizationJob.Status toStatus(SynchronizationStatus s) {
    if (s == null) {
      return null;
    }
    return new SynchronizationJob.Status(
        s.getCode() == null
            ? SynchronizationJob.StatusCode.NotConfigured
            : SynchronizationJob.StatusCode.valueOf(s.getCode().getValue()),
        s.getCountSuccessiveCompleteFailures() == null ? 0 : s.getCountSuccessiveCompleteFailures(),
        Boolean.TRUE.equals(s.getEscrowsPruned()),
        toExecution(s.getLastExecution()),
        toExecution(s.getLastSuccessfulExecution()),
        toExecution(s.getLastSuccessfulExecutionWithExports()),
        toQuarantine(s.getQuarantine()),
        instant(s.getSteadyStateFirstAchievedTime()),
        instant(s.getSteadyStateLastAchievedTime()),
        s.getTroubleshootingUrl());
  }

  private static SynchronizationJob.Quarantine toQuarantine(SynchronizationQuarantine q) {
    if (q == null) {
      return null;
    }
    return new SynchronizationJob.Quarantine(
        instant(q.getCurrentBegan()),
        instant(q.getNextAttempt()),
        q.getReason() == null
            ? SynchronizationJob.QuarantineReason.Unknown
            : SynchronizationJob.QuarantineReason.valueOf(q.getReason().getValue()),
        instant(q.getSeriesBegan()),
        q.getSeriesCount() == null ? 0 : q.getSeriesCount(),
        toError(q.getError()));
  }

  private static SynchronizationJob.TaskExecution toExecution(SynchronizationTaskExecution e) {
    if (e == null) {
      return null;
    }
    return new SynchronizationJob.TaskExecution(
        e.getActivityIdentifier(),
        count(e.getCountEntitled()),
        count(e.getCountEscrowed()),
        count(e.getCountExported()),
        count(e.getCountImported()),
        toError(e.getError()),
        e.getState() == null
            ? null
            : SynchronizationJob.ExecutionResult.valueOf(e.getState().getValue()),
        instant(e.getTimeBegan()),
        instant(e.getTimeEnded()));
  }

  private static SynchronizationJob.SyncError toError(SynchronizationError e) {
    if (e == null || (e.getCode() == null && e.getMessage() == null)) {
      return null;
    }
    return new SynchronizationJob.SyncError(
        e.getCode(), e.getMessage(), Boolean.TRUE.equals(e.getTenantActionable()));
  }

  private static long count(Long value) {
    return value == null ? 0 : value;
  }

  /** A Graph time as an instant; null for Graph's "never". */
  static Instant instant(OffsetDateTime time) {
    if (time == null) {
      return null;
    }
    Instant instant = time.toInstant();
    return instant.isBefore(NEVER_BEFORE) ? null : instant;
  }
}
