package com.provisioningops.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.provisioningops.failure.Printable;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The caller App Service authentication validated, from its {@code X-MS-CLIENT-PRINCIPAL} header
 * (base64 JSON of the token's claims, some under their long WS-Federation names). Only meaningful
 * with that authentication on, which sets the header and strips any a client sends.
 *
 * @param name the sign-in name (UPN), at most 256 printable characters; the app's id for app-only
 *     tokens
 * @param objectId the caller's object id in Entra ID, when the token names it
 * @param audience the token's audience ({@code aud}): which app it was issued for
 * @param roles the app roles it carries
 * @param user true for a user's token (it carries delegated scopes, {@code scp}); false for an
 *     app-only token
 */
record SignedInCaller(
    String name, String objectId, String audience, Set<String> roles, boolean user) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CLAIMS = "http://schemas.microsoft.com/identity/claims/";
  private static final String WS_CLAIMS = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/";

  /**
   * The validated caller of {@code req}; empty when the request carries no principal.
   *
   * @throws ProblemException 401 when the header cannot be read
   */
  static Optional<SignedInCaller> of(HttpRequestMessage<?> req) {
    String encoded = Http.header(req, "x-ms-client-principal");
    if (encoded == null || encoded.isBlank()) {
      return Optional.empty();
    }
    try {
      JsonNode principal =
          JSON.readTree(
              new String(Base64.getDecoder().decode(encoded.trim()), StandardCharsets.UTF_8));
      String roleType = principal.path("role_typ").asText("roles");
      Set<String> roles = new HashSet<>();
      String name = null;
      String objectId = null;
      String audience = null;
      String appId = null;
      boolean scoped = false;
      for (JsonNode claim : principal.path("claims")) {
        String type = claim.path("typ").asText();
        String value = claim.path("val").asText();
        String lower = type.toLowerCase(Locale.ROOT);
        if (type.equals(roleType) || lower.equals("roles")) {
          roles.add(value);
        } else if (lower.equals("scp") || type.equals(CLAIMS + "scope")) {
          scoped = !value.isBlank();
        } else if (lower.equals("oid") || type.equals(CLAIMS + "objectidentifier")) {
          objectId = value;
        } else if (lower.equals("aud")) {
          audience = value;
        } else if (lower.equals("azp") || lower.equals("appid")) {
          appId = value;
        } else if (name == null
            && (lower.equals("preferred_username")
                || lower.equals("upn")
                || type.equals(WS_CLAIMS + "upn")
                || type.equals(WS_CLAIMS + "name"))) {
          name = value;
        }
      }
      String header = Http.header(req, "x-ms-client-principal-name");
      String shown = header != null && !header.isBlank() ? header : name != null ? name : appId;
      return Optional.of(new SignedInCaller(bounded(shown), objectId, audience, roles, scoped));
    } catch (Exception e) {
      throw new ProblemException(
          Problem.of(
              401,
              "sign-in-required",
              "Sign-in required",
              "The client principal header could not be read."));
    }
  }

  /** A name as the app records it: printable, at most 256 characters. */
  static String bounded(String name) {
    if (name == null || name.isBlank()) {
      return "signed-in caller";
    }
    String printable = Printable.of(name.trim());
    return printable.length() <= 256 ? printable : printable.substring(0, 256);
  }
}
