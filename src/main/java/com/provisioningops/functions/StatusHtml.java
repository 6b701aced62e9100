package com.provisioningops.functions;

import com.provisioningops.alerts.Alert;
import com.provisioningops.delivery.Subscription;
import com.provisioningops.monitoring.StatusReport;
import com.provisioningops.readiness.DependencyState;
import com.provisioningops.readiness.ReadinessReport;
import com.provisioningops.uploads.Upload;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Renders the status page: what needs attention first (jobs, alerts, uploads, the last 7 days),
 * then subscriptions, dependencies, timers and the log lag. Times read "5 min ago" with the exact
 * time on hover; every job links to its job view and to its provisioning page in the Entra admin
 * center. Text from Graph or callers is escaped; no script.
 */
final class StatusHtml {
  private static final String UNKNOWN = "<p>Unknown: storage did not answer.</p>";
  private static final int UPLOADS_SHOWN = 20;

  private final PageContext page;

  StatusHtml(PageContext page) {
    this.page = page;
  }

  String render(
      StatusReport r,
      Optional<List<Upload>> uploads,
      List<String> misconfigured,
      boolean changesAsUser) {
    ReadinessReport report = r.readiness();
    StringBuilder html = new StringBuilder();
    html.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta http-equiv=\"refresh\" content=\"60\">")
        .append("<title>Provisioning Ops status</title><style>")
        .append("body{font-family:system-ui,sans-serif;margin:2rem;color:#222}")
        .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem}")
        .append("figure{display:inline-block;margin:0 2rem 0 0}time{border-bottom:1px dotted #888}")
        .append(".up{color:#107c10}.down{color:#a4262c}.critical{color:#a4262c}")
        .append(".warning{color:#8a5300}.info{color:#005a9e}.small{font-size:.8rem;color:#555}")
        .append("</style></head><body>")
        .append("<h1>Provisioning Ops</h1><p>Version ")
        .append(escape(report.version()))
        .append(" &middot; <strong class=\"")
        .append(report.ready() ? "up" : "down")
        .append("\">")
        .append(escape(report.status()))
        .append("</strong> &middot; checked ")
        .append(page.ago(report.checkedAt()))
        .append("</p>")
        .append(
            misconfigured.contains("REQUIRE_APP_ROLES")
                ? "<p class=\"down\"><strong>Misconfigured:</strong> REQUIRE_APP_ROLES=true needs"
                    + " App Service authentication (WEBSITE_AUTH_ENABLED=True). Until it is on,"
                    + " role-protected routes answer 503 rather than trust client-sent"
                    + " principal headers.</p>"
                : "")
        .append(
            misconfigured.contains("GRAPH_CHANGES_AS")
                ? "<p class=\"down\"><strong>Misconfigured:</strong> GRAPH_CHANGES_AS=user needs"
                    + " App Service authentication (WEBSITE_AUTH_ENABLED=True) to validate the"
                    + " users' tokens. Until it is on, changes answer 503.</p>"
                : "")
        .append(
            changesAsUser
                ? "<p>Changes to Microsoft Graph are made <strong>as the signed-in user</strong>"
                    + " (on behalf of): Entra's audit log names the person.</p>"
                : "<p>Changes to Microsoft Graph are made as the app's own identity.</p>");
    // What an admin opens the page for comes first: the fleet, the open alerts, uploads, history.
    html.append("<h2>Fleet</h2>");
    r.fleet()
        .ifPresentOrElse(f -> new FleetSection(page).render(html, f), () -> html.append(UNKNOWN));
    html.append("<h2>Open alerts</h2>");
    r.openAlerts().ifPresentOrElse(open -> alerts(html, open), () -> html.append(UNKNOWN));
    html.append("<h2>HR uploads, last 7 days</h2>");
    uploads.ifPresentOrElse(u -> uploads(html, u), () -> html.append(UNKNOWN));
    html.append("<h2>Last 7 days</h2>");
    r.week()
        .ifPresentOrElse(
            days ->
                html.append(WeekChart.svg(days))
                    .append(
                        "<p class=\"small\">Recorded by the hourly discovery run (UTC days).</p>"),
            () -> html.append(UNKNOWN));
    html.append("<h2>Subscriptions</h2>");
    r.subscriptions()
        .ifPresentOrElse(subs -> subscriptions(html, subs), () -> html.append(UNKNOWN));
    dependencies(html, report);
    timers(html, r.timers());
    html.append("<h2>Provisioning logs</h2><p id=\"log-lag\">")
        .append(
            r.logs()
                .map(
                    logs ->
                        logs.progress()
                            .map(
                                p ->
                                    "Events before "
                                        + page.ago(p.watermark())
                                        + " are counted: the log monitor is "
                                        + p.lag().toSeconds()
                                        + " s behind now.")
                            .orElse("The log monitor has not read any provisioning logs yet."))
                .orElse("Unknown: storage did not answer."))
        .append("</p>");
    return html.append("<p>Refreshes every minute.</p></body></html>").toString();
  }

  private void alerts(StringBuilder html, List<Alert> open) {
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
        .append("<th>what to do</th><th>since</th><th>acknowledged by</th></tr>");
    for (Alert a : open.subList(0, Math.min(open.size(), StatusReport.ALERTS_SHOWN))) {
      String app = a.appDisplayName() == null ? "tenant" : a.appDisplayName();
      html.append("<tr><td class=\"")
          .append(a.severity())
          .append("\">")
          .append(a.severity())
          .append("</td><td>")
          .append(
              a.servicePrincipalId() == null || a.jobId() == null
                  ? escape(app)
                  : "<a href=\""
                      + escape(page.jobLink(a.servicePrincipalId(), a.jobId()))
                      + "\">"
                      + escape(app)
                      + "</a>")
          .append("</td><td>")
          .append(page.withTimes(escape(a.title())))
          .append("</td><td>")
          .append(page.withTimes(escape(a.whatToDo() == null ? a.problem() : a.whatToDo())))
          .append("</td><td>")
          .append(page.ago(a.firstSeenAt()))
          .append("</td><td>")
          .append(a.acknowledgedBy() == null ? "" : escape(a.acknowledgedBy()))
          .append("</td></tr>");
    }
    html.append("</table>");
  }

  private void uploads(StringBuilder html, List<Upload> recent) {
    Map<String, Integer> byStatus = new TreeMap<>();
    recent.forEach(u -> byStatus.merge(u.status().name(), 1, Integer::sum));
    html.append("<p id=\"upload-counts\">")
        .append(recent.size())
        .append(recent.size() == 1 ? " upload" : " uploads");
    byStatus.forEach((s, n) -> html.append(" &middot; ").append(s).append(": ").append(n));
    html.append("</p>");
    List<Upload> shown =
        recent.stream()
            .filter(u -> u.status() != Upload.Status.processed)
            .limit(UPLOADS_SHOWN)
            .toList();
    if (shown.isEmpty()) {
      return;
    }
    html.append("<table id=\"uploads\"><tr><th>upload</th><th>status</th><th>records</th>")
        .append("<th>requested</th></tr>");
    for (Upload u : shown) {
      html.append("<tr><td><a href=\"")
          .append(
              escape(
                  "/api/servicePrincipals/"
                      + u.servicePrincipalId()
                      + "/synchronization/jobs/"
                      + u.jobId()
                      + "/bulkUploads/"
                      + u.id()
                      + page.keyQuery()))
          .append("\">")
          .append(escape(u.id().substring(0, 8)))
          .append("…</a></td><td>")
          .append(u.status().name())
          .append("</td><td>")
          .append(u.operations())
          .append(" sent, ")
          .append(u.succeeded())
          .append(" ok, ")
          .append(u.failed())
          .append(" failed, ")
          .append(u.pending())
          .append(" pending</td><td>")
          .append(page.ago(u.requestedAt()))
          .append("</td></tr>");
    }
    html.append("</table>");
  }

  private void subscriptions(StringBuilder html, List<Subscription> subs) {
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
          .append(sub.lastDeliveredAt() == null ? "never" : page.ago(sub.lastDeliveredAt()))
          .append("</td><td>")
          .append(sub.failedDeliveries())
          .append("</td><td>")
          .append(page.withTimes(escape(sub.lastError() == null ? "" : sub.lastError())))
          .append("</td></tr>");
    }
    html.append("</table>");
  }

  private void dependencies(StringBuilder html, ReadinessReport report) {
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
          .append(page.withTimes(escape(d.detail().orElse(""))))
          .append("</td></tr>");
    }
    html.append("</table>");
  }

  private void timers(StringBuilder html, List<StatusReport.TimerRun> runs) {
    html.append(
        "<h2>Timers</h2><table id=\"timers\"><tr><th>timer</th><th>last run</th>"
            + "<th>what it did</th></tr>");
    for (StatusReport.TimerRun run : runs) {
      html.append("<tr><td>")
          .append(escape(run.timer()))
          .append("</td><td>")
          .append(
              !run.known()
                  ? "unknown (storage did not answer)"
                  : run.at().map(page::ago).orElse("never"))
          .append("</td><td>")
          .append(page.withTimes(escape(run.did())))
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
