package com.provisioningops.functions;

import static com.microsoft.azure.functions.HttpMethod.DELETE;
import static com.microsoft.azure.functions.HttpMethod.GET;
import static com.microsoft.azure.functions.HttpMethod.POST;
import static com.microsoft.azure.functions.annotation.AuthorizationLevel.ANONYMOUS;
import static com.microsoft.azure.functions.annotation.AuthorizationLevel.FUNCTION;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.provisioningops.alerts.Alert;
import com.provisioningops.alerts.AlertChangeFilter;
import com.provisioningops.api.Matches;
import com.provisioningops.api.NotificationUrl;
import com.provisioningops.api.OneOf;
import com.provisioningops.api.Required;
import com.provisioningops.connector.Operation;
import com.provisioningops.delivery.Subscription;
import com.provisioningops.delivery.Subscriptions;
import com.provisioningops.failure.Failure;
import com.provisioningops.provisioning.JobId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The webhook form of "When a provisioning alert is raised", and subscriptions for webhooks and
 * Teams channels: subscribe a callback URL (kept in the app vault, shown masked), list them with
 * their delivery health, unsubscribe.
 */
public final class SubscriptionFunctions {
  private final Http http;
  private final Subscriptions subscriptions;

  public SubscriptionFunctions(Http http, Subscriptions subscriptions) {
    this.http = http;
    this.subscriptions = subscriptions;
  }

  /**
   * A subscription request.
   *
   * @param callbackUrl where alert changes are posted (Power Automate fills it in for a flow)
   * @param kind how changes are posted: {@code powerAutomate} (the default), {@code webhook} or
   *     {@code teams}
   * @param severity only alerts of this severity or worse
   * @param source only alerts from this source
   * @param jobId only alerts about this job
   */
  public record SubscribeRequest(
      @Required @NotificationUrl String callbackUrl,
      @OneOf({"powerAutomate", "webhook", "teams"}) String kind,
      @OneOf({"critical", "warning", "info"}) String severity,
      @OneOf({"jobStatus", "provisioningLogs", "app"}) String source,
      @Matches(JobId.PATTERN) String jobId) {}

  /**
   * A subscription as the API shows it: the callback URL masked.
   *
   * @param id the subscription's id
   * @param kind powerAutomate, webhook or teams
   * @param severity only alerts of this severity or worse; absent for all
   * @param source only alerts from this source; absent for all
   * @param jobId only alerts about this job; absent for all
   * @param callbackUrl where alert changes are posted, shown as its host only
   * @param createdAt when the subscription was made
   * @param healthy false once a change could not be delivered after every try
   * @param lastError why the last delivery failed; absent when it succeeded
   * @param lastDeliveredAt when a change last reached the receiver
   * @param failedDeliveries changes parked in {@code deliveries-poison}
   * @param unsubscribeUrl DELETE it to end the subscription (no key needed: it carries its own
   *     capability for this subscription only)
   */
  public record SubscriptionView(
      String id,
      String kind,
      String severity,
      String source,
      String jobId,
      String callbackUrl,
      java.time.Instant createdAt,
      boolean healthy,
      String lastError,
      java.time.Instant lastDeliveredAt,
      int failedDeliveries,
      String unsubscribeUrl) {
    static SubscriptionView of(Subscription s, String unsubscribeUrl) {
      AlertChangeFilter f = s.filter();
      return new SubscriptionView(
          s.id(),
          s.kind().name(),
          f.atLeast() == null ? null : f.atLeast().name(),
          f.source() == null ? null : f.source().name(),
          f.jobId(),
          s.maskedUrl(),
          s.createdAt(),
          s.healthy(),
          s.lastError(),
          s.lastDeliveredAt(),
          s.failedDeliveries(),
          unsubscribeUrl);
    }
  }

  /**
   * The subscriptions.
   *
   * @param value every subscription, with its delivery health
   */
  public record SubscriptionList(List<SubscriptionView> value) {}

  /** Subscribes a callback URL to alert changes: 201 with {@code Location}, the URL to DELETE. */
  @FunctionName("SubscribeToAlerts")
  @Operation(
      id = "WhenAlertRaised",
      summary = "When a provisioning alert is raised",
      description =
          "Starts a flow as soon as an alert is opened, gets more severe or resolves, filtered by"
              + " severity, source and job. The app posts each change once, with its id and"
              + " change sequence.",
      visibility = Operation.Visibility.IMPORTANT,
      request = SubscribeRequest.class,
      response = SubscriptionView.class,
      status = 201,
      trigger = "single",
      triggerHint = "To see it work, open an alert: quarantine a job or let one fail.",
      triggerMode = Operation.TriggerMode.WEBHOOK,
      notification = Alert.class,
      tag = "Monitoring")
  public HttpResponseMessage subscribe(
      @HttpTrigger(
              name = "req",
              methods = POST,
              authLevel = FUNCTION,
              route = "alerts/subscriptions")
          HttpRequestMessage<Optional<String>> req,
      ExecutionContext ctx) {
    return http.withRoleCheck(
        req,
        ctx,
        () -> {
          SubscribeRequest r = http.body(req, SubscribeRequest.class);
          Subscription s =
              subscriptions.subscribe(
                  kind(r.kind()),
                  r.callbackUrl(),
                  AlertChangeFilter.parse(r.severity(), r.source(), r.jobId()),
                  http.baseUri(req).toString());
          String location = http.unsubscribeUrl(req, s.id());
          return req.createResponseBuilder(HttpStatusType.custom(201))
              .header("Content-Type", Http.JSON)
              .header("Location", location)
              .body(http.write(SubscriptionView.of(s, location)))
              .build();
        });
  }

  /** Every subscription with its delivery health. */
  @FunctionName("ListAlertSubscriptions")
  @Operation(
      id = "ListAlertSubscriptions",
      summary = "List alert subscriptions",
      description =
          "Lists the flows, webhooks and Teams channels that get alert changes, each with its"
              + " callback URL masked and whether deliveries reach it.",
      visibility = Operation.Visibility.ADVANCED,
      response = SubscriptionList.class,
      tag = "Monitoring")
  public HttpResponseMessage list(
      @HttpTrigger(
              name = "req",
              methods = GET,
              authLevel = FUNCTION,
              route = "alerts/subscriptions")
          HttpRequestMessage<Optional<String>> req,
      ExecutionContext ctx) {
    return http.okJson(
        req,
        ctx,
        () ->
            new SubscriptionList(
                subscriptions.list().stream()
                    .map(s -> SubscriptionView.of(s, http.unsubscribeUrl(req, s.id())))
                    .toList()));
  }

  /**
   * Ends a subscription; Power Automate calls the subscription's {@code Location} with DELETE when
   * a flow is turned off or deleted, without the connector's API key. So the route takes no key:
   * the {@code sig} in that Location is the capability to delete that one subscription. Deleting
   * one that is gone already answers the same 204.
   */
  @FunctionName("UnsubscribeFromAlerts")
  @Operation(
      id = "DeleteAlertSubscription",
      summary = "Delete an alert subscription",
      description =
          "Stops posting alert changes to a subscription and forgets its callback URL. Call the"
              + " subscription's Location, which carries its own signature.",
      visibility = Operation.Visibility.INTERNAL,
      status = 204,
      query = {
        @Operation.Param(
            name = "sig",
            summary = "Signature",
            description = "The signature in the subscription's Location.",
            required = true,
            visibility = Operation.Visibility.INTERNAL)
      },
      tag = "Monitoring")
  public HttpResponseMessage unsubscribe(
      @HttpTrigger(
              name = "req",
              methods = DELETE,
              authLevel = ANONYMOUS,
              route = "alerts/subscriptions/{subscriptionId}")
          HttpRequestMessage<Optional<String>> req,
      @BindingName("subscriptionId") String subscriptionId,
      ExecutionContext ctx) {
    return http.withoutRoleCheck(
        req,
        ctx,
        () -> {
          if (!http.mayUnsubscribe(req, subscriptionId)) {
            throw new ProblemException(
                Problem.of(
                    401,
                    "unsubscribe-not-allowed",
                    "This link does not end that subscription",
                    "Call DELETE on the Location the subscription was created with (its sig"
                        + " parameter allows deleting that subscription and no other); the"
                        + " unsubscribeUrl of GET /api/alerts/subscriptions gives it to key"
                        + " holders."));
          }
          try {
            subscriptions.unsubscribe(subscriptionId);
          } catch (Failure.NotFound gone) {
            // Deleted already (a flow turned off twice, a retry): the outcome asked for holds.
          }
          return req.createResponseBuilder(HttpStatusType.custom(204)).build();
        });
  }

  private static Subscription.Kind kind(String text) {
    if (text == null || text.isBlank()) {
      return Subscription.Kind.powerAutomate;
    }
    for (Subscription.Kind k : Subscription.Kind.values()) {
      if (k.name().equalsIgnoreCase(text.trim())) {
        return k;
      }
    }
    throw Failure.invalid(
        "kind must be one of powerAutomate, webhook, teams (not "
            + text.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "")
            + ").");
  }
}
