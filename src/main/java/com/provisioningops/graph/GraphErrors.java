package com.provisioningops.graph;

import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.kiota.ApiException;
import com.provisioningops.problem.ProblemException;
import com.provisioningops.provisioning.GraphFailure;
import com.provisioningops.provisioning.GraphFailure.Kind;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

/** Turns whatever the Graph SDK throws into a {@link GraphFailure} the API can answer with. */
final class GraphErrors {
  private GraphErrors() {}

  /** Runs {@code call}, translating SDK and transport failures. */
  static <T> T call(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (ProblemException e) {
      // Already an answer (a GraphFailure, or a refusal before Graph was called).
      throw e;
    } catch (ODataError e) {
      throw fromODataError(what, e);
    } catch (ApiException e) {
      throw fromApiException(what, e);
    } catch (RuntimeException e) {
      throw fromTransport(what, e);
    }
  }

  private static GraphFailure fromODataError(String what, ODataError e) {
    String code = e.getError() == null ? null : e.getError().getCode();
    String message = e.getError() == null ? null : e.getError().getMessage();
    String requestId =
        e.getError() != null && e.getError().getInnerError() != null
            ? e.getError().getInnerError().getRequestId()
            : header(e, "request-id");
    int status = e.getResponseStatusCode();
    return new GraphFailure(
        kind(status),
        code,
        message,
        what
            + ": Graph answered "
            + status
            + (code == null ? "" : " " + code)
            + (message == null ? "." : " (" + message + ")."),
        requestId,
        status == 429 ? retryAfter(e) : null);
  }

  private static GraphFailure fromApiException(String what, ApiException e) {
    int status = e.getResponseStatusCode();
    if (status == 0) {
      return fromTransport(what, e);
    }
    return new GraphFailure(
        kind(status),
        null,
        null,
        what + ": Graph answered " + status + " without a readable error.",
        header(e, "request-id"),
        status == 429 ? retryAfter(e) : null);
  }

  private static GraphFailure fromTransport(String what, RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SocketTimeoutException || t instanceof InterruptedIOException) {
        return new GraphFailure(
            Kind.TIMEOUT, null, null, what + ": Graph did not answer in time.", null, null);
      }
    }
    boolean unreadable = false;
    for (Throwable t = e; t != null; t = t.getCause()) {
      String name = t.getClass().getName();
      if (name.contains("Json") || name.contains("Gson") || name.contains("Parse")) {
        unreadable = true;
      }
    }
    return new GraphFailure(
        Kind.UNAVAILABLE,
        null,
        null,
        what
            + (unreadable
                ? ": Graph's answer could not be read."
                : ": Graph could not be reached."),
        null,
        null);
  }

  static Kind kind(int status) {
    return switch (status) {
      case 400, 422 -> Kind.BAD_REQUEST;
      case 401 -> Kind.UNAUTHORIZED;
      case 403 -> Kind.FORBIDDEN;
      case 404 -> Kind.NOT_FOUND;
      case 409, 412 -> Kind.CONFLICT;
      case 429 -> Kind.THROTTLED;
      case 504 -> Kind.TIMEOUT;
      default -> status >= 500 ? Kind.UNAVAILABLE : Kind.BAD_REQUEST;
    };
  }

  private static Duration retryAfter(ApiException e) {
    Duration d = GraphRetry.retryAfter(header(e, "retry-after"));
    return d == null ? Duration.ofSeconds(10) : d;
  }

  private static String header(ApiException e, String name) {
    if (e.getResponseHeaders() == null) {
      return null;
    }
    for (var entry : e.getResponseHeaders().entrySet()) {
      if (entry.getKey().equalsIgnoreCase(name)) {
        Set<String> values = entry.getValue();
        return values.isEmpty() ? null : values.iterator().next();
      }
    }
    return null;
  }
}
