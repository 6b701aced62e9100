package com.provisioningops.delivery;

import com.provisioningops.alerts.Alert;
import com.provisioningops.alerts.AlertFeed;
import com.provisioningops.alerts.AlertStore;
import com.provisioningops.failure.Failure;
import com.provisioningops.readiness.Checkpoint;
import com.provisioningops.readiness.Checkpoints;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Gets each alert change to each subscriber that wants it, once. {@link #fanOut} turns the alert
 * feed since its checkpoint into one {@code deliveries} message per change and subscriber; {@link
 * #deliver} posts one, retrying with exponential backoff and finally parking it in {@code
 * deliveries-poison} and marking the subscription unhealthy. A claim per change and subscriber
 * keeps duplicate messages (a fan-out redone after a crash, the queue's at-least-once) from posting
 * twice; the change's id and sequence go along as {@code Idempotency-Key}.
 */
public final class Deliveries {
  static final String CHECKPOINT = "deliveries:fanout";

  /** A claim older than this belongs to a worker that died mid-post. */
  static final Duration CLAIM_LEASE = Duration.ofMinutes(2);

  private static final Duration LONGEST_BACKOFF = Duration.ofHours(1);

  private final AlertFeed feed;
  private final AlertStore alerts;
  private final SubscriptionStore subscriptions;
  private final CallbackUrls urls;
  private final TargetCheck targets;
  private final Receiver receiver;
  private final DeliveryQueue queue;
  private final Checkpoints checkpoints;
  private final Settings settings;
  private final Clock clock;

  /**
   * @param maxAttempts tries before a delivery is parked ({@code DELIVERY_MAX_ATTEMPTS})
   * @param backoff the wait before the second try; each later one waits twice as long ({@code
   *     DELIVERY_BACKOFF})
   */
  public record Settings(int maxAttempts, Duration backoff) {}

  /** What became of one delivery message. */
  public enum Outcome {
    delivered,
    duplicate,
    retrying,
    parked,
    unsubscribed,
    superseded,
    dropped
  }

  public Deliveries(
      AlertFeed feed,
      AlertStore alerts,
      SubscriptionStore subscriptions,
      CallbackUrls urls,
      TargetCheck targets,
      Receiver receiver,
      DeliveryQueue queue,
      Checkpoints checkpoints,
      Settings settings,
      Clock clock) {
    this.feed = feed;
    this.alerts = alerts;
    this.subscriptions = subscriptions;
    this.urls = urls;
    this.targets = targets;
    this.receiver = receiver;
    this.queue = queue;
    this.checkpoints = checkpoints;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * Queues every alert change since the last fan-out for each subscriber it matches. The checkpoint
   * moves only after the messages are queued: a run that dies in between queues them again, and the
   * claims drop the repeats.
   *
   * @return messages queued
   * @throws Failure.Unavailable when storage fails; the next fan-out redoes it
   */
  public int fanOut() {
    List<Subscription> subs = subscriptions.all();
    Optional<Checkpoint> saved = checkpoints.find(CHECKPOINT);
    // The first fan-out starts where the first subscription began: nothing before it is wanted.
    AlertFeed.Position at =
        saved
            .map(c -> AlertFeed.Position.decode(c.detail()))
            .orElseGet(
                () ->
                    subs.stream()
                        .map(Subscription::createdAt)
                        .min(java.util.Comparator.naturalOrder())
                        .map(
                            t ->
                                new AlertFeed.Position(
                                    t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                                    java.util.Set.of()))
                        .orElseGet(feed::now));
    int queued = 0;
    while (true) {
      AlertFeed.Batch batch = feed.read(at, com.provisioningops.alerts.AlertChangeFilter.ALL);
      for (Alert change : batch.changes()) {
        for (Subscription s : subs) {
          // A subscriber gets the changes made after it subscribed, not the ones before.
          if (s.filter().matches(change)
              && change.changedAt() != null
              && change.changedAt().isAfter(s.createdAt())) {
            queue.send(
                new Delivery(s.id(), change.id(), change.changeSequence(), 1), Duration.ZERO);
            queued++;
          }
        }
      }
      boolean moved = !batch.next().equals(at);
      at = batch.next();
      if (!moved || batch.changes().size() < AlertFeed.MAX_BATCH) {
        break;
      }
    }
    checkpoints.save(new Checkpoint(CHECKPOINT, clock.instant(), at.encode()));
    return queued;
  }

  /**
   * Posts one alert change to one subscriber.
   *
   * @param messageId the queue message's id: a retry of this message may retake its own claim
   * @throws Failure.Unavailable when storage or the vault fails: the queue retries the message
   */
  public Outcome deliver(Delivery d, String messageId) {
    Optional<Subscription> found = subscriptions.find(d.subscriptionId());
    if (found.isEmpty()) {
      return Outcome.dropped; // unsubscribed since the change was queued
    }
    Subscription sub = found.get();
    Optional<Alert> alert = alerts.find(d.alertId());
    Optional<URI> url = urls.find(sub.urlSecret());
    if (alert.isEmpty() || url.isEmpty()) {
      return Outcome.dropped; // purged past retention, or a subscription half-deleted
    }
    if (alert.get().changeSequence() > d.changeSequence() && sub.filter().matches(alert.get())) {
      // The alert changed again before this went out, and this subscriber wants the newer change:
      // that message posts the current state under its own key; posting it here would say it
      // twice. When the subscriber does not want the newer change, no message follows this one,
      // so this one posts the current state.
      return Outcome.superseded;
    }
    if (!subscriptions.claim(d, messageId, clock.instant(), CLAIM_LEASE)) {
      return Outcome.duplicate;
    }
    Receiver.Reply reply;
    try {
      targets.check(url.get().toString());
      reply = receiver.post(url.get(), sub.kind(), linked(alert.get(), sub), d.idempotencyKey());
    } catch (Failure.InvalidInput refused) {
      reply = new Receiver.Reply(0, refused.detail());
    }
    if (reply.delivered()) {
      subscriptions.markDelivered(d);
      subscriptions.update(sub.id(), s -> s.delivered(clock.instant()));
      return Outcome.delivered;
    }
    if (reply.status() == 410) {
      // Power Automate answers 410 Gone for a flow that was deleted: stop posting to it.
      subscriptions.delete(sub.id());
      urls.delete(sub.urlSecret());
      return Outcome.unsubscribed;
    }
    // The claim stays: the next attempt takes it over, and a retry of this message (should what
    // follows throw) retakes it, so no failed write here can strand the change.
    String why =
        reply.status() == 0
            ? reply.problem()
            : "the receiver answered "
                + reply.status()
                + (reply.problem() == null ? "" : ": " + reply.problem());
    if (d.attempt() < settings.maxAttempts()) {
      queue.send(d.nextAttempt(), backoff(d.attempt()));
      return Outcome.retrying;
    }
    queue.poison(d, why);
    String error =
        "Delivery of " + d.idempotencyKey() + " failed " + d.attempt() + " times; last: " + why;
    subscriptions.update(sub.id(), s -> s.failed(error));
    return Outcome.parked;
  }

  /**
   * Forgets delivery records older than {@code retention} ({@code ALERT_RETENTION_DAYS}).
   *
   * @return how many were forgotten
   */
  public int purge(Duration retention) {
    return subscriptions.forgetDeliveriesBefore(clock.instant().minus(retention));
  }

  private Duration backoff(int attempt) {
    Duration wait = settings.backoff().multipliedBy(1L << Math.min(attempt - 1, 16));
    return wait.compareTo(LONGEST_BACKOFF) > 0 ? LONGEST_BACKOFF : wait;
  }

  private static Alert linked(Alert a, Subscription s) {
    String base = s.baseUrl() + "/api/";
    String job =
        a.jobId() == null || a.servicePrincipalId() == null
            ? null
            : base
                + "servicePrincipals/"
                + a.servicePrincipalId()
                + "/synchronization/jobs/"
                + a.jobId();
    return a.withLinks(job, base + "status");
  }
}
