package com.provisioningops.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sandbox's stand-in for Entra ID's token service, for the on-behalf-of flow: it mints user
 * tokens as Entra would for the connector's sign-in ({@link #userToken}), publishes its OpenID
 * configuration and signing keys, and exchanges a user token for a Graph token on behalf of that
 * user ({@code POST /{tenant}/oauth2/v2.0/token}, {@code grant_type=…jwt-bearer}, {@code
 * requested_token_use=on_behalf_of}), refusing tokens that are expired, for another audience or not
 * signed by it, with Entra's error shape. Tokens are RS256 JWTs signed by a key made at start.
 */
final class SandboxIdentity {
  static final String GRAPH_AUDIENCE = "https://graph.microsoft.com";
  private static final Pattern ROUTE =
      Pattern.compile(
          "^/([^/]+)/(v2\\.0/\\.well-known/openid-configuration|discovery/v2\\.0/keys"
              + "|oauth2/v2\\.0/token)$");
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final KeyPair keys;
  private final String kid = UUID.randomUUID().toString();
  private final Supplier<String> baseUrl;
  private final Supplier<Instant> clock;
  private volatile List<String> consented = DelegatedScopes.CONSENTED_BY_DEFAULT;

  SandboxIdentity(Supplier<String> baseUrl, Supplier<Instant> clock) {
    this.baseUrl = baseUrl;
    this.clock = clock;
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      this.keys = g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether {@code path} is one of the token service's routes. */
  static boolean handles(String path) {
    return ROUTE.matcher(path).matches();
  }

  String issuer(String tenant) {
    return baseUrl.get() + "/" + tenant + "/v2.0";
  }

  /**
   * A user token as Entra issues it to a client signing the user in.
   *
   * @param audience the API it is for (the app's application ID URI, for the connector)
   * @param scopes the delegated scopes it carries ({@code scp})
   * @param lifetime how long it is valid; negative for one already expired
   */
  String userToken(
      String tenant, String upn, String audience, List<String> scopes, Duration lifetime) {
    return userToken(tenant, upn, audience, scopes, List.of(), lifetime);
  }

  /** Like {@link #userToken(String, String, String, List, Duration)}, with app roles. */
  String userToken(
      String tenant,
      String upn,
      String audience,
      List<String> scopes,
      List<String> roles,
      Duration lifetime) {
    Instant now = clock.get();
    Map<String, Object> claims = new HashMap<>();
    if (!roles.isEmpty()) {
      claims.put("roles", roles);
    }
    claims.put("iss", issuer(tenant));
    claims.put("aud", audience);
    claims.put("tid", tenant);
    claims.put("oid", UUID.nameUUIDFromBytes(upn.getBytes(StandardCharsets.UTF_8)).toString());
    claims.put("upn", upn);
    claims.put("preferred_username", upn);
    claims.put("scp", String.join(" ", scopes));
    claims.put("iat", now.getEpochSecond());
    claims.put("nbf", now.getEpochSecond() - (lifetime.isNegative() ? 7200 : 0));
    claims.put("exp", now.plus(lifetime).getEpochSecond());
    return sign(claims);
  }

  /**
   * An app-only token (client credentials) for {@code audience}: roles, no delegated scopes, no
   * user.
   */
  String appToken(String tenant, String appId, String audience, List<String> roles) {
    Instant now = clock.get();
    Map<String, Object> claims = new HashMap<>();
    claims.put("iss", issuer(tenant));
    claims.put("aud", audience);
    claims.put("tid", tenant);
    claims.put("oid", UUID.nameUUIDFromBytes(appId.getBytes(StandardCharsets.UTF_8)).toString());
    claims.put("azp", appId);
    claims.put("idtyp", "app");
    claims.put("roles", roles);
    claims.put("iat", now.getEpochSecond());
    claims.put("nbf", now.getEpochSecond());
    claims.put("exp", now.plus(Duration.ofHours(1)).getEpochSecond());
    return sign(claims);
  }

  /**
   * The claims of {@code token} when this service signed it, it is valid now and is for {@code
   * audience}.
   *
   * @throws GraphError 401 {@code InvalidAuthenticationToken} naming what is wrong
   */
  JsonNode verify(String token, String audience) {
    String[] parts = token == null ? new String[0] : token.split("\\.");
    if (parts.length != 3) {
      throw invalid("IDX14100: JWT is not well formed.");
    }
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initVerify(keys.getPublic());
      rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!rsa.verify(B64D.decode(parts[2]))) {
        throw invalid("IDX10511: Signature validation failed.");
      }
      JsonNode claims = SandboxTenant.JSON.readTree(B64D.decode(parts[1]));
      if (claims.path("exp").asLong() <= clock.get().getEpochSecond()) {
        throw invalid("IDX10223: Lifetime validation failed. The token is expired.");
      }
      if (!claims.path("aud").asText().equals(audience)) {
        throw invalid(
            "IDX10214: Audience validation failed. Audience: '"
                + claims.path("aud").asText()
                + "'.");
      }
      return claims;
    } catch (GraphError e) {
      throw e;
    } catch (Exception e) {
      throw invalid("IDX10511: Signature validation failed.");
    }
  }

  /** Answers one of the token service's routes. */
  GraphSandbox.Answer handle(String method, String path, byte[] body) {
    Matcher m = ROUTE.matcher(path);
    if (!m.matches()) {
      throw new IllegalArgumentException(path);
    }
    String tenant = m.group(1);
    switch (m.group(2)) {
      case "v2.0/.well-known/openid-configuration" -> {
        ObjectNode out = SandboxTenant.JSON.createObjectNode();
        out.put("issuer", issuer(tenant));
        out.put("token_endpoint", baseUrl.get() + "/" + tenant + "/oauth2/v2.0/token");
        out.put("authorization_endpoint", baseUrl.get() + "/" + tenant + "/oauth2/v2.0/authorize");
        out.put("jwks_uri", baseUrl.get() + "/" + tenant + "/discovery/v2.0/keys");
        out.putArray("id_token_signing_alg_values_supported").add("RS256");
        return GraphSandbox.Answer.json(200, out);
      }
      case "discovery/v2.0/keys" -> {
        RSAPublicKey pub = (RSAPublicKey) keys.getPublic();
        ObjectNode out = SandboxTenant.JSON.createObjectNode();
        ObjectNode key = out.putArray("keys").addObject();
        key.put("kty", "RSA");
        key.put("use", "sig");
        key.put("kid", kid);
        key.put("n", B64.encodeToString(unsigned(pub.getModulus())));
        key.put("e", B64.encodeToString(unsigned(pub.getPublicExponent())));
        return GraphSandbox.Answer.json(200, out);
      }
      default -> {
        if (!method.equals("POST")) {
          return oauthError(
              405, "invalid_request", "AADSTS900561: The endpoint only accepts POST.");
        }
        return exchange(tenant, form(body));
      }
    }
  }

  /** The on-behalf-of exchange: the user's token for a Graph token of the same user. */
  private GraphSandbox.Answer exchange(String tenant, Map<String, String> form) {
    if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))
        || !"on_behalf_of".equals(form.get("requested_token_use"))) {
      return oauthError(
          400,
          "unsupported_grant_type",
          "AADSTS70003: The app requested an unsupported grant type.");
    }
    if (form.get("client_id") == null
        || (form.get("client_secret") == null && form.get("client_assertion") == null)) {
      return oauthError(
          401,
          "invalid_client",
          "AADSTS7000218: The request body must contain client_assertion or client_secret.");
    }
    String clientId = form.get("client_id");
    JsonNode user;
    try {
      // The user's token must be for this app (its client id or application ID URI).
      user = verify(form.get("assertion"), audienceOf(form.get("assertion")));
      String aud = user.path("aud").asText();
      if (!aud.equals(clientId) && !aud.equals("api://" + clientId)) {
        return oauthError(
            400,
            "invalid_grant",
            "AADSTS50013: Assertion failed signature validation or its audience '"
                + aud
                + "' is not this application.");
      }
    } catch (GraphError e) {
      return oauthError(400, "invalid_grant", "AADSTS50013: " + e.getMessage());
    }
    Map<String, Object> claims = new HashMap<>();
    Instant now = clock.get();
    claims.put("iss", issuer(tenant));
    claims.put("aud", GRAPH_AUDIENCE);
    claims.put("tid", tenant);
    claims.put("oid", user.path("oid").asText());
    claims.put("upn", user.path("upn").asText());
    claims.put("appid", clientId);
    claims.put("scp", scopes(form.get("scope")));
    claims.put("iat", now.getEpochSecond());
    claims.put("nbf", now.getEpochSecond());
    claims.put("exp", now.plus(Duration.ofHours(1)).getEpochSecond());
    ObjectNode out = SandboxTenant.JSON.createObjectNode();
    out.put("token_type", "Bearer");
    out.put("scope", (String) claims.get("scp"));
    out.put("expires_in", 3600);
    out.put("ext_expires_in", 3600);
    out.put("access_token", sign(claims));
    return GraphSandbox.Answer.json(200, out);
  }

  /** Sets what an admin consented to for the app registration. */
  void consent(List<String> scopes) {
    consented = List.copyOf(scopes);
  }

  /** ".default" asks for what was consented; named scopes are granted only when consented. */
  private String scopes(String requested) {
    if (requested == null || requested.contains("/.default")) {
      return String.join(" ", consented);
    }
    return java.util.Arrays.stream(requested.split(" "))
        .map(s -> s.replaceAll("^https?://[^/]+/", ""))
        .filter(consented::contains)
        .collect(java.util.stream.Collectors.joining(" "));
  }

  private static String audienceOf(String token) {
    try {
      return SandboxTenant.JSON.readTree(B64D.decode(token.split("\\.")[1])).path("aud").asText();
    } catch (Exception e) {
      return "";
    }
  }

  private String sign(Map<String, Object> claims) {
    try {
      ObjectNode header = SandboxTenant.JSON.createObjectNode();
      header.put("alg", "RS256");
      header.put("typ", "JWT");
      header.put("kid", kid);
      String signed =
          B64.encodeToString(SandboxTenant.JSON.writeValueAsBytes(header))
              + "."
              + B64.encodeToString(SandboxTenant.JSON.writeValueAsBytes(claims));
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(keys.getPrivate());
      rsa.update(signed.getBytes(StandardCharsets.US_ASCII));
      return signed + "." + B64.encodeToString(rsa.sign());
    } catch (Exception e) {
      throw new IllegalStateException("Cannot sign a sandbox token", e);
    }
  }

  private static byte[] unsigned(BigInteger n) {
    byte[] b = n.toByteArray();
    return b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
  }

  private static Map<String, String> form(byte[] body) {
    Map<String, String> out = new HashMap<>();
    for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static GraphError invalid(String message) {
    return new GraphError(401, "InvalidAuthenticationToken", message);
  }

  private static GraphSandbox.Answer oauthError(int status, String error, String description) {
    ObjectNode out = SandboxTenant.JSON.createObjectNode();
    out.put("error", error);
    out.put("error_description", description);
    out.putArray("error_codes")
        .add(Integer.parseInt(description.replaceAll("^AADSTS(\\d+).*", "$1")));
    out.put("timestamp", Instant.now().toString());
    out.put("trace_id", UUID.randomUUID().toString());
    out.put("correlation_id", UUID.randomUUID().toString());
    return GraphSandbox.Answer.json(status, out);
  }
}
