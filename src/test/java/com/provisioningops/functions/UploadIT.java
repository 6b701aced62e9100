package com.provisioningops.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.provisioningops.devhost.RunningApp;
import com.provisioningops.sandbox.GraphSandbox;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "Upload HR records" through the dev host: refused with 409 for a paused job, accepted once per
 * key and then followed to processed by the log timer, and listed.
 */
class UploadIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final RunningApp app = RunningApp.shared();
  private final GraphSandbox graph = RunningApp.graph();
  private String sp;
  private String jobId;

  @BeforeEach
  void aRunningInboundJob() {
    sp = graph.tenant().servicePrincipalOf(graph.tenant().jobInScenario("healthy"));
    jobId = graph.tenant().addInboundJob(sp);
    graph.tenant().bulkUploadDelay(Duration.ZERO);
  }

  @AfterEach
  void removeIt() {
    graph.tenant().delete(jobId);
    graph.tenant().bulkUploadDelay(Duration.ofSeconds(30));
  }

  @Test
  void anUploadToAPausedJobIsRefusedWithAConflictThatSaysWhy() throws Exception {
    graph.tenant().pause(jobId);

    HttpResponse<String> response = upload("key-paused", records("IT-1"));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(JSON.readTree(response.body()).path("detail").asText()).contains("paused");
  }

  @Test
  void anUploadIsAcceptedOnceAndTheLogTimerFollowsItToProcessed() throws Exception {
    HttpResponse<String> first = upload("key-1", records("IT-2", "IT-3"));
    HttpResponse<String> again = upload("key-1", records("IT-2", "IT-3"));

    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    JsonNode done = JSON.readTree(first.body());
    assertThat(done.path("upload").path("status").asText()).isEqualTo("accepted");
    assertThat(done.path("requestsPerSecond").asInt()).isEqualTo(40);
    assertThat(JSON.readTree(again.body()).path("replayed").asBoolean()).isTrue();
    String location = first.headers().firstValue("Location").orElseThrow();
    assertThat(location).endsWith("/bulkUploads/" + done.path("upload").path("id").asText());

    assertThat(app.runFunction("LogPollTimer").statusCode()).isBetween(200, 299);

    HttpResponse<String> read = app.getWithKey(location.substring(location.indexOf("/api/")));
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    assertThat(JSON.readTree(read.body()).path("status").asText()).isEqualTo("processed");
    HttpResponse<String> list =
        app.getWithKey(
            "/api/servicePrincipals/" + sp + "/synchronization/jobs/" + jobId + "/bulkUploads");
    assertThat(JSON.readTree(list.body()).path("value")).hasSize(1);
  }

  @Test
  void aBodyBreakingTheBulkRulesIsA400ProblemNamingTheRule() throws Exception {
    HttpResponse<String> response =
        upload(null, "{\"Operations\":[{\"method\":\"POST\",\"path\":\"/Users\",\"data\":{}}]}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).path("detail").asText()).contains("externalId");
  }

  private HttpResponse<String> upload(String key, String body) {
    String path = "/api/servicePrincipals/" + sp + "/synchronization/jobs/" + jobId + "/bulkUpload";
    return key == null
        ? app.post(
            path,
            body,
            "x-functions-key",
            RunningApp.FUNCTION_KEY,
            "Content-Type",
            "application/scim+json")
        : app.post(
            path,
            body,
            "x-functions-key",
            RunningApp.FUNCTION_KEY,
            "Content-Type",
            "application/json",
            "Idempotency-Key",
            key);
  }

  private static String records(String... externalIds) {
    StringBuilder ops = new StringBuilder();
    for (String id : externalIds) {
      ops.append(ops.isEmpty() ? "" : ",")
          .append("{\"method\":\"POST\",\"bulkId\":\"")
          .append(id)
          .append("\",\"path\":\"/Users\",\"data\":{\"externalId\":\"")
          .append(id)
          .append("\",\"userName\":\"")
          .append(id.toLowerCase())
          .append("@contoso.com\"}}");
    }
    return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:BulkRequest\"],"
        + "\"Operations\":["
        + ops
        + "]}";
  }
}
