package com.provisioningops.delivery;

import java.time.Duration;

/** The {@code deliveries} queue and its poison queue. */
public interface DeliveryQueue {
  /** Queues a delivery, invisible for {@code delay} (a retry's backoff). */
  void send(Delivery delivery, Duration delay);

  /** Parks a delivery that failed on every try, so nothing is lost and an admin can replay it. */
  void poison(Delivery delivery, String why);
}
