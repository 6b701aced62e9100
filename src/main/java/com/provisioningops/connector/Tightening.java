package com.provisioningops.connector;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Whether a parameter's constraints changed so that values the old definition allowed fail. */
final class Tightening {
  private Tightening() {}

  /**
   * How a parameter's constraints now refuse values the previous definition allowed (a lower
   * maximum, a higher minimum, a shorter maxLength, a new or changed pattern or format, an enum
   * value gone), or null when they do not.
   */
  static String of(JsonNode before, JsonNode after) {
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
}
