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
 * The status page in headless Chromium, against the API it summarises: fleet, the jobs that need
 * attention linked to their job views and the Entra admin center with their countdowns, open alerts
 * by severity, HR uploads, the last 7 days as SVG, subscriptions with their delivery health, the
 * log lag, every time relative with the exact one on hover; no script, nothing from another host, a
 * refresh every minute. Screenshot in {@code target/status-page.png}.
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
    // The hourly discovery records the day's fleet as the last poll left it.
    assertThat(app.runFunction("DiscoveryTimer").statusCode()).isEqualTo(202);
    String inbound = RunningApp.graph().tenant().jobOfTemplate("API2AAD");
    assertThat(
            app.post(
                    "/api/servicePrincipals/"
                        + RunningApp.graph().tenant().servicePrincipalOf(inbound)
                        + "/synchronization/jobs/"
                        + inbound
                        + "/bulkUpload",
                    "{\"Operations\":[{\"method\":\"POST\",\"path\":\"/Users\","
                        + "\"data\":{\"externalId\":\"E-77\",\"userName\":\"e77@contoso.com\"}}]}",
                    "x-functions-key",
                    RunningApp.FUNCTION_KEY,
                    "Content-Type",
                    "application/scim+json")
                .statusCode())
        .isEqualTo(201);
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
    assertThat(page.path("isoInText")).as("no raw timestamp in the text").isEmpty();
    assertThat(page.path("times").size()).isGreaterThan(5);
    for (JsonNode t : page.path("times")) {
      assertThat(t.path("text").asText()).matches("just now|(in )?\\d+ (s|min|h|days)( ago)?");
      assertThat(t.path("title").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    }
    long needingAttention = 0;
    for (JsonNode j : fleet.path("value")) {
      needingAttention += j.path("health").path("severity").asText().equals("none") ? 0 : 1;
    }
    assertThat(page.path("attentionRows").asInt()).isEqualTo(Math.min(25, needingAttention));
    assertThat(page.path("jobLinkStatuses")).isNotEmpty().allMatch(s -> s.asInt() == 200);
    assertThat(page.path("entraLinks"))
        .allMatch(
            l ->
                l.asText()
                    .startsWith(
                        "https://entra.microsoft.com/#view/Microsoft_AAD_IAM/ManagedAppMenuBlade/"));
    // The seeded long quarantine began 30 hours ago: Microsoft turns it off in 26 days.
    assertThat(page.path("countdowns").toString()).contains("in 26 days");
    assertThat(page.path("uploadCounts").asText()).startsWith("1 upload ").contains("accepted: 1");
    assertThat(page.path("uploadRows").asInt()).isEqualTo(1);
    assertThat(page.path("alertsWeekBars").asInt()).isEqualTo(7);
    assertThat(page.path("fleetWeekBars").asInt()).isGreaterThan(7);
    assertThat(page.path("todayTitles").toString()).contains("quarantined", "healthy");
    assertThat(Files.size(screenshot)).isGreaterThan(10_000);
  }
}
