package com.provisioningops.adapter.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.provisioningops.MutableClock;
import com.provisioningops.devhost.Ports;
import com.provisioningops.failure.Failure;
import com.provisioningops.provisioning.VaultSecret;
import com.provisioningops.sandbox.KeyVaultSandbox;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Key Vault adapter through the real SDK, over HTTPS, against the vault sandbox. */
class KeyVaultSecretsTest {
  private static KeyVaultSandbox vault;
  private final MutableClock clock = new MutableClock();
  private KeyVaultSecrets secrets;

  @BeforeAll
  static void startVault() throws Exception {
    vault = KeyVaultSandbox.start(0);
  }

  @AfterAll
  static void stopVault() {
    vault.close();
  }

  @BeforeEach
  void freshVault() {
    vault.reset();
    secrets = secretsFor(vault.vaultUrl());
  }

  private KeyVaultSecrets secretsFor(URI url) {
    return new KeyVaultSecrets(
        KeyVaultConnection.create(url, null, true), Duration.ofMinutes(5), clock);
  }

  @Test
  void readsTheLatestVersion() {
    vault.set("box-prod-token", "first");
    vault.set("box-prod-token", "second");

    assertThat(secrets.get("box-prod-token")).isEqualTo("second");
  }

  @Test
  void readsTheVersionAndItsValidityDatesWithTheValue() {
    Instant expires = Instant.parse("2027-03-01T00:00:00Z");
    Instant notBefore = Instant.parse("2026-11-01T00:00:00Z");
    String version = vault.set("box-prod-token", "second", notBefore, expires);

    VaultSecret read = secrets.read("box-prod-token");

    assertThat(read.value()).isEqualTo("second");
    assertThat(read.version()).isEqualTo(version);
    assertThat(read.expiresOn()).isEqualTo(expires);
    assertThat(read.notBefore()).isEqualTo(notBefore);
    assertThat(read.toString()).doesNotContain("second");
  }

  @Test
  void listsTheCurrentExpiryOfEverySecretThatHasOneWithoutReadingValues() {
    Instant expires = Instant.parse("2027-03-01T00:00:00Z");
    vault.set("box-prod-token", "old", null, Instant.parse("2026-12-20T00:00:00Z"));
    vault.set("box-prod-token", "new", null, expires);
    vault.set("no-expiry", "x");

    assertThat(secrets.currentExpiries()).containsExactly(Map.entry("box-prod-token", expires));
  }

  @Test
  void readsAGivenVersion() {
    String first = vault.set("box-prod-token", "first");
    vault.set("box-prod-token", "second");

    assertThat(secrets.get("box-prod-token", first)).isEqualTo("first");
  }

  @Test
  void missingSecretIsNotFoundNamingTheSecret() {
    assertThatThrownBy(() -> secrets.get("nope"))
        .isInstanceOfSatisfying(
            Failure.NotFound.class,
            e -> {
              assertThat(e.code()).isEqualTo("secret-not-found");
              assertThat(e.detail()).contains("'nope'");
            });
  }

  @Test
  void setStoresANewVersionThatReadsBack() {
    String version = secrets.set("signing-key", "k1");

    assertThat(version).isNotBlank();
    assertThat(vault.requests()).isPositive();
    assertThat(secretsFor(vault.vaultUrl()).get("signing-key")).isEqualTo("k1");
  }

  @Test
  void deleteRemovesTheSecretAndItsCacheEntry() {
    vault.set("old-token", "v");
    secrets.get("old-token");

    secrets.delete("old-token");

    assertThatThrownBy(() -> secrets.get("old-token")).isInstanceOf(Failure.NotFound.class);
  }

  @Test
  void listNamesGivesNamesOnly() {
    vault.set("a-token", "secret-a");
    vault.set("b-token", "secret-b");

    assertThat(secrets.listNames()).containsExactlyInAnyOrder("a-token", "b-token");
  }

  @Test
  void forbiddenNamesTheMissingRoleNotTheValue() {
    vault.set("locked", "locked-value");
    vault.forbid("locked");

    assertThatThrownBy(() -> secrets.get("locked"))
        .isInstanceOfSatisfying(
            Failure.Forbidden.class,
            e -> {
              assertThat(e.code()).isEqualTo("vault-forbidden");
              assertThat(e.missing()).startsWith("Key Vault Secrets User on ");
              assertThat(e.detail())
                  .contains("Key Vault Secrets User")
                  .doesNotContain("locked-value");
            });
  }

  @Test
  void unreachableVaultIsARetryable503() {
    KeyVaultSecrets down = secretsFor(URI.create("https://127.0.0.1:" + Ports.free()));

    assertThatThrownBy(() -> down.get("any"))
        .isInstanceOfSatisfying(
            Failure.Unavailable.class,
            e -> {
              assertThat(e.retryable()).isTrue();
              assertThat(e.retryAfter()).isPresent();
            });
  }

  @Test
  void cachedValueIsServedWithinTheTtlAndReadAgainAfter() {
    vault.set("cached", "v1");
    assertThat(secrets.get("cached")).isEqualTo("v1");
    long after = vault.requests();

    vault.set("cached", "v2");
    clock.advance(Duration.ofMinutes(4));
    assertThat(secrets.get("cached")).isEqualTo("v1");
    assertThat(vault.requests()).isEqualTo(after);

    clock.advance(Duration.ofMinutes(2));
    assertThat(secrets.get("cached")).isEqualTo("v2");
  }

  @Test
  void sandboxTrustIsRefusedForAVaultOffLoopback() {
    assertThatThrownBy(
            () ->
                KeyVaultConnection.create(
                    URI.create("https://contoso.vault.azure.net"), null, true))
        .hasMessageContaining("only for the local Key Vault sandbox");
  }

  @Test
  void withoutSandboxTrustTheGeneratedCertificateIsNotTrusted() {
    KeyVaultSecrets strict =
        new KeyVaultSecrets(
            KeyVaultConnection.create(
                vault.vaultUrl(),
                r ->
                    reactor.core.publisher.Mono.just(
                        new com.azure.core.credential.AccessToken(
                            "t", java.time.OffsetDateTime.now().plusHours(1))),
                false),
            Duration.ofMinutes(5),
            clock);
    vault.set("x", "y");

    assertThatThrownBy(() -> strict.get("x"))
        .isInstanceOfSatisfying(Failure.Unavailable.class, e -> assertThat(e.retryable()).isTrue());
  }
}
