package com.provisioningops.functions;

import static com.microsoft.azure.functions.HttpMethod.GET;
import static com.microsoft.azure.functions.annotation.AuthorizationLevel.FUNCTION;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.provisioningops.connector.Operation;
import com.provisioningops.monitoring.LogMonitor;
import com.provisioningops.readiness.Checkpoint;
import com.provisioningops.readiness.DependencyState;
import com.provisioningops.readiness.Readiness;
import com.provisioningops.readiness.ReadinessReport;
import com.provisioningops.readiness.TimerRuns;
import java.util.List;
import java.util.Optional;

/** A small HTML page for admins: version, dependencies and when each timer last ran. */
public final class StatusPage {
  private final Http http;
  private final Readiness readiness;
  private final TimerRuns timerRuns;
  private final List<String> timers;
  private final LogMonitor logMonitor;

  public StatusPage(
      Http http,
      Readiness readiness,
      TimerRuns timerRuns,
      List<String> timers,
      LogMonitor logMonitor) {
    this.logMonitor = logMonitor;
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
      return http.guard(req, ctx, () -> http.html(req, render(readiness.report())));
    }
    return http.secured(req, ctx, () -> http.html(req, render(readiness.report())));
  }

  private String render(ReadinessReport report) {
    StringBuilder html = new StringBuilder();
    html.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Provisioning Ops status</title><style>")
        .append("body{font-family:system-ui,sans-serif;margin:2rem;color:#222}")
        .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem}")
        .append(".up{color:#107c10}.down{color:#a4262c}</style></head><body>")
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
                : "")
        .append("<h2>Dependencies</h2><table><tr><th>dependency</th><th>state</th>")
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
    for (String timer : timers) {
      String last;
      String did;
      try {
        java.util.Optional<Checkpoint> run = timerRuns.lastRun(timer);
        last = run.map(Checkpoint::at).map(Object::toString).orElse("never");
        did = run.map(Checkpoint::detail).orElse("");
      } catch (RuntimeException e) {
        last = "unknown (storage did not answer)";
        did = "";
      }
      html.append("<tr><td>")
          .append(escape(timer))
          .append("</td><td>")
          .append(escape(last))
          .append("</td><td>")
          .append(escape(did))
          .append("</td></tr>");
    }
    html.append("</table><h2>Provisioning logs</h2><p id=\"log-lag\">");
    try {
      html.append(
          logMonitor
              .progress()
              .map(
                  p ->
                      "Events before "
                          + p.watermark()
                          + " are counted: the log monitor is "
                          + p.lag().toSeconds()
                          + " s behind now.")
              .orElse("The log monitor has not read any provisioning logs yet."));
    } catch (RuntimeException e) {
      html.append("Unknown: storage did not answer.");
    }
    return html.append("</p></body></html>").toString();
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
