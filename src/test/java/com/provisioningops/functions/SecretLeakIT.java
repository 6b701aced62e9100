package com.provisioningops.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.provisioningops.devhost.RunningApp;
import com.provisioningops.sandbox.GraphSandbox;
import com.provisioningops.sandbox.KeyVaultSandbox;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Drives the app through every call that touches a secret, with real values from the vault and
 * refused plain values, and checks that none of them shows in any response or log line.
 */
class SecretLeakIT {
  private final RunningApp app = RunningApp.shared();
  private final GraphSandbox graph = RunningApp.graph();
  private final KeyVaultSandbox vault = RunningApp.credentialsVault();

  @Test
  void noSecretValueAppearsInAnyResponseHeaderOrLogLine() {
    String jobId = graph.tenant().jobInScenario("healthy");
    String sp = graph.tenant().servicePrincipalOf(jobId);
    String stored = "leakcheck-stored-" + UUID.randomUUID();
    String refused = "leakcheck-refused-" + UUID.randomUUID();
    String invalid = "leakcheck-invalid-" + UUID.randomUUID();
    vault.set("leak-stored", stored);
    vault.set("leak-invalid", invalid);
    List<HttpResponse<String>> responses = new ArrayList<>();
    String base = "/api/servicePrincipals/" + sp + "/synchronization";
    String[] key = {"x-functions-key", RunningApp.FUNCTION_KEY, "Content-Type", "application/json"};

    responses.add(app.put(base + "/credentials", body("leak-stored"), key));
    responses.add(
        app.post(base + "/jobs/" + jobId + "/validateCredentials", body("leak-stored"), key));
    responses.add(
        app.post(base + "/jobs/" + jobId + "/validateCredentials", body("leak-invalid"), key));
    responses.add(
        app.put(
            base + "/credentials",
            "{\"credentials\":[{\"key\":\"SecretToken\",\"value\":\"" + refused + "\"}]}",
            key));
    responses.add(
        app.put(
            base + "/credentials",
            "{\"credentials\":[{\"key\":\"Password\",\"value\":\"" + refused + "\", \"oops\": 1}]}",
            key));
    responses.add(
        app.put(
            base + "/credentials",
            "{\"credentials\":[{\"key\":\"SecretToken\",\"value\":\"" + refused,
            key));
    responses.add(
        app.put(
            base + "/credentials",
            "{\"credentials\":[{\"key\":\"UserName\",\"value\":\""
                + refused
                + "\",\"secret\":true}]}",
            key));

    assertThat(responses)
        .extracting(HttpResponse::statusCode)
        .containsExactly(200, 200, 200, 400, 400, 400, 400);
    assertThat(graph.tenant().savedSecrets(sp)).containsEntry("SecretToken", stored);
    List<String> everything = new ArrayList<>();
    for (HttpResponse<String> r : responses) {
      everything.add(r.body());
      everything.add(r.headers().map().toString());
    }
    everything.addAll(app.output());
    for (String secret : List.of(stored, refused, invalid)) {
      assertThat(everything).noneMatch(text -> text.contains(secret));
    }
  }

  @Test
  void startSetupNeverPassesOnASecretThatGraphOrTheTargetAppEchoes() throws Exception {
    graph.tenant().setEchoSecrets(true);
    try {
      String jobId = graph.tenant().jobInScenario("healthy");
      String sp = graph.tenant().servicePrincipalOf(jobId);
      String refused = "leakcheck-echo-invalid-" + UUID.randomUUID();
      String rejected = "leakcheck-echo-reject-" + UUID.randomUUID();
      vault.set("leak-echo-invalid", refused);
      vault.set("leak-echo-reject", rejected);
      String[] key = {
        "x-functions-key", RunningApp.FUNCTION_KEY, "Content-Type", "application/json"
      };
      List<HttpResponse<String>> responses = new ArrayList<>();
      String base = "/api/servicePrincipals/" + sp + "/synchronization";

      responses.add(
          app.post(
              base + "/jobs/" + jobId + "/validateCredentials", body("leak-echo-invalid"), key));
      responses.add(app.put(base + "/credentials", body("leak-echo-reject"), key));
      HttpResponse<String> accepted =
          app.startSetup(
              UUID.randomUUID().toString(),
              "{\"applicationTemplateId\":\""
                  + graph.tenant().applicationTemplateIds().get(0)
                  + "\",\"displayName\":\"Leak echo\",\"synchronizationTemplateId\":\"scim\","
                  + body("leak-echo-invalid").substring(1));
      responses.add(accepted);
      String location = accepted.headers().firstValue("Location").orElseThrow();
      HttpResponse<String> outcome = awaitOutcome(java.net.URI.create(location).getRawPath());
      responses.add(outcome);

      assertThat(responses.get(0).body()).contains("\"valid\":false").contains("***");
      assertThat(responses.get(1).statusCode()).isEqualTo(400);
      assertThat(outcome.body()).contains("\"status\":\"failed\"").contains("***");
      List<String> everything = new ArrayList<>(app.output());
      responses.forEach(r -> everything.add(r.body()));
      for (String secret : List.of(refused, rejected)) {
        assertThat(everything).noneMatch(text -> text.contains(secret));
      }
    } finally {
      graph.tenant().setEchoSecrets(false);
    }
  }

  private HttpResponse<String> awaitOutcome(String path) throws InterruptedException {
    for (int i = 0; i < 150; i++) {
      HttpResponse<String> r = app.getWithKey(path);
      if (r.statusCode() != 202) {
        return r;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("The setup at " + path + " did not finish");
  }

  private static String body(String secretName) {
    return "{\"credentials\":[{\"key\":\"BaseAddress\",\"value\":\"https://scim.example.com/v2\"},"
        + "{\"key\":\"SecretToken\",\"secretName\":\""
        + secretName
        + "\"}]}";
  }
}
