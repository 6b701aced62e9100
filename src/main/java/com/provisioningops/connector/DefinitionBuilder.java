package com.provisioningops.connector;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds the app's OpenAPI 2.0 definition, which Power Automate imports as a custom connector, from
 * the operation specs alone, and the OpenAPI 3.0 rendering of the same API. The connector
 * definition meets the Power Platform certification rules (titles, summaries, {@code x-ms-*}
 * extensions, one schema per operation, no schema on {@code default}).
 */
public final class DefinitionBuilder {
  /** Bump whenever the definition changes; the drift test refuses a change without a bump. */
  public static final String API_VERSION = "1.14.0";

  static final String TITLE = "Provisioning Ops";
  static final String DESCRIPTION =
      "Set up and watch Microsoft Entra application provisioning from your flows: instantiate"
          + " gallery apps, create and start provisioning jobs, save credentials held in Key"
          + " Vault, and read each job's health in plain language.";
  static final String API_KEY = "apiKeyHeader";
  static final String OAUTH = "oauth2Auth";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<OperationSpec> operations;

  /**
   * Where the API is reached and how callers authenticate.
   *
   * @param base scheme, host and port of the app; the base path is always {@code /api}
   * @param oauth the Entra ID sign-in for the OAuth2 variant, when configured
   */
  public record Target(URI base, Optional<EntraSignIn> oauth) {}

  /**
   * The Entra ID app registration behind the OAuth2 (authorization code) variant.
   *
   * @param tenantId the tenant, or {@code common}
   * @param resourceUri the application ID URI of the API's app registration
   * @param clientId the client id of the connector's own app registration, when known
   */
  public record EntraSignIn(String tenantId, String resourceUri, Optional<String> clientId) {}

  private final boolean includeInternal;

  public DefinitionBuilder(List<OperationSpec> operations) {
    this(operations, false);
  }

  private DefinitionBuilder(List<OperationSpec> operations, boolean includeInternal) {
    this.operations = List.copyOf(operations);
    this.includeInternal = includeInternal;
  }

  /** The Swagger 2.0 connector definition: connector operations only. */
  public ObjectNode swagger(Target target) {
    Schemas schemas = new Schemas();
    ObjectNode root = JSON.createObjectNode();
    root.put("swagger", "2.0");
    root.set("info", info());
    root.put("host", target.base().getAuthority());
    root.put("basePath", "/api");
    ArrayNode schemes = root.putArray("schemes");
    schemes.add("https");
    if ("http".equals(target.base().getScheme())) {
      schemes.add("http");
    }
    root.putArray("consumes").add("application/json");
    root.putArray("produces").add("application/json").add("application/problem+json");
    ObjectNode paths = root.putObject("paths");
    for (OperationSpec op : sorted(true)) {
      ObjectNode path =
          paths.has("/" + op.route())
              ? (ObjectNode) paths.get("/" + op.route())
              : paths.putObject("/" + op.route());
      path.set(op.method().toLowerCase(Locale.ROOT), operation(op, schemas, target));
      if (op.operation().triggerMode() == Operation.TriggerMode.WEBHOOK) {
        ObjectNode content = path.putObject("x-ms-notification-content");
        content.put("description", "What the app posts to the flow for each alert change.");
        content.set("schema", schemas.reference(op.operation().notification()));
      }
    }
    ObjectNode definitions = root.putObject("definitions");
    schemas.definitions().forEach(definitions::set);
    ObjectNode security = root.putObject("securityDefinitions");
    if (target.oauth().isPresent()) {
      EntraSignIn entra = target.oauth().get();
      ObjectNode oauth = security.putObject(OAUTH);
      oauth.put("type", "oauth2");
      oauth.put("flow", "accessCode");
      oauth.put(
          "authorizationUrl",
          "https://login.microsoftonline.com/" + entra.tenantId() + "/oauth2/authorize");
      oauth.put(
          "tokenUrl", "https://login.microsoftonline.com/" + entra.tenantId() + "/oauth2/token");
      oauth
          .putObject("scopes")
          .put(entra.resourceUri() + "/user_impersonation", "Call Provisioning Ops as you");
      root.putArray("security").addObject().putArray(OAUTH);
    } else {
      ObjectNode key = security.putObject(API_KEY);
      key.put("type", "apiKey");
      key.put("in", "header");
      key.put("name", "x-functions-key");
      key.put("description", "The function key of the Provisioning Ops app.");
      root.putArray("security").addObject().putArray(API_KEY);
    }
    ArrayNode tags = root.putArray("tags");
    sorted(true).stream()
        .map(o -> o.operation().tag())
        .filter(t -> !t.isBlank())
        .distinct()
        .sorted()
        .forEach(t -> tags.addObject().put("name", t));
    ArrayNode metadata = root.putArray("x-ms-connector-metadata");
    metadata
        .addObject()
        .put("propertyName", "Website")
        .put("propertyValue", "https://github.com/provisioning-ops/provisioning-ops");
    metadata
        .addObject()
        .put("propertyName", "Privacy policy")
        .put(
            "propertyValue",
            "https://github.com/provisioning-ops/provisioning-ops/blob/main/docs/privacy.md");
    metadata
        .addObject()
        .put("propertyName", "Categories")
        .put("propertyValue", "IT Operations;Security");
    return root;
  }

  private ObjectNode info() {
    ObjectNode info = JSON.createObjectNode();
    info.put("title", TITLE);
    info.put("description", DESCRIPTION);
    info.put("version", API_VERSION);
    ObjectNode contact = info.putObject("contact");
    contact.put("name", "Provisioning Ops maintainers");
    contact.put("url", "https://github.com/provisioning-ops/provisioning-ops/issues");
    contact.put("email", "provisioning-ops@example.com");
    return info;
  }

  private ObjectNode operation(OperationSpec spec, Schemas schemas, Target target) {
    Operation op = spec.operation();
    ObjectNode node = JSON.createObjectNode();
    if (!op.tag().isBlank()) {
      node.putArray("tags").add(op.tag());
    }
    node.put("summary", op.summary());
    node.put(
        "description",
        op.description()
            + UserRights.of(op).map(rights -> " " + UserRights.sentence(rights)).orElse(""));
    node.put("operationId", op.id());
    if (op.visibility() != Operation.Visibility.NONE) {
      node.put("x-ms-visibility", op.visibility().name().toLowerCase(Locale.ROOT));
    }
    ArrayNode params = node.putArray("parameters");
    for (String name : spec.pathParameters()) {
      ObjectNode p = params.addObject();
      p.put("name", name);
      p.put("in", "path");
      p.put("required", true);
      p.put("type", "string");
      PathParameters.constrain(name, p);
      p.put("description", PathParameters.description(name));
      p.put("x-ms-summary", PathParameters.summary(name));
      p.put("x-ms-visibility", "important");
      p.put("x-ms-url-encoding", "single");
    }
    for (Operation.Param q : op.query()) {
      ObjectNode p = params.addObject();
      p.put("name", q.name());
      p.put("in", q.in());
      p.put("required", q.required());
      p.put("type", q.type());
      if (!q.format().isBlank()) {
        p.put("format", q.format());
      }
      // The bounds the server checks, from the same constants its validation uses.
      if (q.minimum() != Integer.MIN_VALUE) {
        p.put("minimum", q.minimum());
      }
      if (q.maximum() != Integer.MAX_VALUE) {
        p.put("maximum", q.maximum());
      }
      if (!q.pattern().isBlank()) {
        p.put("pattern", q.required() ? "^(?:" + q.pattern() + ")$" : "^(?:" + q.pattern() + ")?$");
      }
      if (q.minLength() > 0) {
        p.put("minLength", q.minLength());
      }
      if (q.maxLength() >= 0) {
        p.put("maxLength", q.maxLength());
      }
      if (q.allowed().length > 0) {
        ArrayNode allowed = p.putArray("enum");
        for (String a : q.allowed()) {
          allowed.add(a);
        }
      }
      PathParameters.offerPicker(q.name(), p, false);
      p.put("description", q.description());
      p.put("x-ms-summary", q.summary());
      if (q.visibility() != Operation.Visibility.NONE) {
        p.put("x-ms-visibility", q.visibility().name().toLowerCase(Locale.ROOT));
      } else if (q.required()) {
        p.put("x-ms-visibility", "important");
      }
    }
    if (op.request() != Void.class) {
      ObjectNode body = params.addObject();
      body.put("name", "body");
      body.put("in", "body");
      body.put("required", true);
      body.put("description", "The request.");
      body.put("x-ms-summary", "Request");
      body.put("x-ms-visibility", "important");
      body.set("schema", schemas.reference(op.request()));
    }
    if (params.isEmpty()) {
      node.remove("parameters");
    }
    ObjectNode responses = node.putObject("responses");
    ObjectNode ok = responses.putObject(Integer.toString(op.status()));
    ok.put(
        "description",
        switch (op.status()) {
          case 201 -> "Created";
          case 202 -> "Accepted";
          case 204 -> "No Content";
          default -> "OK";
        });
    if (op.response() != Void.class) {
      ok.set("schema", schemas.reference(op.response()));
    }
    responses
        .putObject("default")
        .put(
            "description",
            "A problem (application/problem+json): type, title, status, detail, and Graph's requestId.");
    if (op.pageable()) {
      node.putObject("x-ms-pageable").put("nextLinkName", "nextLink");
    }
    if (!op.trigger().isBlank()) {
      node.put("x-ms-trigger", op.trigger());
      node.put("x-ms-trigger-hint", op.triggerHint());
    }
    if (op.triggerMode() == Operation.TriggerMode.POLLING) {
      node.putObject("x-ms-trigger-metadata").put("kind", "query").put("mode", "polling");
      responses
          .putObject("202")
          .put(
              "description",
              "Nothing new yet: call Location again after Retry-After. Location carries the state.");
    }
    if (spec.auth() == OperationSpec.Auth.ANONYMOUS) {
      node.putArray("security");
    }
    return node;
  }

  /** The OpenAPI 3.0 rendering: every documented operation, the internal ones too. */
  public ObjectNode openApi3(Target target) {
    return OpenApi3.from(new DefinitionBuilder(operations, true).swagger(target), target);
  }

  private List<OperationSpec> sorted(boolean connectorOnly) {
    Map<String, OperationSpec> byKey = new TreeMap<>();
    for (OperationSpec op : operations) {
      boolean catchAll = op.route().contains("{*");
      if (catchAll || (connectorOnly && !includeInternal && !op.operation().connector())) {
        continue;
      }
      byKey.put(op.route() + " " + op.method(), op);
    }
    return List.copyOf(byKey.values());
  }
}
