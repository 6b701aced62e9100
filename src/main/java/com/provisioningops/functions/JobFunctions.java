package com.provisioningops.functions;

import static com.microsoft.azure.functions.HttpMethod.GET;
import static com.microsoft.azure.functions.HttpMethod.POST;
import static com.microsoft.azure.functions.annotation.AuthorizationLevel.FUNCTION;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.provisioningops.connector.Operation;
import com.provisioningops.monitoring.JobDetails;
import com.provisioningops.provisioning.CreateJobRequest;
import com.provisioningops.provisioning.JobId;
import com.provisioningops.provisioning.JobView;
import com.provisioningops.provisioning.Listings;
import com.provisioningops.provisioning.OnDemandResult;
import com.provisioningops.provisioning.ProvisionOnDemandRequest;
import com.provisioningops.provisioning.ProvisioningJobs;
import com.provisioningops.provisioning.RestartJobRequest;
import com.provisioningops.provisioning.ServicePrincipalId;
import com.provisioningops.provisioning.StartJobRequest;
import java.util.Optional;

/** Synchronization jobs: the connector's job actions. */
public final class JobFunctions {
  private final Http http;
  private final ProvisioningJobs jobs;
  private final JobDetails details;

  public JobFunctions(Http http, ProvisioningJobs jobs, JobDetails details) {
    this.http = http;
    this.jobs = jobs;
    this.details = details;
  }

  /**
   * A job as Graph reports it, its health, and the monitor's open alerts about it.
   *
   * @param servicePrincipalId the enterprise app (service principal) the job belongs to
   * @param job the synchronization job as Microsoft Graph reports it
   * @param health the job's health: state, severity and the reasons in plain language
   * @param alerts open and acknowledged alerts about this job (empty when the monitor has none)
   * @param logs its provisioning events over the 24 hours before the log monitor's watermark;
   *     absent before the monitor counted any of them
   */
  public record JobDetail(
      String servicePrincipalId,
      com.provisioningops.provisioning.SynchronizationJob job,
      com.provisioningops.provisioning.JobHealth health,
      java.util.List<com.provisioningops.alerts.Alert> alerts,
      com.provisioningops.monitoring.logs.LogSummary logs) {}

  /** Reads one synchronization job with its health, as the connector's "Get job" action. */
  @FunctionName("GetJob")
  @Operation(
      id = "GetJob",
      summary = "Get a provisioning job",
      description =
          "Returns one synchronization job as Microsoft Graph reports it, with its health: "
              + "state, severity and the reasons in plain language, its open alerts, and its "
              + "provisioning events of the last 24 hours counted by status and error code.",
      visibility = Operation.Visibility.IMPORTANT,
      response = JobDetail.class,
      tag = "Jobs")
  public HttpResponseMessage getJob(
      @HttpTrigger(
              name = "req",
              methods = GET,
              authLevel = FUNCTION,
              route = "servicePrincipals/{sp}/synchronization/jobs/{jobId}")
          HttpRequestMessage<Optional<String>> req,
      @BindingName("sp") String sp,
      @BindingName("jobId") String jobId,
      ExecutionContext ctx) {
    return http.okJson(
        req,
        ctx,
        () -> {
          JobDetails.Detail d = details.read(ServicePrincipalId.parse(sp), JobId.parse(jobId));
          return new JobDetail(
              d.view().servicePrincipalId(),
              d.view().job(),
              d.view().health(),
              d.alerts(),
              d.logs());
        });
  }

  /** Every job of a service principal with its health. */
  @FunctionName("ListJobs")
  @Operation(
      id = "ListJobs",
      summary = "List provisioning jobs",
      description = "Lists a service principal's synchronization jobs, each with its health.",
      visibility = Operation.Visibility.ADVANCED,
      response = Listings.Jobs.class,
      pageable = true,
      tag = "Jobs")
  public HttpResponseMessage list(
      @HttpTrigger(
              name = "req",
              methods = GET,
              authLevel = FUNCTION,
              route = "servicePrincipals/{sp}/synchronization/jobs")
          HttpRequestMessage<Optional<String>> req,
      @BindingName("sp") String sp,
      ExecutionContext ctx) {
    return http.okJson(
        req, ctx, () -> new Listings.Jobs(jobs.list(ServicePrincipalId.parse(sp)), null));
  }

  /** Creates a job from a synchronization template. */
  @FunctionName("CreateJob")
  @Operation(
      id = "CreateJob",
      asUser = Operation.AsUser.SYNCHRONIZATION,
      summary = "Create a provisioning job",
      description =
          "Creates a provisioning job from one of the service principal's synchronization"
              + " templates. The job starts out disabled: save credentials, then start it.",
      visibility = Operation.Visibility.IMPORTANT,
      request = CreateJobRequest.class,
      response = JobView.class,
      status = 201,
      tag = "Jobs")
  public HttpResponseMessage create(
      @HttpTrigger(
              name = "req",
              methods = POST,
              authLevel = FUNCTION,
              route = "servicePrincipals/{sp}/synchronization/jobs")
          HttpRequestMessage<Optional<String>> req,
      @BindingName("sp") String sp,
      ExecutionContext ctx) {
    return http.answer(
        req,
        ctx,
        () ->
            new Http.Reply(
                201,
                http.changing(
                    req,
                    "CreateJob",
                    by ->
                        jobs.as(by)
                            .create(
                                ServicePrincipalId.parse(sp),
                                http.body(req, CreateJobRequest.class)))));
  }

  /** Starts a job; refuses an active one unless forced. */
  @FunctionName("StartJob")
  @Operation(
      id = "StartJob",
      asUser = Operation.AsUser.SYNCHRONIZATION,
      summary = "Start a provisioning job",
      description =
          "Starts provisioning. Refused with 409 when the job is already active, unless force is"
              + " true.",
      visibility = Operation.Visibility.IMPORTANT,
      request = StartJobRequest.class,
      response = JobView.class,
      tag = "Jobs")
  public HttpResponseMessage start(
      @HttpTrigger(
              name = "req",
              methods = POST,
              authLevel = FUNCTION,
              route = "servicePrincipals/{sp}/synchronization/jobs/{jobId}/start")
          HttpRequestMessage<Optional<String>> req,
      @BindingName("sp") String sp,
      @BindingName("jobId") String jobId,
      ExecutionContext ctx) {
    return http.okJson(
        req,
        ctx,
        () ->
            http.changing(
                req,
                "StartJob",
                by ->
                    jobs.as(by)
                        .start(
                            ServicePrincipalId.parse(sp),
                            JobId.parse(jobId),
                            http.optionalBody(req, StartJobRequest.class))));
  }

  /** Pauses a job. */
  @FunctionName("PauseJob")
  @Operation(
      id = "PauseJob",
      asUser = Operation.AsUser.SYNCHRONIZATION,
      summary = "Pause a provisioning job",
      description = "Pauses provisioning; start it again to resume where it left off.",
      visibility = Operation.Visibility.ADVANCED,
      response = JobView.class,
      tag = "Jobs")
  public HttpResponseMessage pause(
      @HttpTrigger(
              name = "req",
              methods = POST,
              authLevel = FUNCTION,
              route = "servicePrincipals/{sp}/synchronization/jobs/{jobId}/pause")
          HttpRequestMessage<Optional<String>> req,
      @BindingName("sp") String sp,
      @BindingName("jobId") String jobId,
      ExecutionContext ctx) {
    return http.okJson(
        req,
        ctx,
        () ->
            http.changing(
                req,
                "PauseJob",
                by -> jobs.as(by).pause(ServicePrincipalId.parse(sp), JobId.parse(jobId))));
  }

  /** Restarts a job with chosen reset scopes. */
  @FunctionName("RestartJob")
  @Operation(
      id = "RestartJob",
      asUser = Operation.AsUser.SYNCHRONIZATION,
      summary = "Restart a provisioning job",
      description =
          "Restarts provisioning, resetting the chosen scopes (for example QuarantineState to"
              + " leave quarantine). ForceDeletes and Full need confirmDestructive.",
      visibility = Operation.Visibility.ADVANCED,
      request = RestartJobRequest.class,
      response = JobView.class,
      tag = "Jobs")
  public HttpResponseMessage restart(
      @HttpTrigger(
              name = "req",
              methods = POST,
              authLevel = FUNCTION,
              route = "servicePrincipals/{sp}/synchronization/jobs/{jobId}/restart")
          HttpRequestMessage<Optional<String>> req,
      @BindingName("sp") String sp,
      @BindingName("jobId") String jobId,
      ExecutionContext ctx) {
    return http.okJson(
        req,
        ctx,
        () ->
            http.changing(
                req,
                "RestartJob",
                by ->
                    jobs.as(by)
                        .restart(
                            ServicePrincipalId.parse(sp),
                            JobId.parse(jobId),
                            http.body(req, RestartJobRequest.class))));
  }

  /** Provisions one user or group now, at most 5 per 10 seconds per job. */
  @FunctionName("ProvisionOnDemand")
  @Operation(
      id = "ProvisionOnDemand",
      asUser = Operation.AsUser.SYNCHRONIZATION,
      summary = "Provision a user or group now",
      description =
          "Provisions one user or group right away instead of waiting for the next cycle. At"
              + " most 5 per 10 seconds per job: more are answered 429 with Retry-After.",
      visibility = Operation.Visibility.ADVANCED,
      request = ProvisionOnDemandRequest.class,
      response = OnDemandResult.class,
      tag = "Jobs")
  public HttpResponseMessage provisionOnDemand(
      @HttpTrigger(
              name = "req",
              methods = POST,
              authLevel = FUNCTION,
              route = "servicePrincipals/{sp}/synchronization/jobs/{jobId}/provisionOnDemand")
          HttpRequestMessage<Optional<String>> req,
      @BindingName("sp") String sp,
      @BindingName("jobId") String jobId,
      ExecutionContext ctx) {
    return http.okJson(
        req,
        ctx,
        () ->
            http.changing(
                req,
                "ProvisionOnDemand",
                by ->
                    jobs.as(by)
                        .provisionOnDemand(
                            ServicePrincipalId.parse(sp),
                            JobId.parse(jobId),
                            http.body(req, ProvisionOnDemandRequest.class))));
  }
}
