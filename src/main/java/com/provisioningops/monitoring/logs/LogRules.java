package com.provisioningops.monitoring.logs;

import com.provisioningops.alerts.Alert;
import com.provisioningops.alerts.Sighting;
import com.provisioningops.failure.Failure;
import com.provisioningops.monitoring.jobs.JobRecord;
import com.provisioningops.provisioning.SynchronizationJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The provisioning-log rules as sightings for the alert book ({@code source: provisioningLogs}):
 * {@code logFailures}, {@code stagedDeletes} and {@code silent} per job, {@code logsUnreadable} for
 * the tenant. The log monitor's counterpart of {@code JobSightings}.
 */
final class LogRules {
  private static final String LOGS_DOC =
      "https://learn.microsoft.com/entra/identity/monitoring-health/concept-provisioning-logs";

  private final LogMonitor.Settings settings;

  LogRules(LogMonitor.Settings settings) {
    this.settings = settings;
  }

  /**
   * What the log rules see for one job at {@code watermark}: failures of one code over the
   * threshold, staged deletes, and an Active watched job silent for {@code silentHours} (once the
   * monitor has read that long, from {@code coverage}).
   */
  List<Sighting> sightings(
      String jobId, JobRecord job, LogTally log, Instant watermark, Instant coverage) {
    String sp =
        job != null
            ? job.key().servicePrincipalId().value()
            : log == null ? null : log.servicePrincipalId();
    String app =
        job != null && job.appDisplayName() != null
            ? job.appDisplayName()
            : log != null && log.appDisplayName() != null ? log.appDisplayName() : jobId;
    Instant from = watermark.minus(settings.window());
    String span = "in the " + describe(settings.window()) + " before " + watermark;
    List<Sighting> out = new ArrayList<>();
    if (log != null) {
      Map<String, Integer> byCode = log.failuresByCode(from, watermark);
      boolean over = byCode.values().stream().anyMatch(n -> n >= settings.failureThreshold());
      if (over) {
        out.add(failures(jobId, sp, app, log, byCode, span));
      }
      int staged = log.stagedDeletes(from, watermark);
      if (staged > 0) {
        out.add(
            warning("stagedDeletes", jobId, sp, app)
                .title(app + ": " + staged + " deletes held back by the accidental-deletion guard")
                .problem(
                    staged
                        + " deletes were staged "
                        + span
                        + " (for example "
                        + String.join(", ", log.stagedSamples())
                        + ").",
                    "Review them in the provisioning logs; if they are intended, raise the"
                        + " accidental-deletion threshold or approve them, otherwise fix the"
                        + " scoping or attribute change that caused them.")
                .build());
      }
    }
    if (job != null
        && job.watched()
        && job.statusCode() == SynchronizationJob.StatusCode.Active
        && coverage != null
        && !coverage.isAfter(watermark.minus(Duration.ofHours(settings.silentHours())))) {
      Instant last = log == null || log.lastEventAt() == null ? null : log.lastEventAt();
      Instant since = last == null ? coverage : last;
      if (!since.isAfter(watermark.minus(Duration.ofHours(settings.silentHours())))) {
        out.add(
            warning("silent", jobId, sp, app)
                .title(app + ": no provisioning events for " + settings.silentHours() + " hours")
                .problem(
                    "The job is Active but wrote no provisioning event "
                        + (last == null
                            ? "since the monitor began reading at " + coverage
                            : "since " + last)
                        + ".",
                    "Check that users are assigned to the app and in scope, and that the job's"
                        + " schedule runs; restart it if it is stuck.")
                .build());
      }
    }
    return out;
  }

  private Sighting failures(
      String jobId, String sp, String app, LogTally log, Map<String, Integer> byCode, String span) {
    int total = byCode.values().stream().mapToInt(Integer::intValue).sum();
    String top = byCode.keySet().iterator().next();
    StringBuilder detail =
        new StringBuilder().append(total).append(" provisioning events failed ").append(span);
    detail.append(". Top error codes: ");
    detail.append(
        byCode.entrySet().stream()
            .limit(3)
            .map(e -> e.getKey() + " ×" + e.getValue())
            .collect(Collectors.joining(", ")));
    detail.append('.');
    LogTally.CodeDetail d = log.code(top);
    String todo = null;
    if (d != null) {
      if (d.reason() != null) {
        detail.append(' ').append(top).append(": ").append(d.reason());
      }
      if (!d.samples().isEmpty()) {
        detail.append(" For example: ").append(String.join(", ", d.samples())).append('.');
      }
      todo = d.recommendedAction();
    }
    return warning("logFailures", jobId, sp, app)
        .title(app + ": " + total + " provisioning failures, mostly " + top)
        .problem(detail.toString(), todo)
        .errorCode(top)
        .build();
  }

  /** A warning of a log rule about one job, linking Microsoft's page on provisioning logs. */
  private static Sighting.Builder warning(String rule, String jobId, String sp, String app) {
    return Sighting.of(Alert.Source.provisioningLogs, rule, Alert.Severity.warning)
        .job(jobId, sp, app)
        .troubleshootingUrl(LOGS_DOC)
        .tenantActionable(true);
  }

  /** The tenant-wide alert for logs Graph refuses to show the app. */
  static Sighting unreadable(Failure.Forbidden f) {
    return Sighting.of(Alert.Source.provisioningLogs, "logsUnreadable", Alert.Severity.critical)
        .tenant()
        .title("The app cannot read provisioning logs")
        .problem(
            "Microsoft Graph refused to let the app read provisioning logs, so no log rule is"
                + " judged ("
                + f.detail()
                + ").",
            "Grant AuditLog.Read.All and Directory.Read.All to the app's identity (the tenant"
                + " needs Microsoft Entra ID P1 or P2).")
        .troubleshootingUrl(LOGS_DOC)
        .tenantActionable(true)
        .build();
  }

  /** A span as people read it: "2 h", "90 min". */
  static String describe(Duration d) {
    long minutes = d.toMinutes();
    return minutes % 60 == 0 ? (minutes / 60) + " h" : minutes + " min";
  }
}
