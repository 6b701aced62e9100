package com.provisioningops.delivery;

import java.util.List;
import java.util.Optional;

/**
 * Where subscriptions are kept, with the record of which changes reached each. Every method throws
 * {@link com.provisioningops.failure.Failure.Unavailable} when the store fails.
 */
public interface SubscriptionStore {
  /** Makes a subscription, or replaces the one with its id (subscribing again). */
  void save(Subscription subscription);

  /**
   * Changes a subscription as it is stored now, conditioned on its version (a lost race is read
   * again and redone): never brings back one deleted meanwhile.
   *
   * @return false when there is no such subscription (any more)
   */
  boolean update(String id, java.util.function.UnaryOperator<Subscription> change);

  Optional<Subscription> find(String id);

  List<Subscription> all();

  /** Forgets a subscription and its delivery record; false when there was none. */
  boolean delete(String id);

  /**
   * Claims a change for delivery to its subscriber, so two copies of one message cannot both post
   * it. True when this caller may post it now: nobody claimed it, or the claim is this very
   * message's (an earlier try of it that threw), or an earlier attempt's (which handed over to this
   * one), or older than {@code lease} (its worker died). False when it was delivered already or
   * another copy holds it.
   *
   * @param owner the queue message's id
   */
  boolean claim(Delivery delivery, String owner, java.time.Instant now, java.time.Duration lease);

  /**
   * Records that the claimed change reached its subscriber: it is never posted again. Does nothing
   * when the subscription was deleted meanwhile.
   */
  void markDelivered(Delivery delivery);

  /**
   * Forgets the claim and delivery records older than {@code cutoff}: their alerts are past
   * retention, so no copy of those messages can still come.
   *
   * @return how many were forgotten
   */
  int forgetDeliveriesBefore(java.time.Instant cutoff);
}
