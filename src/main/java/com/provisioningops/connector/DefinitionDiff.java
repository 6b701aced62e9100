package com.provisioningops.connector;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares a previously exported definition with the current one and says what changed, each change
 * marked breaking when a flow built on the old definition could fail: an operation or parameter
 * removed, a parameter or request property newly required, a parameter's constraint tightened or
 * its picker removed, a type changed, a response property removed.
 */
public final class DefinitionDiff {

  /**
   * One difference.
   *
   * @param change what kind of change, such as {@code operationRemoved}
   * @param operationId the operation it concerns
   * @param location where, such as {@code parameter jobId} or {@code response health.state}
   * @param breaking whether flows built on the previous definition may fail
   * @param description the change in a sentence
   */
  public record Change(
      String change, String operationId, String location, boolean breaking, String description) {}

  /**
   * The verdict.
   *
   * @param previousVersion {@code info.version} of the given definition
   * @param currentVersion {@code info.version} of the app's definition now
   * @param breaking whether any change is breaking
   * @param reimport whether anything changed, so the connector should be re-imported
   * @param changes every change found
   */
  public record Result(
      String previousVersion,
      String currentVersion,
      boolean breaking,
      boolean reimport,
      List<Change> changes) {}

  private DefinitionDiff() {}

  /** Compares {@code previous} with {@code current}. */
  public static Result compare(JsonNode previous, JsonNode current) {
    List<Change> changes = new ArrayList<>();
    Map<String, JsonNode> before = operations(previous);
    Map<String, JsonNode> after = operations(current);
    for (var e : before.entrySet()) {
      JsonNode now = after.get(e.getKey());
      if (now == null) {
        changes.add(
            new Change(
                "operationRemoved",
                e.getKey(),
                "operation",
                true,
                "The operation " + e.getKey() + " no longer exists."));
        continue;
      }
      if (!e.getValue().path("x-path").equals(now.path("x-path"))) {
        changes.add(
            new Change(
                "operationMoved",
                e.getKey(),
                "path",
                true,
                e.getKey()
                    + " moved from "
                    + e.getValue().path("x-path").asText()
                    + " to "
                    + now.path("x-path").asText()
                    + "."));
      }
      if (!e.getValue().path("x-ms-trigger").equals(now.path("x-ms-trigger"))
          || !e.getValue()
              .path("x-ms-trigger-metadata")
              .equals(now.path("x-ms-trigger-metadata"))) {
        changes.add(
            new Change(
                "triggerChanged",
                e.getKey(),
                "x-ms-trigger",
                true,
                e.getKey() + " is no longer the same kind of trigger: flows must pick it again."));
      }
      if (e.getValue().has("x-notification") && now.has("x-notification")) {
        schema(
            e.getKey(),
            "notification",
            resolve(previous, e.getValue().get("x-notification")),
            resolve(current, now.get("x-notification")),
            previous,
            current,
            false,
            changes,
            new HashSet<>());
      }
      parameters(e.getKey(), e.getValue(), now, previous, current, changes);
      JsonNode oldResponse = success(e.getValue());
      JsonNode newResponse = success(now);
      if (oldResponse != null && newResponse != null) {
        schema(
            e.getKey(),
            "response",
            resolve(previous, oldResponse),
            resolve(current, newResponse),
            previous,
            current,
            false,
            changes,
            new HashSet<>());
      }
    }
    for (String id : after.keySet()) {
      if (!before.containsKey(id)) {
        changes.add(
            new Change(
                "operationAdded", id, "operation", false, "The operation " + id + " is new."));
      }
    }
    boolean breaking = changes.stream().anyMatch(Change::breaking);
    return new Result(
        previous.path("info").path("version").asText(""),
        current.path("info").path("version").asText(""),
        breaking,
        !changes.isEmpty(),
        changes);
  }

  private static Map<String, JsonNode> operations(JsonNode definition) {
    Map<String, JsonNode> ops = new LinkedHashMap<>();
    definition
        .path("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fields()
                    .forEachRemaining(
                        m -> {
                          if (m.getKey().startsWith("x-")) {
                            return; // the webhook's notification content: compared with its POST
                          }
                          JsonNode op = m.getValue().deepCopy();
                          JsonNode notification =
                              path.getValue().path("x-ms-notification-content").path("schema");
                          if (m.getKey().equals("post") && !notification.isMissingNode()) {
                            ((com.fasterxml.jackson.databind.node.ObjectNode) op)
                                .set("x-notification", notification);
                          }
                          String id =
                              op.path("operationId")
                                  .asText(m.getKey().toUpperCase() + " " + path.getKey());
                          ((com.fasterxml.jackson.databind.node.ObjectNode) op)
                              .put("x-path", m.getKey().toUpperCase() + " " + path.getKey());
                          ops.put(id, op);
                        }));
    return ops;
  }

  private static void parameters(
      String id,
      JsonNode before,
      JsonNode after,
      JsonNode prevDoc,
      JsonNode curDoc,
      List<Change> changes) {
    Map<String, JsonNode> old = byName(before);
    Map<String, JsonNode> now = byName(after);
    for (var e : old.entrySet()) {
      JsonNode p = now.get(e.getKey());
      String where = "parameter " + e.getValue().path("name").asText();
      if (p == null) {
        changes.add(
            new Change("parameterRemoved", id, where, true, "The " + where + " was removed."));
        continue;
      }
      if (!e.getValue().path("required").asBoolean() && p.path("required").asBoolean()) {
        changes.add(
            new Change(
                "parameterNowRequired", id, where, true, "The " + where + " is now required."));
      }
      if (!e.getValue().path("type").asText().equals(p.path("type").asText())) {
        changes.add(
            new Change(
                "parameterTypeChanged",
                id,
                where,
                true,
                "The "
                    + where
                    + " changed type from "
                    + e.getValue().path("type").asText()
                    + " to "
                    + p.path("type").asText()
                    + "."));
      }
      if (e.getValue().has("x-ms-dynamic-values") && !p.has("x-ms-dynamic-values")) {
        changes.add(
            new Change(
                "pickerRemoved",
                id,
                where,
                true,
                "The " + where + " no longer offers its values to pick from."));
      }
      String tightened = tightened(e.getValue(), p);
      if (tightened != null) {
        changes.add(
            new Change(
                "parameterConstraintTightened",
                id,
                where,
                true,
                "The " + where + " now refuses values it took before: " + tightened + "."));
      }
      if (e.getValue().has("schema") && p.has("schema")) {
        schema(
            id,
            "request",
            resolve(prevDoc, e.getValue().get("schema")),
            resolve(curDoc, p.get("schema")),
            prevDoc,
            curDoc,
            true,
            changes,
            new HashSet<>());
      }
    }
    for (var e : now.entrySet()) {
      if (!old.containsKey(e.getKey())) {
        boolean required = e.getValue().path("required").asBoolean();
        changes.add(
            new Change(
                required ? "requiredParameterAdded" : "parameterAdded",
                id,
                "parameter " + e.getValue().path("name").asText(),
                required,
                "The "
                    + (required ? "required " : "optional ")
                    + "parameter "
                    + e.getValue().path("name").asText()
                    + " was added."));
      }
    }
  }

  /**
   * How a parameter's constraints now refuse values the previous definition allowed (a lower
   * maximum, a higher minimum, a shorter maxLength, a new or changed pattern or format, an enum
   * value gone), or null when they do not.
   */
  private static String tightened(JsonNode before, JsonNode after) {
    if (after.has("maximum")
        && (!before.has("maximum")
            || after.get("maximum").asLong() < before.get("maximum").asLong())) {
      return "maximum " + after.get("maximum").asText();
    }
    if (after.has("minimum")
        && (!before.has("minimum")
            || after.get("minimum").asLong() > before.get("minimum").asLong())) {
      return "minimum " + after.get("minimum").asText();
    }
    if (after.has("maxLength")
        && (!before.has("maxLength")
            || after.get("maxLength").asLong() < before.get("maxLength").asLong())) {
      return "maxLength " + after.get("maxLength").asText();
    }
    for (String rule : List.of("pattern", "format")) {
      if (after.has(rule) && !after.get(rule).equals(before.get(rule))) {
        return rule + " " + after.get(rule).asText();
      }
    }
    if (after.has("enum")) {
      Set<String> allowed = new HashSet<>();
      after.get("enum").forEach(v -> allowed.add(v.asText()));
      if (!before.has("enum")) {
        return "only " + allowed;
      }
      for (JsonNode v : before.get("enum")) {
        if (!allowed.contains(v.asText())) {
          return "no longer " + v.asText();
        }
      }
    }
    return null;
  }

  private static Map<String, JsonNode> byName(JsonNode op) {
    Map<String, JsonNode> params = new LinkedHashMap<>();
    for (JsonNode p : op.path("parameters")) {
      params.put(p.path("in").asText() + ":" + p.path("name").asText(), p);
    }
    return params;
  }

  private static JsonNode success(JsonNode op) {
    Iterator<Map.Entry<String, JsonNode>> it = op.path("responses").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> r = it.next();
      if (r.getKey().startsWith("2") && r.getValue().has("schema")) {
        return r.getValue().get("schema");
      }
    }
    return null;
  }

  private static JsonNode resolve(JsonNode doc, JsonNode schema) {
    JsonNode current = schema;
    for (int i = 0; i < 10 && current.has("$ref"); i++) {
      String ref = current.get("$ref").asText();
      current = doc.path("definitions").path(ref.substring(ref.lastIndexOf('/') + 1));
    }
    return current;
  }

  private static void schema(
      String id,
      String location,
      JsonNode before,
      JsonNode after,
      JsonNode prevDoc,
      JsonNode curDoc,
      boolean request,
      List<Change> changes,
      Set<String> seen) {
    if (!seen.add(location) || seen.size() > 500) {
      return;
    }
    String oldType = before.path("type").asText("object");
    String newType = after.path("type").asText("object");
    if (!oldType.equals(newType)) {
      changes.add(
          new Change(
              "typeChanged",
              id,
              location,
              true,
              "The " + location + " changed type from " + oldType + " to " + newType + "."));
      return;
    }
    if (oldType.equals("array")) {
      schema(
          id,
          location + "[]",
          resolve(prevDoc, before.path("items")),
          resolve(curDoc, after.path("items")),
          prevDoc,
          curDoc,
          request,
          changes,
          seen);
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
                    new Change(
                        request ? "requestPropertyRemoved" : "responsePropertyRemoved",
                        id,
                        where,
                        !request || oldRequired.contains(p.getKey()),
                        "The " + where + " property was removed."));
              } else {
                schema(
                    id,
                    where,
                    resolve(prevDoc, p.getValue()),
                    resolve(curDoc, now),
                    prevDoc,
                    curDoc,
                    request,
                    changes,
                    seen);
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
                    new Change(
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
              new Change(
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
}
