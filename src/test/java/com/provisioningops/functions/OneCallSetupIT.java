package com.provisioningops.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.queue.QueueClientBuilder;
import com.azure.storage.queue.QueueMessageEncoding;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.provisioningops.adapter.storage.TableSetupStore;
import com.provisioningops.devhost.RunningApp;
import com.provisioningops.provisioning.CredentialInput;
import com.provisioningops.provisioning.SetupRequest;
import com.provisioningops.provisioning.SetupState;
import com.provisioningops.sandbox.GraphSandbox;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The one-call setup through the packaged app: the 202 protocol, exactly one app per key however
 * many calls arrive at once, completion from the queue with nobody polling, permanent and transient
 * failures, a dead worker's step reconciled, and a poison message failing its setup.
 */
class OneCallSetupIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(40);
  private final RunningApp app = RunningApp.shared();
  private final GraphSandbox graph = RunningApp.graph();

  @AfterEach
  void restoreSandbox() {
    graph.tenant().setReplicationDelay(Duration.ZERO);
    graph.faults().clear();
  }

  private String request(String displayName, String secretName, boolean start) {
    return setupRequest(graph, displayName, secretName, start);
  }

  /** A one-call setup of the sandbox's first gallery app with a SCIM token from the vault. */
  static String setupRequest(
      GraphSandbox graph, String displayName, String secretName, boolean start) {
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
    return app.startSetup(key, body);
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

  /** The setup a POST answered: in the 202's Location, or the 200's Content-Location. */
  static String setupIdOf(HttpResponse<String> r) {
    String location =
        r.headers()
            .firstValue("Location")
            .or(() -> r.headers().firstValue("Content-Location"))
            .orElseThrow(() -> new AssertionError("No Location: " + r.statusCode() + r.body()));
    return location.substring(location.lastIndexOf('/') + 1);
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  /** Waits until the setup is no longer running, reading storage only: nobody polls the API. */
  private SetupState awaitFinished(String setupId, Duration timeout) throws Exception {
    return awaitFinished(new TableSetupStore(app.tables()), setupId, timeout);
  }

  /** Waits until the setup in {@code store} is no longer running. */
  static SetupState awaitFinished(TableSetupStore store, String setupId, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      var state = store.find(setupId);
      if (state.isPresent() && !state.get().running()) {
        return state.get();
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        "Setup " + setupId + " still running after " + timeout + ": " + store.find(setupId));
  }

  private long instantiations() {
    return graph.requestCounts().getOrDefault("POST /applicationTemplates/{id}/instantiate", 0L);
  }

  @Test
  void setupCompletesWithNobodyPollingThenAnswers200WithTheIds() throws Exception {
    graph.tenant().setReplicationDelay(Duration.ofMillis(1500));

    HttpResponse<String> accepted =
        post(UUID.randomUUID().toString(), request("Setup 202", givenSecret("good"), true));

    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    assertThat(accepted.headers().firstValue("Retry-After")).contains("5");
    assertThat(accepted.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).contains("/api/provisioning/setups/"));
    assertThat(accepted.body()).as("a 202 has no body").isEmpty();
    SetupState finished = awaitFinished(setupIdOf(accepted), TIMEOUT);
    assertThat(finished.status()).isEqualTo("succeeded");

    HttpResponse<String> done = follow(accepted);

    assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
    JsonNode result = json(done);
    assertThat(result.path("status").asText()).isEqualTo("succeeded");
    assertThat(result.path("servicePrincipalId").asText()).matches("[0-9a-f-]{36}");
    assertThat(result.path("jobId").asText()).startsWith("scim.");
    assertThat(result.path("steps").findValuesAsText("step"))
        .containsExactly(
            "checkCredentials",
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
  void sixteenConcurrentCallsWithOneKeyAddOneAppAndNever5xx() throws Exception {
    String key = UUID.randomUUID().toString();
    String name = "Setup once " + key.substring(0, 8);
    String body = request(name, givenSecret("good"), false);
    ExecutorService callers = Executors.newFixedThreadPool(16);
    try {
      List<Future<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        calls.add(callers.submit(() -> post(key, body)));
      }
      Set<String> setupIds = new HashSet<>();
      for (Future<HttpResponse<String>> call : calls) {
        HttpResponse<String> response = call.get();
        assertThat(response.statusCode()).as(response.body()).isIn(200, 202);
        setupIds.add(setupIdOf(response));
      }

      assertThat(setupIds).hasSize(1);
      assertThat(awaitFinished(setupIds.iterator().next(), TIMEOUT).status())
          .isEqualTo("succeeded");
      assertThat(graph.tenant().applicationsNamed(name)).hasSize(1);
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void repeatedCallAfterTheSetupFinishedAnswersTheSameOutcome() throws Exception {
    String key = UUID.randomUUID().toString();
    String body = request("Setup repeat", givenSecret("good"), false);
    String setupId = setupIdOf(post(key, body));
    awaitFinished(setupId, TIMEOUT);
    long before = instantiations();

    HttpResponse<String> again = post(key, body);

    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(setupIdOf(again)).isEqualTo(setupId);
    assertThat(instantiations()).isEqualTo(before);
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
    HttpResponse<String> accepted =
        post(
            UUID.randomUUID().toString(),
            request("Setup refused", givenSecret("invalid-token"), true));
    awaitFinished(setupIdOf(accepted), TIMEOUT);

    HttpResponse<String> response = follow(accepted);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode result = json(response);
    assertThat(result.path("status").asText()).isEqualTo("failed");
    assertThat(result.path("failedStep").asText()).isEqualTo("validateCredentials");
    assertThat(result.path("jobId").asText()).isNotBlank();
    assertThat(result.path("nextAction").asText()).contains("were created");
    assertThat(response.body()).doesNotContain("invalid-token");
  }

  @Test
  void vaultRefusingTheAppFailsTheSetupNamingTheRoleBeforeAnythingIsCreated() throws Exception {
    String secret = givenSecret("good");
    RunningApp.credentialsVault().forbid(secret);
    long before = instantiations();

    HttpResponse<String> accepted =
        post(UUID.randomUUID().toString(), request("Setup forbidden", secret, false));
    SetupState failed = awaitFinished(setupIdOf(accepted), TIMEOUT);

    assertThat(failed.status()).isEqualTo("failed");
    assertThat(failed.failedStep()).isEqualTo("checkCredentials");
    assertThat(failed.nextAction())
        .contains("Grant Key Vault Secrets User on ")
        .contains("Nothing was created");
    assertThat(instantiations()).isEqualTo(before);
  }

  @Test
  void missingSecretFailsTheSetupBeforeAnythingIsCreated() throws Exception {
    long before = instantiations();

    HttpResponse<String> accepted =
        post(UUID.randomUUID().toString(), request("Setup no secret", "no-such-secret", false));
    SetupState failed = awaitFinished(setupIdOf(accepted), TIMEOUT);

    assertThat(failed.failedStep()).isEqualTo("checkCredentials");
    assertThat(failed.steps().get(0).detail()).contains("'no-such-secret' does not exist");
    assertThat(failed.nextAction()).contains("Nothing was created");
    assertThat(instantiations()).isEqualTo(before);
  }

  @Test
  void graphOutageIsWaitedOutAndTheSetupResumesFromItsStoredState() throws Exception {
    // Graph's 500s are not retried by the adapter: the setup itself has to wait and resume.
    graph.faults().error("/synchronization/jobs$", 500, 2);

    HttpResponse<String> accepted =
        post(UUID.randomUUID().toString(), request("Setup resumed", givenSecret("good"), false));
    SetupState done = awaitFinished(setupIdOf(accepted), TIMEOUT);

    assertThat(done.status()).isEqualTo("succeeded");
    assertThat(done.steps())
        .anySatisfy(
            step -> {
              assertThat(step.step()).isEqualTo("createJob");
              assertThat(step.outcome()).isEqualTo("succeeded");
            });
    assertThat(done.jobId()).startsWith("scim.");
    assertThat(done.turn()).as("one follow-up message per wait, not a stream").isLessThan(6);
  }

  @Test
  void workerThatDiedAfterAddingTheAppIsReconciledToOneApp() throws Exception {
    // The state a worker leaves when it dies between Graph's instantiate and recording it: a claim
    // that has run out, no outcome, and the app already in the tenant.
    String name = "Setup orphan " + UUID.randomUUID().toString().substring(0, 8);
    SetupRequest request =
        new SetupRequest(
            graph.tenant().applicationTemplateIds().get(0),
            name,
            "scim",
            List.of(
                new CredentialInput("BaseAddress", "https://scim.example.com/v2", null, null),
                new CredentialInput("SecretToken", null, givenSecret("good"), null)),
            false);
    Instant died = Instant.now().minusSeconds(300);
    graph.tenant().instantiate(request.applicationTemplateId(), name);
    String setupId = UUID.randomUUID().toString();
    givenStoredSetup(
        setupId,
        request,
        new SetupState.Claim("instantiate", "dead-worker", died, died.plusSeconds(120)));
    long before = instantiations();

    enqueue(setupId);
    SetupState done = awaitFinished(setupId, TIMEOUT);

    assertThat(done.status()).isEqualTo("succeeded");
    assertThat(done.steps().get(1).detail()).startsWith("Adopted");
    assertThat(graph.tenant().applicationsNamed(name)).hasSize(1);
    assertThat(instantiations()).isEqualTo(before);
  }

  @Test
  void messageThatFailsEveryTryFailsItsSetupInsteadOfLosingIt() throws Exception {
    // A stored request the worker cannot run (as after a bug): every try throws.
    String setupId = UUID.randomUUID().toString();
    SetupRequest broken =
        new SetupRequest(
            null,
            null,
            null,
            List.of(new CredentialInput("BaseAddress", "https://scim.example.com/v2", null, null)),
            false);
    givenStoredSetup(setupId, broken, null);

    enqueue(setupId);
    SetupState failed = awaitFinished(setupId, Duration.ofSeconds(60));

    assertThat(failed.status()).isEqualTo("failed");
    assertThat(failed.steps().get(failed.steps().size() - 1).detail())
        .contains("failed on every try");
  }

  /** A setup written straight to storage, as a worker would have left it. */
  private void givenStoredSetup(String setupId, SetupRequest request, SetupState.Claim claim) {
    Instant now = Instant.now();
    SetupState state =
        new SetupState(
            setupId,
            "stored-" + setupId,
            "hash",
            request,
            "running",
            null,
            null,
            null,
            List.of(),
            null,
            null,
            claim,
            null,
            0,
            0,
            now,
            now,
            null,
            "function key",
            null);
    assertThat(new TableSetupStore(app.tables()).create(state)).isTrue();
  }

  private void enqueue(String setupId) {
    new QueueClientBuilder()
        .connectionString(app.settings().get("AzureWebJobsStorage"))
        .queueName("setups")
        .messageEncoding(QueueMessageEncoding.BASE64)
        .buildClient()
        .sendMessage("{\"setupId\":\"" + setupId + "\",\"turn\":0}");
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
            com.provisioningops.devhost.Ports.free(), com.provisioningops.devhost.Ports.free());
    try (RunningApp broken = RunningApp.start(java.util.Map.of("AzureWebJobsStorage", closed))) {
      HttpResponse<String> response =
          broken.startSetup(
              UUID.randomUUID().toString(), request("No storage", givenSecret("good"), false));

      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.headers().firstValue("Retry-After")).isPresent();
      assertThat(json(response).path("type").asText()).endsWith("storage-unavailable");
    }
  }
}
