package com.provisioningops.functions;

import com.provisioningops.failure.Failure;
import java.util.Map;

/** The one mapping from the core's typed failures to the problems HTTP callers get. */
final class Problems {
  private Problems() {}

  static Problem of(Failure failure) {
    Problem problem =
        new Problem(
            "/problems/" + failure.code(),
            failure.title(),
            status(failure),
            failure.detail(),
            failure.requestId(),
            Map.of());
    if (failure.retryAfter().isPresent()) {
      problem =
          problem.withHeader(
              "Retry-After", Long.toString(Math.max(1, failure.retryAfter().get().toSeconds())));
    }
    return problem;
  }

  // Java 17 has no pattern switch; the chain ends in an error so a new kind cannot slip by.
  static int status(Failure failure) {
    if (failure instanceof Failure.InvalidInput) {
      return 400;
    }
    if (failure instanceof Failure.NotFound f) {
      return f.expired() ? 410 : 404;
    }
    if (failure instanceof Failure.Conflict f) {
      return f.withEarlierRequest() ? 422 : 409;
    }
    if (failure instanceof Failure.Forbidden) {
      return 403;
    }
    if (failure instanceof Failure.Throttled) {
      return 429;
    }
    if (failure instanceof Failure.Unavailable f) {
      return switch (f.source()) {
        case DEPENDENCY -> 503;
        case UPSTREAM -> 502;
        case UPSTREAM_TIMEOUT -> 504;
      };
    }
    if (failure instanceof Failure.UpstreamFailure) {
      return 502;
    }
    throw new IllegalStateException("Unmapped failure " + failure.getClass());
  }
}
