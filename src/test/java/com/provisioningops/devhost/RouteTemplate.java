package com.provisioningops.devhost;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An ASP.NET Core style route template as the Functions host reads it: literal segments, {@code
 * {name}}, optional {@code {name?}}, constrained {@code {name:guid}} (the constraint is ignored
 * here) and a trailing catch-all {@code {*name}}. Matching is case-insensitive for literals.
 */
final class RouteTemplate {
  private final String text;
  private final List<Segment> segments;

  private record Segment(String literal, String parameter, boolean optional, boolean catchAll) {
    /** ASP.NET's order: literals first, then parameters, then catch-alls. */
    int rank() {
      return literal != null ? 0 : catchAll ? 2 : 1;
    }
  }

  /**
   * Orders templates so that the first match wins as in the host: segment by segment, a literal
   * beats a parameter, which beats a catch-all; at equal rank the longer template wins.
   */
  static final Comparator<RouteTemplate> PRECEDENCE =
      (a, b) -> {
        int n = Math.min(a.segments.size(), b.segments.size());
        for (int i = 0; i < n; i++) {
          int c = Integer.compare(a.segments.get(i).rank(), b.segments.get(i).rank());
          if (c != 0) {
            return c;
          }
        }
        return Integer.compare(b.segments.size(), a.segments.size());
      };

  RouteTemplate(String template) {
    this.text = template;
    this.segments = new ArrayList<>();
    String trimmed = template.startsWith("/") ? template.substring(1) : template;
    if (trimmed.isEmpty()) {
      return;
    }
    for (String part : trimmed.split("/", -1)) {
      if (part.startsWith("{") && part.endsWith("}")) {
        String inner = part.substring(1, part.length() - 1);
        boolean catchAll = inner.startsWith("*");
        if (catchAll) {
          inner = inner.replaceFirst("^\\*+", "");
        }
        boolean optional = inner.endsWith("?");
        if (optional) {
          inner = inner.substring(0, inner.length() - 1);
        }
        int colon = inner.indexOf(':');
        String name = colon >= 0 ? inner.substring(0, colon) : inner;
        segments.add(new Segment(null, name, optional || catchAll, catchAll));
      } else {
        segments.add(new Segment(part, null, false, false));
      }
    }
  }

  /** The route values when {@code path} (without the route prefix, no leading slash) matches. */
  Optional<Map<String, String>> match(String path) {
    String[] parts = path.isEmpty() ? new String[0] : path.split("/", -1);
    Map<String, String> values = new LinkedHashMap<>();
    int i = 0;
    for (Segment segment : segments) {
      if (segment.catchAll()) {
        List<String> rest = new ArrayList<>();
        for (int j = i; j < parts.length; j++) {
          rest.add(decode(parts[j]));
        }
        values.put(segment.parameter(), String.join("/", rest));
        return Optional.of(values);
      }
      if (i >= parts.length || parts[i].isEmpty()) {
        if (segment.optional()) {
          continue;
        }
        return Optional.empty();
      }
      if (segment.literal() != null) {
        if (!segment.literal().equalsIgnoreCase(parts[i])) {
          return Optional.empty();
        }
      } else {
        values.put(segment.parameter(), decode(parts[i]));
      }
      i++;
    }
    return i == parts.length ? Optional.of(values) : Optional.empty();
  }

  private static String decode(String segment) {
    return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return text;
  }
}
