package com.provisioningops.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.provisioningops.devhost.RunningApp;
import com.provisioningops.sandbox.GraphSandbox;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The setup actions over HTTP: gallery, templates, jobs and their guard rails. */
class SetupFunctionsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] KEY = {
    "x-functions-key", RunningApp.FUNCTION_KEY, "Content-Type", "application/json"
  };
  private final RunningApp app = RunningApp.shared();
  private final GraphSandbox graph = RunningApp.graph();

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** A fresh job on the seeded Contoso service principal, so no other test is disturbed. */
  private String[] givenNewJob() {
    String sp = graph.tenant().servicePrincipalOf(graph.tenant().jobInScenario("healthy"));
    var job = graph.tenant().newJob("scim");
    graph.tenant().addJob(sp, job);
    return new String[] {sp, job.path("id").asText()};
  }

  private String jobUrl(String[] job) {
    return "/api/servicePrincipals/" + job[0] + "/synchronization/jobs/" + job[1];
  }

  @Test
  void gallerySearchFindsAppsByNameAndCategory() throws Exception {
    JsonNode byName = json(app.getWithKey("/api/applicationTemplates?nameContains=box"));
    JsonNode byCategory = json(app.getWithKey("/api/applicationTemplates?category=crm"));

    assertThat(byName.path("value").findValuesAsText("displayName"))
        .containsExactlyInAnyOrder("Box", "Dropbox Business");
    assertThat(byCategory.path("value").findValuesAsText("displayName"))
        .containsExactlyInAnyOrder("Salesforce", "Zendesk");
  }

  @Test
  void quotesAndParenthesesCannotChangeTheFilter() throws Exception {
    HttpResponse<String> injected =
        app.getWithKey("/api/applicationTemplates?nameContains=" + q("') or (1 eq 1"));
    HttpResponse<String> quote =
        app.getWithKey("/api/applicationTemplates?nameContains=" + q("O'Reilly"));

    assertThat(injected.statusCode()).isEqualTo(200);
    assertThat(json(injected).path("value")).isEmpty();
    assertThat(quote.statusCode()).isEqualTo(200);
    assertThat(
            app.getWithKey("/api/applicationTemplates?category=" + q("crm') or (x")).statusCode())
        .isEqualTo(400);
  }

  @Test
  void galleryPagesThroughThisApiNotGraph() throws Exception {
    List<String> names = new ArrayList<>();
    String next = app.baseUri() + "/api/applicationTemplates?top=4";
    int pages = 0;
    while (next != null) {
      assertThat(next)
          .startsWith(app.baseUri() + "/api/applicationTemplates?")
          .doesNotContain("/v1.0/");
      JsonNode page =
          json(
              app.getWithKey(URI.create(next).getRawPath() + "?" + URI.create(next).getRawQuery()));
      page.path("value").forEach(t -> names.add(t.path("displayName").asText()));
      next = page.hasNonNull("nextLink") ? page.path("nextLink").asText() : null;
      pages++;
    }

    assertThat(pages).isEqualTo(4);
    assertThat(names).hasSize(14).doesNotHaveDuplicates();
  }

  @Test
  void editedOrMovedSkipTokenIsA400() throws Exception {
    String next =
        JSON.readTree(app.getWithKey("/api/applicationTemplates?top=2").body())
            .path("nextLink")
            .asText();
    String token =
        java.net.URLDecoder.decode(
            next.substring(next.indexOf("skipToken=") + "skipToken=".length()),
            StandardCharsets.UTF_8);
    char last = token.charAt(token.length() - 1);
    // The last character of the signature: its spare bits must not let an edit through.
    String edited = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
    char first = token.charAt(0);
    String editedPayload = (first == 'a' ? 'b' : 'a') + token.substring(1);
    String encoded = java.net.URLEncoder.encode(token, StandardCharsets.UTF_8);

    assertThat(app.getWithKey("/api/applicationTemplates?top=2&skipToken=" + encoded).statusCode())
        .isEqualTo(200);
    HttpResponse<String> tampered =
        app.getWithKey(
            "/api/applicationTemplates?top=2&skipToken="
                + java.net.URLEncoder.encode(edited, StandardCharsets.UTF_8));
    assertThat(tampered.statusCode()).isEqualTo(400);
    assertThat(
            app.getWithKey(
                    "/api/applicationTemplates?top=2&skipToken="
                        + java.net.URLEncoder.encode(editedPayload, StandardCharsets.UTF_8))
                .statusCode())
        .isEqualTo(400);
    assertThat(tampered.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(app.getWithKey("/api/provisioning/logs?skipToken=" + encoded).statusCode())
        .isEqualTo(400);
  }

  @Test
  void forgedSkipTokenIsRefused() {
    String forged =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                "http://127.0.0.1:1/v1.0/users?$top=999".getBytes(StandardCharsets.UTF_8));

    assertThat(app.getWithKey("/api/applicationTemplates?skipToken=" + forged).statusCode())
        .isEqualTo(400);
    assertThat(app.getWithKey("/api/applicationTemplates?top=1000").statusCode()).isEqualTo(400);
  }

  @Test
  void galleryAppIsReadByIdAndUnknownOrMalformedIdsAreProblems() throws Exception {
    String id = graph.tenant().applicationTemplateIds().get(2);

    assertThat(json(app.getWithKey("/api/applicationTemplates/" + id)).path("displayName").asText())
        .isEqualTo("Box");
    assertThat(
            app.getWithKey("/api/applicationTemplates/00000000-0000-0000-0000-000000000000")
                .statusCode())
        .isEqualTo(404);
    assertThat(app.getWithKey("/api/applicationTemplates/box").statusCode()).isEqualTo(400);
  }

  @Test
  void addingAGalleryAppAnswersTheNewIds() throws Exception {
    String id = graph.tenant().applicationTemplateIds().get(0);

    HttpResponse<String> created =
        app.post(
            "/api/applicationTemplates/" + id + "/instantiate",
            "{\"displayName\":\"Contoso HR\"}",
            KEY);
    HttpResponse<String> nameless =
        app.post(
            "/api/applicationTemplates/" + id + "/instantiate", "{\"displayName\":\"  \"}", KEY);

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(json(created).path("servicePrincipalId").asText()).matches("[0-9a-f-]{36}");
    assertThat(json(created).path("applicationId").asText()).matches("[0-9a-f-]{36}");
    assertThat(nameless.statusCode()).isEqualTo(400);
  }

  @Test
  void jobIsCreatedFromASynchronizationTemplate() throws Exception {
    String sp = graph.tenant().servicePrincipalOf(graph.tenant().jobInScenario("healthy"));
    JsonNode templates =
        json(app.getWithKey("/api/servicePrincipals/" + sp + "/synchronization/templates"));
    String template = templates.path("value").get(0).path("id").asText();

    HttpResponse<String> created =
        app.post(
            "/api/servicePrincipals/" + sp + "/synchronization/jobs",
            "{\"templateId\":\"" + template + "\"}",
            KEY);
    HttpResponse<String> unknown =
        app.post(
            "/api/servicePrincipals/" + sp + "/synchronization/jobs",
            "{\"templateId\":\"nope\"}",
            KEY);

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(json(created).path("health").path("state").asText()).isEqualTo("notConfigured");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(json(unknown).path("requestId").asText()).isNotBlank();
  }

  @Test
  void listingJobsGivesEachWithItsHealth() throws Exception {
    String sp =
        graph
            .tenant()
            .servicePrincipalOf(graph.tenant().jobInScenario("quarantinedTooManyDeletes"));

    JsonNode jobs = json(app.getWithKey("/api/servicePrincipals/" + sp + "/synchronization/jobs"));

    assertThat(jobs.path("value").get(0).path("health").path("state").asText())
        .isEqualTo("quarantined");
    assertThat(jobs.has("nextLink")).isFalse();
  }

  @Test
  void startOnActiveJobIsRefusedWithConflictUnlessForced() throws Exception {
    String[] job = givenNewJob();
    assertThat(app.post(jobUrl(job) + "/start", "", KEY).statusCode()).isEqualTo(200);
    graph.tenant().runCycle(job[1]);

    HttpResponse<String> again = app.post(jobUrl(job) + "/start", "", KEY);
    HttpResponse<String> forced = app.post(jobUrl(job) + "/start", "{\"force\":true}", KEY);

    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(json(again).path("detail").asText()).contains("force");
    assertThat(forced.statusCode()).isEqualTo(200);
  }

  @Test
  void pauseAnswersTheJobsNewState() throws Exception {
    String[] job = givenNewJob();

    HttpResponse<String> paused = app.post(jobUrl(job) + "/pause", "", KEY);

    assertThat(paused.statusCode()).isEqualTo(200);
    assertThat(json(paused).path("health").path("state").asText()).isIn("paused", "notConfigured");
    assertThat(json(paused).path("job").path("schedule").path("state").asText())
        .isEqualTo("Paused");
  }

  @Test
  void destructiveRestartNeedsConfirmation() throws Exception {
    String[] job = givenNewJob();

    HttpResponse<String> unconfirmed =
        app.post(jobUrl(job) + "/restart", "{\"resetScope\":[\"ForceDeletes\"]}", KEY);
    HttpResponse<String> confirmed =
        app.post(
            jobUrl(job) + "/restart",
            "{\"resetScope\":[\"Full\"],\"confirmDestructive\":true}",
            KEY);
    HttpResponse<String> unknown =
        app.post(jobUrl(job) + "/restart", "{\"resetScope\":[\"Everything\"]}", KEY);

    assertThat(unconfirmed.statusCode()).as("well formed, held back: a conflict").isEqualTo(409);
    assertThat(json(unconfirmed).path("detail").asText()).contains("confirmDestructive");
    assertThat(confirmed.statusCode()).isEqualTo(200);
    assertThat(json(confirmed).path("job").path("status").path("code").asText())
        .isEqualTo("Active");
    assertThat(unknown.statusCode()).isEqualTo(400);
  }

  @Test
  void leavingQuarantineByRestartClearsIt() throws Exception {
    String[] job = givenNewJob();
    graph.tenant().quarantine(job[1], "EncounteredEscrowProportionThreshold");

    HttpResponse<String> restarted =
        app.post(
            jobUrl(job) + "/restart", "{\"resetScope\":[\"QuarantineState\",\"Escrows\"]}", KEY);

    assertThat(restarted.statusCode()).isEqualTo(200);
    assertThat(json(restarted).path("health").path("state").asText()).isNotEqualTo("quarantined");
  }
}
