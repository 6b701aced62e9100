package com.provisioningops.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.provisioningops.devhost.RunningApp;
import com.provisioningops.sandbox.GraphSandbox;
import com.provisioningops.sandbox.KeyVaultSandbox;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Saving and validating credentials by Key Vault reference, over real HTTP. */
class CredentialFunctionsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final RunningApp app = RunningApp.shared();
  private final GraphSandbox graph = RunningApp.graph();
  private final KeyVaultSandbox vault = RunningApp.credentialsVault();
  private final String jobId = graph.tenant().jobInScenario("notConfigured");
  private final String sp = graph.tenant().servicePrincipalOf(jobId);

  private String givenSecretInVault(String value) {
    String name = "it-" + UUID.randomUUID().toString().substring(0, 8);
    vault.set(name, value);
    return name;
  }

  private HttpResponse<String> save(String body) {
    return app.put(
        "/api/servicePrincipals/" + sp + "/synchronization/credentials",
        body,
        "x-functions-key",
        RunningApp.FUNCTION_KEY,
        "Content-Type",
        "application/json");
  }

  private HttpResponse<String> validate(String body) {
    return app.post(
        "/api/servicePrincipals/" + sp + "/synchronization/jobs/" + jobId + "/validateCredentials",
        body,
        "x-functions-key",
        RunningApp.FUNCTION_KEY,
        "Content-Type",
        "application/json");
  }

  private static String credentials(String secretName) {
    return "{\"credentials\":[{\"key\":\"BaseAddress\",\"value\":\"https://scim.example.com/v2\"},"
        + "{\"key\":\"SecretToken\",\"secretName\":\""
        + secretName
        + "\"}]}";
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }

  @Test
  void savedCredentialsReachGraphResolvedAndTheAnswerNamesKeysOnly() throws Exception {
    String token = "tok-" + UUID.randomUUID();
    String name = givenSecretInVault(token);

    HttpResponse<String> response = save(credentials(name));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(json(response).path("keys").toString())
        .isEqualTo("[\"BaseAddress\",\"SecretToken\"]");
    assertThat(response.body()).doesNotContain(token);
    assertThat(graph.tenant().savedSecrets(sp)).containsEntry("SecretToken", token);
  }

  @Test
  void plainValueForASecretKeyIsRefusedAndNothingIsSaved() throws Exception {
    String before = graph.tenant().savedSecrets(sp).toString();

    HttpResponse<String> response =
        save("{\"credentials\":[{\"key\":\"SecretToken\",\"value\":\"typed-into-a-flow\"}]}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).path("detail").asText())
        .contains("Store it in the credentials Key Vault");
    assertThat(response.body()).doesNotContain("typed-into-a-flow");
    assertThat(graph.tenant().savedSecrets(sp).toString()).isEqualTo(before);
  }

  @Test
  void missingSecretIsA400NamingIt() throws Exception {
    HttpResponse<String> response = save(credentials("not-in-the-vault"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).path("type").asText()).endsWith("secret-not-found");
    assertThat(json(response).path("detail").asText()).contains("'not-in-the-vault'");
  }

  @Test
  void vaultThatRefusesTheAppIsA403NamingTheRole() throws Exception {
    String name = givenSecretInVault("forbidden-" + UUID.randomUUID());
    vault.forbid(name);

    HttpResponse<String> response = save(credentials(name));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(json(response).path("type").asText()).endsWith("vault-forbidden");
    assertThat(json(response).path("detail").asText()).contains("Key Vault Secrets User");
  }

  @Test
  void goodCredentialsValidate() throws Exception {
    HttpResponse<String> response =
        validate(credentials(givenSecretInVault("good-" + UUID.randomUUID())));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(json(response).path("valid").asBoolean()).isTrue();
  }

  @Test
  void credentialsTheTargetAppRefusesAreInvalidWithItsReason() throws Exception {
    HttpResponse<String> response =
        validate(credentials(givenSecretInVault("invalid-" + UUID.randomUUID())));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode check = json(response);
    assertThat(check.path("valid").asBoolean()).isFalse();
    assertThat(check.path("errorCode").asText()).contains("CredentialValidation");
    assertThat(check.path("message").asText()).contains("401");
  }

  @Test
  void unknownFieldIsRefusedByName() throws Exception {
    HttpResponse<String> response =
        save("{\"credentials\":[{\"key\":\"BaseAddress\",\"value\":\"x\",\"vaule\":\"y\"}]}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).path("detail").asText())
        .contains("Unknown field 'vaule'")
        .contains("credentials[0]");
  }

  @Test
  void bodyThatIsNotJsonIsA400ThatDoesNotEchoIt() throws Exception {
    HttpResponse<String> response = save("{\"credentials\": [ secret-looking-garbage");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).doesNotContain("secret-looking-garbage");
  }

  @Test
  void missingBodyIsA400AndWrongMediaTypeA415() {
    assertThat(save("").statusCode()).isEqualTo(400);
    HttpResponse<String> xml =
        app.put(
            "/api/servicePrincipals/" + sp + "/synchronization/credentials",
            "<credentials/>",
            "x-functions-key",
            RunningApp.FUNCTION_KEY,
            "Content-Type",
            "application/xml");
    assertThat(xml.statusCode()).isEqualTo(415);
  }

  @Test
  void oversizedBodyIsA413() {
    String huge =
        "{\"credentials\":[{\"key\":\"BaseAddress\",\"value\":\"" + "x".repeat(70_000) + "\"}]}";

    assertThat(save(huge).statusCode()).isEqualTo(413);
  }
}
