package com.provisioningops.connector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.provisioningops.SharedReference;
import com.provisioningops.functions.OperationCatalog;
import io.swagger.parser.SwaggerParser;
import io.swagger.parser.util.SwaggerDeserializationResult;
import java.net.URI;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The connector definition imports into Power Automate cleanly and keeps up with the code. */
class ConnectorDefinitionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DefinitionBuilder.Target TARGET =
      new DefinitionBuilder.Target(
          URI.create("https://provops.azurewebsites.net"), Optional.empty());
  private static final DefinitionBuilder.Target OAUTH =
      new DefinitionBuilder.Target(
          URI.create("https://provops.azurewebsites.net"),
          Optional.of(
              new DefinitionBuilder.EntraSignIn(
                  "common",
                  "api://provisioning-ops",
                  Optional.of("2f0e3c1a-9b8d-4e7f-a6c5-1d2b3c4d5e6f"))));

  private final DefinitionBuilder builder = new DefinitionBuilder(OperationCatalog.operations());
  private final ObjectNode definition = builder.swagger(TARGET);

  private static List<ValidationMessage> validate(
      String schemaFile, JsonNode document, SpecVersion.VersionFlag version) throws Exception {
    JsonNode schemaJson =
        JSON.readTree(Files.readString(SharedReference.file("powerplatform/" + schemaFile)));
    // The paconn schemas say draft-07 but carry draft-04's "id": accept it as an annotation.
    com.networknt.schema.JsonMetaSchema meta =
        com.networknt.schema.JsonMetaSchema.builder(
                version == SpecVersion.VersionFlag.V4
                    ? com.networknt.schema.JsonMetaSchema.getV4()
                    : com.networknt.schema.JsonMetaSchema.getV7())
            .keyword(new com.networknt.schema.NonValidationKeyword("id"))
            .build();
    JsonSchema schema =
        JsonSchemaFactory.getInstance(
                version, b -> b.metaSchema(meta).defaultMetaSchemaIri(meta.getIri()))
            .getSchema(schemaJson);
    return new ArrayList<>(schema.validate(document));
  }

  private List<JsonNode> operations(JsonNode doc) {
    List<JsonNode> ops = new ArrayList<>();
    doc.path("paths")
        .forEach(
            path ->
                path.fields()
                    .forEachRemaining(
                        m -> {
                          if (!m.getKey().startsWith("x-")) {
                            ops.add(m.getValue());
                          }
                        }));
    return ops;
  }

  @Test
  void definitionValidatesAgainstThePowerPlatformSchema() throws Exception {
    assertThat(
            validate("apiDefinition.swagger.schema.json", definition, SpecVersion.VersionFlag.V4))
        .isEmpty();
    assertThat(
            validate(
                "apiDefinition.swagger.schema.json",
                builder.swagger(OAUTH),
                SpecVersion.VersionFlag.V4))
        .isEmpty();
  }

  @Test
  void definitionParsesAsSwagger20WithoutMessages() throws Exception {
    SwaggerDeserializationResult result =
        new SwaggerParser().readWithInfo(JSON.writeValueAsString(definition));

    assertThat(result.getMessages()).isEmpty();
    assertThat(result.getSwagger().getPaths()).isNotEmpty();
  }

  @Test
  void infoMeetsTheCertificationRules() {
    JsonNode info = definition.path("info");
    String title = info.path("title").asText();

    assertThat(title)
        .hasSizeLessThanOrEqualTo(30)
        .doesNotContainIgnoringCase("api")
        .doesNotContainIgnoringCase("connector")
        .matches(".*[A-Za-z0-9]$");
    assertThat(info.path("description").asText().length()).isBetween(30, 500);
    assertThat(info.path("contact").path("name").asText()).isNotBlank();
    assertThat(definition.path("x-ms-connector-metadata").findValuesAsText("propertyName"))
        .contains("Website", "Privacy policy", "Categories");
    assertThat(definition.path("host").asText()).isEqualTo("provops.azurewebsites.net");
    assertThat(definition.path("basePath").asText()).startsWith("/");
    assertThat(definition.path("schemes").toString()).isEqualTo("[\"https\"]");
  }

  @Test
  void everyOperationMeetsTheCertificationRules() {
    Set<String> ids = new HashSet<>();
    for (JsonNode op : operations(definition)) {
      String id = op.path("operationId").asText();
      assertThat(ids.add(id)).as("unique " + id).isTrue();
      assertThat(id).matches("[A-Z][A-Za-z0-9]+");
      assertThat(op.path("summary").asText())
          .as(id)
          .isNotBlank()
          .hasSizeLessThanOrEqualTo(80)
          .doesNotContain("/");
      assertThat(op.path("description").asText()).as(id).endsWith(".");
      List<String> withSchema = new ArrayList<>();
      op.path("responses")
          .fields()
          .forEachRemaining(
              r -> {
                if (r.getValue().has("schema")) {
                  withSchema.add(r.getKey());
                }
              });
      assertThat(withSchema)
          .as(id + " responses with a schema")
          .hasSizeLessThanOrEqualTo(1)
          .doesNotContain("default");
      // A DELETE answers 204 No Content, with no schema; everything else a 200, 201 or 202.
      assertThat(op.path("responses").fieldNames())
          .toIterable()
          .as(id)
          .anyMatch(
              code ->
                  code.equals("200")
                      || code.equals("201")
                      || code.equals("202")
                      || (code.equals("204") && !op.path("responses").path("204").has("schema")));
      for (JsonNode p : op.path("parameters")) {
        assertThat(p.path("x-ms-summary").asText()).as(id + " " + p.path("name")).isNotBlank();
        if (p.path("in").asText().equals("path")) {
          assertThat(p.path("required").asBoolean()).isTrue();
          assertThat(p.path("x-ms-url-encoding").asText()).isEqualTo("single");
        }
      }
    }
    definition
        .path("paths")
        .fields()
        .forEachRemaining(
            path -> {
              JsonNode get = path.getValue().get("get");
              if (get != null) {
                assertThat(get.path("parameters").findValuesAsText("in"))
                    .as("no body on GET " + path.getKey())
                    .doesNotContain("body");
              }
            });
    assertThat(definition.path("consumes")).isNotEmpty();
    assertThat(definition.path("produces")).isNotEmpty();
  }

  @Test
  void everyPropertyHasASummaryOrRefersToADefinitionThatHasOne() {
    List<String> missing = new ArrayList<>();
    definition
        .path("definitions")
        .fields()
        .forEachRemaining(
            d -> {
              if (!d.getValue().has("x-ms-summary")) {
                missing.add(d.getKey());
              }
              d.getValue()
                  .path("properties")
                  .fields()
                  .forEachRemaining(
                      p -> {
                        JsonNode prop = p.getValue();
                        if (!prop.has("x-ms-summary") && !prop.has("$ref")) {
                          missing.add(d.getKey() + "." + p.getKey());
                        }
                      });
            });

    assertThat(missing).isEmpty();
  }

  @Test
  void everyPropertyTellsTheFlowMakerWhatItHoldsInASentence() {
    List<String> missing = new ArrayList<>();
    definition
        .path("definitions")
        .fields()
        .forEachRemaining(
            d ->
                d.getValue()
                    .path("properties")
                    .fields()
                    .forEachRemaining(
                        p -> {
                          String text = p.getValue().path("description").asText();
                          boolean sentence =
                              text.length() >= 10
                                  && text.length() <= 500
                                  && Character.isUpperCase(text.charAt(0))
                                  && text.endsWith(".");
                          if (!p.getValue().has("$ref") && !sentence) {
                            missing.add(d.getKey() + "." + p.getKey() + ": '" + text + "'");
                          }
                        }));

    assertThat(missing).isEmpty();
  }

  @Test
  void whatAStepCannotRunWithoutIsShownFirst() {
    List<String> hidden = new ArrayList<>();
    for (JsonNode op : operations(definition)) {
      for (JsonNode p : op.path("parameters")) {
        String visibility = p.path("x-ms-visibility").asText();
        if (p.path("required").asBoolean()
            && !Set.of("important", "internal").contains(visibility)) {
          hidden.add(op.path("operationId").asText() + " " + p.path("name").asText());
        }
      }
    }
    definition
        .path("definitions")
        .fields()
        .forEachRemaining(
            d ->
                d.getValue()
                    .path("required")
                    .forEach(
                        r -> {
                          String visibility =
                              d.getValue()
                                  .path("properties")
                                  .path(r.asText())
                                  .path("x-ms-visibility")
                                  .asText();
                          if (!Set.of("important", "internal").contains(visibility)) {
                            hidden.add(d.getKey() + "." + r.asText());
                          }
                        }));

    assertThat(hidden).isEmpty();
  }

  @Test
  void theLengthsTheServerChecksAreStated() {
    JsonNode defs = definition.path("definitions");

    assertThat(defs.at("/InstantiateRequest/properties/displayName/maxLength").asInt())
        .isEqualTo(com.provisioningops.provisioning.InstantiateRequest.MAX_DISPLAY_NAME);
    assertThat(defs.at("/SetupRequest/properties/displayName/maxLength").asInt())
        .isEqualTo(com.provisioningops.provisioning.InstantiateRequest.MAX_DISPLAY_NAME);
    assertThat(
            definition.at("/paths/~1provisioning~1logs/get/parameters").findParents("name").stream()
                .filter(p -> p.path("name").asText().equals("identityContains"))
                .findFirst()
                .orElseThrow()
                .path("maxLength")
                .asInt())
        .isEqualTo(com.provisioningops.provisioning.LogQuery.MAX_IDENTITY);
  }

  @Test
  void aCredentialSaysItTakesAValueOrASecretNameNeverBoth() {
    JsonNode credential = definition.path("definitions").path("CredentialInput").path("properties");

    for (String field : List.of("value", "secretName")) {
      assertThat(credential.path(field).path("description").asText())
          .as(field)
          .contains("not both");
    }
    assertThat(credential.path("secretName").path("pattern").asText()).isNotEmpty();
    assertThat(credential.path("value").path("maxLength").asInt()).isEqualTo(4096);
  }

  @Test
  void aSubscriptionsChoicesAreTheValuesTheServerKnows() {
    JsonNode body =
        definition
            .path("definitions")
            .path("SubscriptionFunctionsSubscribeRequest")
            .path("properties");

    assertThat(texts(body.path("kind").path("enum")))
        .containsExactly(names(com.provisioningops.delivery.Subscription.Kind.values()));
    assertThat(texts(body.path("severity").path("enum")))
        .containsExactly(names(com.provisioningops.alerts.Alert.Severity.values()));
    assertThat(texts(body.path("source").path("enum")))
        .containsExactly(names(com.provisioningops.alerts.Alert.Source.values()));
    assertThat(body.path("jobId").path("pattern").asText())
        .contains(com.provisioningops.provisioning.JobId.PATTERN);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }

  private static String[] names(Enum<?>[] values) {
    return java.util.Arrays.stream(values).map(Enum::name).toArray(String[]::new);
  }

  @Test
  void statusFieldsAreEnums() {
    JsonNode health = definition.path("definitions").path("JobHealth").path("properties");

    assertThat(health.path("state").path("enum").toString()).contains("quarantined", "notRun");
    assertThat(health.path("severity").path("enum").toString()).contains("critical", "none");
  }

  @Test
  void everyConnectorFunctionIsInTheDefinitionAndNothingElse() {
    Set<String> fromCode = new HashSet<>();
    for (OperationSpec op : OperationCatalog.operations()) {
      if (op.operation().connector() && !op.route().contains("{*")) {
        fromCode.add(op.operation().id());
      }
    }
    Set<String> inDefinition = new HashSet<>();
    operations(definition).forEach(op -> inDefinition.add(op.path("operationId").asText()));

    assertThat(inDefinition).isEqualTo(fromCode);
  }

  @Test
  void defaultSecurityIsTheFunctionKeyAndOAuthIsAVariant() {
    assertThat(definition.path("securityDefinitions").path("apiKeyHeader").path("name").asText())
        .isEqualTo("x-functions-key");
    JsonNode oauth = builder.swagger(OAUTH).path("securityDefinitions").path("oauth2Auth");
    assertThat(oauth.path("flow").asText()).isEqualTo("accessCode");
    assertThat(builder.swagger(OAUTH).path("securityDefinitions").has("apiKeyHeader")).isFalse();
  }

  @Test
  void anonymousOperationsDeclareNoSecurity() {
    JsonNode health = definition.path("paths").path("/health").path("get");

    assertThat(health.path("security").isArray()).isTrue();
    assertThat(health.path("security")).isEmpty();
  }

  @Test
  void openApi3HasEveryDocumentedOperationIncludingInternalOnes() {
    ObjectNode v3 = builder.openApi3(TARGET);

    assertThat(v3.path("openapi").asText()).isEqualTo("3.0.3");
    assertThat(v3.path("servers").get(0).path("url").asText())
        .isEqualTo("https://provops.azurewebsites.net/api");
    assertThat(v3.path("paths").has("/export/connector.zip")).isTrue();
    assertThat(v3.path("paths").has("/servicePrincipals/{sp}/synchronization/jobs/{jobId}"))
        .isTrue();
    assertThat(v3.toString()).doesNotContain("#/definitions/");
    JsonNode jobId =
        v3.path("paths")
            .path("/servicePrincipals/{sp}/synchronization/jobs/{jobId}")
            .path("get")
            .path("parameters")
            .get(1);
    assertThat(jobId.path("schema").path("pattern").asText()).contains("[0-9a-fA-F]{32}");
    assertThat(jobId.path("x-ms-dynamic-list").path("itemValuePath").asText()).isEqualTo("jobId");
  }

  @Test
  void theExportedPackageHoldsWhatACertificationSubmissionNeeds() throws Exception {
    Map<String, byte[]> files = new TreeMap<>();
    try (var zip =
        new java.util.zip.ZipInputStream(
            new java.io.ByteArrayInputStream(ConnectorPackage.zip(definition, TARGET)))) {
      for (var e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        files.put(e.getName(), zip.readAllBytes());
      }
    }
    String readme = new String(files.get("readme.md"), java.nio.charset.StandardCharsets.UTF_8);
    byte[] icon = files.get("icon.png");
    JsonNode properties = JSON.readTree(files.get("apiProperties.json")).path("properties");

    assertThat(files.keySet())
        .containsExactly(
            "apiDefinition.swagger.json",
            "apiProperties.json",
            "icon.png",
            "readme.md",
            "settings.json");
    assertThat(java.nio.ByteBuffer.wrap(icon, 16, 8).getInt()).as("icon width").isEqualTo(230);
    assertThat(java.nio.ByteBuffer.wrap(icon, 20, 4).getInt()).as("icon height").isEqualTo(230);
    assertThat(properties.path("iconBrandColor").asText()).matches("#[0-9A-Fa-f]{6}");
    assertThat(properties.path("publisher").asText()).isNotBlank();
    assertThat(properties.path("stackOwner").asText()).isNotBlank();
    assertThat(readme)
        .contains(
            "## Publisher",
            "## Prerequisites",
            "## Obtaining Credentials",
            "## Supported Operations",
            "## Known Issues and Limitations",
            "## Deployment Instructions");
    operations().values().stream()
        .filter(op -> !"internal".equals(op.path("x-ms-visibility").asText()))
        .forEach(op -> assertThat(readme).contains("`" + op.path("operationId").asText() + "`"));
  }

  @Test
  void apiPropertiesAndSettingsValidateAgainstThePaconnSchemas() throws Exception {
    assertThat(
            validate(
                "paconn-apiProperties.schema.json",
                ConnectorPackage.apiProperties(TARGET),
                SpecVersion.VersionFlag.V7))
        .isEmpty();
    assertThat(
            validate(
                "paconn-apiProperties.schema.json",
                ConnectorPackage.apiProperties(OAUTH),
                SpecVersion.VersionFlag.V7))
        .isEmpty();
    assertThat(
            validate(
                "paconn-settings.schema.json",
                ConnectorPackage.settings(),
                SpecVersion.VersionFlag.V7))
        .isEmpty();
  }

  /**
   * {@code info.version} changes whenever the API does. When this fails, bump {@link
   * DefinitionBuilder#API_VERSION} and write the printed line into definition-version.json.
   */
  @Test
  void everyIdAMakerWouldPasteHasAPickerWhoseListGivesTheValueAndATitle() {
    Map<String, JsonNode> operations = operations();
    List<String> checked = new ArrayList<>();
    for (JsonNode op : operations.values()) {
      for (JsonNode p : op.path("parameters")) {
        String name = p.path("name").asText();
        if (!List.of("sp", "servicePrincipalId", "jobId", "templateId", "alertId").contains(name)) {
          continue;
        }
        JsonNode picker = p.path("x-ms-dynamic-values");
        String where = op.path("operationId").asText() + " " + name;
        assertThat(picker.isObject()).as(where + " has a picker").isTrue();
        JsonNode list = operations.get(picker.path("operationId").asText());
        assertThat(list).as(where + ": the picker's operation exists").isNotNull();
        JsonNode page = resolve(list.path("responses").path("200").path("schema"));
        JsonNode item = resolve(page.path("properties").path("value").path("items"));
        assertThat(page.path("properties").path("value").path("type").asText()).isEqualTo("array");
        for (String field : List.of("value-path", "value-title")) {
          assertThat(
                  item.path("properties").path(picker.path(field).asText()).path("type").asText())
              .as(where + ": each listed item has its " + field)
              .isEqualTo("string");
        }
        checked.add(where);
      }
    }
    assertThat(checked).hasSizeGreaterThan(10);
    for (String[] field :
        List.of(
            new String[] {"SetupRequest", "applicationTemplateId"},
            new String[] {"CreateJobRequest", "templateId"})) {
      JsonNode picker =
          definition
              .path("definitions")
              .path(field[0])
              .path("properties")
              .path(field[1])
              .path("x-ms-dynamic-values");
      JsonNode list = operations.get(picker.path("operationId").asText());
      assertThat(list).as(field[0] + "." + field[1] + " has a picker").isNotNull();
      JsonNode item =
          resolve(
              resolve(list.path("responses").path("200").path("schema"))
                  .path("properties")
                  .path("value")
                  .path("items"));
      assertThat(item.path("properties").has(picker.path("value-path").asText())).isTrue();
    }
  }

  /** Every operation of the definition, by operationId. */
  private Map<String, JsonNode> operations() {
    Map<String, JsonNode> byId = new TreeMap<>();
    definition
        .path("paths")
        .forEach(
            path ->
                path.forEach(
                    op -> {
                      if (op.has("operationId")) {
                        byId.put(op.path("operationId").asText(), op);
                      }
                    }));
    return byId;
  }

  private JsonNode resolve(JsonNode schema) {
    String ref = schema.path("$ref").asText("");
    return ref.isEmpty()
        ? schema
        : definition.path("definitions").path(ref.substring(ref.lastIndexOf('/') + 1));
  }

  @Test
  void definitionChangesOnlyWithANewVersion() throws Exception {
    JsonNode lock =
        JSON.readTree(getClass().getResourceAsStream("/connector/definition-version.json"));
    String hash = fingerprint(definition);
    String expected =
        "{\"version\": \"" + DefinitionBuilder.API_VERSION + "\", \"sha256\": \"" + hash + "\"}";

    if (!hash.equals(lock.path("sha256").asText())) {
      assertThat(DefinitionBuilder.API_VERSION)
          .as("the definition changed: bump DefinitionBuilder.API_VERSION, then record " + expected)
          .isNotEqualTo(lock.path("version").asText());
    }
    assertThat(lock.path("version").asText() + " " + lock.path("sha256").asText())
        .as(
            "record the current definition in src/test/resources/connector/definition-version.json: "
                + expected)
        .isEqualTo(DefinitionBuilder.API_VERSION + " " + hash);
  }

  /** A hash of the definition without its version and host, with keys in a stable order. */
  static String fingerprint(JsonNode definition) throws Exception {
    ObjectNode copy = definition.deepCopy();
    ((ObjectNode) copy.path("info")).remove("version");
    copy.remove("host");
    copy.remove("schemes");
    Object canonical = JSON.treeToValue(copy, Object.class);
    String text =
        JSON.copy()
            .configure(
                com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .writeValueAsString(sortDeep(canonical));
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  @SuppressWarnings("unchecked")
  private static Object sortDeep(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> sorted = new TreeMap<>();
      map.forEach((k, v) -> sorted.put((String) k, sortDeep(v)));
      return sorted;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(sortDeep(v)));
      return out;
    }
    return value;
  }
}
