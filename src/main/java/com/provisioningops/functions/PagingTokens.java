package com.provisioningops.functions;

import com.provisioningops.connector.SigningKeys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals the skipTokens the API hands out in {@code nextLink}s: the inner token (Graph's paging
 * state) and the route it belongs to, signed with a key derived from the app's signing key. An
 * edited token, or one carried to another route, is refused, so paging cannot smuggle a query past
 * the validated parameters. Any instance can open any instance's tokens.
 */
public final class PagingTokens {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final SigningKeys keys;

  public PagingTokens(SigningKeys keys) {
    this.keys = keys;
  }

  String seal(String route, String inner) {
    String payload = B64.encodeToString(inner.getBytes(StandardCharsets.UTF_8));
    return payload + "." + B64.encodeToString(mac(route, payload));
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
   * @throws ProblemException 400 when the token was not sealed for {@code route} by this app
   */
  String open(String route, String token, String name, String where) {
    int dot = token.lastIndexOf('.');
    try {
      // Compared as text: base64 ignores a last character's spare bits, so an edit there would
      // decode to the same bytes and slip through a byte comparison.
      if (dot > 0
          && MessageDigest.isEqual(
              token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII),
              B64.encodeToString(mac(route, token.substring(0, dot)))
                  .getBytes(StandardCharsets.US_ASCII))) {
        return new String(B64D.decode(token.substring(0, dot)), StandardCharsets.UTF_8);
      }
    } catch (IllegalArgumentException e) {
      // Not base64: refused below like any other altered token.
    }
    throw new ProblemException(
        Problem.of(
            400,
            "bad-request",
            "The request is not valid",
            name + " is not valid here: pass " + where + " as it was given."));
  }

  private byte[] mac(String route, String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      // A key of its own for paging, derived so export links and paging never share one.
      mac.init(new SecretKeySpec(keys.current(), "HmacSHA256"));
      byte[] pagingKey = mac.doFinal("paging-tokens".getBytes(StandardCharsets.UTF_8));
      mac.init(new SecretKeySpec(pagingKey, "HmacSHA256"));
      return mac.doFinal((route + "\n" + payload).getBytes(StandardCharsets.UTF_8));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
    }
  }
}
