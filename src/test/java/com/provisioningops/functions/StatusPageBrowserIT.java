package com.provisioningops.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.provisioningops.devhost.Azurite;
import com.provisioningops.devhost.NodePackages;
import com.provisioningops.devhost.Ports;
import com.provisioningops.devhost.RunningApp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The status page in headless Chromium, against the API it summarises: fleet, open alerts by
 * severity, subscriptions with their delivery health, the log lag; no script, nothing from another
 * host, a refresh every minute. Screenshot in {@code target/status-page.png}.
 */
class StatusPageBrowserIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Azurite storage;
  private static RunningApp app;

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

  @Test
  void theStatusPageShowsWhatTheApiSaysWithoutScriptsOrOtherHosts() throws Exception {
    SwaggerUiBrowserIT.ensureChromium();
    Path project = Path.of("").toAbsolutePath();
    NodePackages.ensure(project);
    assertThat(app.runFunction("DiscoveryTimer").statusCode()).isEqualTo(202);
    assertThat(app.runFunction("JobPollTimer").statusCode()).isEqualTo(202);
    assertThat(app.runFunction("LogPollTimer").statusCode()).isEqualTo(202);
    assertThat(
            app.post(
                    "/api/alerts/subscriptions",
                    "{\"callbackUrl\":\"http://127.0.0.1:9/hook\",\"kind\":\"teams\"}",
                    "x-functions-key",
                    RunningApp.FUNCTION_KEY)
                .statusCode())
        .isEqualTo(201);
    Path screenshot = project.resolve("target/status-page.png");

    Process node =
        new ProcessBuilder(
                "node",
                project.resolve("src/test/browser/status-page.mjs").toString(),
                app.baseUri().toString(),
                RunningApp.FUNCTION_KEY,
                screenshot.toString())
            .directory(project.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(node.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(node.exitValue()).as(output).isZero();
    JsonNode page = JSON.readTree(output.lines().reduce((a, b) -> b).orElse("{}"));

    JsonNode fleet = JSON.readTree(app.getWithKey("/api/jobs").body());
    JsonNode open = JSON.readTree(app.getWithKey("/api/alerts?state=open&top=100").body());
    long critical = 0;
    for (JsonNode a : open.path("value")) {
      critical += a.path("severity").asText().equals("critical") ? 1 : 0;
    }
    assertThat(page.path("status").asInt()).isEqualTo(200);
    assertThat(page.path("scripts").asInt()).isZero();
    assertThat(page.path("foreign")).isEmpty();
    assertThat(page.path("refresh").asText()).isEqualTo("60");
    assertThat(page.path("fleetJobs").asText()).isEqualTo(fleet.path("jobs").asInt() + " jobs");
    assertThat(page.path("alertCounts").asText()).contains("critical: " + critical);
    assertThat(page.path("alertRows").asInt()).isEqualTo(Math.min(50, open.path("value").size()));
    assertThat(page.path("subscriptionRows").asInt()).isEqualTo(1);
    assertThat(page.path("subscriptions").asText())
        .contains("teams", "http://127.0.0.1/…", "healthy");
    assertThat(page.path("logLag").asText()).contains("behind now");
    assertThat(Files.size(screenshot)).isGreaterThan(10_000);
  }
}
