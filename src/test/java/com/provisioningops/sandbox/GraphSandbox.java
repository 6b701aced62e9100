package com.provisioningops.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stateful fake Microsoft Graph v1.0 tenant over real HTTP, for local runs and tests: the
 * provisioning workflow's resources with Graph's JSON, paging, {@code $batch}, Graph-shaped errors,
 * the audit-log throttle, and fault injection. Its base URL ends in {@code /v1.0}. Controls are a
 * Java API ({@link #tenant()}, {@link #faults()}) and admin routes under {@code /_sandbox}.
 */
public final class GraphSandbox implements AutoCloseable {
  static {
    // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's
    // delayed ACK: about 40 ms per small response on loopback.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  static final String PREFIX = "/v1.0";
  private static final int AUDIT_LIMIT = 5;
  private static final Duration AUDIT_WINDOW = Duration.ofSeconds(10);
  private volatile Duration auditWindow = AUDIT_WINDOW;
  private static final int ON_DEMAND_LIMIT = 5;

  private final HttpServer server;
  private final ExecutorService pool;
  private final ScheduledExecutorService ticker;
  private final Supplier<Instant> clock;
  private final Faults faults = new Faults();
  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
  private final Deque<Instant> auditCalls = new ArrayDeque<>();
  private final Deque<Instant> onDemandCalls = new ArrayDeque<>();
  private volatile boolean auditThrottle = true;
  private volatile SandboxTenant tenant;
  private final SandboxIdentity identity;
  private HttpsServer identityServer;
  private final List<ObjectNode> directoryAudits =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * Who makes the request being answered: the user of a sandbox-issued Graph token, else the app.
   */
  private final ThreadLocal<JsonNode> caller = new ThreadLocal<>();

  private GraphSandbox(int port, Supplier<Instant> clock, SandboxTenant tenant) throws IOException {
    this.clock = clock;
    this.tenant = tenant;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    this.identity = new SandboxIdentity(this::authorityHost, clock);
    this.pool = Executors.newCachedThreadPool(daemon("graph-sandbox"));
    this.ticker = Executors.newSingleThreadScheduledExecutor(daemon("graph-sandbox-cycles"));
    server.setExecutor(pool);
    server.createContext("/", this::handle);
  }

  /** Starts a sandbox seeded with the default tenant on {@code port} (0 picks a free one). */
  private static GraphSandbox forTests;

  /**
   * One sandbox for the unit tests of this JVM, started on first use and closed when the JVM exits;
   * each test calls {@link #reset()} first.
   */
  public static synchronized GraphSandbox forTests() {
    if (forTests == null) {
      try {
        forTests = start(0);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(forTests::close));
    }
    return forTests;
  }

  public static GraphSandbox start(int port) throws IOException {
    return start(port, Instant::now);
  }

  public static GraphSandbox start(int port, Supplier<Instant> clock) throws IOException {
    GraphSandbox sandbox = new GraphSandbox(port, clock, Seed.load(clock));
    sandbox.server.start();
    return sandbox;
  }

  /**
   * Starts on the tenant saved in {@code state} by {@link #save}, or on the seed when there is none
   * (or it cannot be read).
   */
  public static GraphSandbox startKeeping(int port, java.nio.file.Path state) throws IOException {
    Supplier<Instant> clock = Instant::now;
    SandboxTenant tenant = null;
    if (java.nio.file.Files.isRegularFile(state)) {
      try {
        tenant = SandboxTenant.restore(SandboxTenant.JSON.readTree(state.toFile()), clock);
      } catch (IOException | RuntimeException unreadable) {
        tenant = null; // a partial file from a killed run: start from the seed
      }
    }
    GraphSandbox sandbox =
        new GraphSandbox(port, clock, tenant != null ? tenant : Seed.load(clock));
    sandbox.server.start();
    return sandbox;
  }

  /** Writes the tenant to {@code state} (via a temporary file, so a crash leaves the old one). */
  public void save(java.nio.file.Path state) throws IOException {
    java.nio.file.Path temporary = state.resolveSibling(state.getFileName() + ".tmp");
    java.nio.file.Files.createDirectories(state.toAbsolutePath().getParent());
    SandboxTenant.JSON.writeValue(temporary.toFile(), tenant.snapshot());
    java.nio.file.Files.move(
        temporary,
        state,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** Runs alone: {@code GraphSandbox [port]}, default 7072, cycling started jobs every minute. */
  public static void main(String[] args) throws Exception {
    GraphSandbox sandbox = start(args.length > 0 ? Integer.parseInt(args[0]) : 7072);
    sandbox.cycleEvery(Duration.ofMinutes(1));
    System.out.println("Graph sandbox on " + sandbox.baseUrl());
    Thread.currentThread().join();
  }

  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PREFIX);
  }

  public SandboxTenant tenant() {
    return tenant;
  }

  public Faults faults() {
    return faults;
  }

  /**
   * A user token as Entra ID would issue it to a client signing {@code upn} in, for {@code
   * audience} (the app's client id or application ID URI) with {@code scopes}; a negative {@code
   * lifetime} makes one already expired. The sandbox's token endpoint exchanges it on behalf of the
   * user.
   */
  public String userToken(String upn, String audience, List<String> scopes, Duration lifetime) {
    return identity.userToken(tenant.tenantId, upn, audience, scopes, lifetime);
  }

  /**
   * The delegated permissions an admin consented to for the app registration: what the token
   * service grants when the app asks for {@code .default} on a user's behalf (until {@link
   * #reset}).
   */
  public void consent(List<String> scopes) {
    identity.consent(scopes);
  }

  /** Like {@link #userToken(String, String, List, Duration)}, carrying app roles. */
  public String userToken(
      String upn, String audience, List<String> scopes, List<String> roles, Duration lifetime) {
    return identity.userToken(tenant.tenantId, upn, audience, scopes, roles, lifetime);
  }

  /** An app-only token for {@code audience}, as a daemon would get with client credentials. */
  public String appToken(String appId, String audience, List<String> roles) {
    return identity.appToken(tenant.tenantId, appId, audience, roles);
  }

  /**
   * The client id of the app registration the sandbox's users sign in to: the audience of {@link
   * #userToken}s the app accepts, and the registration that exchanges them on their behalf.
   */
  public static final String API_CLIENT_ID = "9a5c2b7e-3f41-4d8a-b6e0-5d1f0c7a2e11";

  /**
   * The settings that point the dev host's App Service authentication and the app's on-behalf-of
   * exchange at this sandbox's token service (the client secret is any text: it checks none).
   */
  public Map<String, String> signInSettings() {
    return Map.of(
        "DEVHOST_AUTH_ISSUER",
        issuer(),
        "DEVHOST_AUTH_AUDIENCES",
        API_CLIENT_ID + ",api://" + API_CLIENT_ID,
        "GRAPH_USER_CLIENT_ID",
        API_CLIENT_ID,
        "GRAPH_USER_TENANT_ID",
        tenant.tenantId,
        "GRAPH_USER_CLIENT_SECRET",
        "sandbox-client-secret",
        "GRAPH_USER_AUTHORITY_HOST",
        authorityHost());
  }

  /** The tenant the token service issues for, as its issuer names it. */
  public String issuer() {
    return identity.issuer(tenant.tenantId);
  }

  /**
   * The claims of a token the sandbox issued for Graph.
   *
   * @throws GraphError when it is not one, or not valid now
   */
  public JsonNode identityClaims(String graphToken) {
    return identity.verify(graphToken, SandboxIdentity.GRAPH_AUDIENCE);
  }

  /**
   * The authority host of the sandbox's token service ({@code /{tenant}/oauth2/…}): HTTPS with a
   * self-signed certificate, as MSAL takes only an {@code https} authority. Started on first use.
   */
  public synchronized String authorityHost() {
    if (identityServer == null) {
      try {
        identityServer = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        identityServer.setHttpsConfigurator(new HttpsConfigurator(SandboxTls.selfSigned()));
        identityServer.setExecutor(pool);
        identityServer.createContext("/", this::handleIdentity);
        identityServer.start();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return "https://127.0.0.1:" + identityServer.getAddress().getPort();
  }

  private void handleIdentity(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      String requestId = UUID.randomUUID().toString();
      if (!SandboxIdentity.handles(path)) {
        send(exchange, requestId, Answer.json(404, SandboxTenant.JSON.createObjectNode()));
        return;
      }
      send(exchange, requestId, identity.handle(exchange.getRequestMethod(), path, body));
    }
  }

  /** The changes made so far, oldest first, as {@code /auditLogs/directoryAudits} lists them. */
  public List<JsonNode> directoryAudits() {
    return List.copyOf(directoryAudits);
  }

  private JsonNode callerOf(String authorization) {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return null;
    }
    try {
      return identity.verify(authorization.substring(7), SandboxIdentity.GRAPH_AUDIENCE);
    } catch (GraphError notOurs) {
      // An opaque or foreign token is the app's own (GRAPH_AUTH none or a real credential).
      return null;
    }
  }

  /** Records a change as Entra's directory audit log would, naming who made it. */
  private void audit(String activity, String targetId) {
    ObjectNode entry = SandboxTenant.JSON.createObjectNode();
    entry.put("id", UUID.randomUUID().toString());
    entry.put("category", "ApplicationManagement");
    entry.put("activityDateTime", clock.get().toString());
    entry.put("activityDisplayName", activity);
    entry.put("result", "success");
    ObjectNode by = entry.putObject("initiatedBy");
    JsonNode user = caller.get();
    if (user != null) {
      ObjectNode u = by.putObject("user");
      u.put("id", user.path("oid").asText());
      u.put("userPrincipalName", user.path("upn").asText());
      by.putNull("app");
    } else {
      by.putNull("user");
      ObjectNode a = by.putObject("app");
      a.put("displayName", "Provisioning Ops");
    }
    entry.putArray("targetResources").addObject().put("id", targetId);
    directoryAudits.add(entry);
  }

  /** Restores the seeded tenant, clears faults and counts, turns the audit throttle back on. */
  public synchronized void reset() {
    generation.incrementAndGet();
    tenant = Seed.load(clock);
    faults.clear();
    counts.clear();
    directoryAudits.clear();
    identity.consent(DelegatedScopes.CONSENTED_BY_DEFAULT);
    synchronized (auditCalls) {
      auditCalls.clear();
    }
    auditThrottle = true;
    auditWindow = AUDIT_WINDOW;
  }

  /** Turns the audit-log limit (5 requests per 10 s) on or off. */
  public void auditThrottle(boolean on) {
    this.auditThrottle = on;
  }

  /**
   * Graph's audit-log limit (5 requests) over a shorter window than Graph's 10 s, for tests of the
   * pacing that should not wait 10 s a turn; {@link #reset()} restores Graph's.
   */
  public void auditWindow(Duration window) {
    this.auditWindow = window;
    synchronized (auditCalls) {
      auditCalls.clear();
    }
  }

  /** Runs a provisioning cycle for started jobs every {@code period}. */
  public void cycleEvery(Duration period) {
    ticker.scheduleAtFixedRate(
        () -> tenant.runCycle(), period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Requests served, by method and path shape (ids as {id}); a {@code $batch} counts once. */
  public Map<String, Long> requestCounts() {
    Map<String, Long> copy = new TreeMap<>();
    counts.forEach((k, v) -> copy.put(k, v.get()));
    return copy;
  }

  public long totalRequests() {
    return counts.entrySet().stream()
        .filter(e -> !e.getKey().startsWith("sub "))
        .mapToLong(e -> e.getValue().get())
        .sum();
  }

  // ---- HTTP

  /** What one (sub-)request answers. */
  record Answer(int status, Map<String, String> headers, JsonNode body, String raw) {
    static Answer json(int status, JsonNode body) {
      return new Answer(status, Map.of(), body, null);
    }

    static Answer empty(int status) {
      return new Answer(status, Map.of(), null, null);
    }
  }

  /** The Content-Type of the request being answered, for the routes that check it. */
  private final ThreadLocal<String> contentType = new ThreadLocal<>();

  private void handle(HttpExchange exchange) throws IOException {
    arrivedInGeneration.set(generation.get());
    contentType.set(exchange.getRequestHeaders().getFirst("Content-Type"));
    try (exchange) {
      String requestId = UUID.randomUUID().toString();
      URI uri = exchange.getRequestURI();
      String path = uri.getRawPath();
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      caller.set(callerOf(exchange.getRequestHeaders().getFirst("Authorization")));
      if (path.startsWith("/_sandbox/")) {
        send(
            exchange,
            requestId,
            SandboxControls.handle(this, exchange.getRequestMethod(), path, body));
        return;
      }
      if (!path.startsWith(PREFIX + "/")) {
        send(exchange, requestId, error(GraphError.badRequest("Invalid version."), requestId));
        return;
      }
      String graphPath = path.substring(PREFIX.length());
      List<Faults.Rule> fired = faults.take(graphPath);
      for (Faults.Rule rule : fired) {
        if (rule.kind == Faults.Kind.LATENCY || rule.kind == Faults.Kind.TIMEOUT) {
          sleep(rule.delayMillis);
        }
        if (rule.kind == Faults.Kind.MALFORMED) {
          count(exchange.getRequestMethod(), graphPath, false);
          send(
              exchange,
              requestId,
              new Answer(200, Map.of(), null, "{\"value\": [ {\"id\": \"trunc"));
          return;
        }
      }
      Answer answer =
          dispatch(
              exchange.getRequestMethod(),
              graphPath,
              uri.getRawQuery(),
              body,
              requestId,
              fired,
              false);
      for (Faults.Rule rule : fired) {
        if (rule.kind == Faults.Kind.LATE_ANSWER) {
          sleep(rule.delayMillis);
        }
      }
      send(exchange, requestId, answer);
    } catch (RuntimeException e) {
      // A sandbox bug must look like a Graph 500, not a dropped connection.
      send(
          exchange,
          "sandbox",
          error(new GraphError(500, "generalException", String.valueOf(e)), "sandbox"));
    }
  }

  private Answer dispatch(
      String method,
      String path,
      String rawQuery,
      byte[] body,
      String requestId,
      List<Faults.Rule> fired,
      boolean insideBatch) {
    count(method, path, insideBatch);
    try {
      for (Faults.Rule rule : fired) {
        if (rule.kind == Faults.Kind.THROTTLE) {
          throw GraphError.throttled(rule.retryAfterSeconds);
        }
        if (rule.kind == Faults.Kind.ERROR) {
          throw new GraphError(
              rule.status,
              rule.status == 503 ? "serviceNotAvailable" : "generalException",
              "The service is temporarily unavailable.");
        }
      }
      JsonNode user = caller.get();
      if (user != null) {
        DelegatedScopes.check(user, method, path);
      }
      return route(method, path, ODataQuery.parse(rawQuery), body, requestId);
    } catch (GraphError e) {
      return error(e, requestId);
    }
  }

  private static final Pattern SP_ITEM = Pattern.compile("^/servicePrincipals/([^/]+)(/.*)?$");
  private static final Pattern TEMPLATE_ITEM =
      Pattern.compile("^/applicationTemplates/([^/]+)(/instantiate)?$");
  private static final Pattern JOB_ITEM =
      Pattern.compile(
          "^/synchronization/jobs/([^/]+)(/(start|pause|restart|validateCredentials|provisionOnDemand|bulkUpload))?$");

  private Answer route(String method, String path, ODataQuery q, byte[] body, String requestId) {
    SandboxTenant t = tenant;
    String base = "http://127.0.0.1:" + server.getAddress().getPort() + PREFIX;
    if (path.equals("/$batch") && method.equals("POST")) {
      return batch(body, requestId);
    }
    if (path.equals("/applicationTemplates") && method.equals("GET")) {
      q.allowOnly(
          "applicationTemplates",
          List.of("displayName:contains", "categories:any", "displayName:eq"));
      return page(base + path, q, t.listApplicationTemplates(), 100, 999);
    }
    Matcher m = TEMPLATE_ITEM.matcher(path);
    if (m.matches()) {
      String id = decode(m.group(1));
      if (m.group(2) == null && method.equals("GET")) {
        return Answer.json(200, q.project(t.applicationTemplate(id)));
      }
      if (m.group(2) != null && method.equals("POST")) {
        JsonNode json = parse(body);
        return Answer.json(201, t.instantiate(id, json.path("displayName").asText(null)));
      }
    }
    if (path.equals("/applications") && method.equals("GET")) {
      q.allowOnly("applications", List.of("displayName:eq", "appId:eq"));
      return page(base + path, q, t.listApplications(), 100, 999);
    }
    if (path.equals("/servicePrincipals") && method.equals("GET")) {
      q.allowOnly(
          "servicePrincipals",
          List.of("tags:any", "displayName:eq", "appId:eq", "displayName:contains"));
      return page(base + path, q, t.listServicePrincipals(), 100, 999);
    }
    if (path.equals("/auditLogs/directoryAudits") && method.equals("GET")) {
      ObjectNode out = SandboxTenant.JSON.createObjectNode();
      var value = out.putArray("value");
      List<ObjectNode> newestFirst = new java.util.ArrayList<>(directoryAudits);
      java.util.Collections.reverse(newestFirst);
      newestFirst.forEach(value::add);
      return Answer.json(200, out);
    }
    if (path.equals("/auditLogs/provisioning") && method.equals("GET")) {
      auditLimit();
      q.allowOnly(
          "provisioning",
          List.of(
              "activityDateTime:gt",
              "activityDateTime:ge",
              "activityDateTime:lt",
              "activityDateTime:le",
              "jobId:eq",
              "servicePrincipal/id:eq"));
      boolean ascending =
          "activityDateTime asc".equalsIgnoreCase(q.orderBy == null ? "" : q.orderBy.trim());
      if (!ascending
          && q.orderBy != null
          && !q.orderBy.trim().equalsIgnoreCase("activityDateTime desc")) {
        throw GraphError.badRequest("Unsupported $orderby: " + q.orderBy);
      }
      return pageOf(base + path, q, auditEvents(t, q, ascending), 50, 500);
    }
    m = SP_ITEM.matcher(path);
    if (m.matches()) {
      String sp = decode(m.group(1));
      String rest = m.group(2) == null ? "" : m.group(2);
      if (rest.isEmpty() && method.equals("GET")) {
        return Answer.json(200, q.project(t.servicePrincipal(sp)));
      }
      if (rest.equals("/synchronization/templates") && method.equals("GET")) {
        return page(base + path, q, t.syncTemplates(sp), 100, 999);
      }
      if (rest.equals("/synchronization/secrets") && method.equals("PUT")) {
        t.saveSecrets(sp, parse(body));
        return Answer.empty(204);
      }
      if (rest.equals("/synchronization/jobs")) {
        if (method.equals("GET")) {
          return page(base + path, q, t.listJobs(sp), 100, 999);
        }
        if (method.equals("POST")) {
          return Answer.json(201, t.createJob(sp, parse(body).path("templateId").asText(null)));
        }
      }
      Matcher job = JOB_ITEM.matcher(rest);
      if (job.matches()) {
        String jobId = decode(job.group(1));
        String action = job.group(3);
        if (action == null) {
          switch (method) {
            case "GET":
              return Answer.json(200, q.project(t.job(sp, jobId)));
            case "DELETE":
              t.deleteJob(sp, jobId);
              return Answer.empty(204);
            default:
              break;
          }
        } else if (method.equals("POST")) {
          switch (action) {
            case "start" -> {
              t.start(sp, jobId);
              audit("Start provisioning job", jobId);
            }
            case "pause" -> {
              t.pause(sp, jobId);
              audit("Pause provisioning job", jobId);
            }
            case "restart" -> {
              t.restart(sp, jobId, parse(body).path("criteria").path("resetScope").asText(null));
              audit("Restart provisioning job", jobId);
            }
            case "validateCredentials" -> t.validateCredentials(sp, jobId, parse(body));
            case "bulkUpload" -> {
              // Graph's most common bulkUpload error: any other content type is a 400.
              String type = contentType.get();
              if (type == null
                  || !type.toLowerCase(Locale.ROOT).startsWith("application/scim+json")) {
                throw GraphError.badRequest(
                    "Invalid Data Format: the Content-Type must be application/scim+json.");
              }
              t.bulkUpload(sp, jobId, parse(body));
              return new Answer(
                  202,
                  Map.of(
                      "Location",
                      base + "/auditLogs/provisioning/?$filter=jobid%20eq%20'" + jobId + "'"),
                  null,
                  null);
            }
            default -> {
              onDemandLimit();
              return Answer.json(200, t.provisionOnDemand(sp, jobId, parse(body)));
            }
          }
          return Answer.empty(204);
        }
      }
    }
    throw GraphError.badRequest("Resource not found for the segment '" + firstSegment(path) + "'.");
  }

  /** The last audit query's matching events: the pages of one query filter 100,000 events once. */
  private record AuditQuery(SandboxTenant tenant, long version, String filter, boolean ascending) {}

  private volatile Map.Entry<AuditQuery, List<JsonNode>> lastAudit;

  private List<JsonNode> auditEvents(SandboxTenant t, ODataQuery q, boolean ascending) {
    AuditQuery key = new AuditQuery(t, t.eventsVersion(), q.raw.get("$filter"), ascending);
    var last = lastAudit;
    if (last != null && last.getKey().equals(key)) {
      return last.getValue();
    }
    Instant after = null;
    Instant before = null;
    boolean exact = true;
    for (ODataQuery.Clause c : q.clauses) {
      if (c.field().equals("activityDateTime")) {
        Instant v = Instant.parse(c.value());
        switch (c.op()) {
          case "gt" -> after = v;
          case "lt" -> before = v;
          default -> exact = false; // ge, le: left to the predicate
        }
      }
    }
    List<JsonNode> candidates = exact ? t.eventsBetween(after, before) : t.events();
    var rest = exact ? q.predicateExcept("activityDateTime") : q.predicate();
    List<JsonNode> filtered = new ArrayList<>(candidates.stream().filter(rest).toList());
    if (ascending) {
      java.util.Collections.reverse(filtered);
    }
    lastAudit = Map.entry(key, filtered);
    return filtered;
  }

  private Answer page(String url, ODataQuery q, List<JsonNode> items, int defaultTop, int maxTop) {
    return pageOf(url, q, items.stream().filter(q.predicate()).toList(), defaultTop, maxTop);
  }

  private Answer pageOf(
      String url, ODataQuery q, List<JsonNode> filtered, int defaultTop, int maxTop) {
    int top = Math.min(q.top == null ? defaultTop : q.top, maxTop);
    int from = Math.min(q.skip, filtered.size());
    int to = Math.min(from + top, filtered.size());
    ObjectNode out = SandboxTenant.JSON.createObjectNode();
    out.put("@odata.context", "https://graph.microsoft.com/v1.0/$metadata#" + "collection");
    ArrayNode value = out.putArray("value");
    for (JsonNode item : filtered.subList(from, to)) {
      value.add(q.project(item));
    }
    if (to < filtered.size()) {
      StringBuilder next = new StringBuilder(url).append('?');
      q.raw.forEach(
          (k, v) -> {
            if (!k.equals("$skiptoken")) {
              next.append(encode(k)).append('=').append(encode(v)).append('&');
            }
          });
      next.append("$skiptoken=").append(ODataQuery.skipToken(to));
      out.put("@odata.nextLink", next.toString());
    }
    return Answer.json(200, out);
  }

  private Answer batch(byte[] body, String requestId) {
    JsonNode json;
    try {
      json = SandboxTenant.JSON.readTree(body);
    } catch (IOException e) {
      throw GraphError.badRequest("Invalid batch payload format.");
    }
    JsonNode requests = json == null ? null : json.get("requests");
    if (requests == null || !requests.isArray() || requests.isEmpty()) {
      throw GraphError.badRequest("Invalid batch payload format.");
    }
    if (requests.size() > 20) {
      throw GraphError.badRequest("The number of batch requests exceeds the limit of 20.");
    }
    ObjectNode out = SandboxTenant.JSON.createObjectNode();
    ArrayNode responses = out.putArray("responses");
    for (JsonNode r : requests) {
      String id = r.path("id").asText("");
      String method = r.path("method").asText("").toUpperCase(java.util.Locale.ROOT);
      String url = r.path("url").asText("");
      if (id.isEmpty() || method.isEmpty() || url.isEmpty()) {
        throw GraphError.badRequest("Every batch request needs id, method and url.");
      }
      if (url.startsWith(PREFIX)) {
        url = url.substring(PREFIX.length());
      }
      if (!url.startsWith("/")) {
        url = "/" + url;
      }
      int q = url.indexOf('?');
      String subPath = q < 0 ? url : url.substring(0, q);
      String subQuery = q < 0 ? null : url.substring(q + 1);
      byte[] subBody =
          r.has("body") ? r.get("body").toString().getBytes(StandardCharsets.UTF_8) : new byte[0];
      List<Faults.Rule> fired = faults.take(subPath);
      Answer a = dispatch(method, subPath, subQuery, subBody, requestId, fired, true);
      ObjectNode resp = responses.addObject();
      resp.put("id", id);
      resp.put("status", a.status());
      ObjectNode headers = resp.putObject("headers");
      a.headers().forEach(headers::put);
      if (a.body() != null) {
        headers.put("Content-Type", "application/json");
        resp.set("body", a.body());
      }
    }
    return Answer.json(200, out);
  }

  private void auditLimit() {
    if (!auditThrottle) {
      return;
    }
    limit(auditCalls, AUDIT_LIMIT, auditWindow);
  }

  private void onDemandLimit() {
    limit(onDemandCalls, ON_DEMAND_LIMIT, AUDIT_WINDOW);
  }

  private void limit(Deque<Instant> calls, int max, Duration window) {
    Instant now = Instant.now();
    synchronized (calls) {
      while (!calls.isEmpty() && calls.peekFirst().isBefore(now.minus(window))) {
        calls.pollFirst();
      }
      if (calls.size() >= max) {
        long wait = Duration.between(now, calls.peekFirst().plus(window)).toSeconds() + 1;
        throw GraphError.throttled((int) Math.max(1, wait));
      }
      calls.addLast(now);
    }
  }

  private static Answer error(GraphError e, String requestId) {
    ObjectNode body = SandboxTenant.JSON.createObjectNode();
    ObjectNode error = body.putObject("error");
    error.put("code", e.code);
    error.put("message", e.getMessage());
    ObjectNode inner = error.putObject("innerError");
    inner.put("date", Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    inner.put("request-id", requestId);
    inner.put("client-request-id", requestId);
    return new Answer(e.status, e.headers, body, null);
  }

  /** Bumped by {@link #reset()}; requests remember the one they arrived in. */
  private final java.util.concurrent.atomic.AtomicInteger generation =
      new java.util.concurrent.atomic.AtomicInteger();

  private final ThreadLocal<Integer> arrivedInGeneration = ThreadLocal.withInitial(() -> 0);

  private void count(String method, String path, boolean insideBatch) {
    if (arrivedInGeneration.get() != generation.get()) {
      // A request held back by a fault from before the last reset: not this test's to count.
      return;
    }
    String shape =
        path.replaceAll("/[0-9a-fA-F-]{36}", "/{id}")
            .replaceAll("/[A-Za-z0-9]+\\.[0-9a-f]{32}\\.[0-9a-f-]{36}", "/{jobId}");
    counts
        .computeIfAbsent((insideBatch ? "sub " : "") + method + " " + shape, k -> new AtomicLong())
        .incrementAndGet();
  }

  private static void send(HttpExchange exchange, String requestId, Answer answer)
      throws IOException {
    exchange.getResponseHeaders().add("request-id", requestId);
    exchange.getResponseHeaders().add("client-request-id", requestId);
    answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    byte[] bytes =
        answer.raw() != null
            ? answer.raw().getBytes(StandardCharsets.UTF_8)
            : answer.body() == null
                ? new byte[0]
                : SandboxTenant.JSON.writeValueAsBytes(answer.body());
    if (bytes.length > 0) {
      exchange
          .getResponseHeaders()
          .add("Content-Type", "application/json; odata.metadata=minimal; charset=utf-8");
    }
    exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  static JsonNode parse(byte[] body) {
    if (body == null || body.length == 0) {
      return SandboxTenant.JSON.createObjectNode();
    }
    try {
      return SandboxTenant.JSON.readTree(body);
    } catch (IOException e) {
      throw GraphError.badRequest("Unable to read JSON request payload.");
    }
  }

  private static String decode(String segment) {
    return java.net.URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String firstSegment(String path) {
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    int slash = trimmed.indexOf('/');
    return slash < 0 ? trimmed : trimmed.substring(0, slash);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    server.stop(0);
    synchronized (this) {
      if (identityServer != null) {
        identityServer.stop(0);
      }
    }
    pool.shutdownNow();
  }
}
