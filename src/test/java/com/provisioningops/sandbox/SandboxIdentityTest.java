package com.provisioningops.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sandbox's token service over HTTP, as the on-behalf-of flow uses it: a user token for the app
 * is exchanged for a Graph token of the same user; expired, foreign-audience and tampered tokens
 * are refused as Entra refuses them; a change made with the exchanged token is audited as the user,
 * one made without it as the app.
 */
class SandboxIdentityTest {
  private static final String CLIENT_ID = "5e1c6a0b-3c2d-4e5f-8a9b-0c1d2e3f4a5b";
  private static final HttpClient http =
      HttpClient.newBuilder().sslContext(SandboxTls.trustingSandbox()).build();
  private static GraphSandbox sandbox;

  @BeforeAll
  static void start() throws Exception {
    sandbox = GraphSandbox.start(0);
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @BeforeEach
  void fresh() {
    sandbox.reset();
  }

  // ---- given

  private static String userToken(String audience, Duration lifetime) {
    return sandbox.userToken(
        "adele@contoso.com", audience, List.of("user_impersonation"), lifetime);
  }

  private static HttpResponse<String> exchange(String assertion) throws Exception {
    Map<String, String> form =
        Map.of(
            "grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer",
            "requested_token_use", "on_behalf_of",
            "client_id", CLIENT_ID,
            "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion", "a-managed-identity-assertion",
            "scope", "https://graph.microsoft.com/.default",
            "assertion", assertion);
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return http.send(
        HttpRequest.newBuilder(
                URI.create(sandbox.authorityHost() + "/" + tenant() + "/oauth2/v2.0/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String tenant() {
    return sandbox.tenant().tenantId;
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return SandboxTenant.JSON.readTree(r.body());
  }

  private static int restart(String jobId, String bearer) throws Exception {
    String sp = sandbox.tenant().servicePrincipalOf(jobId);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create(
                    sandbox.baseUrl()
                        + "/servicePrincipals/"
                        + sp
                        + "/synchronization/jobs/"
                        + jobId
                        + "/restart"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"criteria\":{\"resetScope\":\"Full\"}}"));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  // ---- then

  @Test
  void aUserTokenForTheAppIsExchangedForAGraphTokenOfTheSameUser() throws Exception {
    HttpResponse<String> answer = exchange(userToken("api://" + CLIENT_ID, Duration.ofHours(1)));

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    JsonNode token = json(answer);
    assertThat(token.path("token_type").asText()).isEqualTo("Bearer");
    JsonNode claims = sandbox.identityClaims(token.path("access_token").asText());
    assertThat(claims.path("upn").asText()).isEqualTo("adele@contoso.com");
    assertThat(claims.path("aud").asText()).isEqualTo("https://graph.microsoft.com");
    assertThat(claims.path("appid").asText()).isEqualTo(CLIENT_ID);
  }

  @Test
  void expiredForeignAndTamperedTokensAreRefusedAsEntraRefusesThem() throws Exception {
    String good = userToken(CLIENT_ID, Duration.ofHours(1));
    String tampered = good.substring(0, good.length() - 4) + "AAAA";

    for (String bad :
        List.of(
            userToken(CLIENT_ID, Duration.ofMinutes(-5)),
            userToken("api://another-app", Duration.ofHours(1)),
            tampered,
            "not-a-jwt")) {
      HttpResponse<String> answer = exchange(bad);

      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
      assertThat(json(answer).path("error").asText()).isEqualTo("invalid_grant");
      assertThat(json(answer).path("error_description").asText()).startsWith("AADSTS50013");
    }
  }

  @Test
  void theTokenServiceSpeaksHttpsAsMsalRequires() {
    assertThat(sandbox.authorityHost()).startsWith("https://127.0.0.1:");
  }

  @Test
  void theOpenIdConfigurationNamesTheTokenEndpointAndTheSigningKeys() throws Exception {
    HttpResponse<String> config =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        sandbox.authorityHost()
                            + "/"
                            + tenant()
                            + "/v2.0/.well-known/openid-configuration"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode json = json(config);
    HttpResponse<String> keys =
        http.send(
            HttpRequest.newBuilder(URI.create(json.path("jwks_uri").asText())).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(json.path("issuer").asText()).endsWith("/" + tenant() + "/v2.0");
    assertThat(json.path("token_endpoint").asText()).endsWith("/oauth2/v2.0/token");
    assertThat(json(keys).path("keys").get(0).path("kty").asText()).isEqualTo("RSA");
  }

  @Test
  void aChangeMadeOnBehalfOfAUserIsAuditedAsThatUserAndOneWithoutAsTheApp() throws Exception {
    String jobId = sandbox.tenant().jobInScenario("healthy");
    String graphToken =
        json(exchange(userToken("api://" + CLIENT_ID, Duration.ofHours(1))))
            .path("access_token")
            .asText();

    assertThat(restart(jobId, graphToken)).isEqualTo(204);
    assertThat(restart(jobId, "an-app-token-from-managed-identity")).isEqualTo(204);

    List<JsonNode> audits = sandbox.directoryAudits();
    assertThat(audits).hasSize(2);
    assertThat(audits.get(0).path("activityDisplayName").asText())
        .isEqualTo("Restart provisioning job");
    assertThat(audits.get(0).path("initiatedBy").path("user").path("userPrincipalName").asText())
        .isEqualTo("adele@contoso.com");
    assertThat(audits.get(1).path("initiatedBy").path("user").isNull()).isTrue();
    assertThat(audits.get(1).path("initiatedBy").path("app").path("displayName").asText())
        .isEqualTo("Provisioning Ops");
  }
}
