package com.provisioningops.functions;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import com.provisioningops.problem.Problem;
import com.provisioningops.problem.ProblemException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;

/**
 * The one place that turns core results into HTTP responses: JSON bodies, and {@code
 * application/problem+json} (RFC 9457) for every failure. Unexpected exceptions become a 500
 * problem that names the invocation id to look up in the logs, never a stack trace.
 */
public final class Http {
  static final String JSON = "application/json; charset=utf-8";
  static final String PROBLEM_JSON = "application/problem+json; charset=utf-8";

  private final ObjectMapper mapper;

  public Http() {
    this.mapper =
        new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(new Jdk8Module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setSerializationInclusion(JsonInclude.Include.NON_ABSENT);
  }

  /** A status and the body to answer with it. */
  record Reply(int status, Object body) {}

  /** Runs {@code action} and answers its result as JSON with 200, or a problem. */
  HttpResponseMessage respond(HttpRequestMessage<?> req, ExecutionContext ctx, Supplier<?> action) {
    return reply(req, ctx, () -> new Reply(200, action.get()));
  }

  /** Runs {@code action} and answers the status and JSON body it chose, or a problem. */
  HttpResponseMessage reply(
      HttpRequestMessage<?> req, ExecutionContext ctx, Supplier<Reply> action) {
    return guard(
        req,
        ctx,
        () -> {
          Reply reply = action.get();
          return json(req, reply.status(), reply.body());
        });
  }

  /** Runs {@code action}, answering a problem for whatever it throws. */
  HttpResponseMessage guard(
      HttpRequestMessage<?> req, ExecutionContext ctx, Supplier<HttpResponseMessage> action) {
    try {
      return action.get();
    } catch (ProblemException e) {
      return problem(req, e.problem());
    } catch (RuntimeException e) {
      return unexpected(req, ctx, e);
    }
  }

  /** Answers an HTML page that loads nothing from elsewhere. */
  HttpResponseMessage html(HttpRequestMessage<?> req, String page) {
    return req.createResponseBuilder(HttpStatusType.custom(200))
        .header("Content-Type", "text/html; charset=utf-8")
        .header("Cache-Control", "no-store")
        .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
        .body(page)
        .build();
  }

  /** Answers {@code body} as JSON. */
  HttpResponseMessage json(HttpRequestMessage<?> req, int status, Object body) {
    return req.createResponseBuilder(HttpStatusType.custom(status))
        .header("Content-Type", JSON)
        .body(write(body))
        .build();
  }

  /** Answers {@code problem} as {@code application/problem+json}. */
  HttpResponseMessage problem(HttpRequestMessage<?> req, Problem problem) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", problem.type());
    body.put("title", problem.title());
    body.put("status", problem.status());
    body.put("detail", problem.detail());
    body.put("instance", req.getUri().getPath());
    problem.requestId().ifPresent(id -> body.put("requestId", id));
    HttpResponseMessage.Builder response =
        req.createResponseBuilder(HttpStatusType.custom(problem.status()))
            .header("Content-Type", PROBLEM_JSON);
    problem.headers().forEach(response::header);
    return response.body(write(body)).build();
  }

  private HttpResponseMessage unexpected(
      HttpRequestMessage<?> req, ExecutionContext ctx, RuntimeException e) {
    ctx.getLogger()
        .log(Level.SEVERE, "Unexpected failure in " + ctx.getFunctionName() + ": " + e, e);
    return problem(
        req,
        Problem.of(
            500,
            "unexpected",
            "Unexpected error",
            "The app failed unexpectedly. Its logs name invocation "
                + ctx.getInvocationId()
                + "."));
  }

  private String write(Object body) {
    try {
      return mapper.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Response body is not serializable: " + e.getMessage(), e);
    }
  }
}
