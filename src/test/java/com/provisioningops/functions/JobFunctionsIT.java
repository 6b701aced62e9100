package com.provisioningops.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.provisioningops.devhost.RunningApp;
import com.provisioningops.sandbox.GraphSandbox;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** "Get job" over real HTTP: dev host → function → core → Graph adapter → sandbox. */
class JobFunctionsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final RunningApp app = RunningApp.shared();
  private final GraphSandbox graph = RunningApp.graph();

  @AfterEach
  void clearFaults() {
    graph.faults().clear();
  }

  private String jobUrl(String jobId) {
    return "/api/servicePrincipals/"
        + graph.tenant().servicePrincipalOf(jobId)
        + "/synchronization/jobs/"
        + jobId;
  }

  private JsonNode getJob(String scenario) throws Exception {
    HttpResponse<String> response = app.getWithKey(jobUrl(graph.tenant().jobInScenario(scenario)));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  @ParameterizedTest(name = "{0} job is {1} with severity {2}")
  @CsvSource({
    "healthy, healthy, none",
    "quarantinedTooManyDeletes, quarantined, critical",
    "quarantinedCredentials, quarantined, critical",
    "quarantinedEscrow, quarantined, warning",
    "quarantinedEscrowLong, quarantined, critical",
    "failing, failing, warning",
    "degraded, degraded, info",
    "degradedMany, degraded, warning",
    "stale, stale, warning",
    "paused, paused, none",
    "disabled, disabled, none",
    "notConfigured, notConfigured, none",
    "notRun, notRun, none"
  })
  void everySeededStateIsReportedWithItsHealth(String scenario, String state, String severity)
      throws Exception {
    JsonNode body = getJob(scenario);

    assertThat(body.path("health").path("state").asText()).isEqualTo(state);
    assertThat(body.path("health").path("severity").asText()).isEqualTo(severity);
    assertThat(body.path("health").path("reasons")).isNotEmpty();
    assertThat(body.path("job").path("id").asText())
        .isEqualTo(graph.tenant().jobInScenario(scenario));
  }

  @Test
  void quarantinedJobNamesReasonNextAttemptErrorCodeAndTroubleshootingUrl() throws Exception {
    JsonNode health = getJob("quarantinedCredentials").path("health");

    assertThat(health.path("quarantineReason").asText())
        .isEqualTo("EncounteredQuarantineException");
    assertThat(health.path("nextAttempt").asText()).isNotBlank();
    assertThat(health.path("errorCode").asText())
        .isEqualTo("SystemForCrossDomainIdentityManagementCredentialValidationUnavailable");
    assertThat(health.path("troubleshootingUrl").asText()).startsWith("https://");
    assertThat(health.path("reasons").toString())
        .contains("refused the credentials")
        .contains("Microsoft tries again at");
  }

  @Test
  void failingJobCountsItsSuccessiveFailures() throws Exception {
    JsonNode health = getJob("failing").path("health");

    assertThat(health.path("countSuccessiveCompleteFailures").asLong()).isEqualTo(4);
    assertThat(health.path("reasons").toString()).contains("4 cycles in a row failed completely");
  }

  @Test
  void jobCarriesGraphsShapeUnderJob() throws Exception {
    JsonNode job = getJob("healthy").path("job");

    assertThat(job.path("schedule").path("state").asText()).isEqualTo("Active");
    assertThat(job.path("status").path("code").asText()).isEqualTo("Active");
    assertThat(job.path("status").path("lastSuccessfulExecution").path("state").asText())
        .isEqualTo("Succeeded");
  }

  @Test
  void unknownJobIsAProblem404WithGraphsRequestId() throws Exception {
    String sp = graph.tenant().servicePrincipalOf(graph.tenant().jobInScenario("healthy"));
    HttpResponse<String> response =
        app.getWithKey(
            "/api/servicePrincipals/"
                + sp
                + "/synchronization/jobs/scim.00000000000000000000000000000000.00000000-0000-0000-0000-000000000000");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.path("requestId").asText()).isNotBlank();
    assertThat(problem.path("detail").asText()).contains("Graph answered 404");
  }

  @Test
  void malformedServicePrincipalIdIsA400ThatShowsTheExpectedForm() throws Exception {
    HttpResponse<String> response =
        app.getWithKey(
            "/api/servicePrincipals/not-a-guid/synchronization/jobs/"
                + graph.tenant().jobInScenario("healthy"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).path("detail").asText())
        .contains("'not-a-guid' is not a service principal id");
  }

  @Test
  void malformedJobIdIsA400ThatShowsTheExpectedForm() throws Exception {
    String sp = graph.tenant().servicePrincipalOf(graph.tenant().jobInScenario("healthy"));
    HttpResponse<String> response =
        app.getWithKey(
            "/api/servicePrincipals/" + sp + "/synchronization/jobs/x'%20or%201%20eq%201");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).path("detail").asText())
        .contains("is not a synchronization job id");
  }

  @Test
  void jobRouteNeedsTheFunctionKey() {
    assertThat(app.get(jobUrl(graph.tenant().jobInScenario("healthy"))).statusCode())
        .isEqualTo(401);
  }

  @Test
  void graphThrottlingBeyondTheBudgetIsA429WithRetryAfter() {
    String jobId = graph.tenant().jobInScenario("healthy");
    graph.faults().throttle("/synchronization/jobs/" + jobId.replace(".", "\\."), 120, -1);

    HttpResponse<String> response = app.getWithKey(jobUrl(jobId));

    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.headers().firstValue("Retry-After")).contains("120");
  }

  @Test
  void graphServerErrorIsA502() {
    String jobId = graph.tenant().jobInScenario("healthy");
    graph.faults().error("/synchronization/jobs/" + jobId.replace(".", "\\."), 500, -1);

    HttpResponse<String> response = app.getWithKey(jobUrl(jobId));

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.body()).doesNotContain("at com.").doesNotContain("java.");
  }

  @ParameterizedTest(name = "Graph {0} is answered {1}")
  @CsvSource({"400, 400", "403, 403", "404, 404", "409, 409", "500, 502", "502, 502"})
  void graphErrorsMapToTheContractsStatuses(int graphStatus, int apiStatus) throws Exception {
    String jobId = graph.tenant().jobInScenario("healthy");
    graph.faults().error("/synchronization/jobs/" + jobId.replace(".", "\\."), graphStatus, -1);

    HttpResponse<String> response = app.getWithKey(jobUrl(jobId));

    assertThat(response.statusCode()).isEqualTo(apiStatus);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(JSON.readTree(response.body()).path("requestId").asText()).isNotBlank();
  }
}
