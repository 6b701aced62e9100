package com.provisioningops.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.provisioningops.api.Matches;
import com.provisioningops.api.MaxSize;
import com.provisioningops.api.NotificationUrl;
import com.provisioningops.api.OneOf;
import com.provisioningops.api.PickFrom;
import com.provisioningops.api.Required;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * JSON schemas of the request and response records, generated from the records themselves by a
 * maintained generator (victools) and trimmed to what Swagger 2.0 and the connector rules accept:
 * every property gets an {@code x-ms-summary}, every object a definition under {@code
 * #/definitions}.
 */
final class Schemas {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> SWAGGER_SCHEMA_KEYS =
      Set.of(
          "$ref",
          "format",
          "title",
          "description",
          "default",
          "maximum",
          "minimum",
          "maxLength",
          "minLength",
          "pattern",
          "maxItems",
          "minItems",
          "required",
          "enum",
          "additionalProperties",
          "type",
          "items",
          "properties",
          "readOnly",
          "example",
          "x-ms-summary",
          "x-ms-visibility",
          "x-ms-notification-url",
          "x-ms-dynamic-values",
          "x-nullable");

  private final SchemaGenerator generator;
  private final Map<String, ObjectNode> definitions = new TreeMap<>();
  private final Map<String, Class<?>> classes = new HashMap<>();

  Schemas() {
    SchemaGeneratorConfigBuilder config =
        new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_7, OptionPreset.PLAIN_JSON)
            .with(Option.DEFINITIONS_FOR_ALL_OBJECTS)
            .with(Option.DEFINITION_FOR_MAIN_SCHEMA)
            // The server refuses a field it does not know; the schema says so.
            .with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT)
            .without(Option.SCHEMA_VERSION_INDICATOR);
    config
        .forTypesInGeneral()
        .withDefinitionNamingStrategy(
            (key, context) -> {
              Class<?> type = key.getType().getErasedType();
              classes.putIfAbsent(simpleName(type), type);
              return simpleName(type);
            });
    config
        .forFields()
        .withIgnoreCheck(f -> f.isStatic() || f.getDeclaringType().getErasedType().isEnum())
        .withRequiredCheck(f -> f.getAnnotationConsideringFieldAndGetter(Required.class) != null)
        // The server treats a blank required text, or an empty required list, as missing.
        .withStringMinLengthResolver(
            f ->
                f.getAnnotationConsideringFieldAndGetter(Required.class) != null
                        && f.getType().getErasedType() == String.class
                    ? 1
                    : null)
        .withStringMaxLengthResolver(
            f -> {
              MaxSize max = f.getAnnotationConsideringFieldAndGetter(MaxSize.class);
              return max != null
                      && !f.isFakeContainerItemScope()
                      && f.getType().getErasedType() == String.class
                  ? max.value()
                  : null;
            })
        .withArrayMaxItemsResolver(
            f -> {
              MaxSize max = f.getAnnotationConsideringFieldAndGetter(MaxSize.class);
              return max != null && f.getType().isInstanceOf(java.util.Collection.class)
                  ? max.value()
                  : null;
            })
        .withArrayMinItemsResolver(
            f ->
                f.getAnnotationConsideringFieldAndGetter(Required.class) != null
                        && f.getType().isInstanceOf(java.util.Collection.class)
                    ? 1
                    : null);
    config
        .forFields()
        .withInstanceAttributeOverride(
            (node, field, context) -> {
              if (field.isFakeContainerItemScope()) {
                // A list's annotations describe the list; its items take only its values (an
                // object item keeps its bare $ref, which Swagger allows no siblings of).
                OneOf values = field.getAnnotationConsideringFieldAndGetter(OneOf.class);
                if (values != null) {
                  ArrayNode allowed = node.putArray("enum");
                  for (String v : values.value()) {
                    allowed.add(v);
                  }
                }
                return;
              }
              if (field.getAnnotationConsideringFieldAndGetter(NotificationUrl.class) != null) {
                node.put("x-ms-notification-url", true);
                node.put("x-ms-visibility", "internal");
              } else if (field.getAnnotationConsideringFieldAndGetter(Required.class) != null) {
                // The designer shows what a step cannot run without first.
                node.put("x-ms-visibility", "important");
              }
              Matches matches = field.getAnnotationConsideringFieldAndGetter(Matches.class);
              if (matches != null) {
                node.put("pattern", "^(?:" + matches.value() + ")$");
              }
              // An optional value may be sent as null (a flow's empty dynamic content): the
              // server reads it as not given, and the definition says so.
              Class<?> type = field.getType().getErasedType();
              if (field.getAnnotationConsideringFieldAndGetter(Required.class) == null
                  && (type == String.class || type == Boolean.class || type == Integer.class)) {
                node.put("x-nullable", true);
              }
              PickFrom pick = field.getAnnotationConsideringFieldAndGetter(PickFrom.class);
              if (pick != null) {
                ObjectNode values =
                    node.putObject("x-ms-dynamic-values")
                        .put("operationId", pick.operation())
                        .put("value-collection", "value")
                        .put("value-path", pick.value())
                        .put("value-title", pick.title());
                if (!pick.parameter().isEmpty()) {
                  values
                      .putObject("parameters")
                      .putObject(pick.parameter())
                      .put("parameter", pick.parameter());
                }
              }
              OneOf oneOf = field.getAnnotationConsideringFieldAndGetter(OneOf.class);
              if (oneOf != null) {
                // A list's values are its items'; a text's, its own.
                boolean list = field.getType().isInstanceOf(java.util.Collection.class);
                ObjectNode target = list ? node.putObject("items").put("type", "string") : node;
                ArrayNode values = target.putArray("enum");
                for (String v : oneOf.value()) {
                  values.add(v);
                }
              }
            });
    config
        .forTypesInGeneral()
        .withCustomDefinitionProvider(
            (type, context) -> {
              if (java.util.Map.class.isAssignableFrom(type.getErasedType())) {
                // Free-form JSON, such as a SCIM user: any members, of any type.
                ObjectNode node = JSON.createObjectNode().put("type", "object");
                node.putObject("additionalProperties");
                return new com.github.victools.jsonschema.generator.CustomDefinition(
                    node,
                    com.github.victools.jsonschema.generator.CustomDefinition.DefinitionType.INLINE,
                    com.github.victools.jsonschema.generator.CustomDefinition.AttributeInclusion
                        .YES);
              }
              if (type.getErasedType() == Instant.class) {
                ObjectNode node =
                    JSON.createObjectNode().put("type", "string").put("format", "date-time");
                return new com.github.victools.jsonschema.generator.CustomDefinition(
                    node,
                    com.github.victools.jsonschema.generator.CustomDefinition.DefinitionType.INLINE,
                    com.github.victools.jsonschema.generator.CustomDefinition.AttributeInclusion
                        .NO);
              }
              return null;
            });
    this.generator = new SchemaGenerator(config.build());
  }

  /** A {@code $ref} to {@code type}'s definition, generating it (and what it uses) once. */
  ObjectNode reference(Class<?> type) {
    ObjectNode schema = generator.generateSchema(type);
    JsonNode defs = schema.remove("definitions");
    if (defs != null) {
      defs.fields()
          .forEachRemaining(
              e -> definitions.putIfAbsent(e.getKey(), swaggerize((ObjectNode) e.getValue())));
    }
    if (schema.has("$ref")) {
      return JSON.createObjectNode().put("$ref", schema.get("$ref").asText());
    }
    String name = simpleName(type);
    definitions.putIfAbsent(name, swaggerize(schema));
    return JSON.createObjectNode().put("$ref", "#/definitions/" + name);
  }

  /**
   * The definitions, finished for the connector: enums are inlined where they are used (so the
   * property keeps its {@code x-ms-summary}), each property that is not a reference takes its
   * record component's {@code @param} text as its {@code description}, and each object definition
   * carries a summary of its own for properties that refer to it.
   */
  Map<String, ObjectNode> definitions() {
    Map<String, ObjectNode> finished = new TreeMap<>();
    definitions.forEach(
        (name, schema) -> {
          if (!schema.has("enum")) {
            ObjectNode copy = schema.deepCopy();
            inlineEnums(copy);
            describe(copy, classes.get(name));
            copy.put("x-ms-summary", DesignerNames.of(name));
            finished.put(name, copy);
          }
        });
    return finished;
  }

  private static void describe(ObjectNode schema, Class<?> type) {
    JsonNode props = schema.get("properties");
    if (props == null || type == null || !type.isRecord()) {
      return;
    }
    props
        .fields()
        .forEachRemaining(
            p -> {
              ObjectNode prop = (ObjectNode) p.getValue();
              if (!prop.has("$ref")) {
                FieldDocs.of(type, p.getKey()).ifPresent(d -> prop.put("description", d));
              }
            });
  }

  private void inlineEnums(ObjectNode schema) {
    JsonNode props = schema.get("properties");
    if (props != null) {
      props
          .fields()
          .forEachRemaining(
              p -> {
                ObjectNode prop = (ObjectNode) p.getValue();
                ObjectNode target = enumTarget(prop);
                if (target != null) {
                  prop.removeAll();
                  prop.setAll(target.deepCopy());
                  prop.put("x-ms-summary", DesignerNames.of(p.getKey()));
                } else if (prop.has("items")) {
                  ObjectNode itemTarget = enumTarget((ObjectNode) prop.get("items"));
                  if (itemTarget != null) {
                    prop.set("items", itemTarget.deepCopy());
                  }
                }
              });
    }
  }

  private ObjectNode enumTarget(ObjectNode prop) {
    if (!prop.has("$ref")) {
      return null;
    }
    String ref = prop.get("$ref").asText();
    ObjectNode target = definitions.get(ref.substring(ref.lastIndexOf('/') + 1));
    return target != null && target.has("enum") ? target : null;
  }

  /** Trims a schema to Swagger 2.0's keywords and adds {@code x-ms-summary} to properties. */
  private static ObjectNode swaggerize(ObjectNode schema) {
    ObjectNode out = JSON.createObjectNode();
    Iterator<Map.Entry<String, JsonNode>> fields = schema.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      String key = f.getKey();
      JsonNode value = f.getValue();
      if (key.equals("type") && value.isArray()) {
        // Swagger 2.0 has no type unions: keep the non-null one.
        for (JsonNode t : value) {
          if (!t.asText().equals("null")) {
            out.put("type", t.asText());
          }
        }
        continue;
      }
      if (!SWAGGER_SCHEMA_KEYS.contains(key)) {
        continue;
      }
      if (key.equals("properties")) {
        ObjectNode props = out.putObject("properties");
        value
            .fields()
            .forEachRemaining(
                p -> {
                  ObjectNode prop = swaggerize((ObjectNode) p.getValue());
                  if (!prop.has("$ref")) {
                    prop.put("x-ms-summary", DesignerNames.of(p.getKey()));
                  }
                  props.set(p.getKey(), prop);
                });
      } else if (key.equals("items") && value.isObject()) {
        out.set("items", swaggerize((ObjectNode) value));
      } else if (key.equals("additionalProperties") && value.isObject()) {
        out.set("additionalProperties", swaggerize((ObjectNode) value));
      } else {
        out.set(key, value);
      }
    }
    if (out.has("$ref")) {
      // Swagger ignores siblings of $ref; the connector validator rejects them.
      return JSON.createObjectNode()
          .put("$ref", out.get("$ref").asText().replace("#/$defs/", "#/definitions/"));
    }
    if (!out.has("type") && out.has("properties")) {
      out.put("type", "object");
    }
    return out;
  }

  static String simpleName(Class<?> type) {
    Class<?> enclosing = type.getEnclosingClass();
    return enclosing == null ? type.getSimpleName() : simpleName(enclosing) + type.getSimpleName();
  }
}
