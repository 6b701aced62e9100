package com.provisioningops.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every property name and enum value the sandbox emits exists in Graph's own v1.0 metadata, so code
 * that reads the sandbox reads Graph.
 */
class GraphSandboxConformanceTest {
  private static final Pattern GUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern DATE_TIME =
      Pattern.compile(
          "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})");
  private static final Pattern DURATION =
      Pattern.compile("-?P(\\d+D)?(T(\\d+H)?(\\d+M)?(\\d+(\\.\\d+)?S)?)?");

  private static Csdl csdl;
  private static GraphSandbox sandbox;
  private static final HttpClient http = HttpClient.newHttpClient();
  private final List<String> violations = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    csdl = Csdl.load(Csdl.referenceFile());
    sandbox = GraphSandbox.start(0);
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private JsonNode call(String method, String path, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path));
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return response.body().isEmpty() ? null : SandboxTenant.JSON.readTree(response.body());
  }

  private void checkCollection(String path, String type) throws Exception {
    JsonNode page = call("GET", path, null);
    assertThat(page.path("value")).as(path).isNotEmpty();
    for (JsonNode item : page.path("value")) {
      check(item, type, path);
    }
  }

  private void check(JsonNode value, String type, String where) {
    if (value == null || value.isNull()) {
      return;
    }
    if (type.startsWith("Collection(")) {
      String inner = type.substring("Collection(".length(), type.length() - 1);
      if (!value.isArray()) {
        violations.add(where + ": expected an array for " + type);
        return;
      }
      for (int i = 0; i < value.size(); i++) {
        check(value.get(i), inner, where + "[" + i + "]");
      }
      return;
    }
    String name = type.replace("graph.", "");
    if (csdl.enums.containsKey(name)) {
      Set<String> members = csdl.enums.get(name);
      List<String> values =
          csdl.flagEnums.contains(name)
              ? List.of(value.asText().split("\\s*,\\s*"))
              : List.of(value.asText());
      for (String v : values) {
        if (!members.contains(v)) {
          violations.add(where + ": '" + v + "' is not a member of " + name);
        }
      }
      return;
    }
    Csdl.StructuredType structured = csdl.types.get(name);
    if (structured != null) {
      if (!value.isObject()) {
        violations.add(where + ": expected an object of " + name);
        return;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String property = field.getKey();
        if (property.startsWith("@odata.")) {
          continue;
        }
        String propertyType = structured.properties().get(property);
        if (propertyType == null) {
          // Open types (identity, detailsInfo) may carry more: Graph's own dynamic properties.
          if (!structured.open() || !name.equals("detailsInfo")) {
            violations.add(where + ": " + name + " has no property '" + property + "'");
          }
          continue;
        }
        check(field.getValue(), propertyType, where + "." + property);
      }
      return;
    }
    switch (type) {
      case "Edm.String" -> expect(value.isTextual(), where, type);
      case "Edm.Boolean" -> expect(value.isBoolean(), where, type);
      case "Edm.Int32", "Edm.Int64" -> expect(value.isIntegralNumber(), where, type);
      case "Edm.Guid" -> expect(GUID.matcher(value.asText()).matches(), where, type);
      case "Edm.DateTimeOffset" -> expect(DATE_TIME.matcher(value.asText()).matches(), where, type);
      case "Edm.Duration" -> expect(DURATION.matcher(value.asText()).matches(), where, type);
      case "Edm.Date" -> expect(value.asText().matches("\\d{4}-\\d{2}-\\d{2}"), where, type);
      default -> {
        // A type outside the excerpt (addIn, appRole, …): the sandbox does not fill it in.
      }
    }
  }

  private void expect(boolean ok, String where, String type) {
    if (!ok) {
      violations.add(where + ": not a valid " + type);
    }
  }

  @Test
  void everyResourceTheSandboxServesMatchesGraphsMetadata() throws Exception {
    checkCollection("/applicationTemplates", "graph.applicationTemplate");
    checkCollection("/servicePrincipals", "graph.servicePrincipal");
    checkCollection("/auditLogs/provisioning?$top=200", "graph.provisioningObjectSummary");
    for (String jobId : sandbox.tenant().jobIds()) {
      String sp = sandbox.tenant().servicePrincipalOf(jobId);
      check(
          call("GET", "/servicePrincipals/" + sp + "/synchronization/jobs/" + jobId, null),
          "graph.synchronizationJob",
          jobId);
      checkCollection(
          "/servicePrincipals/" + sp + "/synchronization/templates",
          "graph.synchronizationTemplate");
    }
    String template =
        call("GET", "/applicationTemplates?$top=1", null).path("value").get(0).path("id").asText();
    JsonNode created =
        call(
            "POST",
            "/applicationTemplates/" + template + "/instantiate",
            "{\"displayName\":\"Conformance\"}");
    check(created, "graph.applicationServicePrincipal", "instantiate");
    String sp = created.path("servicePrincipal").path("id").asText();
    String tag =
        call("GET", "/servicePrincipals/" + sp + "/synchronization/templates", null)
            .path("value")
            .get(0)
            .path("id")
            .asText();
    JsonNode job =
        call(
            "POST",
            "/servicePrincipals/" + sp + "/synchronization/jobs",
            "{\"templateId\":\"" + tag + "\"}");
    check(job, "graph.synchronizationJob", "created job");
    String jobId = job.path("id").asText();
    call(
        "PUT",
        "/servicePrincipals/" + sp + "/synchronization/secrets",
        "{\"value\":[{\"key\":\"BaseAddress\",\"value\":\"https://x\"},{\"key\":\"SecretToken\",\"value\":\"t\"}]}");
    call("POST", "/servicePrincipals/" + sp + "/synchronization/jobs/" + jobId + "/start", null);
    sandbox.tenant().runCycle();
    check(
        call("GET", "/servicePrincipals/" + sp + "/synchronization/jobs/" + jobId, null),
        "graph.synchronizationJob",
        "cycled job");
    JsonNode onDemand =
        call(
            "POST",
            "/servicePrincipals/" + sp + "/synchronization/jobs/" + jobId + "/provisionOnDemand",
            "{\"parameters\":[{\"ruleId\":\"r\",\"subjects\":[{\"objectId\":\"u1\",\"objectTypeName\":\"User\"}]}]}");
    check(onDemand, "graph.stringKeyStringValuePair", "provisionOnDemand");

    assertThat(violations).isEmpty();
  }

  @Test
  void theCheckItselfCatchesAnInventedPropertyAndAnInventedEnumValue() {
    JsonNode bogus =
        SandboxTenant.JSON
            .createObjectNode()
            .put("id", "x")
            .put("templateId", "scim")
            .put("inventedProperty", 1)
            .set("status", SandboxTenant.JSON.createObjectNode().put("code", "Sleeping"));

    check(bogus, "graph.synchronizationJob", "bogus");

    assertThat(violations)
        .anySatisfy(v -> assertThat(v).contains("no property 'inventedProperty'"))
        .anySatisfy(
            v -> assertThat(v).contains("'Sleeping' is not a member of synchronizationStatusCode"));
  }

  @Test
  void secretKeysTheSandboxAcceptsAreGraphsSynchronizationSecretMembers() {
    assertThat(SandboxTenant.SECRET_KEYS)
        .containsExactlyInAnyOrderElementsOf(csdl.enums.get("synchronizationSecret"));
  }
}
