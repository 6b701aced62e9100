package com.provisioningops.functions;

import static com.microsoft.azure.functions.HttpMethod.DELETE;
import static com.microsoft.azure.functions.HttpMethod.GET;
import static com.microsoft.azure.functions.HttpMethod.POST;
import static com.microsoft.azure.functions.HttpMethod.PUT;
import static com.microsoft.azure.functions.annotation.AuthorizationLevel.FUNCTION;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.provisioningops.alerts.Alert;
import com.provisioningops.alerts.AlertBook;
import com.provisioningops.alerts.AlertQuery;
import com.provisioningops.connector.Operation;
import com.provisioningops.monitoring.FleetView;
import com.provisioningops.monitoring.jobs.JobKey;
import com.provisioningops.monitoring.jobs.JobRegistry;
import com.provisioningops.provisioning.JobId;
import com.provisioningops.provisioning.Page;
import com.provisioningops.provisioning.ServicePrincipalId;
import com.provisioningops.readiness.Checkpoint;
import com.provisioningops.readiness.TimerRuns;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Alerts, the fleet view and watching jobs: what the monitor found, answered from storage. */
public final class AlertFunctions {
  private final Http http;
  private final FleetView fleet;
  private final AlertBook book;
  private final JobRegistry registry;
  private final TimerRuns runs;

  public AlertFunctions(
      Http http, FleetView fleet, AlertBook book, JobRegistry registry, TimerRuns runs) {
    this.http = http;
    this.fleet = fleet;
    this.book = book;
    this.registry = registry;
    this.runs = runs;
  }

  /**
   * A page of alerts and the link to the next.
   *
   * @param value the items on this page
   * @param nextLink the URL of the next page; absent on the last page
   */
  public record AlertList(List<Alert> value, String nextLink) {}

  /**
   * A page of the fleet view.
   *
   * @param jobs registered jobs in all
   * @param lastPollAt when the poll timer last ran, if it ever did
   * @param byState jobs per health state ({@code unknown}: never read yet)
   * @param bySeverity jobs per severity
   * @param value the jobs on this page, each with its health
   * @param nextLink the URL of the next page; absent on the last page
   */
  public record FleetPage(
      int jobs,
      java.time.Instant lastPollAt,
      List<FleetView.Count> byState,
      List<FleetView.Count> bySeverity,
      List<FleetView.FleetJob> value,
      String nextLink) {}

  /**
   * Whether the monitor polls a job.
   *
   * @param servicePrincipalId the enterprise app (service principal) the job belongs to
   * @param jobId the provisioning job
   * @param watched true when the job monitor polls this job and raises alerts about it
   */
  public record Watch(String servicePrincipalId, String jobId, boolean watched) {}

  /** Alerts, newest first. */
  @FunctionName("ListAlerts")
  @Operation(
      id = "ListAlerts",
      summary = "List alerts",
      description =
          "Lists alerts about provisioning jobs, newest first: quarantines, failures, stale jobs"
              + " and missing permissions, each with what to do.",
      visibility = Operation.Visibility.IMPORTANT,
      response = AlertList.class,
      pageable = true,
      query = {
        @Operation.Param(
            name = "state",
            summary = "State",
            description = "Only alerts in this state.",
            allowed = {"open", "acknowledged", "resolved"}),
        @Operation.Param(
            name = "severity",
            summary = "Severity",
            description = "Only alerts of this severity.",
            allowed = {"critical", "warning", "info"}),
        @Operation.Param(
            name = "jobId",
            summary = "Job ID",
            description = "Only alerts about this job.",
            pattern = JobId.PATTERN),
        @Operation.Param(
            name = "source",
            summary = "Source",
            description = "Only alerts from this source.",
            allowed = {"jobStatus", "provisioningLogs", "app"},
            visibility = Operation.Visibility.ADVANCED),
        @Operation.Param(
            name = "since",
            summary = "Since",
            description = "Only alerts seen at or after this UTC time.",
            format = "date-time",
            visibility = Operation.Visibility.ADVANCED),
        @Operation.Param(
            name = "top",
            summary = "Page size",
            description = "Alerts per page, 1 to 100 (50 when not given).",
            minimum = 1,
            maximum = AlertQuery.MAX_TOP,
            type = "integer",
            visibility = Operation.Visibility.ADVANCED),
        @Operation.Param(
            name = "skipToken",
            summary = "Page token",
            description = "From the previous page's nextLink.",
            visibility = Operation.Visibility.INTERNAL)
      },
      tag = "Monitoring")
  public HttpResponseMessage list(
      @HttpTrigger(name = "req", methods = GET, authLevel = FUNCTION, route = "alerts")
          HttpRequestMessage<Optional<String>> req,
      ExecutionContext ctx) {
    return http.okJson(
        req,
        ctx,
        () -> {
          Map<String, String> q = req.getQueryParameters();
          AlertQuery query =
              AlertQuery.parse(
                  q.get("state"),
                  q.get("severity"),
                  q.get("jobId"),
                  q.get("source"),
                  q.get("since"),
                  q.get("top"));
          Page<Alert> page = fleet.alerts(query, http.skipToken(req));
          return new AlertList(
              page.value().stream().map(a -> linked(req, a)).toList(),
              http.nextLink(req, page.skipToken()));
        });
  }

  /** One alert. */
  @FunctionName("GetAlert")
  @Operation(
      id = "GetAlert",
      summary = "Get an alert",
      description = "Returns one alert with its whole history: first and last seen, occurrences.",
      visibility = Operation.Visibility.ADVANCED,
      response = Alert.class,
      tag = "Monitoring")
  public HttpResponseMessage get(
      @HttpTrigger(name = "req", methods = GET, authLevel = FUNCTION, route = "alerts/{alertId}")
          HttpRequestMessage<Optional<String>> req,
      @BindingName("alertId") String alertId,
      ExecutionContext ctx) {
    return http.okJson(req, ctx, () -> linked(req, fleet.alert(alertId)));
  }

  /** Acknowledges an alert until it resolves or gets worse. */
  @FunctionName("AcknowledgeAlert")
  @Operation(
      id = "AcknowledgeAlert",
      summary = "Acknowledge an alert",
      description =
          "Marks an alert as seen: it stays acknowledged until its condition clears, or opens"
              + " again if it gets worse.",
      visibility = Operation.Visibility.IMPORTANT,
      response = Alert.class,
      tag = "Monitoring")
  public HttpResponseMessage acknowledge(
      @HttpTrigger(
              name = "req",
              methods = POST,
              authLevel = FUNCTION,
              route = "alerts/{alertId}/acknowledge")
          HttpRequestMessage<Optional<String>> req,
      @BindingName("alertId") String alertId,
      ExecutionContext ctx) {
    return http.okJson(req, ctx, () -> linked(req, book.acknowledge(alertId, who(req))));
  }

  /** Every registered job's health, answered from the registry without calling Graph. */
  @FunctionName("ListFleetJobs")
  @Operation(
      id = "ListFleetJobs",
      summary = "List the health of every watched job",
      description =
          "Returns counts by health state and severity and each registered job's health, most"
              + " urgent first, as the last poll saw them.",
      visibility = Operation.Visibility.IMPORTANT,
      response = FleetPage.class,
      pageable = true,
      query = {
        @Operation.Param(
            name = "servicePrincipalId",
            summary = "Enterprise app",
            description =
                "Only the jobs of this enterprise app (its service principal's object ID).",
            pattern = ServicePrincipalId.PATTERN),
        @Operation.Param(
            name = "top",
            summary = "Page size",
            description = "Jobs per page, 1 to 500 (100 when not given).",
            minimum = 1,
            maximum = FleetView.MAX_TOP,
            type = "integer",
            visibility = Operation.Visibility.ADVANCED),
        @Operation.Param(
            name = "skipToken",
            summary = "Page token",
            description = "From the previous page's nextLink.",
            visibility = Operation.Visibility.INTERNAL)
      },
      tag = "Monitoring")
  public HttpResponseMessage jobs(
      @HttpTrigger(name = "req", methods = GET, authLevel = FUNCTION, route = "jobs")
          HttpRequestMessage<Optional<String>> req,
      ExecutionContext ctx) {
    return http.okJson(
        req,
        ctx,
        () -> {
          FleetView.Fleet page =
              fleet.jobs(
                  req.getQueryParameters().get("top"),
                  http.skipToken(req),
                  req.getQueryParameters().get("servicePrincipalId"));
          return new FleetPage(
              page.jobs(),
              runs.lastRun("JobPollTimer").map(Checkpoint::at).orElse(null),
              page.byState(),
              page.bySeverity(),
              page.value(),
              http.nextLink(req, page.skipToken()));
        });
  }

  /** Watches a job: the monitor polls it from the next run on. */
  @FunctionName("WatchJob")
  @Operation(
      id = "WatchJob",
      summary = "Watch a provisioning job",
      description = "Makes the monitor poll this job from its next run on and alert on it.",
      visibility = Operation.Visibility.ADVANCED,
      response = Watch.class,
      tag = "Monitoring")
  public HttpResponseMessage watch(
      @HttpTrigger(
              name = "req",
              methods = PUT,
              authLevel = FUNCTION,
              route = "servicePrincipals/{sp}/synchronization/jobs/{jobId}/watch")
          HttpRequestMessage<Optional<String>> req,
      @BindingName("sp") String sp,
      @BindingName("jobId") String jobId,
      ExecutionContext ctx) {
    return http.okJson(req, ctx, () -> setWatched(sp, jobId, true));
  }

  /** Stops watching a job; it stays registered and its alerts stay as they are. */
  @FunctionName("UnwatchJob")
  @Operation(
      id = "UnwatchJob",
      summary = "Stop watching a provisioning job",
      description =
          "Makes the monitor skip this job; it stays known, and watching it again resumes polls.",
      visibility = Operation.Visibility.ADVANCED,
      response = Watch.class,
      tag = "Monitoring")
  public HttpResponseMessage unwatch(
      @HttpTrigger(
              name = "req",
              methods = DELETE,
              authLevel = FUNCTION,
              route = "servicePrincipals/{sp}/synchronization/jobs/{jobId}/watch")
          HttpRequestMessage<Optional<String>> req,
      @BindingName("sp") String sp,
      @BindingName("jobId") String jobId,
      ExecutionContext ctx) {
    return http.okJson(req, ctx, () -> setWatched(sp, jobId, false));
  }

  private Watch setWatched(String sp, String jobId, boolean watched) {
    ServicePrincipalId principal = ServicePrincipalId.parse(sp);
    JobId job = JobId.parse(jobId);
    registry.setWatched(new JobKey(principal, job), watched);
    return new Watch(principal.value(), job.value(), watched);
  }

  /** The alert with this API's links to its job and to the status page. */
  private Alert linked(HttpRequestMessage<?> req, Alert alert) {
    return linked(http, req, alert);
  }

  /** The alert with this API's links to its job and to the status page. */
  static Alert linked(Http http, HttpRequestMessage<?> req, Alert alert) {
    String base = http.baseUri(req) + "/api/";
    String job =
        alert.jobId() == null || alert.servicePrincipalId() == null
            ? null
            : base
                + "servicePrincipals/"
                + alert.servicePrincipalId()
                + "/synchronization/jobs/"
                + alert.jobId();
    return alert.withLinks(job, base + "status");
  }

  /**
   * Who acknowledges: the signed-in caller, as App Service authentication names them; "function
   * key" otherwise. Without that authentication the name header is whatever the client sent.
   */
  private String who(HttpRequestMessage<?> req) {
    String name = http.signedInName(req);
    return name == null ? "function key" : name;
  }
}
