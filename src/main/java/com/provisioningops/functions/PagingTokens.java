package com.provisioningops.functions;

import com.provisioningops.connector.Hmac;
import com.provisioningops.connector.SigningKeys;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * Seals the skipTokens the API hands out in {@code nextLink}s and the polling trigger's state: the
 * inner value, the route it belongs to and an expiry ({@link #LIFETIME}), signed with the paging
 * key. An edited token, one carried to another route, or one past its expiry is refused, so paging
 * cannot smuggle a query past the validated parameters. Any instance can open any instance's
 * tokens. The paging key is its own secret: rotating the export-link key (how links are revoked)
 * leaves every running flow's trigger state valid.
 */
public final class PagingTokens {
  /** How long a sealed token or trigger state opens: a flow turned off longer starts afresh. */
  static final Duration LIFETIME = Duration.ofDays(30);

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final SigningKeys keys;
  private final SigningKeys legacy;
  private final Clock clock;

  /**
   * @param keys the paging key
   * @param legacy the export-link key, from which tokens sealed before the paging key existed were
   *     derived: they still open until it rotates (and have no expiry)
   */
  public PagingTokens(SigningKeys keys, SigningKeys legacy, Clock clock) {
    this.keys = keys;
    this.legacy = legacy;
    this.clock = clock;
  }

  String seal(String route, String inner) {
    String payload =
        B64.encodeToString(inner.getBytes(StandardCharsets.UTF_8))
            + "."
            + clock.instant().plus(LIFETIME).getEpochSecond();
    return payload + "." + Hmac.sign(keys.current(), route + "\n" + payload);
  }

  /**
   * @throws ProblemException 400 when the token was not sealed for {@code route} by this app
   */
  String open(String route, String token) {
    return open(route, token, "skipToken", "the nextLink of the previous page");
  }

  /**
   * @param name the query parameter the token came in
   * @param where where a valid one comes from, for the problem's detail
   * @throws ProblemException 400 when the token was not sealed for {@code route} by this app, or
   *     has expired
   */
  String open(String route, String token, String name, String where) {
    int dot = token.lastIndexOf('.');
    try {
      if (dot > 0) {
        String payload = token.substring(0, dot);
        String signature = token.substring(dot + 1);
        int expiryDot = payload.indexOf('.');
        if (expiryDot > 0
            && Hmac.matches(signature, Hmac.sign(keys.current(), route + "\n" + payload))) {
          long expires = Long.parseLong(payload.substring(expiryDot + 1));
          if (clock.instant().getEpochSecond() >= expires) {
            throw new ProblemException(
                Problem.of(
                    400,
                    "bad-request",
                    "The request is not valid",
                    name
                        + " has expired: "
                        + (name.equals("state")
                            ? "turn the flow off and on again to start the trigger afresh."
                            : "start again from the first page.")));
          }
          return decode(payload.substring(0, expiryDot));
        }
        if (expiryDot < 0 && Hmac.matches(signature, legacySignature(route, payload))) {
          return decode(payload);
        }
      }
    } catch (IllegalArgumentException e) {
      // Not base64 or not a number: refused below like any other altered token.
    }
    throw new ProblemException(
        Problem.of(
            400,
            "bad-request",
            "The request is not valid",
            name + " is not valid here: pass " + where + " as it was given."));
  }

  /**
   * The capability that lets whoever holds it delete one subscription and nothing else: what the
   * subscription's {@code Location} carries, since Power Automate calls it without the connector's
   * API key. Derived from the paging key, so any instance can check it.
   */
  String unsubscribeCapability(String subscriptionId) {
    byte[] mac = Hmac.of(keys.current(), "unsubscribe\n" + subscriptionId);
    return B64.encodeToString(java.util.Arrays.copyOf(mac, 24));
  }

  /** True when {@code presented} is {@link #unsubscribeCapability} for this subscription. */
  boolean grantsUnsubscribe(String subscriptionId, String presented) {
    return Hmac.matches(presented, unsubscribeCapability(subscriptionId));
  }

  private static String decode(String payload) {
    return new String(B64D.decode(payload), StandardCharsets.UTF_8);
  }

  /** How tokens were signed before the paging key: a key derived from the export-link key. */
  private String legacySignature(String route, String payload) {
    byte[] pagingKey = Hmac.of(legacy.current(), "paging-tokens");
    return Hmac.sign(pagingKey, route + "\n" + payload);
  }
}
