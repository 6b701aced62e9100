package com.provisioningops.adapter.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.provisioningops.monitoring.logs.LogBucket;
import com.provisioningops.monitoring.logs.LogTally;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link LogTally} as compact JSON: each bucket an array {@code [start, success, failure,
 * skipped, warning, stagedDeletes, {code: failures}]}, so a day of buckets stays a few kilobytes.
 */
final class LogTallyJson {
  private LogTallyJson() {}

  static ObjectNode write(LogTally log) {
    ObjectNode o = StorageJson.MAPPER.createObjectNode();
    o.put("j", log.jobId());
    o.put("p", log.servicePrincipalId());
    o.put("a", log.appDisplayName());
    o.put("l", log.lastEventAt() == null ? null : log.lastEventAt().toString());
    o.put("n", log.journal());
    ArrayNode buckets = o.putArray("b");
    for (LogBucket b : log.buckets()) {
      ArrayNode a = buckets.addArray();
      a.add(b.start()).add(b.success()).add(b.failure()).add(b.skipped()).add(b.warning());
      a.add(b.stagedDeletes());
      ObjectNode codes = a.addObject();
      b.failuresByCode().forEach(codes::put);
    }
    ArrayNode codes = o.putArray("c");
    for (LogTally.CodeDetail c : log.codes()) {
      ObjectNode d = codes.addObject();
      d.put("code", c.errorCode());
      d.put("category", c.category());
      d.put("reason", c.reason());
      d.put("action", c.recommendedAction());
      d.put("at", c.lastSeenAt().toString());
      ArrayNode samples = d.putArray("samples");
      c.samples().forEach(samples::add);
    }
    ArrayNode staged = o.putArray("s");
    log.stagedSamples().forEach(staged::add);
    return o;
  }

  static LogTally read(JsonNode o) {
    List<LogBucket> buckets = new ArrayList<>();
    for (JsonNode a : o.path("b")) {
      Map<String, Integer> codes = new LinkedHashMap<>();
      a.path(6).fields().forEachRemaining(e -> codes.put(e.getKey(), e.getValue().asInt()));
      buckets.add(
          new LogBucket(
              a.path(0).asLong(),
              a.path(1).asInt(),
              a.path(2).asInt(),
              a.path(3).asInt(),
              a.path(4).asInt(),
              a.path(5).asInt(),
              codes));
    }
    List<LogTally.CodeDetail> codes = new ArrayList<>();
    for (JsonNode d : o.path("c")) {
      List<String> samples = new ArrayList<>();
      d.path("samples").forEach(s -> samples.add(s.asText()));
      codes.add(
          new LogTally.CodeDetail(
              d.path("code").asText(),
              text(d, "category"),
              text(d, "reason"),
              text(d, "action"),
              List.copyOf(samples),
              Instant.parse(d.path("at").asText())));
    }
    List<String> staged = new ArrayList<>();
    o.path("s").forEach(s -> staged.add(s.asText()));
    String last = text(o, "l");
    return LogTally.restore(
        o.path("j").asText(),
        text(o, "p"),
        text(o, "a"),
        last == null ? null : Instant.parse(last),
        o.path("n").asLong(),
        buckets,
        codes,
        staged);
  }

  private static String text(JsonNode o, String field) {
    JsonNode v = o.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
