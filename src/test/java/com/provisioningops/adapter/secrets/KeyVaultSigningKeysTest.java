package com.provisioningops.adapter.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.provisioningops.MutableClock;
import com.provisioningops.sandbox.KeyVaultSandbox;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The signing key in the app vault: created on first use, cached briefly, rotated by a set. */
class KeyVaultSigningKeysTest {
  private static KeyVaultSandbox vault;
  private final MutableClock clock = new MutableClock();

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
  }

  private KeyVaultSigningKeys instance() {
    return new KeyVaultSigningKeys(
        new KeyVaultSecrets(
            KeyVaultConnection.create(vault.vaultUrl(), null, true), Duration.ofMinutes(5), clock),
        KeyVaultSigningKeys.EXPORT_LINKS,
        clock);
  }

  @Test
  void keyIsCreatedOnFirstUseAndThenReadFromTheCacheFor30Seconds() {
    KeyVaultSigningKeys keys = instance();

    byte[] first = keys.current();
    long reads = vault.requests();
    for (int i = 0; i < 50; i++) {
      assertThat(keys.current()).isEqualTo(first);
    }

    assertThat(first).hasSize(32);
    assertThat(vault.requests()).as("no vault call per check").isEqualTo(reads);
  }

  @Test
  void rotationIsSeenOnceTheCacheRunsOut() {
    KeyVaultSigningKeys keys = instance();
    byte[] before = keys.current();
    byte[] rotated = new byte[32];
    rotated[0] = 7;
    vault.set(KeyVaultSigningKeys.EXPORT_LINKS, Base64.getEncoder().encodeToString(rotated));

    clock.advance(Duration.ofSeconds(29));
    assertThat(keys.current()).isEqualTo(before);
    clock.advance(Duration.ofSeconds(2));
    assertThat(keys.current()).isEqualTo(rotated);
  }

  @Test
  void twoInstancesCreatingTheKeyAtOnceConvergeOnOne() throws Exception {
    KeyVaultSigningKeys a = instance();
    KeyVaultSigningKeys b = instance();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Callable<byte[]> first =
          () -> {
            go.await();
            return a.current();
          };
      Callable<byte[]> second =
          () -> {
            go.await();
            return b.current();
          };
      Future<byte[]> fa = pool.submit(first);
      Future<byte[]> fb = pool.submit(second);
      go.countDown();
      fa.get();
      fb.get();
    } finally {
      pool.shutdownNow();
    }

    clock.advance(Duration.ofSeconds(31));
    assertThat(a.current()).isEqualTo(b.current());
  }
}
