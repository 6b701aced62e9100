package com.provisioningops.functions;

import static com.microsoft.azure.functions.HttpMethod.GET;
import static com.microsoft.azure.functions.annotation.AuthorizationLevel.FUNCTION;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.provisioningops.alerts.Alert;
import com.provisioningops.alerts.AlertChangeFilter;
import com.provisioningops.alerts.AlertFeed;
import com.provisioningops.connector.Operation;
import com.provisioningops.provisioning.JobId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The polling form of "When a provisioning alert is raised": Power Automate calls it, then calls
 * the {@code Location} it answered after {@code Retry-After}, for as long as the flow is on. The
 * state in {@code Location} is where the flow stands in the alert feed, sealed so it cannot be
 * edited; the first call starts at now.
 */
public final class TriggerFunctions {
  /** How long Power Automate should wait before it asks again, in seconds. */
  static final String RETRY_AFTER_SECONDS = "60";

  private final Http http;
  private final AlertFeed feed;

  public TriggerFunctions(Http http, AlertFeed feed) {
    this.http = http;
    this.feed = feed;
  }

  /**
   * Alert changes for a flow.
   *
   * @param value the alerts that were opened, changed severity or resolved since the last call,
   *     oldest first, each in its state after that change ({@code change}, {@code changeSequence})
   */
  public record AlertChanges(List<Alert> value) {}

  /** New alert changes since the state in the query, or 202 when there are none. */
  @FunctionName("PollAlertChanges")
  @Operation(
      id = "WhenAlertRaisedPolling",
      summary = "When a provisioning alert is raised (polling)",
      description =
          "Starts a flow when an alert is opened, gets more severe or resolves, checking for new"
              + " alert changes every minute. Use it where the app cannot reach Power Automate;"
              + " otherwise the webhook trigger reacts at once.",
      visibility = Operation.Visibility.ADVANCED,
      response = AlertChanges.class,
      trigger = "batch",
      triggerHint = "To see it work, open an alert: quarantine a job or let one fail.",
      triggerMode = Operation.TriggerMode.POLLING,
      query = {
        @Operation.Param(
            name = "severity",
            summary = "Severity at least",
            description = "Only alerts of this severity or worse.",
            allowed = {"critical", "warning", "info"}),
        @Operation.Param(
            name = "source",
            summary = "Source",
            description = "Only alerts from this source.",
            allowed = {"jobStatus", "provisioningLogs", "app"}),
        @Operation.Param(
            name = "jobId",
            summary = "Job ID",
            description = "Only alerts about this job.",
            pattern = JobId.PATTERN,
            visibility = Operation.Visibility.ADVANCED),
        @Operation.Param(
            name = "state",
            summary = "Trigger state",
            description = "Where the flow stands; Power Automate passes it back from Location.",
            visibility = Operation.Visibility.INTERNAL)
      },
      tag = "Monitoring")
  public HttpResponseMessage poll(
      @HttpTrigger(name = "req", methods = GET, authLevel = FUNCTION, route = "alerts/poll")
          HttpRequestMessage<Optional<String>> req,
      ExecutionContext ctx) {
    return http.withRoleCheck(
        req,
        ctx,
        () -> {
          Map<String, String> q = req.getQueryParameters();
          AlertChangeFilter filter =
              AlertChangeFilter.parse(q.get("severity"), q.get("source"), q.get("jobId"));
          String state = http.sealedParameter(req, "state", "the Location of the previous answer");
          if (state == null) {
            return nothingYet(req, feed.now());
          }
          AlertFeed.Batch batch = feed.read(AlertFeed.Position.decode(state), filter);
          if (batch.changes().isEmpty()) {
            return nothingYet(req, batch.next());
          }
          List<Alert> value =
              batch.changes().stream().map(a -> AlertFunctions.linked(http, req, a)).toList();
          return req.createResponseBuilder(HttpStatusType.custom(200))
              .header("Content-Type", Http.JSON)
              .header("Location", http.linkWithSealed(req, "state", batch.next().encode()))
              .header("Retry-After", RETRY_AFTER_SECONDS)
              .body(http.write(new AlertChanges(value)))
              .build();
        });
  }

  private HttpResponseMessage nothingYet(HttpRequestMessage<?> req, AlertFeed.Position at) {
    // The definition declares one response with a schema (the 200): a 202 has none.
    return req.createResponseBuilder(HttpStatusType.custom(202))
        .header("Location", http.linkWithSealed(req, "state", at.encode()))
        .header("Retry-After", RETRY_AFTER_SECONDS)
        .build();
  }
}
