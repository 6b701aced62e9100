package com.provisioningops.adapter.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.data.tables.TableServiceClient;
import com.provisioningops.MutableClock;
import com.provisioningops.adapter.secrets.SealedTokens;
import com.provisioningops.alerts.AlertChangeFilter;
import com.provisioningops.delivery.Subscription;
import com.provisioningops.devhost.AzuriteTables;
import com.provisioningops.failure.Failure;
import com.provisioningops.provisioning.Actor;
import com.provisioningops.provisioning.CredentialInput;
import com.provisioningops.provisioning.ProvisioningSetup;
import com.provisioningops.provisioning.SetupRequest;
import com.provisioningops.provisioning.SetupState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Input that validation accepts fits Azure Tables, and a value that does not is no outage. */
class TableSetupStoreTest {
  private static final Actor APP = Actor.app("function key");
  private static final List<String> PLAIN_KEYS =
      List.of(
          "BaseAddress",
          "UserName",
          "ClientIdentifier",
          "Domain",
          "Url",
          "InstanceName",
          "CompanyId",
          "Server",
          "SandboxName");

  @RegisterExtension static final AzuriteTables storage = new AzuriteTables();
  private static TableServiceClient tables;
  private final MutableClock clock = new MutableClock();
  private final List<String> queued = new ArrayList<>();
  private final TableSetupStore store = new TableSetupStore(tables);
  private final ProvisioningSetup setups =
      new ProvisioningSetup(
          store, (id, turn, delay) -> queued.add(id), clock, new SealedTokens(() -> new byte[32]));

  @BeforeAll
  static void tablesOnAzurite() {
    tables = storage.tables();
  }

  private static SetupRequest withPlainValues(int count, int length) {
    List<CredentialInput> credentials = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      credentials.add(
          new CredentialInput(
              PLAIN_KEYS.get(i), String.valueOf((char) ('a' + i)).repeat(length), null, null));
    }
    return new SetupRequest(
        "8adf8e6e-67b2-4cf2-a259-e3dc5476c621", "Long values", "scim", credentials, false);
  }

  @Test
  void aSetupWithNineLongPlainCredentialsIsStoredWholeAndReadBack() {
    SetupRequest request = withPlainValues(9, 4_000);

    var started = setups.begin("key-" + UUID.randomUUID(), request, APP);
    String setupId = queued.get(0);

    assertThat(started.status()).isEqualTo("running");
    assertThat(store.find(setupId).orElseThrow().request()).isEqualTo(request);
  }

  @Test
  void credentialsLongerThanASetupCanHoldAreRefusedBeforeAnythingIsQueued() {
    SetupRequest request = withPlainValues(9, 4_000);
    List<CredentialInput> more = new ArrayList<>(request.credentials());
    for (String key : List.of("SyncAll", "SystemOfRecord", "Oauth2ClientId", "TokenExpiration")) {
      more.add(new CredentialInput(key, "x".repeat(4_000), null, null));
    }
    List<CredentialInput> many = new ArrayList<>(more);
    for (String key :
        List.of(
            "ConsumerKey",
            "Oauth2RedirectUri",
            "Oauth2TokenExchangeUri",
            "Oauth2AuthorizationUri",
            "AuthenticationType",
            "SyncAgentADContainer",
            "ValidateDomain",
            "TestReferences",
            "ApplicationTemplateIdentifier",
            "SyncNotificationSettings",
            "EnforceDomain",
            "SkipOutOfScopeDeletions",
            "HardDeletesEnabled")) {
      many.add(new CredentialInput(key, "y".repeat(4_000), null, null));
    }
    SetupRequest tooMuch =
        new SetupRequest(
            request.applicationTemplateId(), request.displayName(), "scim", many, false);

    assertThatThrownBy(() -> setups.begin("key-" + UUID.randomUUID(), tooMuch, APP))
        .isInstanceOf(Failure.InvalidInput.class)
        .hasMessageContaining("104000 characters")
        .hasMessageContaining("secretName");
    assertThat(queued).isEmpty();
  }

  @Test
  void aRetriedWriteThatHadCommittedIsNotMistakenForAnotherWriter() {
    setups.begin("key-" + UUID.randomUUID(), withPlainValues(1, 10), APP);
    SetupState stored = store.find(queued.get(0)).orElseThrow();
    SetupState next =
        new SetupState(
            stored.setupId(),
            stored.idempotencyKey(),
            stored.requestHash(),
            stored.request(),
            "running",
            "app-1",
            null,
            null,
            stored.steps(),
            null,
            null,
            null,
            null,
            0,
            stored.turn() + 1,
            stored.createdAt(),
            stored.createdAt().plusSeconds(1),
            stored.version(),
            stored.requestedBy(),
            stored.sealedUserToken());

    SetupState saved = store.update(next).orElseThrow();
    // The client's own retry of the same write: its first try committed, the answer was lost.
    var retried = store.update(next);
    var stale =
        store.update(
            new SetupState(
                next.setupId(),
                next.idempotencyKey(),
                next.requestHash(),
                next.request(),
                "running",
                "app-2",
                null,
                null,
                next.steps(),
                null,
                null,
                null,
                null,
                0,
                next.turn(),
                next.createdAt(),
                next.updatedAt(),
                next.version(),
                next.requestedBy(),
                next.sealedUserToken()));

    assertThat(retried).as("the write that is stored is this write").contains(saved);
    assertThat(stale).as("a different write from the same version lost a race").isEmpty();
  }

  @Test
  void aValueStorageCannotHoldIsInvalidInputNotAnOutage() {
    TableSubscriptionStore subscriptions = new TableSubscriptionStore(tables);
    Subscription huge =
        new Subscription(
            "sub-" + UUID.randomUUID(),
            Subscription.Kind.webhook,
            AlertChangeFilter.ALL,
            "https://hooks.example.com/…",
            "callback",
            "https://app",
            Instant.now(),
            false,
            "e".repeat(40_000),
            null,
            1);

    assertThatThrownBy(() -> subscriptions.save(huge))
        .isInstanceOf(Failure.InvalidInput.class)
        .satisfies(f -> assertThat(((Failure) f).retryable()).isFalse())
        .satisfies(f -> assertThat(((Failure) f).code()).isEqualTo("too-large-to-store"));
  }
}
