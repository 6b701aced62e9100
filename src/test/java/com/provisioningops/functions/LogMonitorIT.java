package com.provisioningops.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.data.tables.models.TableEntity;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.provisioningops.devhost.Azurite;
import com.provisioningops.devhost.Ports;
import com.provisioningops.devhost.RunningApp;
import com.provisioningops.sandbox.GraphSandbox;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The log monitor through the packaged app: the timer run by the host's admin route, its watermark
 * kept across a host killed and started again, its alerts, the job and fleet views' log summaries,
 * and the lag on health and the status page. Storage of its own.
 */
class LogMonitorIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> SETTINGS = Map.of("LOG_BACKFILL", "PT6H");
  private static Azurite storage;
  private final GraphSandbox graph = RunningApp.graph();

  @BeforeAll
  static void start() {
    storage = Azurite.start(Path.of("").toAbsolutePath(), Ports.free(), Ports.free(), null);
  }

  @AfterAll
  static void stop() {
    storage.close();
  }

  private static RunningApp app() {
    Map<String, String> settings = new java.util.HashMap<>(SETTINGS);
    settings.put("AzureWebJobsStorage", storage.connectionString());
    return RunningApp.start(settings);
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private List<ObjectNode> failures(String sp, String jobId, String code, int n, Instant before) {
    List<ObjectNode> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ObjectNode e = JSON.createObjectNode();
      e.put("id", "it-" + UUID.randomUUID());
      e.put("activityDateTime", before.minusSeconds(20L * (i + 1)).toString());
      e.put("jobId", jobId);
      e.putObject("servicePrincipal").put("id", sp).put("displayName", "Log IT app");
      e.put("provisioningAction", "create");
      e.putObject("provisioningStatusInfo")
          .put("status", "failure")
          .putObject("errorInformation")
          .put("errorCode", code)
          .put("reason", "The SCIM endpoint refused the user.")
          .put("recommendedAction", "Make userName unique in the target app.");
      e.putObject("sourceIdentity")
          .put("id", UUID.randomUUID().toString())
          .put("displayName", "Adele Vance");
      out.add(e);
    }
    return out;
  }

  private static JsonNode jobLogs(RunningApp app, String sp, String jobId) throws Exception {
    return json(app.getWithKey("/api/servicePrincipals/" + sp + "/synchronization/jobs/" + jobId))
        .path("logs");
  }

  private Instant watermark(RunningApp app) {
    TableEntity cursor = app.tables().getTableClient("checkpoints").getEntity("logs", "cursor");
    return ((OffsetDateTime) cursor.getProperty("Watermark")).toInstant();
  }

  @Test
  void failuresBecomeAnAlertAndViewSummariesAndTheWatermarkSurvivesAKilledHost() throws Exception {
    String jobId = graph.tenant().jobInScenario("healthy");
    String sp = graph.tenant().servicePrincipalOf(jobId);
    graph.tenant().addEvents(failures(sp, jobId, "SchemaUniquenessViolation", 12, Instant.now()));
    Instant firstWatermark;
    int failuresBefore;
    try (RunningApp app = app()) {
      assertThat(app.runFunction("DiscoveryTimer").statusCode()).isEqualTo(202);
      assertThat(app.runFunction("LogPollTimer").statusCode()).isEqualTo(202);

      JsonNode logs = jobLogs(app, sp, jobId);
      failuresBefore = logs.path("failure").asInt();
      assertThat(failuresBefore).isGreaterThanOrEqualTo(12);
      assertThat(logs.path("topErrorCodes").get(0).path("errorCode").asText())
          .isEqualTo("SchemaUniquenessViolation");
      assertThat(logs.path("topErrorCodes").get(0).path("recommendedAction").asText())
          .contains("userName unique");

      JsonNode fleet = json(app.getWithKey("/api/jobs?top=500"));
      JsonNode inFleet = null;
      for (JsonNode j : fleet.path("value")) {
        if (j.path("jobId").asText().equals(jobId)) {
          inFleet = j;
        }
      }
      assertThat(inFleet).isNotNull();
      assertThat(inFleet.path("logs").path("failure").asInt()).isEqualTo(failuresBefore);

      JsonNode alerts =
          json(app.getWithKey("/api/alerts?source=provisioningLogs&state=open&jobId=" + jobId));
      assertThat(alerts.path("value").size()).isEqualTo(1);
      assertThat(alerts.path("value").get(0).path("detail").asText())
          .contains("SchemaUniquenessViolation ×12", "Adele Vance");

      JsonNode health = JSON.readTree(app.get("/api/health").body());
      assertThat(health.path("logLagSeconds").asLong()).isBetween(0L, 60L);
      assertThat(app.get("/api/status", "x-functions-key", RunningApp.FUNCTION_KEY).body())
          .contains("log monitor is", "LogPollTimer", "Graph requests");
      firstWatermark = watermark(app);
      app.kill();
    }

    // A late event inside the overlap, and one new event, while no host runs.
    graph.tenant().addEvents(failures(sp, jobId, "SchemaUniquenessViolation", 1, firstWatermark));
    graph.tenant().addEvents(failures(sp, jobId, "InvalidEmail", 1, Instant.now().plusSeconds(21)));
    Thread.sleep(1_000);

    try (RunningApp app = app()) {
      assertThat(app.runFunction("LogPollTimer").statusCode()).isEqualTo(202);
      assertThat(watermark(app)).isAfter(firstWatermark);
      assertThat(jobLogs(app, sp, jobId).path("failure").asInt()).isEqualTo(failuresBefore + 2);

      assertThat(app.runFunction("LogPollTimer").statusCode()).isEqualTo(202);
      assertThat(jobLogs(app, sp, jobId).path("failure").asInt()).isEqualTo(failuresBefore + 2);
    }
  }
}
