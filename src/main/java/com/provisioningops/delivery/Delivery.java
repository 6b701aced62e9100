package com.provisioningops.delivery;

/**
 * One alert change for one subscriber: a message on the {@code deliveries} queue.
 *
 * @param changeSequence the change's number in the alert's life; with the alert id it names the
 *     change, for de-duplication on both sides
 * @param attempt 1 for the first try
 */
public record Delivery(String subscriptionId, String alertId, long changeSequence, int attempt) {
  /** What receivers get in {@code Idempotency-Key}: the same for every try of one change. */
  public String idempotencyKey() {
    return alertId + "#" + changeSequence;
  }

  Delivery nextAttempt() {
    return new Delivery(subscriptionId, alertId, changeSequence, attempt + 1);
  }
}
