package com.provisioningops.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.provisioningops.devhost.RunningApp;
import com.provisioningops.sandbox.GraphSandbox;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Calls every operation of the served connector definition against the running app and validates
 * each response against the schema the definition declares. New operations are covered without new
 * code: a body comes from {@code contract/samples.json} by operationId, route values from the
 * sandbox tenant.
 */
class ContractIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final RunningApp app = RunningApp.shared();
  private final GraphSandbox graph = RunningApp.graph();

  @Test
  void everyOperationAnswersWhatTheDefinitionDeclares() throws Exception {
    String definition = app.get("/api/swagger.json").body();
    JsonNode swagger = JSON.readTree(definition);
    JsonNode samples = JSON.readTree(getClass().getResourceAsStream("/contract/samples.json"));
    RunningApp.credentialsVault().set("contract-token", "contract-secret-value");
    // A job of its own, so that starting, pausing and restarting it disturbs no other test.
    String sp = graph.tenant().servicePrincipalOf(graph.tenant().jobInScenario("healthy"));
    var contractJob = graph.tenant().newJob("scim");
    graph.tenant().addJob(sp, contractJob);
    String inboundJob = graph.tenant().addInboundJob(sp);
    Map<String, String> routeValues = new java.util.HashMap<>();
    routeValues.putAll(
        Map.of(
            "sp", sp,
            "jobId", contractJob.path("id").asText(),
            "templateId", graph.tenant().applicationTemplateIds().get(0)));
    // An alert to read and acknowledge: the monitor's timers find the seeded troubled jobs.
    assertThat(app.runFunction("DiscoveryTimer").statusCode()).isEqualTo(202);
    assertThat(app.runFunction("JobPollTimer").statusCode()).isEqualTo(202);
    routeValues.put(
        "alertId",
        JSON.readTree(app.getWithKey("/api/alerts?state=open&top=1").body())
            .path("value")
            .get(0)
            .path("id")
            .asText());
    OpenApiInteractionValidator validator =
        OpenApiInteractionValidator.createForInlineApiSpecification(definition).build();
    List<String> failures = new ArrayList<>();
    int called = 0;

    for (Iterator<Map.Entry<String, JsonNode>> paths = swagger.path("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = ops.next();
        if (entry.getKey().startsWith("x-")) {
          continue; // a path-level extension (a webhook's notification content), not a call
        }
        String method = entry.getKey().toUpperCase();
        JsonNode op = entry.getValue();
        String id = op.path("operationId").asText();
        String url = "/api" + path.getKey();
        if (op.path("tags").toString().contains("Inbound provisioning")) {
          // HR uploads go to an API-driven inbound job: any other is refused with 409.
          url = url.replace("{jobId}", inboundJob);
        }
        for (var v : routeValues.entrySet()) {
          url = url.replace("{" + v.getKey() + "}", v.getValue());
        }
        assertThat(url)
            .as(id + ": a route value without a sample (so far: " + failures + ")")
            .doesNotContain("{");
        boolean hasBody = op.path("parameters").findValuesAsText("in").contains("body");
        JsonNode body = samples.path("bodies").get(id);
        assertThat(!hasBody || body != null)
            .as(id + " needs a sample body in contract/samples.json")
            .isTrue();
        List<String> headerList =
            new ArrayList<>(
                List.of(
                    "x-functions-key",
                    RunningApp.FUNCTION_KEY,
                    "Content-Type",
                    "application/json"));
        samples
            .path("headers")
            .path(id)
            .fields()
            .forEachRemaining(
                h -> {
                  headerList.add(h.getKey());
                  headerList.add(h.getValue().asText());
                });
        String[] headers = headerList.toArray(String[]::new);
        if (body != null) {
          String text = body.toString();
          for (var v : routeValues.entrySet()) {
            text = text.replace("${" + v.getKey() + "}", v.getValue());
          }
          body = JSON.readTree(text);
        }
        HttpResponse<String> response =
            switch (method) {
              case "GET" -> app.get(url, headers);
              case "POST" -> app.post(url, hasBody ? body.toString() : "", headers);
              case "PUT" -> app.put(url, hasBody ? body.toString() : "", headers);
              case "DELETE" -> app.delete(url, headers);
              default -> throw new AssertionError("No sample call for " + method);
            };
        called++;
        JsonNode answered = response.body().isBlank() ? null : JSON.readTree(response.body());
        if (answered != null && answered.hasNonNull("setupId")) {
          routeValues.put("setupId", answered.path("setupId").asText());
        }
        // A 202 names what to follow in Location, as Power Automate's async pattern reads it.
        response
            .headers()
            .firstValue("Location")
            .filter(l -> l.contains("/provisioning/setups/"))
            .ifPresent(l -> routeValues.put("setupId", l.substring(l.lastIndexOf('/') + 1)));
        response
            .headers()
            .firstValue("Location")
            .filter(l -> l.contains("/bulkUploads/"))
            .ifPresent(l -> routeValues.put("uploadId", l.substring(l.lastIndexOf('/') + 1)));
        // A webhook subscription's Location is what Power Automate deletes when a flow stops.
        response
            .headers()
            .firstValue("Location")
            .filter(l -> l.contains("/alerts/subscriptions/"))
            .ifPresent(l -> routeValues.put("subscriptionId", l.substring(l.lastIndexOf('/') + 1)));
        if (response.statusCode() >= 300) {
          failures.add(id + " answered " + response.statusCode() + ": " + response.body());
          continue;
        }
        ValidationReport report =
            validator.validateResponse(
                url,
                Request.Method.valueOf(method),
                SimpleResponse.Builder.status(response.statusCode())
                    .withContentType(
                        response.headers().firstValue("Content-Type").orElse("application/json"))
                    .withBody(response.body())
                    .build());
        report.getMessages().stream()
            .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
            .forEach(m -> failures.add(id + ": " + m.getMessage()));
      }
    }

    int operations = 0;
    for (JsonNode path : swagger.path("paths")) {
      for (JsonNode op : path) {
        operations += op.has("operationId") ? 1 : 0; // a picker's operationId is deeper down
      }
    }
    assertThat(called).isEqualTo(operations);
    assertThat(failures).isEmpty();
  }

  @Test
  void theValidatorRejectsAResponseThatBreaksTheSchema() throws Exception {
    String definition = app.get("/api/swagger.json").body();
    OpenApiInteractionValidator validator =
        OpenApiInteractionValidator.createForInlineApiSpecification(definition).build();
    String jobId = graph.tenant().jobInScenario("healthy");
    String url =
        "/api/servicePrincipals/"
            + graph.tenant().servicePrincipalOf(jobId)
            + "/synchronization/jobs/"
            + jobId;
    JsonNode body = JSON.readTree(app.getWithKey(url).body());
    ((com.fasterxml.jackson.databind.node.ObjectNode) body.path("health")).put("state", "asleep");

    ValidationReport report =
        validator.validateResponse(
            url,
            Request.Method.GET,
            SimpleResponse.Builder.status(200)
                .withContentType("application/json")
                .withBody(body.toString())
                .build());

    assertThat(report.hasErrors()).isTrue();
  }
}
