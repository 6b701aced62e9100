package com.provisioningops.provisioning;

import com.provisioningops.problem.Problem;
import com.provisioningops.problem.ProblemException;
import java.time.Duration;
import java.util.Optional;

/**
 * Graph refused a request or could not be reached. Carries the problem the API answers, mapped as
 * the HTTP contract says: Graph's 400/403/404/409 as the same status, 429 as 429 with {@code
 * Retry-After}, 5xx and unreadable answers as 502, timeouts as 504.
 */
public final class GraphFailure extends ProblemException {
  private final Kind kind;
  private final String graphCode;
  private final String graphMessage;
  private final Optional<Duration> retryAfter;

  /** What went wrong, as far as a caller can act on it. */
  public enum Kind {
    BAD_REQUEST(400, "graph-bad-request", "Microsoft Graph rejected the request"),
    UNAUTHORIZED(502, "graph-unauthorized", "The app could not authenticate to Microsoft Graph"),
    FORBIDDEN(403, "graph-forbidden", "Microsoft Graph denied the request"),
    NOT_FOUND(404, "not-found", "Not found"),
    CONFLICT(409, "graph-conflict", "Microsoft Graph reports a conflict"),
    THROTTLED(429, "graph-throttled", "Microsoft Graph is throttling the app"),
    UNAVAILABLE(502, "graph-unavailable", "Microsoft Graph failed"),
    TIMEOUT(504, "graph-timeout", "Microsoft Graph did not answer in time");

    final int status;
    final String slug;
    final String title;

    Kind(int status, String slug, String title) {
      this.status = status;
      this.slug = slug;
      this.title = title;
    }
  }

  public GraphFailure(
      Kind kind,
      String graphCode,
      String graphMessage,
      String detail,
      String requestId,
      Duration retryAfter) {
    super(problem(kind, detail, requestId, retryAfter));
    this.kind = kind;
    this.graphCode = graphCode;
    this.graphMessage = graphMessage;
    this.retryAfter = Optional.ofNullable(retryAfter);
  }

  private static Problem problem(Kind kind, String detail, String requestId, Duration retryAfter) {
    Problem p = Problem.of(kind.status, kind.slug, kind.title, detail).withRequestId(requestId);
    if (retryAfter != null) {
      p = p.withHeader("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds())));
    }
    return p;
  }

  public Kind kind() {
    return kind;
  }

  /** Graph's {@code error.code}, such as {@code Request_ResourceNotFound}; null when none. */
  public String graphCode() {
    return graphCode;
  }

  /** Graph's {@code error.message}; null when none. */
  public String graphMessage() {
    return graphMessage;
  }

  public Optional<Duration> retryAfter() {
    return retryAfter;
  }
}
