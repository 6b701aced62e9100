package com.provisioningops.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.provisioningops.devhost.RunningApp;
import com.provisioningops.sandbox.GraphSandbox;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With REQUIRE_APP_ROLES=true, reads need Reader (or Admin) and changes need Admin. */
class AppRolesIT {
  private static RunningApp app;
  private final GraphSandbox graph = RunningApp.graph();

  @BeforeAll
  static void startWithRoles() {
    app = RunningApp.start(Map.of("REQUIRE_APP_ROLES", "true", "WEBSITE_AUTH_ENABLED", "True"));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  /** Adele signed in with {@code role}: App Service authentication turns it into the principal. */
  private String signedIn(String role) {
    return "Bearer "
        + graph.userToken(
            "adele.vance@contoso.example",
            "api://" + GraphSandbox.API_CLIENT_ID,
            List.of("user_impersonation"),
            List.of(role),
            Duration.ofHours(1));
  }

  /** A principal header as App Service would set it, sent by the client itself. */
  private static String forgedPrincipal(String role) {
    String json =
        "{\"auth_typ\":\"aad\",\"name_typ\":\"name\",\"role_typ\":\"roles\",\"claims\":["
            + "{\"typ\":\"name\",\"val\":\"Adele Vance\"},{\"typ\":\"roles\",\"val\":\""
            + role
            + "\"}]}";
    return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private String jobUrl() {
    String sp = graph.tenant().servicePrincipalOf(graph.tenant().jobInScenario("healthy"));
    var job = graph.tenant().newJob("scim");
    graph.tenant().addJob(sp, job);
    return "/api/servicePrincipals/" + sp + "/synchronization/jobs/" + job.path("id").asText();
  }

  @Test
  void callerWithoutAPrincipalIsAProblem401() {
    var response = app.get(jobUrl(), "x-functions-key", RunningApp.FUNCTION_KEY);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
  }

  @Test
  void readerMayReadButNotChange() {
    String url = jobUrl();
    String[] reader = {
      "x-functions-key", RunningApp.FUNCTION_KEY, "Authorization", signedIn("Provisioning.Reader")
    };

    assertThat(app.get(url, reader).statusCode()).isEqualTo(200);
    var pause = app.post(url + "/pause", "", reader);
    assertThat(pause.statusCode()).isEqualTo(403);
    assertThat(pause.body()).contains("Provisioning.Admin");
  }

  @Test
  void adminMayChange() {
    String[] admin = {
      "x-functions-key", RunningApp.FUNCTION_KEY, "Authorization", signedIn("Provisioning.Admin")
    };

    String url = jobUrl();
    String jobId = url.substring(url.lastIndexOf('/') + 1);

    assertThat(app.post(url + "/pause", "", admin).statusCode()).isEqualTo(200);
    assertThat(graph.tenant().jobJson(jobId).path("status").path("code").asText())
        .as("the job was paused in the tenant")
        .isEqualTo("Paused");
  }

  @Test
  void rolesWithoutAppServiceAuthenticationAreReportedNotTrusted() throws Exception {
    try (RunningApp unprotected = RunningApp.start(Map.of("REQUIRE_APP_ROLES", "true"))) {
      HttpResponse<String> forged =
          unprotected.get(
              jobUrl(),
              "x-functions-key",
              RunningApp.FUNCTION_KEY,
              "X-MS-CLIENT-PRINCIPAL",
              forgedPrincipal("Provisioning.Admin"));
      HttpResponse<String> health = unprotected.get("/api/health");
      HttpResponse<String> status =
          unprotected.get("/api/status", "x-functions-key", RunningApp.FUNCTION_KEY);

      assertThat(forged.statusCode()).isEqualTo(503);
      assertThat(forged.body()).contains("roles-misconfigured");
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(health.body()).contains("\"misconfigured\":[\"REQUIRE_APP_ROLES\"]");
      assertThat(status.statusCode()).isEqualTo(200);
      assertThat(status.body()).contains("WEBSITE_AUTH_ENABLED");
    }
  }

  @Test
  void aPrincipalHeaderTheClientSendsIsRemovedByAuthentication() {
    var forged =
        app.post(
            jobUrl() + "/pause",
            "",
            "x-functions-key",
            RunningApp.FUNCTION_KEY,
            "X-MS-CLIENT-PRINCIPAL",
            forgedPrincipal("Provisioning.Admin"),
            "X-MS-CLIENT-PRINCIPAL-NAME",
            "Global Admin");

    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(forged.body()).contains("sign-in-required");
  }

  @Test
  void anonymousRoutesStayAnonymous() {
    assertThat(app.get("/api/health").statusCode()).isEqualTo(200);
    assertThat(app.get("/api/swagger.json").statusCode()).isEqualTo(200);
  }

  @Test
  void unreadablePrincipalIsA401() {
    assertThat(
            app.get(
                    jobUrl(),
                    "x-functions-key",
                    RunningApp.FUNCTION_KEY,
                    "X-MS-CLIENT-PRINCIPAL",
                    "not-base64!")
                .statusCode())
        .isEqualTo(401);
  }
}
