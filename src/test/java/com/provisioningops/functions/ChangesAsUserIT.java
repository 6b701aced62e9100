package com.provisioningops.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.provisioningops.adapter.storage.TableSetupStore;
import com.provisioningops.devhost.RunningApp;
import com.provisioningops.provisioning.SetupState;
import com.provisioningops.sandbox.GraphSandbox;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With GRAPH_CHANGES_AS=user, through the dev host's App Service authentication stand-in and the
 * sandbox's token service: changes reach Graph on behalf of the signed-in user, and nothing without
 * a user's valid token for the app is made at all.
 */
class ChangesAsUserIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AUDIENCE = "api://" + GraphSandbox.API_CLIENT_ID;
  private static final String ADELE = "adele.vance@contoso.example";
  private static final Pattern JWT = Pattern.compile("eyJ[\\w-]{8,}\\.eyJ[\\w-]{8,}");
  private static RunningApp asUser;
  private final GraphSandbox graph = RunningApp.graph();
  private final List<HttpResponse<String>> responses = new ArrayList<>();

  @BeforeAll
  static void startWithChangesAsUser() {
    asUser = RunningApp.start(Map.of("GRAPH_CHANGES_AS", "user", "WEBSITE_AUTH_ENABLED", "True"));
  }

  @AfterAll
  static void stop() {
    asUser.close();
  }

  @AfterEach
  void consentAsByDefault() {
    graph.consent(
        List.of(
            "Synchronization.ReadWrite.All",
            "Application.ReadWrite.All",
            "SynchronizationData-User.Upload"));
  }

  @Test
  void aRestartMadeWithAUserTokenIsInTheAuditLogAsThatUser() {
    String job = givenJob();

    var restart = restart(asUser, job, adele());

    assertThat(restart.statusCode()).as(restart.body()).isEqualTo(200);
    JsonNode audit = lastAuditOf(job);
    assertThat(audit.path("activityDisplayName").asText()).isEqualTo("Restart provisioning job");
    assertThat(audit.path("initiatedBy").path("user").path("userPrincipalName").asText())
        .isEqualTo(ADELE);
    assertThat(audit.path("initiatedBy").path("app").isNull()).isTrue();
    thenNoTokenShows();
  }

  @Test
  void aFunctionKeyAloneIsRefusedAsUserAndMadeAsTheAppInAppMode() {
    String job = givenJob();
    int auditsBefore = graph.directoryAudits().size();

    var keyOnly = restart(asUser, job, null);

    thenProblem(keyOnly, 403, "user-sign-in-required");
    assertThat(keyOnly.body()).contains("function key alone");
    assertThat(graph.directoryAudits()).as("nothing was changed").hasSize(auditsBefore);

    var asApp = restart(RunningApp.shared(), job, null);

    assertThat(asApp.statusCode()).as(asApp.body()).isEqualTo(200);
    JsonNode audit = lastAuditOf(job);
    assertThat(audit.path("initiatedBy").path("app").path("displayName").asText())
        .isEqualTo("Provisioning Ops");
    assertThat(audit.path("initiatedBy").path("user").isNull()).isTrue();
  }

  @Test
  void expiredForeignAudienceTamperedAndUnsignedTokensAreRefusedBeforeTheApp() {
    String job = givenJob();
    String good = adele();
    String expired = graph.userToken(ADELE, AUDIENCE, List.of("user_impersonation"), hours(-2));
    String foreign =
        graph.userToken(ADELE, "api://another-app", List.of("user_impersonation"), hours(1));
    String[] parts = good.split("\\.");
    String tampered =
        parts[0] + "." + claimsWithUpn(parts[1], "mallory@contoso.example") + "." + parts[2];
    String unsigned = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
    int auditsBefore = graph.directoryAudits().size();

    for (String token : List.of(expired, foreign, tampered, unsigned)) {
      var refused = restart(asUser, job, token);
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
      assertThat(refused.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(h -> assertThat(h).contains("invalid_token"));
    }
    assertThat(graph.directoryAudits()).as("nothing was changed").hasSize(auditsBefore);
  }

  @Test
  void anAppOnlyTokenIsNotASignedInUser() {
    String app = graph.appToken("daemon-app", AUDIENCE, List.of("Provisioning.Admin"));

    var refused = restart(asUser, givenJob(), app);

    thenProblem(refused, 403, "user-sign-in-required");
    assertThat(refused.body()).contains("application, not a user");
  }

  @Test
  void aUserWithoutTheDelegatedPermissionGetsA403NamingIt() {
    graph.consent(List.of("Application.ReadWrite.All"));

    var refused = restart(asUser, givenJob(), adele());

    thenProblem(refused, 403, "user-permission-missing");
    assertThat(refused.body())
        .contains("Synchronization.ReadWrite.All")
        .contains("Application Administrator")
        .contains("own the enterprise app");
  }

  @Test
  void aSetupAskedByAUserRunsEveryStepAsThatUserAndKeepsNoTokenOnceDone() throws Exception {
    String secret = "setup-" + UUID.randomUUID().toString().substring(0, 8);
    RunningApp.credentialsVault().set(secret, "scim-token-value");
    String token = adele();

    var accepted =
        asUser.post(
            "/api/provisioning/setups",
            setupBody("As Adele " + secret, secret),
            "x-functions-key",
            RunningApp.FUNCTION_KEY,
            "Content-Type",
            "application/json",
            "Idempotency-Key",
            UUID.randomUUID().toString(),
            bearer(token)[0],
            bearer(token)[1]);
    responses.add(accepted);

    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    String setupId = OneCallSetupIT.setupIdOf(accepted);
    TableSetupStore store = new TableSetupStore(asUser.tables());
    assertThat(store.find(setupId).orElseThrow().sealedUserToken())
        .as("storage holds the token sealed, never readable")
        .isNotNull()
        .doesNotContain(token.substring(0, 40));
    SetupState done = OneCallSetupIT.awaitFinished(store, setupId, Duration.ofSeconds(60));
    assertThat(done.status()).as(done.toString()).isEqualTo("succeeded");
    assertThat(done.requestedBy()).isEqualTo(ADELE);
    assertThat(done.sealedUserToken()).as("a finished setup keeps no token").isNull();
    JsonNode started = lastAuditOf(done.jobId());
    assertThat(started.path("activityDisplayName").asText()).isEqualTo("Start provisioning job");
    assertThat(started.path("initiatedBy").path("user").path("userPrincipalName").asText())
        .isEqualTo(ADELE);
    var result = asUser.getWithKey("/api/provisioning/setups/" + setupId);
    responses.add(result);
    assertThat(JSON.readTree(result.body()).path("requestedBy").asText()).isEqualTo(ADELE);
    thenNoTokenShows();
  }

  @Test
  void timersKeepWorkingAsTheApp() {
    assertThat(asUser.runFunction("DiscoveryTimer").statusCode()).isEqualTo(202);
    assertThat(asUser.runFunction("JobPollTimer").statusCode()).isEqualTo(202);

    var fleet = asUser.getWithKey("/api/jobs");

    assertThat(fleet.statusCode()).isEqualTo(200);
    assertThat(fleet.body()).contains("\"lastPollAt\"");
    assertThat(asUser.output()).noneMatch(line -> line.contains("user-sign-in-required"));
  }

  // ---- given

  private String adele() {
    return graph.userToken(ADELE, AUDIENCE, List.of("user_impersonation"), hours(1));
  }

  private String givenJob() {
    String sp = graph.tenant().servicePrincipalOf(graph.tenant().jobInScenario("healthy"));
    var job = graph.tenant().newJob("scim");
    graph.tenant().addJob(sp, job);
    return "/api/servicePrincipals/" + sp + "/synchronization/jobs/" + job.path("id").asText();
  }

  /** A restart with the function key and, unless null, the bearer token. */
  private HttpResponse<String> restart(RunningApp app, String job, String token) {
    List<String> headers =
        new ArrayList<>(
            List.of(
                "x-functions-key", RunningApp.FUNCTION_KEY, "Content-Type", "application/json"));
    if (token != null) {
      headers.addAll(List.of(bearer(token)));
    }
    var response =
        app.post(
            job + "/restart", "{\"resetScope\":[\"Watermark\"]}", headers.toArray(String[]::new));
    responses.add(response);
    return response;
  }

  private static String[] bearer(String token) {
    return new String[] {"Authorization", "Bearer " + token};
  }

  private String setupBody(String name, String secretName) {
    return OneCallSetupIT.setupRequest(graph, name, secretName, true);
  }

  // ---- then

  private JsonNode lastAuditOf(String jobPathOrId) {
    String id = jobPathOrId.substring(jobPathOrId.lastIndexOf('/') + 1);
    List<JsonNode> audits = graph.directoryAudits();
    for (int i = audits.size() - 1; i >= 0; i--) {
      if (audits.get(i).path("targetResources").path(0).path("id").asText().equals(id)) {
        return audits.get(i);
      }
    }
    throw new AssertionError("No audit entry for " + id + " in " + audits);
  }

  private static void thenProblem(HttpResponse<String> r, int status, String code) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(r.body()).contains("/problems/" + code);
  }

  /** No user token, no token Graph was called with, no client assertion: in no answer or log. */
  private void thenNoTokenShows() {
    List<String> everything = new ArrayList<>(asUser.output());
    for (HttpResponse<String> r : responses) {
      everything.add(r.body());
      everything.add(r.headers().map().toString());
    }
    assertThat(everything).noneMatch(text -> JWT.matcher(text).find());
  }

  private static Duration hours(int n) {
    return Duration.ofHours(n);
  }

  private static String claimsWithUpn(String encodedClaims, String upn) {
    String claims =
        new String(Base64.getUrlDecoder().decode(encodedClaims), StandardCharsets.UTF_8);
    return b64(claims.replace(ADELE, upn));
  }

  private static String b64(String text) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
