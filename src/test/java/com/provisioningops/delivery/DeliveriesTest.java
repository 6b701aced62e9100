package com.provisioningops.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.provisioningops.MutableClock;
import com.provisioningops.alerts.Alert;
import com.provisioningops.alerts.AlertBook;
import com.provisioningops.alerts.AlertChangeFilter;
import com.provisioningops.alerts.AlertFeed;
import com.provisioningops.alerts.AlertStore;
import com.provisioningops.alerts.Sighting;
import com.provisioningops.readiness.Checkpoint;
import com.provisioningops.readiness.Checkpoints;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Deliveries with the store, vault, queue and receiver replaced by small in-memory fakes (the real
 * ones are covered by their own tests and AlertDeliveryIT): what each receiver answer leads to, the
 * backoff, and changes that are fanned out twice or overtaken.
 */
class DeliveriesTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
  private final AlertStore alerts = new com.provisioningops.alerts.MemoryAlertStore();
  private final AlertBook book = new AlertBook(alerts, clock);
  private final Subs subs = new Subs();
  private final Map<String, URI> vault = new HashMap<>();
  private final List<Object[]> queued = new ArrayList<>();
  private final List<Object[]> parked = new ArrayList<>();
  private final List<Integer> answers = new ArrayList<>();
  private final List<String> posted = new ArrayList<>();
  private final Map<String, Checkpoint> checkpoints = new HashMap<>();
  private Runnable onPost = () -> {};
  private boolean failNextSend;

  /** The vault: callback URLs by secret name. */
  private final CallbackUrls urls =
      new CallbackUrls() {
        @Override
        public String save(String id, URI url) {
          vault.put("secret-" + id, url);
          return "secret-" + id;
        }

        @Override
        public Optional<URI> find(String secret) {
          return Optional.ofNullable(vault.get(secret));
        }

        @Override
        public void delete(String secret) {
          vault.remove(secret);
        }
      };

  /** Every host resolves to a public documentation address. */
  private final TargetCheck targets =
      new TargetCheck(host -> new InetAddress[] {InetAddress.getByName("203.0.113.7")}, false);

  private final Deliveries deliveries =
      new Deliveries(
          new AlertFeed(alerts, clock),
          alerts,
          subs,
          urls,
          targets,
          (target, kind, alert, key) -> {
            posted.add(key);
            onPost.run();
            return new Receiver.Reply(answers.isEmpty() ? 200 : answers.remove(0), null);
          },
          new DeliveryQueue() {
            @Override
            public void send(Delivery d, Duration delay) {
              if (failNextSend) {
                failNextSend = false;
                throw new com.provisioningops.failure.Failure.Unavailable(
                    "queue",
                    "Queue failed",
                    "Queue failed.",
                    null,
                    com.provisioningops.failure.Failure.Unavailable.Source.DEPENDENCY,
                    true,
                    null);
              }
              queued.add(new Object[] {d, delay});
            }

            @Override
            public void poison(Delivery d, String why) {
              parked.add(new Object[] {d, why});
            }
          },
          new Checkpoints() {
            @Override
            public void save(Checkpoint c) {
              checkpoints.put(c.name(), c);
            }

            @Override
            public Optional<Checkpoint> find(String name) {
              return Optional.ofNullable(checkpoints.get(name));
            }
          },
          new Deliveries.Settings(3, Duration.ofSeconds(30)),
          clock);

  private final Subscriptions subscriptions = new Subscriptions(subs, urls, targets, clock);

  private Sighting quarantine(String job, Alert.Severity severity) {
    return Sighting.of(Alert.Source.jobStatus, "quarantined", severity)
        .job(job, "sp", "App")
        .reason("TooManyDeletes")
        .title("App is quarantined")
        .detail("What to do: check.")
        .tenantActionable(true)
        .build();
  }

  private Subscription subscribed() {
    Subscription s =
        subscriptions.subscribe(
            Subscription.Kind.webhook,
            "https://hooks.example.com/x",
            AlertChangeFilter.ALL,
            "https://app");
    clock.advance(Duration.ofSeconds(1));
    return s;
  }

  private int messages;

  /** Delivers {@code d} as a queue message of its own. */
  private Deliveries.Outcome deliver(Delivery d) {
    return deliveries.deliver(d, "message-" + ++messages);
  }

  private Delivery onlyQueued() {
    assertThat(queued).hasSize(1);
    return (Delivery) queued.remove(0)[0];
  }

  @Test
  void aChangeFannedOutTwiceIsPostedOnce() {
    subscribed();
    book.reconcile(
        "job-a", Alert.Source.jobStatus, List.of(quarantine("job-a", Alert.Severity.critical)));

    deliveries.fanOut();
    checkpoints.clear(); // as if that fan-out had died before saving its checkpoint
    deliveries.fanOut();
    List<Deliveries.Outcome> outcomes = new ArrayList<>();
    for (Object[] q : List.copyOf(queued)) {
      outcomes.add(deliver((Delivery) q[0]));
    }

    assertThat(outcomes)
        .containsExactlyInAnyOrder(Deliveries.Outcome.delivered, Deliveries.Outcome.duplicate);
    assertThat(posted).hasSize(1);
  }

  @Test
  void aChangeCommittedAfterANewerOneIsStillDelivered() {
    subscribed();
    clock.advance(Duration.ofMillis(5));
    book.reconcile(
        "job-b", Alert.Source.jobStatus, List.of(quarantine("job-b", Alert.Severity.critical)));
    deliveries.fanOut();
    clock.advance(Duration.ofMillis(-5)); // job-a's change took its time first, committed later
    book.reconcile(
        "job-a", Alert.Source.jobStatus, List.of(quarantine("job-a", Alert.Severity.critical)));
    clock.advance(Duration.ofSeconds(1));
    deliveries.fanOut();
    deliveries.fanOut();

    assertThat(queued)
        .extracting(q -> ((Delivery) q[0]).alertId().substring(0, 5))
        .containsExactly("job-b", "job-a");
  }

  @Test
  void aRetryOvertakenByAChangeItsSubscriberDoesNotWantStillPostsTheAlert() {
    Subscription critical =
        subscriptions.subscribe(
            Subscription.Kind.webhook,
            "https://hooks.example.com/critical",
            AlertChangeFilter.parse("critical", null, null),
            "https://app");
    clock.advance(Duration.ofSeconds(1));
    book.reconcile(
        "job-a", Alert.Source.jobStatus, List.of(quarantine("job-a", Alert.Severity.critical)));
    deliveries.fanOut();
    answers.add(503);
    assertThat(deliver(onlyQueued())).isEqualTo(Deliveries.Outcome.retrying);
    Delivery retry = onlyQueued();
    clock.advance(Duration.ofSeconds(1));
    book.reconcile(
        "job-a", Alert.Source.jobStatus, List.of(quarantine("job-a", Alert.Severity.warning)));
    deliveries.fanOut(); // a warning: nothing for this subscriber

    assertThat(queued).isEmpty();
    assertThat(deliver(retry)).isEqualTo(Deliveries.Outcome.delivered);
    assertThat(posted).containsExactly(retry.idempotencyKey(), retry.idempotencyKey());
    assertThat(subs.find(critical.id()).orElseThrow().healthy()).isTrue();
  }

  @Test
  void aDeleteDuringADeliveryStaysDeleted() {
    Subscription s = subscribed();
    book.reconcile(
        "job-a", Alert.Source.jobStatus, List.of(quarantine("job-a", Alert.Severity.critical)));
    deliveries.fanOut();
    onPost = () -> subscriptions.unsubscribe(s.id()); // the flow is deleted while we post

    assertThat(deliver(onlyQueued())).isEqualTo(Deliveries.Outcome.delivered);

    assertThat(subs.find(s.id())).isEmpty();
    assertThat(subs.all()).isEmpty();
    assertThat(vault).isEmpty();
  }

  @Test
  void aFailedDeliveryWhoseHandOffFailsHalfwayStillGetsItsNextAttempt() {
    subscribed();
    book.reconcile(
        "job-a", Alert.Source.jobStatus, List.of(quarantine("job-a", Alert.Severity.critical)));
    deliveries.fanOut();
    Delivery first = onlyQueued();
    answers.add(500);
    onPost = () -> subs.failNextWrite = true; // storage fails once after the post failed

    try {
      deliveries.deliver(first, "message-1");
    } catch (com.provisioningops.failure.Failure.Unavailable threw) {
      onPost = () -> {};
      deliveries.deliver(first, "message-1"); // the host tries the same message again
    }
    onPost = () -> {};
    subs.failNextWrite = false;
    Delivery next = onlyQueued();

    assertThat(next.attempt()).isEqualTo(2);
    assertThat(deliver(next)).isEqualTo(Deliveries.Outcome.delivered);
    assertThat(posted).hasSize(2).containsOnly(first.idempotencyKey());
  }

  @Test
  void aFailedDeliveryWhoseNextAttemptCannotBeQueuedIsRetriedByTheHostAndQueuedOnce() {
    subscribed();
    book.reconcile(
        "job-a", Alert.Source.jobStatus, List.of(quarantine("job-a", Alert.Severity.critical)));
    deliveries.fanOut();
    Delivery first = onlyQueued();
    answers.addAll(List.of(500, 500));
    failNextSend = true;

    assertThatThrownBy(() -> deliveries.deliver(first, "message-1"))
        .isInstanceOf(com.provisioningops.failure.Failure.Unavailable.class);
    assertThat(deliveries.deliver(first, "message-1")).isEqualTo(Deliveries.Outcome.retrying);
    Delivery next = onlyQueued();

    assertThat(next.attempt()).isEqualTo(2);
    assertThat(deliver(next)).isEqualTo(Deliveries.Outcome.delivered);
    assertThat(posted).hasSize(3).containsOnly(first.idempotencyKey());
  }

  @Test
  void failuresAreRetriedWithDoublingBackoffThenParkedAndTheSubscriptionMarkedUnhealthy() {
    Subscription s = subscribed();
    book.reconcile(
        "job-a", Alert.Source.jobStatus, List.of(quarantine("job-a", Alert.Severity.critical)));
    deliveries.fanOut();
    answers.addAll(List.of(500, 502, 503));

    Delivery first = onlyQueued();
    assertThat(deliver(first)).isEqualTo(Deliveries.Outcome.retrying);
    Object[] second = queued.remove(0);
    assertThat(second[1]).isEqualTo(Duration.ofSeconds(30));
    assertThat(deliver((Delivery) second[0])).isEqualTo(Deliveries.Outcome.retrying);
    Object[] third = queued.remove(0);
    assertThat(third[1]).isEqualTo(Duration.ofSeconds(60));
    assertThat(deliver((Delivery) third[0])).isEqualTo(Deliveries.Outcome.parked);

    assertThat(parked).hasSize(1);
    assertThat((String) parked.get(0)[1]).contains("503");
    Subscription after = subs.find(s.id()).orElseThrow();
    assertThat(after.healthy()).isFalse();
    assertThat(after.failedDeliveries()).isEqualTo(1);
    assertThat(posted).containsOnly(first.idempotencyKey());
    assertThat(alerts.active("job-a")).hasSize(1);
  }

  @Test
  void a410EndsTheSubscriptionAndForgetsItsUrl() {
    Subscription s = subscribed();
    book.reconcile(
        "job-a", Alert.Source.jobStatus, List.of(quarantine("job-a", Alert.Severity.critical)));
    deliveries.fanOut();
    answers.add(410);

    assertThat(deliver(onlyQueued())).isEqualTo(Deliveries.Outcome.unsubscribed);

    assertThat(subs.find(s.id())).isEmpty();
    assertThat(vault).isEmpty();
  }

  @Test
  void aChangeOvertakenBeforeItIsPostedIsSkippedAndTheNewerOnePostsTheCurrentState() {
    subscribed();
    book.reconcile(
        "job-a", Alert.Source.jobStatus, List.of(quarantine("job-a", Alert.Severity.critical)));
    deliveries.fanOut();
    Delivery opened = onlyQueued();
    clock.advance(Duration.ofSeconds(1));
    book.reconcile("job-a", Alert.Source.jobStatus, List.of());
    deliveries.fanOut();
    Delivery resolved = onlyQueued();

    assertThat(deliver(opened)).isEqualTo(Deliveries.Outcome.superseded);
    assertThat(deliver(resolved)).isEqualTo(Deliveries.Outcome.delivered);
    assertThat(posted).containsExactly(resolved.idempotencyKey());
    assertThat(resolved.changeSequence()).isEqualTo(2);
  }

  @Test
  void aSubscriberGetsOnlyChangesAfterItSubscribedThatItsFilterWants() {
    book.reconcile(
        "job-old", Alert.Source.jobStatus, List.of(quarantine("job-old", Alert.Severity.critical)));
    clock.advance(Duration.ofSeconds(1));
    subscriptions.subscribe(
        Subscription.Kind.teams,
        "https://hooks.example.com/t",
        AlertChangeFilter.parse("critical", null, null),
        "https://app");
    clock.advance(Duration.ofSeconds(1));
    book.reconcile(
        "job-w", Alert.Source.jobStatus, List.of(quarantine("job-w", Alert.Severity.warning)));
    book.reconcile(
        "job-c", Alert.Source.jobStatus, List.of(quarantine("job-c", Alert.Severity.critical)));

    int count = deliveries.fanOut();

    assertThat(count).isEqualTo(1);
    assertThat(onlyQueued().alertId()).startsWith("job-c");
  }

  /** Subscriptions and claims in memory. */
  static final class Subs implements SubscriptionStore {
    private final Map<String, Subscription> byId = new LinkedHashMap<>();
    private final Map<String, String> claims = new HashMap<>();
    private final Map<String, Integer> heldAttempt = new HashMap<>();
    boolean failNextWrite;

    private void maybeFail() {
      if (failNextWrite) {
        failNextWrite = false;
        throw new com.provisioningops.failure.Failure.Unavailable(
            "storage",
            "Storage failed",
            "Storage failed.",
            null,
            com.provisioningops.failure.Failure.Unavailable.Source.DEPENDENCY,
            true,
            null);
      }
    }

    @Override
    public synchronized void save(Subscription s) {
      byId.put(s.id(), s);
    }

    @Override
    public synchronized Optional<Subscription> find(String id) {
      return Optional.ofNullable(byId.get(id));
    }

    @Override
    public synchronized List<Subscription> all() {
      return List.copyOf(byId.values());
    }

    @Override
    public synchronized boolean delete(String id) {
      return byId.remove(id) != null;
    }

    @Override
    public synchronized boolean update(String id, UnaryOperator<Subscription> change) {
      maybeFail();
      return byId.computeIfPresent(id, (k, s) -> change.apply(s)) != null;
    }

    @Override
    public synchronized boolean claim(Delivery d, String owner, Instant now, Duration lease) {
      String key = d.subscriptionId() + d.idempotencyKey();
      String held = claims.get(key);
      boolean free =
          held == null
              || held.equals(owner)
              || (!held.equals("delivered") && heldAttempt.get(key) < d.attempt());
      if (free) {
        claims.put(key, owner);
        heldAttempt.put(key, d.attempt());
      }
      return free;
    }

    @Override
    public synchronized void markDelivered(Delivery d) {
      maybeFail();
      claims.put(d.subscriptionId() + d.idempotencyKey(), "delivered");
    }

    @Override
    public synchronized int forgetDeliveriesBefore(Instant cutoff) {
      return 0;
    }
  }
}
