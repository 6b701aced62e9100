package com.provisioningops.adapter.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.data.tables.TableServiceClient;
import com.provisioningops.alerts.AlertChangeFilter;
import com.provisioningops.delivery.Delivery;
import com.provisioningops.delivery.Subscription;
import com.provisioningops.devhost.AzuriteTables;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Subscriptions and delivery claims over the real Tables SDK and Azurite. */
class TableSubscriptionStoreTest {
  @RegisterExtension static final AzuriteTables storage = new AzuriteTables();
  private static TableServiceClient tables;
  private final Instant now = Instant.parse("2026-12-01T10:00:00Z");
  private final String id = "sub-" + UUID.randomUUID();

  @BeforeAll
  static void tablesOnAzurite() {
    tables = storage.tables();
  }

  private Subscription subscription() {
    return new Subscription(
        id,
        Subscription.Kind.teams,
        AlertChangeFilter.parse("warning", "jobStatus", null),
        "https://hooks.example.com/…",
        "callback-" + id + "-abc",
        "https://provops.example",
        now,
        true,
        null,
        null,
        0);
  }

  @Test
  void aSubscriptionRoundTripsAndDeletingItForgetsItsClaims() {
    TableSubscriptionStore store = new TableSubscriptionStore(tables);
    store.save(subscription());
    store.claim(new Delivery(id, "alert~1~1", 1, 1), "message-1", now, Duration.ofMinutes(2));

    assertThat(store.find(id)).contains(subscription());
    assertThat(store.all()).contains(subscription());
    assertThat(store.delete(id)).isTrue();
    assertThat(store.find(id)).isEmpty();
    assertThat(
            store.claim(
                new Delivery(id, "alert~1~1", 1, 2), "message-2", now, Duration.ofMinutes(2)))
        .as("the old claim went with the subscription")
        .isTrue();
  }

  @Test
  void twoCopiesOfOneDeliveryClaimedAtOnceLetOnlyOnePost() {
    TableSubscriptionStore store = new TableSubscriptionStore(tables);
    Delivery d = new Delivery(id, "alert~2~1", 1, 1);

    List<CompletableFuture<Boolean>> claims =
        List.of(
            CompletableFuture.supplyAsync(
                () -> store.claim(d, "message-3", now, Duration.ofMinutes(2))),
            CompletableFuture.supplyAsync(
                () -> store.claim(d, "message-4", now, Duration.ofMinutes(2))));

    assertThat(claims.stream().map(CompletableFuture::join)).containsExactlyInAnyOrder(true, false);
  }

  @Test
  void aDeliveredChangeIsNeverClaimedAgainButADeadWorkersClaimIsTakenOver() {
    TableSubscriptionStore store = new TableSubscriptionStore(tables);
    Delivery delivered = new Delivery(id, "alert~3~1", 1, 1);
    Delivery stuck = new Delivery(id, "alert~4~1", 1, 1);
    store.claim(delivered, "message-5", now, Duration.ofMinutes(2));
    store.markDelivered(delivered);
    store.claim(stuck, "message-6", now, Duration.ofMinutes(2));

    Instant later = now.plus(Duration.ofMinutes(5));

    assertThat(store.claim(delivered, "message-7", later, Duration.ofMinutes(2))).isFalse();
    assertThat(store.claim(stuck, "message-8", now.plusSeconds(30), Duration.ofMinutes(2)))
        .isFalse();
    assertThat(store.claim(stuck, "message-9", later, Duration.ofMinutes(2))).isTrue();
  }

  @Test
  void aLaterAttemptOrARetryOfTheSameMessageTakesTheClaimButAnotherCopyDoesNot() {
    TableSubscriptionStore store = new TableSubscriptionStore(tables);
    Delivery first = new Delivery(id, "alert~6~1", 1, 1);
    store.claim(first, "message-a", now, Duration.ofMinutes(2));

    assertThat(store.claim(first, "message-b", now, Duration.ofMinutes(2))).isFalse();
    assertThat(store.claim(first, "message-a", now, Duration.ofMinutes(2))).isTrue();
    assertThat(
            store.claim(
                new Delivery(id, "alert~6~1", 1, 2), "message-c", now, Duration.ofMinutes(2)))
        .isTrue();
    assertThat(store.claim(first, "message-a", now, Duration.ofMinutes(2)))
        .as("the earlier attempt's message came back after handing over")
        .isFalse();
  }

  @Test
  void anUpdateNeverBringsBackADeletedSubscription() {
    TableSubscriptionStore store = new TableSubscriptionStore(tables);
    store.save(subscription());
    Delivery d = new Delivery(id, "alert~7~1", 1, 1);
    store.claim(d, "message-d", now, Duration.ofMinutes(2));
    assertThat(store.update(id, s -> s)).isTrue();

    store.delete(id);

    assertThat(store.update(id, s -> s)).isFalse();
    store.markDelivered(d);
    assertThat(store.find(id)).isEmpty();
    assertThat(store.claim(d, "message-e", now, Duration.ofMinutes(2)))
        .as("no delivery record came back either")
        .isTrue();
  }

  @Test
  void deliveryRecordsPastRetentionAreForgottenAndTheSubscriptionStays() {
    TableSubscriptionStore store = new TableSubscriptionStore(tables);
    store.save(subscription());
    Delivery d = new Delivery(id, "alert~5~1", 1, 1);
    store.claim(d, "message-11", now, Duration.ofMinutes(2));
    store.markDelivered(d);

    int none = store.forgetDeliveriesBefore(Instant.now().minus(Duration.ofHours(1)));
    int forgotten = store.forgetDeliveriesBefore(Instant.now().plus(Duration.ofHours(1)));

    assertThat(none).isZero();
    assertThat(forgotten).isGreaterThanOrEqualTo(1);
    assertThat(store.claim(d, "message-12", now, Duration.ofMinutes(2))).isTrue();
    assertThat(store.find(id)).isPresent();
  }
}
