package com.provisioningops.functions;

import static com.microsoft.azure.functions.HttpMethod.GET;
import static com.microsoft.azure.functions.annotation.AuthorizationLevel.FUNCTION;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.provisioningops.connector.Operation;
import com.provisioningops.delivery.Subscriptions;
import com.provisioningops.monitoring.FleetHistory;
import com.provisioningops.monitoring.FleetView;
import com.provisioningops.monitoring.StatusReport;
import com.provisioningops.monitoring.logs.LogMonitor;
import com.provisioningops.readiness.Readiness;
import com.provisioningops.readiness.TimerRuns;
import com.provisioningops.uploads.BulkUploads;
import com.provisioningops.uploads.Upload;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * One small HTML page for admins, with no script and nothing loaded from elsewhere: the fleet by
 * health with the jobs that need attention (and their countdowns), the open alerts with what to do,
 * HR uploads, the last 7 days as a picture, each subscription's delivery health, dependencies, each
 * timer's last run and the log monitor's lag. Refreshes itself every minute. What it shows is
 * {@link StatusReport}'s and the uploads'; {@link StatusHtml} renders it.
 */
public final class StatusPage {
  private final Http http;
  private final Readiness readiness;
  private final TimerRuns timerRuns;
  private final List<String> timers;
  private final LogMonitor logMonitor;
  private final FleetView fleet;
  private final Subscriptions subscriptions;
  private final FleetHistory history;
  private final BulkUploads uploads;
  private final Clock clock;

  public StatusPage(
      Http http,
      Readiness readiness,
      TimerRuns timerRuns,
      List<String> timers,
      LogMonitor logMonitor,
      FleetView fleet,
      Subscriptions subscriptions,
      FleetHistory history,
      BulkUploads uploads,
      Clock clock) {
    this.history = history;
    this.uploads = uploads;
    this.clock = clock;
    this.logMonitor = logMonitor;
    this.fleet = fleet;
    this.subscriptions = subscriptions;
    this.http = http;
    this.readiness = readiness;
    this.timerRuns = timerRuns;
    this.timers = List.copyOf(timers);
  }

  /** The status page; {@code ?code=<function key>} lets a browser open it. */
  @FunctionName("StatusPage")
  @Operation(
      id = "GetStatusPage",
      summary = "Show the status page",
      description =
          "Returns an HTML page with the app's version, dependencies, timer runs and how far "
              + "behind the provisioning-log monitor is.",
      visibility = Operation.Visibility.INTERNAL,
      connector = false,
      tag = "Operations")
  public HttpResponseMessage status(
      @HttpTrigger(name = "req", methods = GET, authLevel = FUNCTION, route = "status")
          HttpRequestMessage<Optional<String>> req,
      ExecutionContext ctx) {
    if (http.rolesMisconfigured()) {
      // The function key still guards this page; roles cannot be checked, so say why instead.
      return http.withoutRoleCheck(req, ctx, () -> http.html(req, render(req)));
    }
    return http.withRoleCheck(req, ctx, () -> http.html(req, render(req)));
  }

  private String render(HttpRequestMessage<Optional<String>> req) {
    StatusReport r =
        StatusReport.gather(
            readiness, fleet, subscriptions, timerRuns, timers, logMonitor, history);
    Optional<List<Upload>> recent;
    try {
      recent = Optional.of(uploads.recent());
    } catch (RuntimeException storageDidNotAnswer) {
      recent = Optional.empty();
    }
    return new StatusHtml(PageContext.of(clock.instant(), req.getQueryParameters().get("code")))
        .render(r, recent, http.misconfigured(), http.changesAsUser());
  }
}
