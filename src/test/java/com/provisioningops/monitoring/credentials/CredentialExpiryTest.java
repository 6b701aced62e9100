package com.provisioningops.monitoring.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import com.provisioningops.MutableClock;
import com.provisioningops.alerts.Alert;
import com.provisioningops.alerts.AlertBook;
import com.provisioningops.alerts.MemoryAlertStore;
import com.provisioningops.failure.Failure;
import com.provisioningops.monitoring.jobs.JobKey;
import com.provisioningops.monitoring.jobs.MemoryJobRegistry;
import com.provisioningops.provisioning.CredentialReferences.Reference;
import com.provisioningops.provisioning.CredentialVault;
import com.provisioningops.provisioning.MemoryCredentialReferences;
import com.provisioningops.provisioning.ServicePrincipalId;
import com.provisioningops.provisioning.VaultSecret;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The expiry of credentials copied from Key Vault, judged day by day: nothing at 15 days, a warning
 * at 13, critical at 2 and once expired, resolved by saving a later version; the vault's newer
 * version is named, and a vault that cannot be read changes nothing.
 */
class CredentialExpiryTest {
  private static final String SP = "00000000-0000-0000-0000-0000000000b1";
  private static final String JOB =
      "scim.e7a9f3b4c0d14d7b9c2e1a8f3e6b5d4c.8adf4e6f-2b1c-4d3e-9f8a-7b6c5d4e3f2a";
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T06:00:00Z"));
  private final MemoryCredentialReferences references = new MemoryCredentialReferences();
  private final MemoryJobRegistry registry = new MemoryJobRegistry();
  private final MemoryAlertStore alerts = new MemoryAlertStore();
  private final Map<String, Instant> inVault = new HashMap<>();
  private boolean vaultDown;
  private CredentialExpiry expiry;

  @BeforeEach
  void aJobWhoseTokenCameFromKeyVault() {
    registry.register(JobKey.of(SP, JOB), "Box");
    CredentialVault vault =
        new CredentialVault() {
          @Override
          public VaultSecret read(String name) {
            throw new AssertionError("the check reads no secret value");
          }

          @Override
          public Map<String, Instant> currentExpiries() {
            if (vaultDown) {
              throw Failure.Unavailable.dependency("vault-unavailable", "down", "down", null);
            }
            return inVault;
          }
        };
    expiry =
        new CredentialExpiry(
            references, vault, registry, new AlertBook(alerts, clock), Duration.ofDays(14), clock);
  }

  // ---- given

  private void givenTokenSavedExpiringIn(Duration left) {
    Instant expires = clock.instant().plus(left);
    references.replace(
        new ServicePrincipalId(SP),
        List.of(new Reference(SP, "SecretToken", "box-token", "v1", expires, clock.instant())));
    inVault.put("box-token", expires);
  }

  private Alert onlyAlert() {
    List<Alert> active = alerts.active(JOB);
    assertThat(active).hasSize(1);
    return active.get(0);
  }

  // ---- then

  @Test
  void aTokenIsQuietAt15DaysAWarningAt13CriticalAt2AndStillCriticalOnceExpired() {
    givenTokenSavedExpiringIn(Duration.ofDays(15));
    expiry.run();
    assertThat(alerts.active(JOB)).isEmpty();

    clock.advance(Duration.ofDays(2));
    expiry.run();
    Alert warning = onlyAlert();
    assertThat(warning.severity()).isEqualTo(Alert.Severity.warning);
    assertThat(warning.rule()).isEqualTo("credentialExpiry");
    assertThat(warning.title()).isEqualTo("The SecretToken of Box expires on 2026-12-17");
    assertThat(warning.detail())
        .contains("Key Vault secret 'box-token'")
        .contains("SaveCredentials with the same secretName");

    clock.advance(Duration.ofDays(11));
    expiry.run();
    Alert critical = onlyAlert();
    assertThat(critical.id()).as("the same alert, escalated").isEqualTo(warning.id());
    assertThat(critical.severity()).isEqualTo(Alert.Severity.critical);
    assertThat(critical.change()).isEqualTo(Alert.Change.severityChanged);

    clock.advance(Duration.ofDays(3));
    expiry.run();
    assertThat(onlyAlert().severity()).isEqualTo(Alert.Severity.critical);
    assertThat(onlyAlert().title()).isEqualTo("The SecretToken of Box has expired");
  }

  @Test
  void aNewerVersionWaitingInTheVaultIsNamedAndSavingItResolvesTheAlert() {
    givenTokenSavedExpiringIn(Duration.ofDays(2));
    inVault.put("box-token", clock.instant().plus(Duration.ofDays(90)));

    expiry.run();

    assertThat(onlyAlert().detail()).contains("The vault already holds a newer version");
    givenTokenSavedExpiringIn(Duration.ofDays(90));
    expiry.run();
    assertThat(alerts.active(JOB)).isEmpty();
  }

  @Test
  void aVaultThatCannotBeReadStillLeavesTheAlertJudgedByTheSavedDates() {
    givenTokenSavedExpiringIn(Duration.ofDays(1));
    vaultDown = true;

    expiry.run();

    assertThat(onlyAlert().severity()).isEqualTo(Alert.Severity.critical);
    assertThat(onlyAlert().detail()).doesNotContain("newer version");
  }

  @Test
  void twoChecksAtOnceLeaveOneAlertPerExpiringCredential() throws Exception {
    givenTokenSavedExpiringIn(Duration.ofDays(2));
    ExecutorService both = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<CredentialExpiry.Summary>> runs = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        runs.add(
            both.submit(
                () -> {
                  go.await();
                  return expiry.run();
                }));
      }
      go.countDown();
      for (Future<CredentialExpiry.Summary> run : runs) {
        run.get(10, TimeUnit.SECONDS);
      }
    } finally {
      both.shutdownNow();
    }

    assertThat(onlyAlert().severity()).isEqualTo(Alert.Severity.critical);
    assertThat(onlyAlert().occurrences()).isBetween(1L, 2L);
  }
}
