package com.provisioningops.devhost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.provisioningops.sandbox.SandboxTls;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dev host's stand-in for App Service authentication (Easy Auth) with Microsoft Entra ID, as it
 * treats a request before the Functions host sees it: principal headers a client sent are removed;
 * a bearer token is validated against the issuer's OpenID configuration and signing keys
 * (signature, issuer, audience, lifetime) and refused with 401 when it fails; a valid one becomes
 * {@code X-MS-CLIENT-PRINCIPAL} (its claims, some under App Service's long claim names), {@code
 * -NAME}, {@code -ID} and {@code -IDP}, with the token itself passed on. Anonymous requests pass,
 * as with "allow unauthenticated requests".
 */
final class AppServiceAuth {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Decoder B64 = Base64.getUrlDecoder();
  private static final Duration SKEW = Duration.ofMinutes(5);
  private static final Map<String, String> LONG_NAMES =
      Map.of(
          "oid", "http://schemas.microsoft.com/identity/claims/objectidentifier",
          "scp", "http://schemas.microsoft.com/identity/claims/scope",
          "tid", "http://schemas.microsoft.com/identity/claims/tenantid",
          "upn", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn");

  private final String issuer;
  private final Set<String> audiences;
  private final HttpClient http;
  private final Map<String, PublicKey> keys = new ConcurrentHashMap<>();

  /** What the authentication module decided: pass on these headers, or refuse with 401. */
  record Outcome(Map<String, String> headers, String refusal) {}

  /**
   * @param issuer the token issuer, as its OpenID configuration names it ({@code
   *     DEVHOST_AUTH_ISSUER}); null refuses every bearer token
   * @param audiences the allowed token audiences ({@code DEVHOST_AUTH_AUDIENCES})
   */
  AppServiceAuth(String issuer, Set<String> audiences) {
    this.issuer = issuer;
    this.audiences = audiences;
    this.http =
        HttpClient.newBuilder()
            .sslContext(SandboxTls.trustingSandbox())
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  /** The request's headers (lower-case names) as App Service hands them to the app. */
  Outcome authenticate(Map<String, String> headers) {
    Map<String, String> out = new LinkedHashMap<>();
    headers.forEach(
        (name, value) -> {
          if (!name.startsWith("x-ms-client-principal") && !name.startsWith("x-ms-token-")) {
            out.put(name, value);
          }
        });
    String authorization = out.get("authorization");
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return new Outcome(out, null);
    }
    JsonNode claims;
    try {
      claims = validate(authorization.substring(7).trim());
    } catch (Refused e) {
      return new Outcome(out, e.getMessage());
    }
    out.put("x-ms-client-principal", principal(claims));
    String name = text(claims, "preferred_username", text(claims, "upn", text(claims, "azp", "")));
    out.put("x-ms-client-principal-name", name);
    out.put("x-ms-client-principal-id", text(claims, "oid", ""));
    out.put("x-ms-client-principal-idp", "aad");
    return new Outcome(out, null);
  }

  private JsonNode validate(String token) {
    if (issuer == null) {
      throw new Refused("no issuer is configured (DEVHOST_AUTH_ISSUER)");
    }
    String[] parts = token.split("\\.");
    if (parts.length != 3) {
      throw new Refused("the token is not a signed JWT");
    }
    try {
      JsonNode header = JSON.readTree(B64.decode(parts[0]));
      if (!"RS256".equals(header.path("alg").asText())) {
        throw new Refused("the token is not signed with RS256");
      }
      PublicKey key = key(header.path("kid").asText());
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initVerify(key);
      rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!rsa.verify(B64.decode(parts[2]))) {
        throw new Refused("the signature is invalid");
      }
      JsonNode claims = JSON.readTree(B64.decode(parts[1]));
      Instant now = Instant.now();
      if (!issuer.equals(claims.path("iss").asText())) {
        throw new Refused("the issuer is not " + issuer);
      }
      if (!audiences.contains(claims.path("aud").asText())) {
        throw new Refused("the audience is not allowed");
      }
      if (Instant.ofEpochSecond(claims.path("exp").asLong()).plus(SKEW).isBefore(now)) {
        throw new Refused("the token expired");
      }
      if (claims.has("nbf")
          && Instant.ofEpochSecond(claims.path("nbf").asLong()).minus(SKEW).isAfter(now)) {
        throw new Refused("the token is not valid yet");
      }
      return claims;
    } catch (Refused e) {
      throw e;
    } catch (Exception e) {
      throw new Refused("the token could not be read");
    }
  }

  private PublicKey key(String kid) throws Exception {
    PublicKey known = keys.get(kid);
    if (known != null) {
      return known;
    }
    JsonNode config = get(URI.create(issuer + "/.well-known/openid-configuration"));
    JsonNode jwks = get(URI.create(config.path("jwks_uri").asText()));
    for (JsonNode k : jwks.path("keys")) {
      BigInteger n = new BigInteger(1, B64.decode(k.path("n").asText()));
      BigInteger e = new BigInteger(1, B64.decode(k.path("e").asText()));
      keys.put(
          k.path("kid").asText(),
          KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e)));
    }
    PublicKey found = keys.get(kid);
    if (found == null) {
      throw new Refused("the signing key is unknown");
    }
    return found;
  }

  private JsonNode get(URI uri) throws Exception {
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new Refused("the issuer's keys could not be read");
    }
    return JSON.readTree(response.body());
  }

  private static String principal(JsonNode claims) {
    ObjectNode principal = JSON.createObjectNode();
    principal.put("auth_typ", "aad");
    ArrayNode list = principal.putArray("claims");
    claims
        .fields()
        .forEachRemaining(
            e -> {
              String type = LONG_NAMES.getOrDefault(e.getKey(), e.getKey());
              if (e.getValue().isArray()) {
                e.getValue().forEach(v -> list.addObject().put("typ", type).put("val", v.asText()));
              } else {
                list.addObject().put("typ", type).put("val", e.getValue().asText());
              }
            });
    principal.put("name_typ", "name");
    principal.put("role_typ", "roles");
    return Base64.getEncoder()
        .encodeToString(principal.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static String text(JsonNode claims, String name, String otherwise) {
    String value = claims.path(name).asText("");
    return value.isEmpty() ? otherwise : value;
  }

  /** Settings name their audiences as a comma-separated list. */
  static Set<String> audiences(String setting) {
    if (setting == null || setting.isBlank()) {
      return Set.of();
    }
    return java.util.Arrays.stream(setting.split(","))
        .map(String::trim)
        .filter(a -> !a.isEmpty())
        .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  private static final class Refused extends RuntimeException {
    Refused(String reason) {
      super(reason, null, false, false);
    }
  }
}
