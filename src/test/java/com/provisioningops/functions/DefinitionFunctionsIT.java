package com.provisioningops.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.provisioningops.devhost.RunningApp;
import com.provisioningops.sandbox.KeyVaultSandbox;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * The definition, Swagger UI, the connector package, export links and the drift check, over HTTP.
 */
class DefinitionFunctionsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final RunningApp app = RunningApp.shared();

  private JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }

  @Test
  void definitionIsAnonymousAndNamesTheHostTheCallerUsed() throws Exception {
    HttpResponse<String> response = app.get("/api/swagger.json");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode swagger = json(response);
    assertThat(swagger.path("swagger").asText()).isEqualTo("2.0");
    assertThat(swagger.path("host").asText()).isEqualTo(app.baseUri().getAuthority());
    assertThat(swagger.path("schemes").toString()).isEqualTo("[\"https\",\"http\"]");
    assertThat(swagger.path("paths").has("/servicePrincipals/{sp}/synchronization/jobs/{jobId}"))
        .isTrue();
  }

  @Test
  void forgedForwardedHostNeverReachesALink() throws Exception {
    String[] forged = {"X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "https"};

    HttpResponse<String> swagger = app.get("/api/swagger.json", forged);
    HttpResponse<String> templates =
        app.get(
            "/api/applicationTemplates?top=2",
            "x-functions-key",
            RunningApp.FUNCTION_KEY,
            forged[0],
            forged[1],
            forged[2],
            forged[3]);

    assertThat(json(swagger).path("host").asText()).isEqualTo(app.baseUri().getRawAuthority());
    assertThat(swagger.body()).doesNotContain("evil.example");
    assertThat(json(templates).path("nextLink").asText())
        .startsWith(app.baseUri().toString())
        .doesNotContain("evil.example");
  }

  @Test
  void forwardedHostAndSchemeWinOnlyWhenTrusted() throws Exception {
    try (RunningApp proxied = RunningApp.start(Map.of("TRUST_FORWARDED_HEADERS", "true"))) {
      JsonNode swagger =
          json(
              proxied.get(
                  "/api/swagger.json",
                  "X-Forwarded-Host",
                  "provops.contoso.com",
                  "X-Forwarded-Proto",
                  "https"));

      assertThat(swagger.path("host").asText()).isEqualTo("provops.contoso.com");
      assertThat(swagger.path("schemes").toString()).isEqualTo("[\"https\"]");
    }
  }

  @Test
  void downloadComesAsAnAttachment() {
    HttpResponse<String> response = app.get("/api/swagger.json?download=true");

    assertThat(response.headers().firstValue("Content-Disposition"))
        .contains("attachment; filename=\"apiDefinition.swagger.json\"");
  }

  @Test
  void oauthVariantNotConfiguredIsA400() {
    assertThat(app.get("/api/swagger.json?auth=oauth2").statusCode()).isEqualTo(400);
  }

  @Test
  void openApi3ListsInternalOperationsToo() throws Exception {
    JsonNode v3 = json(app.get("/api/openapi/v3.json"));

    assertThat(v3.path("openapi").asText()).isEqualTo("3.0.3");
    assertThat(v3.path("paths").has("/export/links")).isTrue();
    assertThat(v3.path("servers").get(0).path("url").asText()).isEqualTo(app.baseUri() + "/api");
  }

  @Test
  void swaggerUiIsServedFromThePackageWithoutACdn() {
    HttpResponse<String> index = app.get("/api/swagger/ui");

    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.body())
        .contains("/api/swagger/ui/swagger-ui-bundle.js")
        .doesNotContain("cdn")
        .doesNotContain("unpkg");
    assertThat(app.get("/api/swagger/ui/swagger-ui-bundle.js").headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
    assertThat(app.get("/api/swagger/ui/init.js").body()).contains("/api/openapi/v3.json");
    assertThat(app.get("/api/swagger/ui/..%2F..%2Fhost.json").statusCode()).isEqualTo(404);
    assertThat(app.get("/api/swagger/ui/index.js").statusCode()).isEqualTo(404);
  }

  @Test
  void connectorPackageHoldsTheFilesPaconnReads() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(app.baseUri().resolve("/api/export/connector.zip"))
            .header("x-functions-key", RunningApp.FUNCTION_KEY)
            .build();
    HttpResponse<byte[]> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/zip");
    List<String> names = new ArrayList<>();
    JsonNode definition = null;
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(response.body()))) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        names.add(e.getName());
        byte[] content = zip.readAllBytes();
        if (e.getName().equals("apiDefinition.swagger.json")) {
          definition = JSON.readTree(content);
        }
        if (e.getName().equals("icon.png")) {
          assertThat(content).startsWith(0x89, 'P', 'N', 'G');
        }
      }
    }
    assertThat(names)
        .containsExactlyInAnyOrder(
            "apiDefinition.swagger.json",
            "apiProperties.json",
            "icon.png",
            "settings.json",
            "readme.md");
    assertThat(definition.path("host").asText()).isEqualTo(app.baseUri().getAuthority());
    assertThat(app.get("/api/export/connector.zip").statusCode()).isEqualTo(401);
  }

  @Test
  void exportLinkServesTheDefinitionWithoutAKeyUntilTheKeyRotates() throws Exception {
    // A vault of its own: rotating the shared app's key would revoke other tests' paging tokens.
    try (KeyVaultSandbox vault = KeyVaultSandbox.start(0)) {
      Map<String, String> ownVault = Map.of("APP_KEY_VAULT_URL", vault.vaultUrl().toString());
      String path;
      try (RunningApp before = RunningApp.start(ownVault)) {
        HttpResponse<String> minted =
            before.post("/api/export/links", "", "x-functions-key", RunningApp.MASTER_KEY);
        assertThat(minted.statusCode()).as(minted.body()).isEqualTo(200);
        path = URI.create(json(minted).path("url").asText()).getRawPath();

        assertThat(json(minted).path("expiresAt").asText()).isNotBlank();
        assertThat(before.get(path).statusCode()).isEqualTo(200);
        assertThat(json(before.get(path)).path("swagger").asText()).isEqualTo("2.0");
        assertThat(before.get(path.substring(0, path.length() - 2) + "xx").statusCode())
            .isEqualTo(403);
      }

      vault.set(
          "export-link-signing-key", java.util.Base64.getEncoder().encodeToString(new byte[32]));

      // Instances read the key at most 30 s old; a fresh one refuses the link at once.
      try (RunningApp after = RunningApp.start(ownVault)) {
        HttpResponse<String> revoked = after.get(path);
        assertThat(revoked.statusCode()).isEqualTo(403);
        assertThat(revoked.headers().firstValue("Content-Type"))
            .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
      }
    }
  }

  @Test
  void exportLinksNeedTheMasterKey() {
    assertThat(
            app.post("/api/export/links", "", "x-functions-key", RunningApp.FUNCTION_KEY)
                .statusCode())
        .isEqualTo(401);
  }

  @Test
  void expiredLinkIsGone() throws Exception {
    try (RunningApp shortLived = RunningApp.start(Map.of("EXPORT_LINK_TTL", "PT1S"))) {
      String url =
          json(shortLived.post("/api/export/links", "", "x-functions-key", RunningApp.MASTER_KEY))
              .path("url")
              .asText();
      Thread.sleep(1_500);

      HttpResponse<String> expired = shortLived.get(URI.create(url).getRawPath());

      assertThat(expired.statusCode()).isEqualTo(410);
    }
  }

  @Test
  void driftCheckSaysWhetherToReimport() throws Exception {
    String current = app.get("/api/swagger.json").body();
    ObjectNode older = (ObjectNode) JSON.readTree(current);
    ((ObjectNode) older.path("paths"))
        .putObject("/legacy")
        .putObject("get")
        .put("operationId", "GetLegacy")
        .putObject("responses")
        .putObject("200")
        .put("description", "OK");
    String[] json = {
      "x-functions-key", RunningApp.FUNCTION_KEY, "Content-Type", "application/json"
    };

    // Exported definitions are pretty-printed and grow with the API: far past an action's limit.
    JsonNode same = json(app.post("/api/export/diff", current + " ".repeat(100_000), json));
    JsonNode drifted = json(app.post("/api/export/diff", JSON.writeValueAsString(older), json));

    assertThat(same.path("reimport").asBoolean()).isFalse();
    assertThat(drifted.path("breaking").asBoolean()).isTrue();
    assertThat(drifted.path("changes").get(0).path("operationId").asText()).isEqualTo("GetLegacy");
    assertThat(app.post("/api/export/diff", "{\"openapi\":\"3.0.0\"}", json).statusCode())
        .isEqualTo(400);
  }

  @Test
  void definitionAuthFunctionHidesTheAnonymousRoutesButKeepsTheKeyedPackage() {
    try (RunningApp keyed = RunningApp.start(Map.of("DEFINITION_AUTH", "function"))) {
      assertThat(keyed.get("/api/swagger.json").statusCode()).isEqualTo(404);
      assertThat(keyed.get("/api/openapi/v3.json").statusCode()).isEqualTo(404);
      assertThat(keyed.get("/api/swagger/ui").statusCode()).isEqualTo(404);
      assertThat(
              keyed
                  .get("/api/export/connector.zip", "x-functions-key", RunningApp.FUNCTION_KEY)
                  .statusCode())
          .isEqualTo(200);
    }
  }
}
