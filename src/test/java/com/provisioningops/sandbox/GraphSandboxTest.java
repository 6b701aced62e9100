package com.provisioningops.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sandbox behaves like Graph where the app depends on it. */
class GraphSandboxTest {
  private static GraphSandbox sandbox;
  private static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @BeforeAll
  static void start() throws Exception {
    sandbox = GraphSandbox.start(0);
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @BeforeEach
  void reset() {
    sandbox.reset();
  }

  record Reply(int status, JsonNode body, HttpResponse<String> raw) {}

  private static Reply call(String method, String pathOrUrl, String body) throws Exception {
    URI uri =
        pathOrUrl.startsWith("http")
            ? URI.create(pathOrUrl)
            : URI.create(sandbox.baseUrl() + pathOrUrl);
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(5))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    JsonNode json = response.body().isEmpty() ? null : SandboxTenant.JSON.readTree(response.body());
    return new Reply(response.statusCode(), json, response);
  }

  private static Reply get(String path) throws Exception {
    return call("GET", path, null);
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String jobPath(String scenario) {
    String jobId = sandbox.tenant().jobInScenario(scenario);
    return "/servicePrincipals/"
        + sandbox.tenant().servicePrincipalOf(jobId)
        + "/synchronization/jobs/"
        + jobId;
  }

  // ---- a local run's tenant across restarts

  @Test
  void aTenantSavedOnStopIsTheTenantOfTheNextStart(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path state = dir.resolve("graph-sandbox.json");
    String added;
    List<String> jobs;
    long events;
    try (GraphSandbox first = GraphSandbox.startKeeping(0, state)) {
      var app = first.tenant().instantiate(first.tenant().applicationTemplateIds().get(0), "Kept");
      added = app.path("servicePrincipal").path("id").asText();
      first.tenant().addJob(added, first.tenant().newJob("scim"));
      jobs = first.tenant().jobIds();
      events = first.tenant().events.size();
      first.save(state);
    }

    try (GraphSandbox second = GraphSandbox.startKeeping(0, state)) {
      assertThat(second.tenant().jobIds()).containsExactlyInAnyOrderElementsOf(jobs);
      assertThat(second.tenant().applicationsNamed("Kept")).hasSize(1);
      assertThat(second.tenant().events).hasSize((int) events);
      assertThat(
              call(
                      "GET",
                      second.baseUrl() + "/servicePrincipals/" + added + "/synchronization/jobs",
                      null)
                  .body()
                  .path("value"))
          .hasSize(1);
    }
  }

  // ---- application templates and service principals

  @Test
  void applicationTemplatesFilterByNameAndCategory() throws Exception {
    Reply byName = get("/applicationTemplates?$filter=" + q("contains(displayName,'box')"));
    Reply byCategory = get("/applicationTemplates?$filter=" + q("categories/any(c:c eq 'crm')"));

    assertThat(byName.body().path("value").findValuesAsText("displayName"))
        .containsExactlyInAnyOrder("Box", "Dropbox Business");
    assertThat(byCategory.body().path("value").findValuesAsText("displayName"))
        .containsExactlyInAnyOrder("Salesforce", "Zendesk");
  }

  @Test
  void pagingFollowsNextLinkVerbatimToTheEnd() throws Exception {
    List<String> names = new ArrayList<>();
    String next = "/applicationTemplates?$top=4";
    int pages = 0;
    while (next != null) {
      Reply page = get(next);
      page.body().path("value").forEach(t -> names.add(t.path("displayName").asText()));
      next =
          page.body().hasNonNull("@odata.nextLink")
              ? page.body().path("@odata.nextLink").asText()
              : null;
      pages++;
    }

    assertThat(pages).isEqualTo(4);
    assertThat(names).hasSize(14).doesNotHaveDuplicates();
  }

  @Test
  void servicePrincipalsFilterByTagAndSelectProperties() throws Exception {
    Reply reply =
        get(
            "/servicePrincipals?$filter="
                + q("tags/any(t:t eq 'WindowsAzureActiveDirectoryIntegratedApp')")
                + "&$select=id,displayName&$top=999");

    JsonNode first = reply.body().path("value").get(0);
    assertThat(reply.body().path("value")).hasSize(20);
    assertThat(first.size()).isEqualTo(2);
    assertThat(first.has("displayName")).isTrue();
  }

  @Test
  void unsupportedFilterIsA400LikeGraph() throws Exception {
    Reply reply = get("/servicePrincipals?$filter=" + q("displayName eq 'x' or 1 eq 1"));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.body().path("error").path("code").asText()).isEqualTo("BadRequest");
    assertThat(reply.body().path("error").path("innerError").path("request-id").asText())
        .isNotBlank();
  }

  @Test
  void instantiatedServicePrincipalIsReadableOnlyAfterReplication() throws Exception {
    sandbox.tenant().setReplicationDelay(Duration.ofMillis(600));
    String template =
        get("/applicationTemplates?$top=1").body().path("value").get(0).path("id").asText();

    Reply created =
        call(
            "POST",
            "/applicationTemplates/" + template + "/instantiate",
            "{\"displayName\":\"Box (HR)\"}");
    String sp = created.body().path("servicePrincipal").path("id").asText();

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.body().path("application").path("displayName").asText())
        .isEqualTo("Box (HR)");
    assertThat(get("/servicePrincipals/" + sp).status()).isEqualTo(404);
    Thread.sleep(700);
    assertThat(get("/servicePrincipals/" + sp).status()).isEqualTo(200);
  }

  // ---- jobs

  @Test
  void createdJobIsDisabledAndNotConfiguredUntilStarted() throws Exception {
    String template =
        get("/applicationTemplates?$filter=" + q("contains(displayName,'Slack')"))
            .body()
            .path("value")
            .get(0)
            .path("id")
            .asText();
    String sp =
        call(
                "POST",
                "/applicationTemplates/" + template + "/instantiate",
                "{\"displayName\":\"Slack 2\"}")
            .body()
            .path("servicePrincipal")
            .path("id")
            .asText();

    Reply job =
        call(
            "POST",
            "/servicePrincipals/" + sp + "/synchronization/jobs",
            "{\"templateId\":\"slack\"}");
    String path =
        "/servicePrincipals/" + sp + "/synchronization/jobs/" + job.body().path("id").asText();

    assertThat(job.status()).isEqualTo(201);
    assertThat(job.body().path("schedule").path("state").asText()).isEqualTo("Disabled");
    assertThat(job.body().path("status").path("code").asText()).isEqualTo("NotConfigured");
    assertThat(call("POST", path + "/start", null).status()).isEqualTo(204);
    assertThat(get(path).body().path("schedule").path("state").asText()).isEqualTo("Active");
  }

  @Test
  void startedJobWithoutCredentialsIsQuarantinedByItsFirstCycle() throws Exception {
    String template =
        get("/applicationTemplates?$top=1").body().path("value").get(0).path("id").asText();
    String sp =
        call(
                "POST",
                "/applicationTemplates/" + template + "/instantiate",
                "{\"displayName\":\"No creds\"}")
            .body()
            .path("servicePrincipal")
            .path("id")
            .asText();
    String tag =
        get("/servicePrincipals/" + sp + "/synchronization/templates")
            .body()
            .path("value")
            .get(0)
            .path("id")
            .asText();
    String jobId =
        call(
                "POST",
                "/servicePrincipals/" + sp + "/synchronization/jobs",
                "{\"templateId\":\"" + tag + "\"}")
            .body()
            .path("id")
            .asText();
    call("POST", "/servicePrincipals/" + sp + "/synchronization/jobs/" + jobId + "/start", null);

    sandbox.tenant().runCycle();

    JsonNode status =
        get("/servicePrincipals/" + sp + "/synchronization/jobs/" + jobId).body().path("status");
    assertThat(status.path("code").asText()).isEqualTo("Quarantine");
    assertThat(status.path("quarantine").path("reason").asText())
        .isEqualTo("EncounteredQuarantineException");
  }

  @Test
  void pauseAndRestartWithFlagsScopeChangeTheJob() throws Exception {
    String path = jobPath("quarantinedEscrow");

    assertThat(
            call(
                    "POST",
                    path + "/restart",
                    "{\"criteria\":{\"resetScope\":\"Watermark, Escrows, QuarantineState\"}}")
                .status())
        .isEqualTo(204);
    JsonNode restarted = get(path).body();
    assertThat(restarted.path("status").path("code").asText()).isEqualTo("Active");
    assertThat(restarted.path("status").path("quarantine").isNull()).isTrue();

    assertThat(call("POST", path + "/pause", null).status()).isEqualTo(204);
    assertThat(get(path).body().path("schedule").path("state").asText()).isEqualTo("Paused");
  }

  @Test
  void unknownRestartScopeIsA400() throws Exception {
    Reply reply =
        call(
            "POST",
            jobPath("healthy") + "/restart",
            "{\"criteria\":{\"resetScope\":\"Everything\"}}");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.body().path("error").path("message").asText()).contains("Everything");
  }

  @Test
  void validateCredentialsAcceptsGoodOnesAndRefusesBadOnes() throws Exception {
    String path = jobPath("healthy");
    String good =
        "{\"useSavedCredentials\":false,\"credentials\":[{\"key\":\"BaseAddress\",\"value\":\"https://scim.example.com\"},{\"key\":\"SecretToken\",\"value\":\"ok\"}]}";
    String bad = good.replace("\"ok\"", "\"invalid-token\"");

    assertThat(call("POST", path + "/validateCredentials", good).status()).isEqualTo(204);
    Reply refused = call("POST", path + "/validateCredentials", bad);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body().path("error").path("code").asText()).contains("CredentialValidation");
  }

  @Test
  void savedSecretsAreStoredAndUnknownKeysRefused() throws Exception {
    String jobId = sandbox.tenant().jobInScenario("notConfigured");
    String sp = sandbox.tenant().servicePrincipalOf(jobId);

    Reply saved =
        call(
            "PUT",
            "/servicePrincipals/" + sp + "/synchronization/secrets",
            "{\"value\":[{\"key\":\"BaseAddress\",\"value\":\"https://x\"}]}");
    Reply refused =
        call(
            "PUT",
            "/servicePrincipals/" + sp + "/synchronization/secrets",
            "{\"value\":[{\"key\":\"Nonsense\",\"value\":\"x\"}]}");

    assertThat(saved.status()).isEqualTo(204);
    assertThat(sandbox.tenant().savedSecrets(sp)).containsEntry("BaseAddress", "https://x");
    assertThat(refused.status()).isEqualTo(400);
  }

  @Test
  void provisionOnDemandIsLimitedToFiveInTenSeconds() throws Exception {
    String path = jobPath("healthy") + "/provisionOnDemand";
    String body =
        "{\"parameters\":[{\"ruleId\":\"r\",\"subjects\":[{\"objectId\":\"u1\",\"objectTypeName\":\"User\"}]}]}";
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      statuses.add(call("POST", path, body).status());
    }

    assertThat(statuses).containsExactly(200, 200, 200, 200, 200, 429);
  }

  @Test
  void unknownJobIsAGraphShaped404() throws Exception {
    String sp = sandbox.tenant().servicePrincipalOf(sandbox.tenant().jobInScenario("healthy"));
    Reply reply = get("/servicePrincipals/" + sp + "/synchronization/jobs/scim.0.0");

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.raw().headers().firstValue("request-id")).isPresent();
  }

  // ---- controls

  @Test
  void controlsPutAJobIntoQuarantineFailurePauseOrRemoveIt() throws Exception {
    String jobId = sandbox.tenant().jobInScenario("healthy");
    String path = jobPath("healthy");

    sandbox.tenant().quarantine(jobId, "QuarantinedOnDemand");
    assertThat(get(path).body().path("status").path("quarantine").path("reason").asText())
        .isEqualTo("QuarantinedOnDemand");
    sandbox.tenant().fail(jobId, 5);
    assertThat(get(path).body().path("status").path("countSuccessiveCompleteFailures").asInt())
        .isEqualTo(5);
    assertThat(get(path).body().path("status").path("lastExecution").path("state").asText())
        .isEqualTo("Failed");
    sandbox.tenant().pause(jobId);
    assertThat(get(path).body().path("status").path("code").asText()).isEqualTo("Paused");
    sandbox.tenant().delete(jobId);
    assertThat(get(path).status()).isEqualTo(404);
  }

  @Test
  void adminRoutesDriveTheSameControls() throws Exception {
    String jobId = sandbox.tenant().jobInScenario("healthy");
    URI control =
        URI.create(
            "http://127.0.0.1:"
                + sandbox.baseUrl().getPort()
                + "/_sandbox/jobs/"
                + jobId
                + "/quarantine");

    Reply reply = call("POST", control.toString(), "{\"reason\":\"TooManyDeletes\"}");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(get(jobPath("healthy")).body().path("status").path("code").asText())
        .isEqualTo("Quarantine");
  }

  @Test
  void cycleEmitsProvisioningEventsForStartedJobs() throws Exception {
    int before = get("/auditLogs/provisioning?$top=500").body().path("value").size();
    sandbox.auditThrottle(false);
    int emitted = sandbox.tenant().runCycle();
    String jobId = sandbox.tenant().jobInScenario("healthy");

    Reply events =
        get("/auditLogs/provisioning?$filter=" + q("jobId eq '" + jobId + "'") + "&$top=500");

    assertThat(emitted).isPositive();
    assertThat(before).isEqualTo(500);
    assertThat(events.body().path("value").findValuesAsText("jobId")).containsOnly(jobId);
  }

  // ---- provisioning logs

  @Test
  void provisioningLogsFilterByTimeWindowAndServicePrincipalNewestFirst() throws Exception {
    sandbox.auditThrottle(false);
    String jobId = sandbox.tenant().jobInScenario("degraded");
    String sp = sandbox.tenant().servicePrincipalOf(jobId);
    Instant since = Instant.now().minus(Duration.ofDays(1));
    String filter = "activityDateTime gt " + since + " and servicePrincipal/id eq '" + sp + "'";

    Reply reply = get("/auditLogs/provisioning?$filter=" + q(filter) + "&$top=500");

    List<String> times = reply.body().path("value").findValuesAsText("activityDateTime");
    assertThat(times).isNotEmpty().isSortedAccordingTo((a, b) -> b.compareTo(a));
    assertThat(times).allSatisfy(t -> assertThat(Instant.parse(t)).isAfter(since));
    assertThat(reply.body().path("value").findValues("servicePrincipal"))
        .allSatisfy(s -> assertThat(s.path("id").asText()).isEqualTo(sp));
  }

  @Test
  void provisioningLogsPageAtTheRequestedSizeAndOrderAscendingOnRequest() throws Exception {
    sandbox.auditThrottle(false);
    Reply first = get("/auditLogs/provisioning?$top=100&$orderby=" + q("activityDateTime asc"));
    Reply second = get(first.body().path("@odata.nextLink").asText());

    List<String> a = first.body().path("value").findValuesAsText("activityDateTime");
    List<String> b = second.body().path("value").findValuesAsText("activityDateTime");
    assertThat(a).hasSize(100).isSorted();
    assertThat(b.get(0)).isGreaterThanOrEqualTo(a.get(99));
  }

  @Test
  void auditLogsAllowFiveRequestsInTenSecondsUnlessTheThrottleIsOff() throws Exception {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      statuses.add(get("/auditLogs/provisioning?$top=1").status());
    }
    Reply throttled = get("/auditLogs/provisioning?$top=1");
    sandbox.auditThrottle(false);
    Reply free = get("/auditLogs/provisioning?$top=1");

    assertThat(statuses).containsExactly(200, 200, 200, 200, 200, 429);
    assertThat(throttled.raw().headers().firstValue("Retry-After")).isPresent();
    assertThat(free.status()).isEqualTo(200);
  }

  // ---- $batch

  @Test
  void batchAnswersEachRequestWithItsOwnStatus() throws Exception {
    String healthy = jobPath("healthy");
    String sp = sandbox.tenant().servicePrincipalOf(sandbox.tenant().jobInScenario("healthy"));
    String body =
        "{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\""
            + healthy
            + "\"},"
            + "{\"id\":\"2\",\"method\":\"GET\",\"url\":\"/servicePrincipals/"
            + sp
            + "/synchronization/jobs/scim.0.0\"}]}";

    Reply reply = call("POST", "/$batch", body);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body().path("responses").get(0).path("id").asText()).isEqualTo("1");
    assertThat(reply.body().path("responses").get(1).path("id").asText()).isEqualTo("2");
    assertThat(reply.body().path("responses").get(0).path("status").asInt()).isEqualTo(200);
    assertThat(reply.body().path("responses").get(1).path("status").asInt()).isEqualTo(404);
    assertThat(sandbox.requestCounts()).containsEntry("POST /$batch", 1L);
  }

  @Test
  void batchTakesTwentyRequestsAndRefusesTwentyOne() throws Exception {
    assertThat(call("POST", "/$batch", batchOf(20)).status()).isEqualTo(200);
    Reply tooMany = call("POST", "/$batch", batchOf(21));
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.body().path("error").path("message").asText()).contains("limit of 20");
  }

  @Test
  void malformedBatchIsA400() throws Exception {
    assertThat(call("POST", "/$batch", "{\"requests\": 5}").status()).isEqualTo(400);
    assertThat(call("POST", "/$batch", "not json").status()).isEqualTo(400);
  }

  @Test
  void throttlingInsideABatchIsA429InsideA200() throws Exception {
    sandbox.faults().throttle("/synchronization/jobs/", 7, 1);

    Reply reply = call("POST", "/$batch", batchOf(2));

    assertThat(reply.status()).isEqualTo(200);
    JsonNode first = reply.body().path("responses").get(0);
    assertThat(first.path("status").asInt()).isEqualTo(429);
    assertThat(first.path("headers").path("Retry-After").asText()).isEqualTo("7");
    assertThat(reply.body().path("responses").get(1).path("status").asInt()).isEqualTo(200);
  }

  private static String batchOf(int n) {
    StringBuilder b = new StringBuilder("{\"requests\":[");
    String path = jobPath("healthy");
    for (int i = 1; i <= n; i++) {
      b.append(i > 1 ? "," : "")
          .append("{\"id\":\"")
          .append(i)
          .append("\",\"method\":\"GET\",\"url\":\"")
          .append(path)
          .append("\"}");
    }
    return b.append("]}").toString();
  }

  // ---- faults

  @Test
  void faultsInjectLatencyErrorsAndMalformedBodies() throws Exception {
    String path = jobPath("healthy");
    sandbox.faults().latency("/synchronization/jobs/", 300, 1);
    long start = System.nanoTime();
    assertThat(get(path).status()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));

    sandbox.faults().error("/synchronization/jobs/", 503, 1);
    assertThat(get(path).status()).isEqualTo(503);
    assertThat(get(path).status()).isEqualTo(200);

    sandbox.faults().malformed("/synchronization/jobs/", 1);
    HttpResponse<String> raw =
        http.send(
            HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(raw.statusCode()).isEqualTo(200);
    assertThat(raw.body()).startsWith("{\"value\": [ {\"id\": \"trunc");
  }

  @Test
  void requestCountsGroupByShape() throws Exception {
    get(jobPath("healthy"));
    get(jobPath("failing"));

    assertThat(sandbox.requestCounts())
        .containsEntry("GET /servicePrincipals/{id}/synchronization/jobs/{jobId}", 2L);
    assertThat(sandbox.totalRequests()).isEqualTo(2);
  }

  @Test
  void seedHoldsABelievableTenant() {
    assertThat(sandbox.tenant().applicationTemplates).hasSizeBetween(10, 20);
    assertThat(sandbox.tenant().jobIds()).hasSizeGreaterThanOrEqualTo(12);
    assertThat(sandbox.tenant().events()).hasSizeGreaterThan(1000);
    assertThat(
            sandbox
                .tenant()
                .events()
                .get(sandbox.tenant().events().size() - 1)
                .path("activityDateTime")
                .asText())
        .isLessThan(Instant.now().minus(Duration.ofDays(2)).toString());
  }
}
