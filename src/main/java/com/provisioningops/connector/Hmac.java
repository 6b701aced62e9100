package com.provisioningops.connector;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 signatures as the app hands them out: base64url without padding, checked in constant
 * time and compared as text. Text, because base64 ignores a last character's spare bits: an edited
 * signature could decode to the same bytes and pass a byte comparison.
 */
public final class Hmac {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private Hmac() {}

  /** The raw HMAC-SHA256 of {@code message} (UTF-8) under {@code key}. */
  public static byte[] of(byte[] key, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
    }
  }

  /** The signature of {@code message} as text. */
  public static String sign(byte[] key, String message) {
    return B64.encodeToString(of(key, message));
  }

  /**
   * True when {@code presented} is exactly the text {@code expected}, compared in constant time.
   */
  public static boolean matches(String presented, String expected) {
    return presented != null
        && MessageDigest.isEqual(
            presented.getBytes(StandardCharsets.US_ASCII),
            expected.getBytes(StandardCharsets.US_ASCII));
  }
}
