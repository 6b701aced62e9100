package com.provisioningops.connector;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        new SchemaDiff(e.getKey(), previous, current, false, changes)
            .compare("notification", e.getValue().get("x-notification"), now.get("x-notification"));
      }
      parameters(e.getKey(), e.getValue(), now, previous, current, changes);
      JsonNode oldResponse = success(e.getValue());
      JsonNode newResponse = success(now);
      if (oldResponse != null && newResponse != null) {
        new SchemaDiff(e.getKey(), previous, current, false, changes)
            .compare("response", oldResponse, newResponse);
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
      String tightened = Tightening.of(e.getValue(), p);
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
        new SchemaDiff(id, prevDoc, curDoc, true, changes)
            .compare("request", e.getValue().get("schema"), p.get("schema"));
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
}
