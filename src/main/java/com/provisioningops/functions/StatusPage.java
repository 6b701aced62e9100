package com.provisioningops.functions;

import static com.microsoft.azure.functions.HttpMethod.GET;
import static com.microsoft.azure.functions.annotation.AuthorizationLevel.FUNCTION;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.provisioningops.alerts.Alert;
import com.provisioningops.connector.Operation;
import com.provisioningops.delivery.Subscription;
import com.provisioningops.delivery.Subscriptions;
import com.provisioningops.monitoring.FleetView;
import com.provisioningops.monitoring.StatusReport;
import com.provisioningops.monitoring.logs.LogMonitor;
import com.provisioningops.readiness.DependencyState;
import com.provisioningops.readiness.Readiness;
import com.provisioningops.readiness.ReadinessReport;
import com.provisioningops.readiness.TimerRuns;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One small HTML page for admins, with no script and nothing loaded from elsewhere: version and
 * dependencies, each timer's last run, the log monitor's lag, the fleet by health, the open alerts
 * with what to do, and each subscription's delivery health. Refreshes itself every minute. What it
 * shows is {@link StatusReport}'s; this class only renders it.
 */
public final class StatusPage {
  private static final String UNKNOWN = "<p>Unknown: storage did not answer.</p>";

  private final Http http;
  private final Readiness readiness;
  private final TimerRuns timerRuns;
  private final List<String> timers;
  private final LogMonitor logMonitor;
  private final FleetView fleet;
  private final Subscriptions subscriptions;

  public StatusPage(
      Http http,
      Readiness readiness,
      TimerRuns timerRuns,
      List<String> timers,
      LogMonitor logMonitor,
      FleetView fleet,
      Subscriptions subscriptions) {
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
      return http.withoutRoleCheck(req, ctx, () -> http.html(req, render()));
    }
    return http.withRoleCheck(req, ctx, () -> http.html(req, render()));
  }

  private String render() {
    StatusReport r =
        StatusReport.gather(readiness, fleet, subscriptions, timerRuns, timers, logMonitor);
    ReadinessReport report = r.readiness();
    StringBuilder html = new StringBuilder();
    html.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta http-equiv=\"refresh\" content=\"60\">")
        .append("<title>Provisioning Ops status</title><style>")
        .append("body{font-family:system-ui,sans-serif;margin:2rem;color:#222}")
        .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem}")
        .append(".up{color:#107c10}.down{color:#a4262c}.critical{color:#a4262c}")
        .append(".warning{color:#8a5300}.info{color:#005a9e}</style></head><body>")
        .append("<h1>Provisioning Ops</h1><p>Version ")
        .append(escape(report.version()))
        .append(" &middot; <strong class=\"")
        .append(report.ready() ? "up" : "down")
        .append("\">")
        .append(escape(report.status()))
        .append("</strong> &middot; checked ")
        .append(report.checkedAt())
        .append("</p>")
        .append(
            http.rolesMisconfigured()
                ? "<p class=\"down\"><strong>Misconfigured:</strong> REQUIRE_APP_ROLES=true needs"
                    + " App Service authentication (WEBSITE_AUTH_ENABLED=True). Until it is on,"
                    + " role-protected routes answer 503 rather than trust client-sent"
                    + " principal headers.</p>"
                : "");
    // What an admin opens the page for comes first: the fleet, the open alerts, deliveries.
    html.append("<h2>Fleet</h2>");
    r.fleet().ifPresentOrElse(f -> fleet(html, f), () -> html.append(UNKNOWN));
    html.append("<h2>Open alerts</h2>");
    r.openAlerts().ifPresentOrElse(open -> alerts(html, open), () -> html.append(UNKNOWN));
    html.append("<h2>Subscriptions</h2>");
    r.subscriptions()
        .ifPresentOrElse(subs -> subscriptions(html, subs), () -> html.append(UNKNOWN));
    html.append("<h2>Dependencies</h2><table><tr><th>dependency</th><th>state</th>")
        .append("<th>latency</th><th>detail</th></tr>");
    for (DependencyState d : report.dependencies()) {
      html.append("<tr><td>")
          .append(escape(d.name()))
          .append("</td><td class=\"")
          .append(d.state())
          .append("\">")
          .append(d.state())
          .append("</td><td>")
          .append(d.latencyMs())
          .append(" ms</td><td>")
          .append(escape(d.detail().orElse("")))
          .append("</td></tr>");
    }
    html.append(
        "</table><h2>Timers</h2><table><tr><th>timer</th><th>last run</th><th>what it did</th></tr>");
    for (StatusReport.TimerRun run : r.timers()) {
      html.append("<tr><td>")
          .append(escape(run.timer()))
          .append("</td><td>")
          .append(
              escape(
                  !run.known()
                      ? "unknown (storage did not answer)"
                      : run.at().map(Object::toString).orElse("never")))
          .append("</td><td>")
          .append(escape(run.did()))
          .append("</td></tr>");
    }
    html.append("</table><h2>Provisioning logs</h2><p id=\"log-lag\">")
        .append(
            r.logs()
                .map(
                    logs ->
                        logs.progress()
                            .map(
                                p ->
                                    "Events before "
                                        + p.watermark()
                                        + " are counted: the log monitor is "
                                        + p.lag().toSeconds()
                                        + " s behind now.")
                            .orElse("The log monitor has not read any provisioning logs yet."))
                .orElse("Unknown: storage did not answer."))
        .append("</p>");
    return html.append("<p>Refreshes every minute.</p></body></html>").toString();
  }

  private static void fleet(StringBuilder html, FleetView.Fleet f) {
    html.append("<p id=\"fleet-jobs\">").append(f.jobs()).append(" jobs</p>");
    html.append("<table id=\"fleet\"><tr><th>health</th><th>jobs</th></tr>");
    for (FleetView.Count c : f.byState()) {
      html.append("<tr><td>")
          .append(escape(c.name()))
          .append("</td><td>")
          .append(c.count())
          .append("</td></tr>");
    }
    html.append("</table>");
  }

  private static void alerts(StringBuilder html, List<Alert> open) {
    Map<Alert.Severity, Long> bySeverity = new EnumMap<>(Alert.Severity.class);
    open.forEach(a -> bySeverity.merge(a.severity(), 1L, Long::sum));
    html.append("<p id=\"alert-counts\">");
    for (Alert.Severity s : Alert.Severity.values()) {
      html.append("<span class=\"")
          .append(s)
          .append("\">")
          .append(s)
          .append(": ")
          .append(bySeverity.getOrDefault(s, 0L))
          .append("</span> ");
    }
    html.append("</p><table id=\"alerts\"><tr><th>severity</th><th>app</th><th>what</th>")
        .append("<th>what to do</th><th>since</th></tr>");
    for (Alert a : open.subList(0, Math.min(open.size(), StatusReport.ALERTS_SHOWN))) {
      html.append("<tr><td class=\"")
          .append(a.severity())
          .append("\">")
          .append(a.severity())
          .append("</td><td>")
          .append(escape(a.appDisplayName() == null ? "tenant" : a.appDisplayName()))
          .append("</td><td>")
          .append(escape(a.title()))
          .append("</td><td>")
          .append(escape(a.whatToDo() == null ? a.problem() : a.whatToDo()))
          .append("</td><td>")
          .append(a.firstSeenAt())
          .append("</td></tr>");
    }
    html.append("</table>");
  }

  private static void subscriptions(StringBuilder html, List<Subscription> subs) {
    if (subs.isEmpty()) {
      html.append("<p>No flow, webhook or Teams channel is subscribed to alerts.</p>");
      return;
    }
    html.append("<table id=\"subscriptions\"><tr><th>subscription</th><th>kind</th>")
        .append("<th>posts to</th><th>delivery</th><th>last delivered</th>")
        .append("<th>parked</th><th>last error</th></tr>");
    for (Subscription sub : subs) {
      html.append("<tr><td>")
          .append(escape(sub.id()))
          .append("</td><td>")
          .append(sub.kind())
          .append("</td><td>")
          .append(escape(sub.maskedUrl()))
          .append("</td><td class=\"")
          .append(sub.healthy() ? "up\">healthy" : "down\">unhealthy")
          .append("</td><td>")
          .append(sub.lastDeliveredAt() == null ? "never" : sub.lastDeliveredAt().toString())
          .append("</td><td>")
          .append(sub.failedDeliveries())
          .append("</td><td>")
          .append(escape(sub.lastError() == null ? "" : sub.lastError()))
          .append("</td></tr>");
    }
    html.append("</table>");
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
