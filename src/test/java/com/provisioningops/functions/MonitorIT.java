package com.provisioningops.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.provisioningops.devhost.Azurite;
import com.provisioningops.devhost.Ports;
import com.provisioningops.devhost.RunningApp;
import com.provisioningops.sandbox.GraphSandbox;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The job monitor through the packaged app: timers run by the host's admin route, alerts and the
 * fleet view read over HTTP. Storage of its own, so that no other test's jobs or alerts mix in.
 */
class MonitorIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Azurite storage;
  private static RunningApp app;
  private final GraphSandbox graph = RunningApp.graph();

  @BeforeAll
  static void start() {
    storage = Azurite.start(Path.of("").toAbsolutePath(), Ports.free(), Ports.free(), null);
    app = RunningApp.start(Map.of("AzureWebJobsStorage", storage.connectionString()));
  }

  @AfterAll
  static void stop() {
    app.close();
    storage.close();
  }

  @AfterEach
  void clearFaults() {
    graph.faults().clear();
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  private JsonNode alerts(String query) throws Exception {
    HttpResponse<String> r = app.getWithKey("/api/alerts?" + query);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json(r);
  }

  private void poll() {
    assertThat(app.runFunction("JobPollTimer").statusCode()).isEqualTo(202);
  }

  private void discoverAndPoll() {
    assertThat(app.runFunction("DiscoveryTimer").statusCode()).isEqualTo(202);
    poll();
  }

  @Test
  void aDiscoveredJobsCriticalAlertLinksToTheJobAndTheStatusPage() throws Exception {
    discoverAndPoll();

    JsonNode critical = alerts("severity=critical&state=open");
    String tooManyDeletes = graph.tenant().jobInScenario("quarantinedTooManyDeletes");
    assertThat(critical.path("value").findValuesAsText("jobId")).contains(tooManyDeletes);
    JsonNode alert = critical.path("value").get(0);
    assertThat(alert.path("detail").asText()).contains("What to do");
    assertThat(alert.path("jobLink").asText())
        .startsWith(app.baseUri().toString())
        .endsWith("/synchronization/jobs/" + alert.path("jobId").asText());
    assertThat(app.getWithKey(URI.create(alert.path("jobLink").asText()).getRawPath()).statusCode())
        .isEqualTo(200);
    assertThat(alert.path("statusLink").asText()).endsWith("/api/status");
  }

  @Test
  void theFleetViewReadsStorageOnly() throws Exception {
    discoverAndPoll();

    long graphBefore = graph.requestCounts().values().stream().mapToLong(Long::longValue).sum();
    JsonNode fleet = json(app.getWithKey("/api/jobs"));
    long graphAfter = graph.requestCounts().values().stream().mapToLong(Long::longValue).sum();

    assertThat(graphAfter).as("the fleet view reads storage only").isEqualTo(graphBefore);
    assertThat(fleet.path("jobs").asInt()).isGreaterThanOrEqualTo(graph.tenant().jobIds().size());
  }

  @Test
  void theFleetViewCountsJobsByStateAndListsTheWorstFirst() throws Exception {
    discoverAndPoll();

    JsonNode fleet = json(app.getWithKey("/api/jobs"));

    assertThat(fleet.path("lastPollAt").asText()).isNotBlank();
    assertThat(fleet.path("byState").findValuesAsText("name")).contains("quarantined", "healthy");
    assertThat(fleet.path("value").get(0).path("health").path("severity").asText())
        .isEqualTo("critical");
  }

  @Test
  void theStatusPageShowsWhatTheLastPollDid() throws Exception {
    discoverAndPoll();

    assertThat(app.get("/api/status", "x-functions-key", RunningApp.FUNCTION_KEY).body())
        .contains("Graph requests");
  }

  @Test
  void everySeededTroubleRaisesItsAlertAtItsSeverity() throws Exception {
    discoverAndPoll();

    Map<String, String> expected =
        Map.of(
            "quarantinedTooManyDeletes", "critical",
            "quarantinedCredentials", "critical",
            "quarantinedEscrow", "warning",
            "quarantinedEscrowLong", "critical",
            "failing", "warning",
            "degradedMany", "warning",
            "degraded", "info",
            "stale", "warning");
    for (var e : expected.entrySet()) {
      String jobId = graph.tenant().jobInScenario(e.getKey());
      JsonNode found = alerts("state=open&source=jobStatus&jobId=" + jobId).path("value");
      assertThat(found.size()).as(e.getKey()).isEqualTo(1);
      assertThat(found.get(0).path("severity").asText()).as(e.getKey()).isEqualTo(e.getValue());
    }
    for (String quiet : List.of("healthy", "notConfigured", "notRun", "disabled")) {
      String jobId = graph.tenant().jobInScenario(quiet);
      assertThat(alerts("state=open&jobId=" + jobId).path("value").size()).as(quiet).isZero();
    }
  }

  @Test
  void aJobPausedBehindTheAppsBackOrDeletedIsReported() throws Exception {
    String sp = graph.tenant().servicePrincipalOf(graph.tenant().jobInScenario("healthy"));
    var paused = graph.tenant().newJob("scim");
    var deleted = graph.tenant().newJob("scim");
    graph.tenant().addJob(sp, paused);
    graph.tenant().addJob(sp, deleted);
    String pausedId = paused.path("id").asText();
    String deletedId = deleted.path("id").asText();
    graph.tenant().restart(sp, pausedId, "Full");
    graph.tenant().restart(sp, deletedId, "Full");
    assertThat(app.runFunction("DiscoveryTimer").statusCode()).isEqualTo(202);
    poll();

    graph.tenant().pause(pausedId);
    graph.tenant().delete(deletedId);
    poll();

    assertThat(alerts("state=open&jobId=" + pausedId).path("value").findValuesAsText("rule"))
        .contains("paused");
    JsonNode gone = alerts("state=open&source=app&jobId=" + deletedId).path("value");
    assertThat(gone.findValuesAsText("rule")).containsExactly("deleted");
    assertThat(gone.get(0).path("severity").asText()).isEqualTo("info");
  }

  @Test
  void aFreshInstallDiscoversOnItsFirstPoll() throws Exception {
    try (Azurite own =
            Azurite.start(Path.of("").toAbsolutePath(), Ports.free(), Ports.free(), null);
        RunningApp fresh =
            RunningApp.start(Map.of("AzureWebJobsStorage", own.connectionString()))) {
      assertThat(fresh.runFunction("JobPollTimer").statusCode()).isEqualTo(202);

      JsonNode fleet = json(fresh.getWithKey("/api/jobs"));
      assertThat(fleet.path("jobs").asInt()).isGreaterThanOrEqualTo(graph.tenant().jobIds().size());
      assertThat(fresh.get("/api/status", "x-functions-key", RunningApp.FUNCTION_KEY).body())
          .contains("discovery: ");
    }
  }

  @Test
  void acknowledgedAlertIsReadBackAndTheAcknowledgerIsNeverTakenFromAClientHeader()
      throws Exception {
    assertThat(app.runFunction("DiscoveryTimer").statusCode()).isEqualTo(202);
    poll();
    String id = alerts("state=open&top=1").path("value").get(0).path("id").asText();

    HttpResponse<String> acked =
        app.post(
            "/api/alerts/" + id + "/acknowledge",
            "",
            "x-functions-key",
            RunningApp.FUNCTION_KEY,
            "X-MS-CLIENT-PRINCIPAL-NAME",
            "adele@contoso.com");

    assertThat(acked.statusCode()).as(acked.body()).isEqualTo(200);
    assertThat(json(acked).path("state").asText()).isEqualTo("acknowledged");
    assertThat(json(acked).path("acknowledgedBy").asText())
        .as("without App Service authentication the name header is the client's own word")
        .isEqualTo("function key");
    JsonNode read = json(app.getWithKey("/api/alerts/" + id));
    assertThat(read.path("state").asText()).isEqualTo("acknowledged");
    assertThat(app.getWithKey("/api/alerts/" + id + "x").statusCode()).isEqualTo(404);
  }

  @Test
  void overlappingPollsLeaveOneAlertPerCondition() throws Exception {
    assertThat(app.runFunction("DiscoveryTimer").statusCode()).isEqualTo(202);
    ExecutorService runs = Executors.newFixedThreadPool(3);
    try {
      List<Future<HttpResponse<String>>> polls = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        polls.add(runs.submit(() -> app.runFunction("JobPollTimer")));
      }
      for (Future<HttpResponse<String>> p : polls) {
        assertThat(p.get().statusCode()).isEqualTo(202);
      }
    } finally {
      runs.shutdownNow();
    }

    List<String> jobs =
        alerts("state=open&source=jobStatus&top=100").path("value").findValuesAsText("jobId");
    assertThat(jobs).doesNotHaveDuplicates();
    assertThat(jobs).contains(graph.tenant().jobInScenario("quarantinedCredentials"));
  }

  @Test
  void unwatchedJobIsSkippedAndWatchingItAgainResumesPolls() throws Exception {
    String jobId = graph.tenant().jobInScenario("failing");
    String sp = graph.tenant().servicePrincipalOf(jobId);
    String watch = "/api/servicePrincipals/" + sp + "/synchronization/jobs/" + jobId + "/watch";

    HttpResponse<String> off = app.delete(watch, "x-functions-key", RunningApp.FUNCTION_KEY);
    assertThat(off.statusCode()).as(off.body()).isEqualTo(200);
    assertThat(json(off).path("watched").asBoolean()).isFalse();
    HttpResponse<String> on = app.put(watch, "", "x-functions-key", RunningApp.FUNCTION_KEY);
    assertThat(json(on).path("watched").asBoolean()).isTrue();
  }

  @Test
  void aFleetAbovePollPartitionSizeIsPolledInSlicesFromTheQueue() throws Exception {
    try (Azurite own =
            Azurite.start(Path.of("").toAbsolutePath(), Ports.free(), Ports.free(), null);
        RunningApp sliced =
            RunningApp.start(
                Map.of(
                    "AzureWebJobsStorage", own.connectionString(), "POLL_PARTITION_SIZE", "5"))) {
      assertThat(sliced.runFunction("DiscoveryTimer").statusCode()).isEqualTo(202);

      assertThat(sliced.runFunction("JobPollTimer").statusCode()).isEqualTo(202);

      int slices = (graph.tenant().jobIds().size() + 4) / 5;
      for (int i = 0; i < 100 && countPartitionRuns(sliced) < slices; i++) {
        Thread.sleep(200);
      }
      assertThat(countPartitionRuns(sliced)).isEqualTo(slices);
      HttpResponse<String> critical = sliced.getWithKey("/api/alerts?severity=critical");
      assertThat(json(critical).path("value").findValuesAsText("jobId"))
          .contains(graph.tenant().jobInScenario("quarantinedTooManyDeletes"));
    }
  }

  private static long countPartitionRuns(RunningApp app) {
    return app.output().stream()
        .filter(l -> l.contains("Executed 'Functions.PollPartition' (Succeeded"))
        .count();
  }

  @Test
  void restartingAQuarantinedJobThroughTheAppResolvesItsAlert() throws Exception {
    // A job of its own: other tests expect the seeded quarantines to stay quarantined.
    String sp = graph.tenant().servicePrincipalOf(graph.tenant().jobInScenario("healthy"));
    var job = graph.tenant().newJob("scim");
    graph.tenant().addJob(sp, job);
    String jobId = job.path("id").asText();
    graph.tenant().quarantine(jobId, "EncounteredQuarantineException");
    assertThat(app.runFunction("DiscoveryTimer").statusCode()).isEqualTo(202);
    poll();
    String id = alerts("state=open&jobId=" + jobId).path("value").get(0).path("id").asText();

    HttpResponse<String> restarted =
        app.post(
            "/api/servicePrincipals/" + sp + "/synchronization/jobs/" + jobId + "/restart",
            "{\"resetScope\":[\"QuarantineState\"]}",
            "x-functions-key",
            RunningApp.FUNCTION_KEY,
            "Content-Type",
            "application/json");
    assertThat(restarted.statusCode()).as(restarted.body()).isEqualTo(200);
    poll();

    JsonNode alert = json(app.getWithKey("/api/alerts/" + id));
    assertThat(alert.path("state").asText()).isEqualTo("resolved");
    assertThat(alert.path("resolvedAt").asText()).isNotBlank();
  }

  @Test
  void aThrottleStormKeepsEveryAlertAndMarksTheFleetStale() throws Exception {
    assertThat(app.runFunction("DiscoveryTimer").statusCode()).isEqualTo(202);
    poll();
    int open = alerts("state=open&top=100").path("value").size();
    graph.faults().throttle("/synchronization/jobs/", 120, -1);

    poll();

    assertThat(alerts("state=open&top=100").path("value").size()).isEqualTo(open);
    JsonNode fleet = json(app.getWithKey("/api/jobs?top=500"));
    assertThat(fleet.path("value").findValuesAsText("stale")).contains("true");
    assertThat(app.get("/api/status", "x-functions-key", RunningApp.FUNCTION_KEY).body())
        .contains("throttled items");
  }

  @Test
  void aHostKilledMidPollIsCompletedByTheNextPollWithoutDuplicates() throws Exception {
    try (Azurite own =
        Azurite.start(Path.of("").toAbsolutePath(), Ports.free(), Ports.free(), null)) {
      Map<String, String> settings = Map.of("AzureWebJobsStorage", own.connectionString());
      String sp = graph.tenant().servicePrincipalOf(graph.tenant().jobInScenario("healthy"));
      var job = graph.tenant().newJob("scim");
      graph.tenant().addJob(sp, job);
      String jobId = job.path("id").asText();
      graph.tenant().quarantine(jobId, "TooManyDeletes");
      RunningApp first = RunningApp.start(settings);
      try {
        assertThat(first.runFunction("DiscoveryTimer").statusCode()).isEqualTo(202);
        // The poll's Graph read is held up; the host dies while it waits.
        graph.faults().latency("/\\$batch", 4_000, 1);
        Thread poll =
            new Thread(
                () -> {
                  try {
                    first.runFunction("JobPollTimer");
                  } catch (RuntimeException hostDied) {
                    // The admin call dies with its host: that is the point.
                  }
                });
        poll.start();
        Thread.sleep(1_500);
        first.kill();
        poll.join(10_000);
      } finally {
        first.close();
      }
      graph.faults().clear();

      try (RunningApp second = RunningApp.start(settings)) {
        assertThat(second.runFunction("JobPollTimer").statusCode()).isEqualTo(202);
        assertThat(second.runFunction("JobPollTimer").statusCode()).isEqualTo(202);

        JsonNode open =
            json(second.getWithKey("/api/alerts?state=open&source=jobStatus&top=100"))
                .path("value");
        assertThat(open.findValuesAsText("jobId")).doesNotHaveDuplicates().contains(jobId);
        JsonNode fleet = json(second.getWithKey("/api/jobs?top=500"));
        assertThat(fleet.path("byState").findValuesAsText("name")).doesNotContain("unknown");
      }
    }
  }

  @Test
  void badFiltersAreProblemsNotServerErrors() throws Exception {
    for (String query :
        List.of("state=closed", "severity=x'", "top=0", "since=yesterday", "jobId=')")) {
      HttpResponse<String> r = app.getWithKey("/api/alerts?" + query);
      assertThat(r.statusCode()).as(query).isEqualTo(400);
      assertThat(r.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/problem+json");
    }
    assertThat(app.getWithKey("/api/jobs?top=9999").statusCode()).isEqualTo(400);
  }

  @Test
  void aMissingPermissionIsOneTenantAlert() throws Exception {
    assertThat(app.runFunction("DiscoveryTimer").statusCode()).isEqualTo(202);
    graph.faults().error("/synchronization/jobs/", 403, -1);

    poll();

    JsonNode tenant = alerts("source=app&state=open");
    assertThat(tenant.path("value").findValuesAsText("rule")).containsOnlyOnce("permissionMissing");
    graph.faults().clear();
    poll();
    assertThat(alerts("source=app&state=open").path("value").findValuesAsText("rule"))
        .doesNotContain("permissionMissing");
  }
}
