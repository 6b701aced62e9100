package com.provisioningops.functions;

import static com.microsoft.azure.functions.HttpMethod.GET;
import static com.microsoft.azure.functions.annotation.AuthorizationLevel.FUNCTION;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.provisioningops.connector.Operation;
import com.provisioningops.provisioning.JobId;
import com.provisioningops.provisioning.Listings;
import com.provisioningops.provisioning.LogQuery;
import com.provisioningops.provisioning.Page;
import com.provisioningops.provisioning.ProvisioningEvent;
import com.provisioningops.provisioning.ProvisioningLogs;
import com.provisioningops.provisioning.ServicePrincipalId;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/** Provisioning logs, filtered, a page at a time. */
public final class LogFunctions {
  private final Http http;
  private final ProvisioningLogs logs;
  private final Clock clock;

  public LogFunctions(Http http, ProvisioningLogs logs, Clock clock) {
    this.http = http;
    this.logs = logs;
    this.clock = clock;
  }

  /** Provisioning events, newest first, filtered by job, app, status, action, identity and time. */
  @FunctionName("ListProvisioningEvents")
  @Operation(
      id = "ListProvisioningEvents",
      summary = "List provisioning events",
      description =
          "Lists provisioning events, newest first: what was created, updated, disabled or deleted"
              + " in each app, and why an event failed.",
      visibility = Operation.Visibility.IMPORTANT,
      response = Listings.ProvisioningEvents.class,
      pageable = true,
      query = {
        @Operation.Param(
            name = "jobId",
            summary = "Job ID",
            description = "Only events of this job.",
            pattern = JobId.PATTERN),
        @Operation.Param(
            name = "servicePrincipalId",
            summary = "Service principal ID",
            description = "Only events of this enterprise app.",
            pattern = ServicePrincipalId.PATTERN),
        @Operation.Param(
            name = "status",
            summary = "Status",
            description = "Only events with this outcome.",
            allowed = {"success", "failure", "skipped", "warning"}),
        @Operation.Param(
            name = "action",
            summary = "Action",
            description = "Only events of this kind.",
            allowed = {"create", "update", "delete", "disable", "stagedDelete", "other"},
            visibility = Operation.Visibility.ADVANCED),
        @Operation.Param(
            name = "identityContains",
            summary = "Identity contains",
            description = "Only events whose user or group name contains this text.",
            maxLength = LogQuery.MAX_IDENTITY,
            visibility = Operation.Visibility.ADVANCED),
        @Operation.Param(
            name = "since",
            summary = "Since",
            description = "Only events after this UTC time (at most 30 days ago).",
            format = "date-time"),
        @Operation.Param(
            name = "until",
            summary = "Until",
            description = "Only events before this UTC time.",
            format = "date-time",
            visibility = Operation.Visibility.ADVANCED),
        @Operation.Param(
            name = "top",
            summary = "Page size",
            description = "Events per page, 1 to 100 (50 when not given).",
            minimum = 1,
            maximum = LogQuery.MAX_TOP,
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
      @HttpTrigger(name = "req", methods = GET, authLevel = FUNCTION, route = "provisioning/logs")
          HttpRequestMessage<Optional<String>> req,
      ExecutionContext ctx) {
    return http.okJson(
        req,
        ctx,
        () -> {
          Map<String, String> q = req.getQueryParameters();
          LogQuery query =
              LogQuery.parse(
                  q.get("jobId"),
                  q.get("servicePrincipalId"),
                  q.get("status"),
                  q.get("action"),
                  q.get("identityContains"),
                  q.get("since"),
                  q.get("until"),
                  q.get("top"),
                  clock.instant());
          Page<ProvisioningEvent> page = logs.read(query, http.skipToken(req));
          return new Listings.ProvisioningEvents(
              page.value(), http.nextLink(req, page.skipToken()));
        });
  }
}
