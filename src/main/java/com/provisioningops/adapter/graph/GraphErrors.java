package com.provisioningops.adapter.graph;

import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.kiota.ApiException;
import com.provisioningops.failure.Failure;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Turns whatever the Graph SDK throws into a typed {@link Failure}, as the HTTP contract reads
 * them: Graph's 400 is invalid input, 403 forbidden, 404 not found, 409 a conflict, 429 throttled
 * with its {@code Retry-After}, 5xx and unreadable answers an upstream outage, a timeout an
 * upstream timeout, and our own credential being refused (401) a permanent upstream failure.
 */
final class GraphErrors {
  private GraphErrors() {}

  /**
   * Graph's own {@code error.code} and {@code error.message} behind a failure, when it gave them.
   */
  record GraphError(int status, String code, String message) {}

  /** Runs {@code call}, translating SDK and transport failures. */
  static <T> T call(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (Failure e) {
      // Already typed (a refusal before Graph was called).
      throw e;
    } catch (ODataError e) {
      throw fromODataError(what, e);
    } catch (ApiException e) {
      throw fromApiException(what, e);
    } catch (RuntimeException e) {
      Failure refused = fromTokenExchange(what, e);
      throw refused != null ? refused : fromTransport(what, e);
    }
  }

  private static final java.util.regex.Pattern AADSTS =
      java.util.regex.Pattern.compile("AADSTS(\\d+)[^\\r\\n]*?(?:\\.|$)");

  /**
   * Entra refusing the on-behalf-of exchange: the user's token (expired, for another app, not
   * Entra's, consent missing) is the user's problem, 403; the app registration's own credential
   * being refused is the app's misconfiguration. Null when {@code e} is not such a refusal.
   */
  private static Failure fromTokenExchange(String what, RuntimeException e) {
    boolean exchange = false;
    StringBuilder messages = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      exchange |= t instanceof com.azure.core.exception.ClientAuthenticationException;
      // MSAL's own exception, further down, carries Entra's AADSTS code and sentence.
      messages.append(t.getMessage()).append('\n');
    }
    if (!exchange) {
      return null;
    }
    java.util.regex.Matcher m = AADSTS.matcher(messages);
    String said = m.find() ? m.group() : "Entra ID refused the token exchange.";
    if (messages.indexOf("invalid_client") >= 0) {
      return Failure.Unavailable.notConfigured(
          "user-exchange-misconfigured",
          "The app could not exchange the user's token",
          what
              + ": Entra ID refused the app registration's own credential ("
              + said
              + ") Check GRAPH_USER_CLIENT_ID and its federated credential or secret.");
    }
    return new Failure.Forbidden(
        "user-token-refused",
        "Entra ID refused the signed-in user's token",
        what + ": " + said + " Sign in again; the token must be a user's, for this app.",
        null,
        "a valid sign-in for this app");
  }

  /** Graph's error behind an SDK exception, for the callers that answer it rather than fail. */
  static GraphError error(ApiException e) {
    if (e instanceof ODataError o && o.getError() != null) {
      return new GraphError(
          e.getResponseStatusCode(), o.getError().getCode(), o.getError().getMessage());
    }
    return new GraphError(e.getResponseStatusCode(), null, null);
  }

  private static Failure fromODataError(String what, ODataError e) {
    String code = e.getError() == null ? null : e.getError().getCode();
    String message = e.getError() == null ? null : e.getError().getMessage();
    String requestId =
        e.getError() != null && e.getError().getInnerError() != null
            ? e.getError().getInnerError().getRequestId()
            : header(e, "request-id");
    int status = e.getResponseStatusCode();
    return failure(
        status,
        what
            + ": Graph answered "
            + status
            + (code == null ? "" : " " + code)
            + (message == null ? "." : " (" + message + ")."),
        requestId,
        status == 429 ? retryAfter(e) : null);
  }

  private static Failure fromApiException(String what, ApiException e) {
    int status = e.getResponseStatusCode();
    if (status == 0) {
      return fromTransport(what, e);
    }
    return failure(
        status,
        what + ": Graph answered " + status + " without a readable error.",
        header(e, "request-id"),
        status == 429 ? retryAfter(e) : null);
  }

  private static Failure fromTransport(String what, RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SocketTimeoutException || t instanceof InterruptedIOException) {
        return Failure.Unavailable.timeout(
            "graph-timeout",
            "Microsoft Graph did not answer in time",
            what + ": Graph did not answer in time.",
            null);
      }
    }
    boolean unreadable = false;
    for (Throwable t = e; t != null; t = t.getCause()) {
      String name = t.getClass().getName();
      if (name.contains("Json") || name.contains("Gson") || name.contains("Parse")) {
        unreadable = true;
      }
    }
    return Failure.Unavailable.upstream(
        "graph-unavailable",
        "Microsoft Graph failed",
        what
            + (unreadable
                ? ": Graph's answer could not be read."
                : ": Graph could not be reached."),
        null);
  }

  static Failure failure(int status, String detail, String requestId, Duration retryAfter) {
    return switch (status) {
      case 401 ->
          new Failure.UpstreamFailure(
              "graph-unauthorized",
              "The app could not authenticate to Microsoft Graph",
              detail,
              requestId);
      case 403 ->
          new Failure.Forbidden(
              "graph-forbidden",
              "Microsoft Graph denied the request",
              detail,
              requestId,
              "the Graph application permissions listed in the README (Application.ReadWrite.OwnedBy,"
                  + " Synchronization.ReadWrite.All, AuditLog.Read.All, Directory.Read.All)");
      case 404 -> new Failure.NotFound("not-found", "Not found", detail, requestId, false);
      case 409, 412 ->
          new Failure.Conflict(
              "graph-conflict", "Microsoft Graph reports a conflict", detail, requestId, false);
      case 429 ->
          new Failure.Throttled(
              "graph-throttled",
              "Microsoft Graph is throttling the app",
              detail,
              requestId,
              retryAfter == null ? Duration.ofSeconds(10) : retryAfter);
      case 504 ->
          Failure.Unavailable.timeout(
              "graph-timeout", "Microsoft Graph did not answer in time", detail, requestId);
      default ->
          status >= 500
              ? Failure.Unavailable.upstream(
                  "graph-unavailable", "Microsoft Graph failed", detail, requestId)
              : new Failure.InvalidInput(
                  "graph-bad-request", "Microsoft Graph rejected the request", detail, requestId);
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
