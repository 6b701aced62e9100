package com.provisioningops.delivery;

import java.util.List;
import java.util.Optional;

/**
 * Where subscriptions are kept, with the record of which changes reached each. Every method throws
 * {@link com.provisioningops.failure.Failure.Unavailable} when the store fails.
 */
public interface SubscriptionStore {
  void save(Subscription subscription);

  Optional<Subscription> find(String id);

  List<Subscription> all();

  /** Forgets a subscription and its delivery record; false when there was none. */
  boolean delete(String id);

  /**
   * Claims a change for delivery to its subscriber, so two copies of one message cannot both post
   * it: true when this caller may post it now; false when it was delivered already or another
   * worker's claim on it is younger than {@code lease}.
   */
  boolean claim(Delivery delivery, java.time.Instant now, java.time.Duration lease);

  /** Records that the claimed change reached its subscriber: it is never posted again. */
  void markDelivered(Delivery delivery);

  /** Gives a claim up after a failed post, so a retry may take it. */
  void release(Delivery delivery);

  /**
   * Forgets the claim and delivery records older than {@code cutoff}: their alerts are past
   * retention, so no copy of those messages can still come.
   *
   * @return how many were forgotten
   */
  int forgetDeliveriesBefore(java.time.Instant cutoff);
}
