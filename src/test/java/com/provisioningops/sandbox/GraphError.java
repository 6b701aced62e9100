package com.provisioningops.sandbox;

import java.util.Map;

/** An error the sandbox answers in Graph's shape ({@code error.code}, {@code message}). */
final class GraphError extends RuntimeException {
  final int status;
  final String code;
  final Map<String, String> headers;

  GraphError(int status, String code, String message) {
    this(status, code, message, Map.of());
  }

  GraphError(int status, String code, String message, Map<String, String> headers) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.headers = headers;
  }

  static GraphError notFound(String id) {
    return new GraphError(
        404,
        "Request_ResourceNotFound",
        "Resource '"
            + id
            + "' does not exist or one of its queried reference-property objects are not present.");
  }

  static GraphError badRequest(String message) {
    return new GraphError(400, "BadRequest", message);
  }

  static GraphError throttled(int retryAfterSeconds) {
    return new GraphError(
        429,
        "TooManyRequests",
        "Too many requests. Retry after " + retryAfterSeconds + " seconds.",
        Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
  }
}
