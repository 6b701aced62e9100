package com.provisioningops.adapter.secrets;

import com.provisioningops.connector.Hmac;
import com.provisioningops.connector.SigningKeys;
import com.provisioningops.provisioning.TokenSeal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals tokens with AES-256-GCM under a key derived from a signing key in the app's vault, bound to
 * the work they are for (the setup id is the authenticated data): a sealed token read from storage
 * is useless without the vault, and cannot be moved to other work. Rotating the vault key makes
 * every sealed token unreadable.
 */
public final class SealedTokens implements TokenSeal {
  private static final String VERSION = "v1.";
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SigningKeys keys;

  /**
   * @param keys the app vault's key the sealing key is derived from
   */
  public SealedTokens(SigningKeys keys) {
    this.keys = keys;
  }

  @Override
  public String seal(String token, String context) {
    byte[] iv = new byte[IV_BYTES];
    RANDOM.nextBytes(iv);
    try {
      Cipher aes = cipher(Cipher.ENCRYPT_MODE, iv, context);
      byte[] sealed = aes.doFinal(token.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[iv.length + sealed.length];
      System.arraycopy(iv, 0, out, 0, iv.length);
      System.arraycopy(sealed, 0, out, iv.length, sealed.length);
      return VERSION + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot seal a token", e);
    }
  }

  @Override
  public Optional<String> open(String sealed, String context) {
    if (sealed == null || !sealed.startsWith(VERSION)) {
      return Optional.empty();
    }
    try {
      byte[] in = Base64.getUrlDecoder().decode(sealed.substring(VERSION.length()));
      if (in.length <= IV_BYTES) {
        return Optional.empty();
      }
      byte[] iv = java.util.Arrays.copyOf(in, IV_BYTES);
      Cipher aes = cipher(Cipher.DECRYPT_MODE, iv, context);
      byte[] plain = aes.doFinal(in, IV_BYTES, in.length - IV_BYTES);
      return Optional.of(new String(plain, StandardCharsets.UTF_8));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private Cipher cipher(int mode, byte[] iv, String context) throws GeneralSecurityException {
    // A key of its own, derived from the vault key: the signing key itself never encrypts.
    byte[] key = Hmac.of(keys.current(), "user-token-seal");
    Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
    aes.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
    aes.updateAAD(context.getBytes(StandardCharsets.UTF_8));
    return aes;
  }
}
