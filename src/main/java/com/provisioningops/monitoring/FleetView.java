package com.provisioningops.monitoring;

import com.provisioningops.alerts.Alert;
import com.provisioningops.alerts.AlertQuery;
import com.provisioningops.alerts.AlertStore;
import com.provisioningops.failure.Failure;
import com.provisioningops.failure.Printable;
import com.provisioningops.monitoring.jobs.JobRecord;
import com.provisioningops.monitoring.jobs.JobRegistry;
import com.provisioningops.monitoring.logs.LogLedger;
import com.provisioningops.monitoring.logs.LogSummary;
import com.provisioningops.monitoring.logs.LogTally;
import com.provisioningops.provisioning.JobHealth;
import com.provisioningops.provisioning.Page;
import com.provisioningops.provisioning.PageSize;
import com.provisioningops.provisioning.ServicePrincipalId;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fleet as the registry has it, answered without calling Graph: counts by health state and by
 * severity, and each job's health, worst first (by severity, then by job id). Alerts are listed
 * newest first.
 */
public final class FleetView {
  /** Largest page of jobs; the connector definition states the same bound. */
  public static final int MAX_TOP = 500;

  private final JobRegistry registry;
  private final AlertStore alerts;
  private final LogLedger logs;

  public FleetView(JobRegistry registry, AlertStore alerts, LogLedger logs) {
    this.registry = registry;
    this.alerts = alerts;
    this.logs = logs;
  }

  /**
   * One job in the fleet view.
   *
   * @param servicePrincipalId the enterprise app (service principal) the job belongs to
   * @param jobId the provisioning job
   * @param appDisplayName the enterprise app's display name
   * @param watched true when the job monitor polls this job and raises alerts about it
   * @param lastReadAt when the job monitor last read this job from Graph
   * @param readFailure why the last poll could not read the job; absent when it could
   * @param stale true when the last poll could not read it: its health is the last one known
   * @param logs its provisioning events over the 24 hours before the log monitor's watermark; null
   *     before the monitor counted any of its events
   */
  public record FleetJob(
      String servicePrincipalId,
      String jobId,
      String appDisplayName,
      boolean watched,
      JobHealth health,
      Instant lastReadAt,
      boolean stale,
      String readFailure,
      LogSummary logs) {}

  /**
   * A page of the fleet view.
   *
   * @param jobs registered jobs in all
   * @param byState how many jobs are in each health state (unread jobs under {@code unknown})
   * @param bySeverity how many jobs are at each severity
   */
  public record Fleet(
      int jobs,
      List<Count> byState,
      List<Count> bySeverity,
      List<FleetJob> value,
      Optional<String> skipToken) {}

  /**
   * How many jobs have one value.
   *
   * @param name the health state or severity counted
   * @param count how many jobs have it
   */
  public record Count(String name, int count) {}

  /**
   * A page of the fleet.
   *
   * @param skipToken where the previous page stopped (a position), or null for the first
   * @param servicePrincipalId only that enterprise app's jobs (what a job picker lists); null for
   *     all
   * @throws Failure.InvalidInput for a page size or token that is not valid
   */
  public Fleet jobs(String top, String skipToken, String servicePrincipalId) {
    int size = size(top);
    int from = position(skipToken);
    String sp =
        servicePrincipalId == null || servicePrincipalId.isEmpty()
            ? null
            : ServicePrincipalId.parse(servicePrincipalId).value();
    List<JobRecord> all =
        registry.all().stream()
            .filter(r -> sp == null || r.key().servicePrincipalId().value().equals(sp))
            .sorted(
                Comparator.comparing((JobRecord r) -> severityRank(r))
                    .thenComparing(r -> r.key().jobId().value()))
            .toList();
    Map<String, Integer> byState = new java.util.TreeMap<>();
    Map<JobHealth.Severity, Integer> bySeverity = new EnumMap<>(JobHealth.Severity.class);
    for (JobRecord r : all) {
      byState.merge(r.health() == null ? "unknown" : r.health().state().name(), 1, Integer::sum);
      if (r.health() != null) {
        bySeverity.merge(r.health().severity(), 1, Integer::sum);
      }
    }
    List<Count> states =
        byState.entrySet().stream().map(e -> new Count(e.getKey(), e.getValue())).toList();
    List<Count> severities =
        bySeverity.entrySet().stream()
            .map(e -> new Count(e.getKey().name(), e.getValue()))
            .toList();
    Instant watermark = logs.cursor().watermark();
    Map<String, LogTally> tallies = watermark == null ? Map.of() : logs.jobLogs();
    List<FleetJob> page =
        all.subList(Math.min(from, all.size()), Math.min(from + size, all.size())).stream()
            .map(
                r ->
                    new FleetJob(
                        r.key().servicePrincipalId().value(),
                        r.key().jobId().value(),
                        r.appDisplayName(),
                        r.watched(),
                        r.health(),
                        r.lastReadAt(),
                        r.readFailure() != null,
                        r.readFailure(),
                        summary(tallies.get(r.key().jobId().value()), watermark)))
            .toList();
    Optional<String> next =
        from + size < all.size() ? Optional.of(Integer.toString(from + size)) : Optional.empty();
    return new Fleet(all.size(), states, severities, page, next);
  }

  /**
   * A page of alerts, newest sighting first.
   *
   * @throws Failure.InvalidInput for a token that is not valid
   */
  public Page<Alert> alerts(AlertQuery query, String skipToken) {
    int from = position(skipToken);
    List<Alert> matching =
        alerts.list(query).stream()
            .filter(query::matches)
            .sorted(Comparator.comparing(Alert::lastSeenAt).reversed().thenComparing(Alert::id))
            .toList();
    List<Alert> page =
        matching.subList(
            Math.min(from, matching.size()), Math.min(from + query.top(), matching.size()));
    return new Page<>(
        page,
        from + query.top() < matching.size()
            ? Optional.of(Integer.toString(from + query.top()))
            : Optional.empty());
  }

  /**
   * One alert.
   *
   * @throws Failure.NotFound for an unknown alert
   */
  public Alert alert(String alertId) {
    return alerts
        .find(alertId)
        .orElseThrow(() -> Failure.notFound("No alert '" + Printable.of(alertId) + "'."));
  }

  /** A job's open and acknowledged alerts. */
  public List<Alert> activeAlerts(String jobId) {
    return alerts.active(jobId);
  }

  /**
   * A job's provisioning events over the 24 hours before the log monitor's watermark, from the
   * monitor's tallies; null before the monitor counted any of its events.
   */
  public LogSummary logSummary(String jobId) {
    return logSummary(logWatermark(), jobLog(jobId));
  }

  /** How far the log monitor has counted; empty before its first run. */
  public Optional<Instant> logWatermark() {
    return Optional.ofNullable(logs.cursor().watermark());
  }

  /** The log monitor's tally of one job; empty before it counted any of the job's events. */
  public Optional<LogTally> jobLog(String jobId) {
    return logs.jobLog(jobId);
  }

  /** The 24 hours of {@code tally} before {@code watermark}; null when either is missing. */
  public static LogSummary logSummary(Optional<Instant> watermark, Optional<LogTally> tally) {
    return watermark.isEmpty() ? null : summary(tally.orElse(null), watermark.get());
  }

  private static LogSummary summary(LogTally log, Instant watermark) {
    return log == null ? null : log.summary(watermark.minus(LogSummary.SPAN), watermark);
  }

  private static int severityRank(JobRecord r) {
    return r.health() == null
        ? JobHealth.Severity.values().length
        : r.health().severity().ordinal();
  }

  private static int size(String top) {
    return PageSize.parse(top, 100, MAX_TOP);
  }

  /** Tokens are sealed by the HTTP layer; what arrives here is a position it handed out. */
  private static int position(String skipToken) {
    if (skipToken == null) {
      return 0;
    }
    try {
      return Math.max(0, Integer.parseInt(skipToken));
    } catch (NumberFormatException e) {
      throw Failure.invalid("skipToken is not valid here.");
    }
  }
}
