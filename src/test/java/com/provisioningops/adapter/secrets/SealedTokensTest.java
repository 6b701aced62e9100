package com.provisioningops.adapter.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SealedTokensTest {
  private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJ1cG4iOiJhZGVsZSJ9.c2lnbmF0dXJl";
  private final AtomicReference<byte[]> vaultKey = new AtomicReference<>(key(1));
  private final SealedTokens seal = new SealedTokens(vaultKey::get);

  @Test
  void aSealedTokenOpensForItsOwnSetupAndReadsAsNothingElse() {
    String sealed = seal.seal(TOKEN, "setup-1");

    assertThat(sealed).doesNotContain(TOKEN).doesNotContain("eyJ");
    assertThat(seal.open(sealed, "setup-1")).contains(TOKEN);
    assertThat(seal.seal(TOKEN, "setup-1")).as("a fresh nonce each time").isNotEqualTo(sealed);
  }

  @Test
  void aTokenSealedForOneSetupCannotBeOpenedForAnother() {
    assertThat(seal.open(seal.seal(TOKEN, "setup-1"), "setup-2")).isEmpty();
  }

  @Test
  void anAlteredSealOrARotatedVaultKeyOpensNothing() {
    String sealed = seal.seal(TOKEN, "setup-1");
    char flipped = sealed.charAt(10) == 'A' ? 'B' : 'A';
    String altered = sealed.substring(0, 10) + flipped + sealed.substring(11);

    assertThat(seal.open(altered, "setup-1")).isEmpty();
    assertThat(seal.open("not sealed", "setup-1")).isEmpty();
    vaultKey.set(key(2));
    assertThat(seal.open(sealed, "setup-1")).isEmpty();
  }

  private static byte[] key(int fill) {
    byte[] key = new byte[32];
    java.util.Arrays.fill(key, (byte) fill);
    return key;
  }
}
