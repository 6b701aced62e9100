package com.provisioningops.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.provisioningops.devhost.DevHostProcess;
import com.provisioningops.devhost.RunningApp;
import com.provisioningops.sandbox.GraphSandbox;
import com.provisioningops.sandbox.KeyVaultSandbox;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What only time shows, through the packaged app on storage of its own: a quarantine's countdown
 * and the job Microsoft turns off, a job falling behind its own rhythm, a Key Vault credential
 * about to expire, and cross-tenant and inbound jobs explained in their own words.
 */
class WatchingOverTimeIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static RunningApp app;
  private static final GraphSandbox graph = RunningApp.graph();
  private static final KeyVaultSandbox vault = RunningApp.credentialsVault();

  @BeforeAll
  static void start() {
    app = RunningApp.startOnOwnStorage(Map.of(), DevHostProcess.Jvm.TESTS);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  // ---- given

  /** A job of its own, so that no other test's seeded states change. */
  private static String givenOwnJob(String templateId) {
    String sp = graph.tenant().servicePrincipalOf(graph.tenant().jobInScenario("healthy"));
    var job = graph.tenant().newJob(templateId);
    graph.tenant().addJob(sp, job);
    String jobId = job.path("id").asText();
    graph.tenant().restart(sp, jobId, "Full");
    return jobId;
  }

  private static void discoverAndPoll() {
    assertThat(app.runFunction("DiscoveryTimer").statusCode()).isEqualTo(202);
    poll();
  }

  private static void poll() {
    assertThat(app.runFunction("JobPollTimer").statusCode()).isEqualTo(202);
  }

  private static String credentials(String secretName) {
    return "{\"credentials\":[{\"key\":\"BaseAddress\",\"value\":\"https://scim.example.com/v2\"},"
        + "{\"key\":\"SecretToken\",\"secretName\":\""
        + secretName
        + "\"}]}";
  }

  private static HttpResponse<String> saveCredentials(String sp, String secretName) {
    return app.put(
        "/api/servicePrincipals/" + sp + "/synchronization/credentials",
        credentials(secretName),
        "x-functions-key",
        RunningApp.FUNCTION_KEY,
        "Content-Type",
        "application/json");
  }

  // ---- then

  private static List<JsonNode> openAlerts(String jobId) throws Exception {
    HttpResponse<String> r = app.getWithKey("/api/alerts?state=open&top=100&jobId=" + jobId);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<JsonNode> out = new ArrayList<>();
    JSON.readTree(r.body()).path("value").forEach(out::add);
    return out;
  }

  private static JsonNode openAlert(String jobId, String rule) throws Exception {
    return openAlerts(jobId).stream()
        .filter(a -> a.path("rule").asText().equals(rule))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no open " + rule + " alert for " + jobId));
  }

  @Test
  void aQuarantineInItsFourthWeekCountsDownAndTheJobMicrosoftTurnsOffIsCritical() throws Exception {
    String jobId = givenOwnJob("scim");
    graph
        .tenant()
        .quarantine(
            jobId, "EncounteredEscrowProportionThreshold", Duration.ofDays(27).plusHours(12));
    discoverAndPoll();

    assertThat(openAlerts(jobId))
        .filteredOn(a -> a.path("rule").asText().equals("quarantineCountdown"))
        .extracting(a -> a.path("reason").asText() + "/" + a.path("severity").asText())
        .containsExactlyInAnyOrder("disablesWithinAWeek/critical", "disablesWithinADay/critical");
    JsonNode job =
        JSON.readTree(
            app.getWithKey(
                    "/api/servicePrincipals/"
                        + graph.tenant().servicePrincipalOf(jobId)
                        + "/synchronization/jobs/"
                        + jobId)
                .body());
    assertThat(Instant.parse(job.path("health").path("disablesAt").asText()))
        .isBetween(
            Instant.now().plus(Duration.ofHours(11)), Instant.now().plus(Duration.ofHours(13)));
    // Microsoft turns the job off on the day named.
    graph.tenant().disable(jobId);
    poll();

    JsonNode off = openAlert(jobId, "disabled");
    assertThat(off.path("severity").asText()).isEqualTo("critical");
    assertThat(openAlerts(jobId))
        .extracting(a -> a.path("rule").asText())
        .containsExactly("disabled");
  }

  @Test
  void aJobFallingBehindItsOwnRhythmWarnsAndRecovers() throws Exception {
    String jobId = givenOwnJob("scim");
    Instant first = Instant.now().minus(Duration.ofMinutes(40L * 9));
    for (int i = 0; i < 6; i++) {
      graph.tenant().cycleBeganAt(jobId, first.plus(Duration.ofMinutes(40L * i)));
      if (i == 0) {
        discoverAndPoll();
      } else {
        poll();
      }
    }

    assertThat(openAlert(jobId, "fallingBehind").path("detail").asText())
        .contains("times its usual interval of");

    graph.tenant().runCycle(jobId);
    poll();

    assertThat(openAlerts(jobId)).noneMatch(a -> a.path("rule").asText().equals("fallingBehind"));
  }

  private static String givenSecretExpiringAt(String value, Instant expires) {
    String name = "it-" + UUID.randomUUID().toString().substring(0, 8);
    vault.set(name, value, null, expires);
    return name;
  }

  @Test
  void keyVaultCredentialsAreJudgedAt15_13_2AndMinus1DaysAndAnExpiredOneIsRefusedAtSave()
      throws Exception {
    // One enterprise app per expiry: credentials belong to the service principal.
    String in15 = graph.tenant().jobOfTemplate("API2AD");
    String in13 = graph.tenant().jobOfTemplate("Workday2AAD");
    String in2 = graph.tenant().jobOfTemplate("SuccessFactors2AD");
    String expired = graph.tenant().jobOfTemplate("Azure2Azure");
    Instant now = Instant.now();
    Map<String, String> secrets = new java.util.HashMap<>();
    secrets.put(in15, givenSecretExpiringAt("token-15", now.plus(Duration.ofDays(15))));
    secrets.put(in13, givenSecretExpiringAt("token-13", now.plus(Duration.ofDays(13))));
    secrets.put(in2, givenSecretExpiringAt("token-2", now.plus(Duration.ofDays(2))));
    discoverAndPoll();
    // Valid when saved; expired by the time the timer runs. Made after the poll, whose length a
    // busy machine stretches, so that only the saves stand between its making and its expiry.
    Instant shortLived = Instant.now().plusSeconds(3);
    secrets.put(expired, givenSecretExpiringAt("token-gone", shortLived));
    for (var e : secrets.entrySet()) {
      HttpResponse<String> saved =
          saveCredentials(graph.tenant().servicePrincipalOf(e.getKey()), e.getValue());
      assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
    }
    Thread.sleep(
        Math.max(0, Duration.between(Instant.now(), shortLived.plusSeconds(1)).toMillis()));

    HttpResponse<String> refused =
        saveCredentials(graph.tenant().servicePrincipalOf(expired), secrets.get(expired));
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(refused.body())
        .contains("secret-expired")
        .contains(secrets.get(expired))
        .doesNotContain("token-gone");
    assertThat(app.runFunction("CredentialExpiryTimer").statusCode()).isEqualTo(202);

    assertThat(openAlerts(in15)).noneMatch(a -> a.path("rule").asText().equals("credentialExpiry"));
    JsonNode warning = openAlert(in13, "credentialExpiry");
    assertThat(warning.path("severity").asText()).isEqualTo("warning");
    assertThat(warning.path("detail").asText())
        .contains("Key Vault secret '" + secrets.get(in13) + "'")
        .doesNotContain("token-13");
    assertThat(openAlert(in2, "credentialExpiry").path("severity").asText()).isEqualTo("critical");
    JsonNode gone = openAlert(expired, "credentialExpiry");
    assertThat(gone.path("severity").asText()).isEqualTo("critical");
    assertThat(gone.path("title").asText()).endsWith("has expired");
  }

  @Test
  void crossTenantAndInboundJobsArePolledAndExplainedInTheirOwnWords() throws Exception {
    String crossTenant = givenOwnJob("Azure2Azure");
    String workday = givenOwnJob("Workday2AAD");
    graph.tenant().quarantine(crossTenant, "EncounteredQuarantineException");
    graph.tenant().quarantine(workday, "EncounteredQuarantineException");
    discoverAndPoll();

    assertThat(openAlert(crossTenant, "quarantined").path("detail").asText())
        .contains("the target tenant refused the credentials")
        .contains("cross-tenant access settings");
    assertThat(openAlert(workday, "quarantined").path("detail").asText())
        .contains("the HR system refused the credentials");
    assertThat(openAlert(workday, "quarantined").path("title").asText())
        .endsWith("target credential rejected");
  }
}
