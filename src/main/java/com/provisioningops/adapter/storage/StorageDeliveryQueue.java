package com.provisioningops.adapter.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.provisioningops.delivery.Delivery;
import com.provisioningops.delivery.DeliveryQueue;
import java.time.Duration;

/**
 * The {@code deliveries} queue ({@code {"subscriptionId","alertId","changeSequence","attempt"}})
 * and {@code deliveries-poison}, where a delivery that failed on every try is parked with why. A
 * retry's backoff is the message's initial invisibility.
 *
 * <p>Needs the Storage Queue Data Message Sender role on the account.
 *
 * <p>Every method throws {@code Failure.Unavailable} when the queue cannot be written.
 */
public final class StorageDeliveryQueue implements DeliveryQueue {
  public static final String NAME = "deliveries";
  public static final String POISON = "deliveries-poison";

  /** Storage caps a message's invisibility at seven days. */
  private static final Duration LONGEST_DELAY = Duration.ofDays(6);

  private final Queues queues;

  public StorageDeliveryQueue(Queues queues) {
    this.queues = queues;
  }

  @Override
  public void send(Delivery delivery, Duration delay) {
    long seconds = Math.max(0, (delay.toMillis() + 999) / 1000);
    Duration visibility = Duration.ofSeconds(Math.min(seconds, LONGEST_DELAY.toSeconds()));
    String message = json(delivery).toString();
    StorageFailures.call(
        "queue a delivery",
        () -> queues.get(NAME).sendMessageWithResponse(message, visibility, null, null, null));
  }

  @Override
  public void poison(Delivery delivery, String why) {
    ObjectNode message = json(delivery).put("why", why);
    StorageFailures.call(
        "park a delivery", () -> queues.get(POISON).sendMessage(message.toString()));
  }

  private static ObjectNode json(Delivery d) {
    return StorageJson.MAPPER
        .createObjectNode()
        .put("subscriptionId", d.subscriptionId())
        .put("alertId", d.alertId())
        .put("changeSequence", d.changeSequence())
        .put("attempt", d.attempt());
  }
}
