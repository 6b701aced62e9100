package com.provisioningops.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OData query options the sandbox understands, parsed strictly: an option or filter clause
 * Graph would reject for these resources is a 400 here too, so the app cannot rely on leniency.
 */
final class ODataQuery {
  private static final Pattern CONTAINS =
      Pattern.compile(
          "contains\\(\\s*([\\w/]+)\\s*,\\s*'((?:[^']|'')*)'\\s*\\)", Pattern.CASE_INSENSITIVE);
  private static final Pattern ANY =
      Pattern.compile(
          "(\\w+)/any\\(\\s*(\\w+)\\s*:\\s*\\2\\s+eq\\s+'((?:[^']|'')*)'\\s*\\)",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern COMPARE =
      Pattern.compile(
          "([\\w/]+)\\s+(eq|ne|gt|ge|lt|le)\\s+('(?:[^']|'')*'|[0-9][0-9TZ:.+-]*)",
          Pattern.CASE_INSENSITIVE);

  final Map<String, String> raw;
  final List<Clause> clauses;
  final Integer top;
  final int skip;
  final List<String> select;
  final String orderBy;

  /** One filter clause: {@code field op value}, {@code contains(field,'v')} or {@code any}. */
  record Clause(String field, String op, String value) {}

  private ODataQuery(Map<String, String> raw) {
    this.raw = raw;
    this.clauses = parseFilter(raw.get("$filter"));
    this.top = raw.containsKey("$top") ? parseTop(raw.get("$top")) : null;
    this.skip = raw.containsKey("$skiptoken") ? parseSkipToken(raw.get("$skiptoken")) : 0;
    this.select =
        raw.containsKey("$select") ? List.of(raw.get("$select").split("\\s*,\\s*")) : List.of();
    this.orderBy = raw.get("$orderby");
  }

  static ODataQuery parse(String rawQuery) {
    Map<String, String> raw = new LinkedHashMap<>();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&")) {
        int eq = pair.indexOf('=');
        String key = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        raw.put(key.startsWith("$") || key.startsWith("%24") ? key : key, value);
      }
    }
    return new ODataQuery(raw);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static int parseTop(String value) {
    try {
      int top = Integer.parseInt(value.trim());
      if (top < 1) {
        throw GraphError.badRequest("Invalid value for $top: " + value);
      }
      return top;
    } catch (NumberFormatException e) {
      throw GraphError.badRequest("Invalid value for $top: " + value);
    }
  }

  private static int parseSkipToken(String token) {
    try {
      return Integer.parseInt(
          new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      throw GraphError.badRequest("Invalid $skiptoken.");
    }
  }

  static String skipToken(int offset) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(Integer.toString(offset).getBytes(StandardCharsets.UTF_8));
  }

  private static List<Clause> parseFilter(String filter) {
    List<Clause> clauses = new ArrayList<>();
    if (filter == null || filter.isBlank()) {
      return clauses;
    }
    for (String part : splitAnd(filter.trim())) {
      Matcher m;
      if ((m = CONTAINS.matcher(part)).matches()) {
        clauses.add(new Clause(m.group(1), "contains", unquote("'" + m.group(2) + "'")));
      } else if ((m = ANY.matcher(part)).matches()) {
        clauses.add(new Clause(m.group(1), "any", unquote("'" + m.group(3) + "'")));
      } else if ((m = COMPARE.matcher(part)).matches()) {
        clauses.add(
            new Clause(m.group(1), m.group(2).toLowerCase(Locale.ROOT), unquote(m.group(3))));
      } else {
        throw GraphError.badRequest("Invalid filter clause: " + part);
      }
    }
    return clauses;
  }

  /** Splits on {@code and} outside quoted strings; {@code or} is not supported here. */
  private static List<String> splitAnd(String filter) {
    List<String> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < filter.length(); i++) {
      char c = filter.charAt(i);
      if (c == '\'') {
        quoted = !quoted;
      }
      if (!quoted && filter.regionMatches(true, i, " and ", 0, 5)) {
        parts.add(current.toString().trim());
        current.setLength(0);
        i += 4;
        continue;
      }
      if (!quoted && filter.regionMatches(true, i, " or ", 0, 4)) {
        throw GraphError.badRequest("Invalid filter clause: 'or' is not supported here.");
      }
      current.append(c);
    }
    if (quoted) {
      throw GraphError.badRequest("Invalid filter clause: unterminated string literal.");
    }
    parts.add(current.toString().trim());
    return parts;
  }

  private static String unquote(String literal) {
    if (literal.startsWith("'") && literal.endsWith("'") && literal.length() >= 2) {
      return literal.substring(1, literal.length() - 1).replace("''", "'");
    }
    return literal;
  }

  /** Refuses clauses on fields this resource does not filter by. */
  void allowOnly(String resource, List<String> allowed) {
    for (Clause c : clauses) {
      String key = c.field() + ":" + c.op();
      boolean ok =
          allowed.stream()
              .anyMatch(a -> a.equalsIgnoreCase(key) || a.equalsIgnoreCase(c.field() + ":*"));
      if (!ok) {
        throw GraphError.badRequest(
            "Unsupported filter on " + resource + ": " + c.field() + " " + c.op() + ".");
      }
    }
  }

  /** A predicate over entities for the parsed clauses. */
  Predicate<JsonNode> predicate() {
    return predicateExcept(null);
  }

  /** A predicate for the clauses on fields other than {@code field} (which the caller applies). */
  Predicate<JsonNode> predicateExcept(String field) {
    Predicate<JsonNode> all = n -> true;
    for (Clause c : clauses) {
      if (!c.field().equals(field)) {
        all = all.and(n -> matches(n, c));
      }
    }
    return all;
  }

  private static boolean matches(JsonNode entity, Clause c) {
    JsonNode value = entity;
    for (String step : c.field().split("/")) {
      value = value.path(step);
    }
    switch (c.op()) {
      case "contains":
        return value
            .asText("")
            .toLowerCase(Locale.ROOT)
            .contains(c.value().toLowerCase(Locale.ROOT));
      case "any":
        for (JsonNode item : value) {
          if (item.asText().equalsIgnoreCase(c.value())) {
            return true;
          }
        }
        return false;
      default:
        int cmp = compare(value.asText(""), c.value());
        return switch (c.op()) {
          case "eq" -> cmp == 0;
          case "ne" -> cmp != 0;
          case "gt" -> cmp > 0;
          case "ge" -> cmp >= 0;
          case "lt" -> cmp < 0;
          default -> cmp <= 0;
        };
    }
  }

  private static int compare(String actual, String expected) {
    try {
      return Instant.parse(actual).compareTo(Instant.parse(expected));
    } catch (RuntimeException notDates) {
      return actual.compareToIgnoreCase(expected);
    }
  }

  /** Keeps only the selected properties (and id), as {@code $select} does. */
  JsonNode project(JsonNode entity) {
    if (select.isEmpty() || !(entity instanceof ObjectNode o)) {
      return entity;
    }
    ObjectNode out = o.objectNode();
    out.set("id", o.get("id"));
    for (String field : select) {
      if (o.has(field)) {
        out.set(field, o.get(field));
      }
    }
    return out;
  }
}
