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
import com.provisioningops.failure.Failure;
import com.provisioningops.provisioning.Actor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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

  /** Larger bodies are refused: no operation needs more, and parsing must stay cheap. */
  static final int MAX_BODY_CHARS = 64 * 1024;

  private final ObjectMapper mapper;
  private final JsonBodies bodies;
  private final AppRoles roles;
  private final ChangeIdentity changes;
  private final boolean appServiceAuth;
  private final Links links;
  private final PagingTokens paging;

  /**
   * @param links how the app builds links to itself
   * @param paging signs the skipTokens in {@code nextLink}s
   * @param requireAppRoles API operations check the caller's app roles first
   * @param appServiceAuth App Service authentication is on (it vouches for the roles header)
   * @param changesAsUser {@code GRAPH_CHANGES_AS=user}: changes to Graph on behalf of the user
   * @param userClientId the app registration users' tokens must be for, in that mode
   */
  public Http(
      Links links,
      PagingTokens paging,
      boolean requireAppRoles,
      boolean appServiceAuth,
      boolean changesAsUser,
      Optional<String> userClientId) {
    this.links = links;
    this.paging = paging;
    this.roles = new AppRoles(requireAppRoles, appServiceAuth);
    this.changes = new ChangeIdentity(changesAsUser, appServiceAuth, userClientId);
    this.appServiceAuth = appServiceAuth;
    this.mapper =
        new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(new Jdk8Module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setSerializationInclusion(JsonInclude.Include.NON_ABSENT);
    this.bodies = new JsonBodies(mapper);
  }

  /**
   * Reads the JSON body as {@code type}, strictly ({@link JsonBodies}).
   *
   * @throws ProblemException 400 when the body is missing, not JSON, or has unknown or mistyped
   *     fields (the detail names the field, never the body); 413 when it is too large; 415 when it
   *     is declared as something other than JSON
   */
  <T> T body(HttpRequestMessage<Optional<String>> req, Class<T> type) {
    return bodies.read(header(req, "content-type"), req.getBody(), type, MAX_BODY_CHARS);
  }

  /** Like {@link #body(HttpRequestMessage, Class)} with another size limit. */
  <T> T body(HttpRequestMessage<Optional<String>> req, Class<T> type, int maxChars) {
    return bodies.read(header(req, "content-type"), req.getBody(), type, maxChars);
  }

  /** A request header, whatever case the host delivered its name in. */
  static String header(HttpRequestMessage<?> req, String name) {
    for (Map.Entry<String, String> h : req.getHeaders().entrySet()) {
      if (h.getKey().equalsIgnoreCase(name)) {
        return h.getValue();
      }
    }
    return null;
  }

  /** A status and the body to answer with it. */
  record Reply(int status, Object body) {}

  /** Runs {@code action} and answers its result as JSON with 200, or a problem. */
  HttpResponseMessage okJson(HttpRequestMessage<?> req, ExecutionContext ctx, Supplier<?> action) {
    return answer(req, ctx, () -> new Reply(200, action.get()));
  }

  /**
   * Runs an API operation: checks the caller's app roles, then answers the status and JSON body
   * {@code action} chose, or a problem.
   */
  HttpResponseMessage answer(
      HttpRequestMessage<?> req, ExecutionContext ctx, Supplier<Reply> action) {
    return withRoleCheck(
        req,
        ctx,
        () -> {
          Reply reply = action.get();
          return json(req, reply.status(), reply.body());
        });
  }

  /**
   * The URL that deletes one subscription: its {@code Location}, carrying the capability ({@code
   * sig}) that allows exactly that, and never the function key.
   */
  String unsubscribeUrl(HttpRequestMessage<?> req, String subscriptionId) {
    return baseUri(req)
        + "/api/alerts/subscriptions/"
        + subscriptionId
        + "?sig="
        + paging.unsubscribeCapability(subscriptionId);
  }

  /** True when the request carries the capability to delete this subscription. */
  boolean mayUnsubscribe(HttpRequestMessage<?> req, String subscriptionId) {
    return paging.grantsUnsubscribe(subscriptionId, req.getQueryParameters().get("sig"));
  }

  /**
   * The signed-in caller's name as App Service authentication sets it ({@code
   * X-MS-CLIENT-PRINCIPAL-NAME}, at most 256 characters); null when that authentication is off,
   * since the header would then be the client's own word.
   */
  String signedInName(HttpRequestMessage<?> req) {
    if (!appServiceAuth) {
      return null;
    }
    String name = header(req, "x-ms-client-principal-name");
    return name == null || name.isBlank() ? null : SignedInCaller.bounded(name);
  }

  /**
   * Runs {@code change} (operation {@code operationId}, which changes Graph) as the identity {@code
   * GRAPH_CHANGES_AS} names, turning Graph's refusal of a signed-in user into a problem that names
   * what the operation needs as a user.
   *
   * @throws ProblemException 403 when changes are made as users and no user signed in
   */
  <T> T changing(
      HttpRequestMessage<?> req, String operationId, java.util.function.Function<Actor, T> change) {
    Actor actor = changes.actor(req, operationId);
    try {
      return change.apply(actor);
    } catch (Failure f) {
      throw changes.explain(f, actor, operationId);
    }
  }

  /** The settings that are wrong together, by name: health and the status page name them. */
  java.util.List<String> misconfigured() {
    java.util.List<String> wrong = new java.util.ArrayList<>();
    if (roles.misconfigured()) {
      wrong.add("REQUIRE_APP_ROLES");
    }
    if (changes.misconfigured()) {
      wrong.add("GRAPH_CHANGES_AS");
    }
    return wrong;
  }

  /** Whether changes to Graph are made as the signed-in user. */
  boolean changesAsUser() {
    return changes.asUser();
  }

  /** Like {@link #withoutRoleCheck}, after checking the caller's app roles (for keyed routes). */
  HttpResponseMessage withRoleCheck(
      HttpRequestMessage<?> req, ExecutionContext ctx, Supplier<HttpResponseMessage> action) {
    return withoutRoleCheck(
        req,
        ctx,
        () -> {
          roles.check(req);
          return action.get();
        });
  }

  /** Runs {@code action}, answering a problem for whatever it throws; no role check. */
  HttpResponseMessage withoutRoleCheck(
      HttpRequestMessage<?> req, ExecutionContext ctx, Supplier<HttpResponseMessage> action) {
    try {
      return action.get();
    } catch (Failure e) {
      return problem(req, Problems.of(e));
    } catch (ProblemException e) {
      return problem(req, e.problem());
    } catch (RuntimeException e) {
      return unexpected(req, ctx, e);
    }
  }

  /** Answers raw bytes, such as a file or a download. */
  HttpResponseMessage bytes(
      HttpRequestMessage<?> req, String contentType, byte[] body, Map<String, String> headers) {
    HttpResponseMessage.Builder response =
        req.createResponseBuilder(HttpStatusType.custom(200)).header("Content-Type", contentType);
    headers.forEach(response::header);
    return response.body(body).build();
  }

  /** The app's base URL as the caller sees it (see {@link Links}). */
  java.net.URI baseUri(HttpRequestMessage<?> req) {
    return links.base(req);
  }

  /** Whether App Service authentication must be on and is not: the app is misconfigured. */
  boolean rolesMisconfigured() {
    return roles.misconfigured();
  }

  /**
   * The inner skipToken of this request's {@code skipToken} parameter, checked against its
   * signature and route; null when there is none.
   *
   * @throws ProblemException 400 when the token was altered or belongs to another route
   */
  String skipToken(HttpRequestMessage<?> req) {
    String token = req.getQueryParameters().get("skipToken");
    return token == null || token.isEmpty() ? null : paging.open(req.getUri().getRawPath(), token);
  }

  /**
   * The absolute URL of the next page of this request: the same route and query with a signed
   * {@code skipToken}; null when there is no next page.
   */
  String nextLink(HttpRequestMessage<?> req, Optional<String> skipToken) {
    return skipToken.map(t -> linkWithSealed(req, "skipToken", t)).orElse(null);
  }

  /**
   * The inner value of the sealed query parameter {@code name} (a trigger's state), checked against
   * its signature and route; null when there is none.
   *
   * @throws ProblemException 400 when it was altered or belongs to another route
   */
  String sealedParameter(HttpRequestMessage<?> req, String name, String where) {
    String token = req.getQueryParameters().get(name);
    return token == null || token.isEmpty()
        ? null
        : paging.open(req.getUri().getRawPath(), token, name, where);
  }

  /**
   * The absolute URL of this request with {@code name} set to {@code inner}, sealed: the same route
   * and query otherwise (never the key in {@code code}).
   */
  String linkWithSealed(HttpRequestMessage<?> req, String name, String inner) {
    String signed = paging.seal(req.getUri().getRawPath(), inner);
    StringBuilder url =
        new StringBuilder(baseUri(req).toString()).append(req.getUri().getRawPath()).append('?');
    req.getQueryParameters()
        .forEach(
            (k, v) -> {
              if (!k.equals(name) && !k.equals("code")) {
                url.append(encode(k)).append('=').append(encode(v)).append('&');
              }
            });
    return url.append(name).append('=').append(encode(signed)).toString();
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Reads an optional JSON body as {@code type}; null when there is none. */
  <T> T optionalBody(HttpRequestMessage<Optional<String>> req, Class<T> type) {
    String body = req.getBody() == null ? null : req.getBody().orElse(null);
    return body == null || body.isBlank() ? null : body(req, type);
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

  /** Serializes {@code body} as the API's JSON. */
  String write(Object body) {
    try {
      return mapper.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Response body is not serializable: " + e.getMessage(), e);
    }
  }
}
