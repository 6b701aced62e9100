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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The alert trigger's polling form through the packaged app, as Power Automate drives it: 202 with
 * a Location until there is something new, 200 with the changes and the next Location, a sealed
 * state, and no flood of old alerts on the first call. Storage of its own.
 */
class AlertTriggerIT {
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

  private static HttpResponse<String> follow(String location) {
    return app.getWithKey(
        URI.create(location).getRawPath() + "?" + URI.create(location).getRawQuery());
  }

  private static String location(HttpResponse<String> r) {
    return r.headers().firstValue("Location").orElseThrow();
  }

  @Test
  void aFlowPollingTheTriggerGetsEachChangeOnceAndNothingFromBeforeItStarted() throws Exception {
    assertThat(app.runFunction("DiscoveryTimer").statusCode()).isEqualTo(202);
    assertThat(app.runFunction("JobPollTimer").statusCode()).isEqualTo(202);

    HttpResponse<String> first =
        app.getWithKey("/api/alerts/poll?severity=warning&source=jobStatus");
    assertThat(first.statusCode()).as("existing alerts are not replayed").isEqualTo(202);
    assertThat(first.headers().firstValue("Retry-After")).contains("60");
    assertThat(location(first)).startsWith(app.baseUri().toString()).contains("severity=warning");

    String healthy = graph.tenant().jobInScenario("healthy");
    graph.tenant().quarantine(healthy, "TooManyDeletes");
    assertThat(app.runFunction("JobPollTimer").statusCode()).isEqualTo(202);

    HttpResponse<String> raised = follow(location(first));
    assertThat(raised.statusCode()).as(raised.body()).isEqualTo(200);
    List<JsonNode> changes = new ArrayList<>();
    JSON.readTree(raised.body()).path("value").forEach(changes::add);
    assertThat(changes).extracting(c -> c.path("jobId").asText()).containsExactly(healthy);
    JsonNode opened = changes.get(0);
    assertThat(opened.path("change").asText()).isEqualTo("opened");
    assertThat(opened.path("changeSequence").asInt()).isEqualTo(1);
    assertThat(opened.path("severity").asText()).isEqualTo("critical");
    assertThat(opened.path("jobLink").asText()).contains(healthy);

    HttpResponse<String> again = follow(location(raised));
    assertThat(again.statusCode()).as("the same change is not handed out twice").isEqualTo(202);

    String sp = graph.tenant().servicePrincipalOf(healthy);
    graph.tenant().restart(sp, healthy, "QuarantineState");
    assertThat(app.runFunction("JobPollTimer").statusCode()).isEqualTo(202);
    HttpResponse<String> resolved = follow(location(again));
    assertThat(resolved.statusCode()).isEqualTo(200);
    JsonNode change = JSON.readTree(resolved.body()).path("value").get(0);
    assertThat(change.path("change").asText()).isEqualTo("resolved");
    assertThat(change.path("changeSequence").asInt()).isEqualTo(2);
    assertThat(change.path("id").asText()).isEqualTo(opened.path("id").asText());
  }

  @Test
  void anEditedStateIsRefusedWithAProblem() {
    HttpResponse<String> first = app.getWithKey("/api/alerts/poll");
    String edited = location(first).replaceAll("state=([^&]*)", "state=0$1");

    HttpResponse<String> refused = follow(edited);

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(refused.body()).contains("state is not valid here");
  }

  @Test
  void anUnknownSeverityIsRefusedWithAProblem() {
    HttpResponse<String> refused = app.getWithKey("/api/alerts/poll?severity=panic");

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("severity must be one of critical, warning, info");
  }
}
