package com.provisioningops.devhost;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.data.tables.models.TableEntity;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The packaged app, booted in the dev host, serves as the Functions host would serve it. */
class DevHostIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final RunningApp app = RunningApp.shared();

  @Test
  void healthIsAnonymousAndReportsTheVersionFromThePackagedJar() throws Exception {
    HttpResponse<String> response = app.get("/api/health");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("status").asText()).isEqualTo("ready");
    // Only the packaged jar's manifest carries the version: proof the app came from the package.
    assertThat(body.path("version").asText()).matches("\\d+\\.\\d+\\.\\d+.*");
    assertThat(body.path("dependencies").findValuesAsText("name"))
        .contains("storage", "graph", "credentialsVault", "appVault");
    assertThat(body.path("dependencies").findValuesAsText("state")).containsOnly("up");
  }

  @Test
  void anonymousHealthNamesNoUrlHostOrErrorText() throws Exception {
    HttpResponse<String> response = app.get("/api/health");

    JsonNode body = JSON.readTree(response.body());
    body.path("dependencies")
        .forEach(d -> assertThat(d.fieldNames()).toIterable().containsOnly("name", "state"));
    assertThat(response.body())
        .doesNotContain("http")
        .doesNotContain("127.0.0.1")
        .doesNotContain("localhost")
        .doesNotContain("detail");
  }

  @Test
  void functionLevelRouteWithoutAKeyIsUnauthorized() {
    assertThat(app.get("/api/status").statusCode()).isEqualTo(401);
    assertThat(app.get("/api/status", "x-functions-key", "wrong").statusCode()).isEqualTo(401);
  }

  @Test
  void functionLevelRouteAcceptsTheKeyInHeaderOrQuery() {
    HttpResponse<String> byHeader =
        app.get("/api/status", "x-functions-key", RunningApp.FUNCTION_KEY);
    HttpResponse<String> byQuery = app.get("/api/status?code=" + RunningApp.FUNCTION_KEY);
    HttpResponse<String> byMasterKey = app.get("/api/status?code=" + RunningApp.MASTER_KEY);

    assertThat(byHeader.statusCode()).isEqualTo(200);
    assertThat(byHeader.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
    assertThat(byHeader.body()).contains("<h1>Provisioning Ops</h1>").contains("JobPollTimer");
    assertThat(byQuery.statusCode()).isEqualTo(200);
    assertThat(byMasterKey.statusCode()).isEqualTo(200);
  }

  @Test
  void unknownRouteIsAProblemJson404() throws Exception {
    HttpResponse<String> response = app.get("/api/no/such/route?x=1");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type"))
        .contains("application/problem+json; charset=utf-8");
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.path("status").asInt()).isEqualTo(404);
    assertThat(problem.path("title").asText()).isEqualTo("No such route");
    assertThat(problem.path("detail").asText()).contains("GET /api/no/such/route");
    assertThat(problem.path("instance").asText()).isEqualTo("/api/no/such/route");
  }

  @Test
  void wrongMethodOnAKnownRouteIsAProblemJson404() throws Exception {
    HttpResponse<String> response = app.post("/api/health", "{}");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(response.body()).path("detail").asText()).contains("POST /api/health");
  }

  @Test
  void timerRunThroughTheAdminRouteLeavesItsMarkInTableStorage() {
    Instant before = Instant.now();

    HttpResponse<String> response = app.runFunction("JobPollTimer");

    assertThat(response.statusCode()).isEqualTo(202);
    TableEntity checkpoint =
        app.tables().getTableClient("checkpoints").getEntity("checkpoint", "timer:JobPollTimer");
    Instant at = ((OffsetDateTime) checkpoint.getProperty("At")).toInstant();
    assertThat(at).isAfterOrEqualTo(before);
    String detail = (String) checkpoint.getProperty("Detail");
    assertThat(detail).contains("jobs ").contains("Graph requests");
    String invocationId = detail.replaceAll(".*\\(invocation ([0-9a-f-]+)\\)$", "$1");
    assertThat(app.output())
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("Executed 'Functions.JobPollTimer' (Succeeded, Id=" + invocationId));
  }

  @Test
  void adminRouteNeedsTheMasterKey() {
    assertThat(
            app.post(
                    "/admin/functions/JobPollTimer",
                    "{}",
                    "x-functions-key",
                    RunningApp.FUNCTION_KEY)
                .statusCode())
        .isEqualTo(401);
  }

  @Test
  void everyInvocationIsLoggedWithItsIdAndDuration() {
    app.get("/api/health");

    assertThat(app.output())
        .anySatisfy(
            line ->
                assertThat(line)
                    .containsPattern(
                        "Executing 'Functions.Health' \\(Reason='.+', Id=[0-9a-f-]{36}\\)"))
        .anySatisfy(
            line ->
                assertThat(line)
                    .containsPattern(
                        "Executed 'Functions.Health' \\(Succeeded, Id=[0-9a-f-]{36}, Duration=\\d+ms\\)"));
  }

  @Test
  void disabledTimerDoesNotFireOnItsSchedule() throws Exception {
    // The shared app schedules JobPollTimer every second but disables it.
    Thread.sleep(2_200);

    assertThat(app.output()).noneMatch(line -> line.contains("Reason='Timer fired"));
  }

  @Test
  void enabledTimerFiresOnItsResolvedSchedule() throws Exception {
    try (RunningApp scheduled =
        RunningApp.start(Map.of("AzureWebJobs.JobPollTimer.Disabled", "false"))) {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (System.nanoTime() < deadline
          && scheduled.output().stream()
              .noneMatch(l -> l.contains("Executed 'Functions.JobPollTimer' (Succeeded"))) {
        Thread.sleep(100);
      }
      assertThat(scheduled.output())
          .anySatisfy(
              line ->
                  assertThat(line)
                      .contains("Executing 'Functions.JobPollTimer' (Reason='Timer fired at"))
          .anySatisfy(
              line -> assertThat(line).contains("Executed 'Functions.JobPollTimer' (Succeeded"));
    }
  }

  @Test
  void unreachableStorageMakesHealthA503NamingTheDependencyNotAStackTrace() throws Exception {
    String closedPort = Integer.toString(Ports.free());
    try (RunningApp broken =
        RunningApp.start(
            Map.of(
                "AzureWebJobsStorage",
                Azurite.connectionString(
                    Integer.parseInt(closedPort), Integer.parseInt(closedPort))))) {
      HttpResponse<String> response = broken.get("/api/health");

      assertThat(response.statusCode()).isEqualTo(503);
      JsonNode body = JSON.readTree(response.body());
      assertThat(body.path("status").asText()).isEqualTo("degraded");
      JsonNode storage = body.path("dependencies").get(0);
      assertThat(storage.path("name").asText()).isEqualTo("storage");
      assertThat(storage.path("state").asText()).isEqualTo("down");
      assertThat(response.body()).doesNotContain("at com.").doesNotContain("Exception:");
      assertThat(response.body()).doesNotContain(Azurite.ACCOUNT_KEY);
    }
  }

  @Test
  void disabledHttpFunctionIsNotServed() throws Exception {
    try (RunningApp app = RunningApp.start(Map.of("AzureWebJobs.StatusPage.Disabled", "true"))) {
      HttpResponse<String> response =
          app.get("/api/status", "x-functions-key", RunningApp.FUNCTION_KEY);

      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(app.output())
          .anySatisfy(l -> assertThat(l).contains("Function 'StatusPage' is disabled"));
    }
  }
}
