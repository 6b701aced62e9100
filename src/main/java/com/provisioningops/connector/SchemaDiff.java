package com.provisioningops.connector;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Compares one schema of an operation in two definitions (a request body, a response, a
 * notification) property by property, adding what changed to the diff's list: a type changed, a
 * property removed or added, a request property newly required. Breaking is judged by direction: a
 * removed response property breaks flows that read it, a newly required request property breaks
 * flows that do not send it.
 */
final class SchemaDiff {
  private final String id;
  private final JsonNode prevDoc;
  private final JsonNode curDoc;
  private final boolean request;
  private final List<DefinitionDiff.Change> changes;
  private final Set<String> seen = new HashSet<>();

  /**
   * @param id the operation
   * @param request true for what flows send (a request body), false for what they read
   */
  SchemaDiff(
      String id,
      JsonNode prevDoc,
      JsonNode curDoc,
      boolean request,
      List<DefinitionDiff.Change> changes) {
    this.id = id;
    this.prevDoc = prevDoc;
    this.curDoc = curDoc;
    this.request = request;
    this.changes = changes;
  }

  /** Compares the schemas at {@code location}, following {@code $ref}s in each document. */
  void compare(String location, JsonNode beforeSchema, JsonNode afterSchema) {
    if (!seen.add(location) || seen.size() > 500) {
      return;
    }
    JsonNode before = resolve(prevDoc, beforeSchema);
    JsonNode after = resolve(curDoc, afterSchema);
    String oldType = before.path("type").asText("object");
    String newType = after.path("type").asText("object");
    if (!oldType.equals(newType)) {
      changes.add(
          new DefinitionDiff.Change(
              "typeChanged",
              id,
              location,
              true,
              "The " + location + " changed type from " + oldType + " to " + newType + "."));
      return;
    }
    if (oldType.equals("array")) {
      compare(location + "[]", before.path("items"), after.path("items"));
      return;
    }
    Set<String> oldRequired = names(before.path("required"));
    Set<String> newRequired = names(after.path("required"));
    before
        .path("properties")
        .fields()
        .forEachRemaining(
            p -> {
              JsonNode now = after.path("properties").get(p.getKey());
              String where = location + "." + p.getKey();
              if (now == null) {
                changes.add(
                    new DefinitionDiff.Change(
                        request ? "requestPropertyRemoved" : "responsePropertyRemoved",
                        id,
                        where,
                        !request || oldRequired.contains(p.getKey()),
                        "The " + where + " property was removed."));
              } else {
                compare(where, p.getValue(), now);
              }
            });
    after
        .path("properties")
        .fields()
        .forEachRemaining(
            p -> {
              if (!before.path("properties").has(p.getKey())) {
                boolean required = request && newRequired.contains(p.getKey());
                changes.add(
                    new DefinitionDiff.Change(
                        request ? "requestPropertyAdded" : "responsePropertyAdded",
                        id,
                        location + "." + p.getKey(),
                        required,
                        "The "
                            + location
                            + "."
                            + p.getKey()
                            + " property was added"
                            + (required ? " and is required." : ".")));
              }
            });
    if (request) {
      for (String r : newRequired) {
        if (!oldRequired.contains(r) && before.path("properties").has(r)) {
          changes.add(
              new DefinitionDiff.Change(
                  "requestPropertyNowRequired",
                  id,
                  location + "." + r,
                  true,
                  "The " + location + "." + r + " property is now required."));
        }
      }
    }
  }

  private static Set<String> names(JsonNode array) {
    Set<String> names = new HashSet<>();
    array.forEach(n -> names.add(n.asText()));
    return names;
  }

  static JsonNode resolve(JsonNode doc, JsonNode schema) {
    JsonNode current = schema;
    for (int i = 0; i < 10 && current.has("$ref"); i++) {
      String ref = current.get("$ref").asText();
      current = doc.path("definitions").path(ref.substring(ref.lastIndexOf('/') + 1));
    }
    return current;
  }
}
