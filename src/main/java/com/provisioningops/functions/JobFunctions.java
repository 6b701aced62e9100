package com.provisioningops.functions;

import static com.microsoft.azure.functions.HttpMethod.GET;
import static com.microsoft.azure.functions.annotation.AuthorizationLevel.FUNCTION;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.provisioningops.connector.Operation;
import com.provisioningops.provisioning.JobId;
import com.provisioningops.provisioning.JobView;
import com.provisioningops.provisioning.ProvisioningJobs;
import com.provisioningops.provisioning.ServicePrincipalId;
import java.util.Optional;

/** Synchronization jobs: the connector's job actions. */
public final class JobFunctions {
  private final Http http;
  private final ProvisioningJobs jobs;

  public JobFunctions(Http http, ProvisioningJobs jobs) {
    this.http = http;
    this.jobs = jobs;
  }

  /** Reads one synchronization job with its health, as the connector's "Get job" action. */
  @FunctionName("GetJob")
  @Operation(
      id = "GetJob",
      summary = "Get a provisioning job",
      description =
          "Returns one synchronization job as Microsoft Graph reports it, with its health: "
              + "state, severity and the reasons in plain language.",
      visibility = Operation.Visibility.IMPORTANT,
      response = JobView.class,
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
    return http.respond(req, ctx, () -> jobs.get(ServicePrincipalId.parse(sp), JobId.parse(jobId)));
  }
}
