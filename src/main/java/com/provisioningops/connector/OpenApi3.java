package com.provisioningops.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Renders a Swagger 2.0 definition as OpenAPI 3.0.3: the same operations and schemas. */
final class OpenApi3 {
  private static final ObjectMapper JSON = new ObjectMapper();

  private OpenApi3() {}

  static ObjectNode from(ObjectNode swagger, DefinitionBuilder.Target target) {
    ObjectNode root = JSON.createObjectNode();
    root.put("openapi", "3.0.3");
    root.set("info", swagger.get("info"));
    root.putArray("servers").addObject().put("url", target.base() + "/api");
    ObjectNode paths = root.putObject("paths");
    swagger
        .get("paths")
        .fields()
        .forEachRemaining(
            path -> {
              ObjectNode item = paths.putObject(path.getKey());
              path.getValue()
                  .fields()
                  .forEachRemaining(
                      m -> {
                        // Path-level extensions (a webhook's notification content) stay Swagger's.
                        if (!m.getKey().startsWith("x-")) {
                          item.set(m.getKey(), operation((ObjectNode) m.getValue()));
                        }
                      });
            });
    ObjectNode components = root.putObject("components");
    ObjectNode schemas = components.putObject("schemas");
    swagger
        .get("definitions")
        .fields()
        .forEachRemaining(d -> schemas.set(d.getKey(), refs(d.getValue().deepCopy())));
    ObjectNode problem = schemas.putObject("Problem");
    problem.put("type", "object");
    ObjectNode props = problem.putObject("properties");
    for (String p : new String[] {"type", "title", "detail", "instance", "requestId"}) {
      props.putObject(p).put("type", "string");
    }
    props.putObject("status").put("type", "integer");
    ObjectNode security = components.putObject("securitySchemes");
    swagger
        .get("securityDefinitions")
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode def = e.getValue();
              ObjectNode scheme = security.putObject(e.getKey());
              if (def.path("type").asText().equals("apiKey")) {
                scheme
                    .put("type", "apiKey")
                    .put("in", def.path("in").asText())
                    .put("name", def.path("name").asText());
              } else {
                scheme.put("type", "oauth2");
                ObjectNode flow = scheme.putObject("flows").putObject("authorizationCode");
                flow.put("authorizationUrl", def.path("authorizationUrl").asText());
                flow.put("tokenUrl", def.path("tokenUrl").asText());
                flow.set("scopes", def.path("scopes"));
              }
            });
    root.set("security", swagger.get("security"));
    root.set("tags", swagger.get("tags"));
    return root;
  }

  private static ObjectNode operation(ObjectNode op) {
    ObjectNode out = op.deepCopy();
    out.remove("parameters");
    ArrayNode parameters = JSON.createArrayNode();
    for (JsonNode p : op.path("parameters")) {
      if (p.path("in").asText().equals("body")) {
        ObjectNode body = out.putObject("requestBody");
        body.put("required", true);
        body.putObject("content")
            .putObject("application/json")
            .set("schema", refs(p.get("schema").deepCopy()));
      } else {
        ObjectNode param = JSON.createObjectNode();
        param.put("name", p.path("name").asText());
        param.put("in", p.path("in").asText());
        param.put("required", p.path("required").asBoolean());
        if (p.has("description")) {
          param.put("description", p.path("description").asText());
        }
        ObjectNode schema = param.putObject("schema");
        schema.put("type", p.path("type").asText("string"));
        if (p.has("format")) {
          schema.put("format", p.path("format").asText());
        }
        // The same rules as in the connector's definition: the server checks them either way.
        for (String rule :
            List.of("enum", "pattern", "minimum", "maximum", "minLength", "maxLength")) {
          if (p.has(rule)) {
            schema.set(rule, p.get(rule));
          }
        }
        for (String extension : List.of("x-ms-summary", "x-ms-visibility", "x-ms-url-encoding")) {
          if (p.has(extension)) {
            param.set(extension, p.get(extension));
          }
        }
        JsonNode picker = p.get("x-ms-dynamic-values");
        if (picker != null) {
          param.set("x-ms-dynamic-values", picker);
          // The OpenAPI 3 form Power Platform reads for the same picker.
          param
              .putObject("x-ms-dynamic-list")
              .put("operationId", picker.path("operationId").asText())
              .put("itemsPath", picker.path("value-collection").asText())
              .put("itemValuePath", picker.path("value-path").asText())
              .put("itemTitlePath", picker.path("value-title").asText());
        }
        parameters.add(param);
      }
    }
    if (!parameters.isEmpty()) {
      out.set("parameters", parameters);
    }
    ObjectNode responses = JSON.createObjectNode();
    op.path("responses")
        .fields()
        .forEachRemaining(
            r -> {
              ObjectNode response = responses.putObject(r.getKey());
              response.put("description", r.getValue().path("description").asText());
              JsonNode schema = r.getValue().get("schema");
              if (schema != null) {
                response
                    .putObject("content")
                    .putObject("application/json")
                    .set("schema", refs(schema.deepCopy()));
              } else if (r.getKey().equals("default")) {
                response
                    .putObject("content")
                    .putObject("application/problem+json")
                    .putObject("schema")
                    .put("$ref", "#/components/schemas/Problem");
              }
            });
    out.set("responses", responses);
    return out;
  }

  private static JsonNode refs(JsonNode node) {
    if (node.isObject()) {
      ObjectNode o = (ObjectNode) node;
      Iterator<Map.Entry<String, JsonNode>> it = o.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().equals("$ref")) {
          e.setValue(
              JSON.getNodeFactory()
                  .textNode(
                      e.getValue().asText().replace("#/definitions/", "#/components/schemas/")));
        } else {
          refs(e.getValue());
        }
      }
    } else if (node.isArray()) {
      node.forEach(OpenApi3::refs);
    }
    return node;
  }
}
