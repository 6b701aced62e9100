package com.provisioningops.connector;

import com.provisioningops.failure.Failure;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Mints and checks export links: {@code <payload>.<HMAC-SHA256>}, where the payload holds only the
 * expiry and which key signed it. No secret travels in a link; rotating the key revokes them all.
 */
public final class ExportLinks {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final SigningKeys keys;
  private final Duration ttl;
  private final Clock clock;

  public ExportLinks(SigningKeys keys, Duration ttl, Clock clock) {
    this.keys = keys;
    this.ttl = ttl;
    this.clock = clock;
  }

  /** A new link to {@code <baseUri>/api/export/definition/<token>}. */
  public ExportLink mint(String baseUri) {
    byte[] key = keys.current();
    Instant expires = clock.instant().plus(ttl).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    String payload =
        B64.encodeToString(
            ("{\"v\":1,\"exp\":" + expires.getEpochSecond() + ",\"kid\":\"" + keyId(key) + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    String token = payload + "." + Hmac.sign(key, payload);
    return new ExportLink(baseUri + "/api/export/definition/" + token, expires);
  }

  /**
   * Checks a token.
   *
   * @throws Failure 403 when it was not signed by the current key (tampered, foreign or revoked),
   *     410 when it has expired
   */
  public void verify(String token) {
    int dot = token == null ? -1 : token.indexOf('.');
    if (dot < 1 || token.length() > 512) {
      throw forbidden();
    }
    String payload = token.substring(0, dot);
    if (!Hmac.matches(token.substring(dot + 1), Hmac.sign(keys.current(), payload))) {
      throw forbidden();
    }
    String json = new String(B64D.decode(payload), StandardCharsets.UTF_8);
    long exp = Long.parseLong(json.replaceAll(".*\"exp\":(\\d+).*", "$1"));
    if (!clock.instant().isBefore(Instant.ofEpochSecond(exp))) {
      throw new Failure.NotFound(
          "link-expired",
          "The link has expired",
          "This export link expired at "
              + Instant.ofEpochSecond(exp)
              + ". Ask an admin for a new one.",
          null,
          true);
    }
  }

  private static Failure.Forbidden forbidden() {
    return new Failure.Forbidden(
        "link-invalid",
        "The link is not valid",
        "This export link was altered or revoked. Ask an admin for a new one.",
        null,
        "a valid export link");
  }

  static String keyId(byte[] key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key), 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
