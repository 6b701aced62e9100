package com.provisioningops.functions;

import java.util.Map;
import java.util.Optional;

/**
 * An RFC 9457 problem: what every failed request answers, as {@code application/problem+json}.
 *
 * @param type a URI naming the kind of problem; relative ones resolve against the app's docs
 * @param title a short summary that does not change between occurrences
 * @param status the HTTP status code
 * @param detail what went wrong this time and what the caller can do about it
 * @param requestId Graph's {@code request-id} when Graph was involved
 * @param headers response headers the problem needs, such as {@code Retry-After}
 */
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    Optional<String> requestId,
    Map<String, String> headers) {

  public Problem {
    headers = Map.copyOf(headers);
  }

  public static Problem of(int status, String slug, String title, String detail) {
    return new Problem("/problems/" + slug, title, status, detail, Optional.empty(), Map.of());
  }

  public Problem withRequestId(String graphRequestId) {
    return new Problem(type, title, status, detail, Optional.ofNullable(graphRequestId), headers);
  }

  public Problem withHeader(String name, String value) {
    Map<String, String> more = new java.util.HashMap<>(headers);
    more.put(name, value);
    return new Problem(type, title, status, detail, requestId, more);
  }
}
