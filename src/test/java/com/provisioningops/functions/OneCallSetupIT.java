package com.provisioningops.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.provisioningops.devhost.RunningApp;
import com.provisioningops.sandbox.GraphSandbox;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one-call setup: 202 protocol, idempotency, partial failure and resume. */
class OneCallSetupIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final RunningApp app = RunningApp.shared();
  private final GraphSandbox graph = RunningApp.graph();

  @AfterEach
  void restoreSandbox() {
    graph.tenant().setReplicationDelay(Duration.ZERO);
    graph.faults().clear();
  }

  private String request(String displayName, String secretName, boolean start) {
    return "{\"applicationTemplateId\":\""
        + graph.tenant().applicationTemplateIds().get(0)
        + "\","
        + "\"displayName\":\""
        + displayName
        + "\",\"synchronizationTemplateId\":\"scim\","
        + "\"credentials\":[{\"key\":\"BaseAddress\",\"value\":\"https://scim.example.com/v2\"},"
        + "{\"key\":\"SecretToken\",\"secretName\":\""
        + secretName
        + "\"}],\"start\":"
        + start
        + "}";
  }

  private HttpResponse<String> post(String key, String body) {
    return app.post(
        "/api/provisioning/setups",
        body,
        "x-functions-key",
        RunningApp.FUNCTION_KEY,
        "Content-Type",
        "application/json",
        "Idempotency-Key",
        key);
  }

  private HttpResponse<String> follow(HttpResponse<String> accepted) {
    URI location = URI.create(accepted.headers().firstValue("Location").orElseThrow());
    return app.getWithKey(location.getRawPath());
  }

  private String givenSecret(String value) {
    String name = "setup-" + UUID.randomUUID().toString().substring(0, 8);
    RunningApp.credentialsVault().set(name, value);
    return name;
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  @Test
  void setupAnswers202WithLocationUntilTheAppReplicatesThen200WithTheIds() throws Exception {
    graph.tenant().setReplicationDelay(Duration.ofMillis(1500));

    HttpResponse<String> accepted =
        post(UUID.randomUUID().toString(), request("Setup 202", givenSecret("good"), true));

    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    assertThat(accepted.headers().firstValue("Retry-After")).contains("5");
    assertThat(accepted.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).contains("/api/provisioning/setups/"));
    assertThat(json(accepted).path("status").asText()).isEqualTo("running");
    Thread.sleep(1600);

    HttpResponse<String> done = follow(accepted);

    assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
    JsonNode result = json(done);
    assertThat(result.path("status").asText()).isEqualTo("succeeded");
    assertThat(result.path("servicePrincipalId").asText()).matches("[0-9a-f-]{36}");
    assertThat(result.path("jobId").asText()).startsWith("scim.");
    assertThat(result.path("steps").findValuesAsText("step"))
        .containsExactly(
            "instantiate",
            "waitForServicePrincipal",
            "createJob",
            "validateCredentials",
            "saveCredentials",
            "start");
    assertThat(
            graph
                .tenant()
                .jobJson(result.path("jobId").asText())
                .path("schedule")
                .path("state")
                .asText())
        .isEqualTo("Active");
  }

  @Test
  void sameKeyNeverAddsASecondApp() throws Exception {
    String key = UUID.randomUUID().toString();
    String body = request("Setup once", givenSecret("good"), false);

    JsonNode first = json(post(key, body));
    long instantiations =
        graph.requestCounts().getOrDefault("POST /applicationTemplates/{id}/instantiate", 0L);
    JsonNode second = json(post(key, body));

    assertThat(second.path("setupId").asText()).isEqualTo(first.path("setupId").asText());
    assertThat(second.path("servicePrincipalId").asText())
        .isEqualTo(first.path("servicePrincipalId").asText());
    assertThat(
            graph.requestCounts().getOrDefault("POST /applicationTemplates/{id}/instantiate", 0L))
        .isEqualTo(instantiations);
  }

  @Test
  void sameKeyWithAnotherRequestIsRefused() {
    String key = UUID.randomUUID().toString();
    String secret = givenSecret("good");
    post(key, request("First", secret, false));

    assertThat(post(key, request("Second", secret, false)).statusCode()).isEqualTo(422);
  }

  @Test
  void refusedCredentialsStopTheSetupAndSayWhatWasCreated() throws Exception {
    HttpResponse<String> response =
        post(
            UUID.randomUUID().toString(),
            request("Setup refused", givenSecret("invalid-token"), true));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode result = json(response);
    assertThat(result.path("status").asText()).isEqualTo("failed");
    assertThat(result.path("failedStep").asText()).isEqualTo("validateCredentials");
    assertThat(result.path("jobId").asText()).isNotBlank();
    assertThat(result.path("nextAction").asText()).contains("were created");
    assertThat(response.body()).doesNotContain("invalid-token");
  }

  @Test
  void setupInterruptedByGraphOutageResumesFromItsStoredState() throws Exception {
    graph.faults().error("/synchronization/jobs$", 500, -1);

    HttpResponse<String> accepted =
        post(UUID.randomUUID().toString(), request("Setup resumed", givenSecret("good"), false));

    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    JsonNode waiting = json(accepted);
    assertThat(waiting.path("servicePrincipalId").asText()).isNotBlank();
    assertThat(waiting.path("steps").get(waiting.path("steps").size() - 1).path("step").asText())
        .isEqualTo("createJob");

    graph.faults().clear();
    HttpResponse<String> done = follow(accepted);

    assertThat(json(done).path("status").asText()).isEqualTo("succeeded");
    assertThat(json(done).path("servicePrincipalId").asText())
        .isEqualTo(waiting.path("servicePrincipalId").asText());
  }

  @Test
  void missingKeyOrPlainSecretIsRefusedBeforeAnythingIsCreated() {
    long before =
        graph.requestCounts().getOrDefault("POST /applicationTemplates/{id}/instantiate", 0L);
    HttpResponse<String> noKey =
        app.post(
            "/api/provisioning/setups",
            request("No key", "x", false),
            "x-functions-key",
            RunningApp.FUNCTION_KEY,
            "Content-Type",
            "application/json");
    String plain =
        request("Plain", "x", false).replace("\"secretName\":\"x\"", "\"value\":\"typed-secret\"");

    assertThat(noKey.statusCode()).isEqualTo(400);
    assertThat(post(UUID.randomUUID().toString(), plain).statusCode()).isEqualTo(400);
    assertThat(
            graph.requestCounts().getOrDefault("POST /applicationTemplates/{id}/instantiate", 0L))
        .isEqualTo(before);
  }

  @Test
  void unknownSetupIsA404() {
    assertThat(app.getWithKey("/api/provisioning/setups/" + UUID.randomUUID()).statusCode())
        .isEqualTo(404);
  }

  @Test
  void storageOutageIsARetryable503NotA500() throws Exception {
    String closed =
        com.provisioningops.devhost.Azurite.connectionString(
            com.provisioningops.devhost.Ports.free());
    try (RunningApp broken = RunningApp.start(java.util.Map.of("AzureWebJobsStorage", closed))) {
      HttpResponse<String> response =
          broken.post(
              "/api/provisioning/setups",
              request("No storage", givenSecret("good"), false),
              "x-functions-key",
              RunningApp.FUNCTION_KEY,
              "Content-Type",
              "application/json",
              "Idempotency-Key",
              UUID.randomUUID().toString());

      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.headers().firstValue("Retry-After")).isPresent();
      assertThat(json(response).path("type").asText()).endsWith("storage-unavailable");
    }
  }
}
