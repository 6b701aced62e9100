package com.provisioningops.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import com.provisioningops.delivery.Deliveries;
import com.provisioningops.delivery.Delivery;
import com.provisioningops.failure.Failure;

/**
 * Posts each alert change to its subscriber from the {@code deliveries} queue. Retries and the
 * poison queue are the app's own (exponential backoff, then {@code deliveries-poison}); the
 * platform's retries only cover storage or vault failures, which the function rethrows.
 */
public final class DeliveryQueueFunctions {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Deliveries deliveries;

  public DeliveryQueueFunctions(Deliveries deliveries) {
    this.deliveries = deliveries;
  }

  /** Delivers one alert change to one subscriber. */
  @FunctionName("DeliverAlert")
  public void deliver(
      @QueueTrigger(name = "message", queueName = "deliveries", connection = "AzureWebJobsStorage")
          String message,
      @BindingName("Id") String messageId,
      ExecutionContext ctx) {
    Delivery d;
    try {
      JsonNode n = JSON.readTree(message);
      d =
          new Delivery(
              n.get("subscriptionId").asText(),
              n.get("alertId").asText(),
              n.path("changeSequence").asLong(1),
              Math.max(1, n.path("attempt").asInt(1)));
    } catch (Exception e) {
      ctx.getLogger().warning("Dropped a deliveries message that names no delivery.");
      return;
    }
    Deliveries.Outcome outcome;
    try {
      outcome = deliveries.deliver(d, messageId);
    } catch (Failure f) {
      ctx.getLogger()
          .warning("Delivery " + d.idempotencyKey() + ": " + f.code() + ": " + f.detail());
      throw f;
    }
    ctx.getLogger()
        .info(
            "Delivery of "
                + d.idempotencyKey()
                + " to "
                + d.subscriptionId()
                + " (try "
                + d.attempt()
                + "): "
                + outcome);
  }
}
