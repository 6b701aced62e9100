package com.provisioningops.devhost;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * A small stand-in for the Azure Functions host, for local runs and tests where Core Tools cannot
 * be installed. It serves the packaged app's HTTP triggers under {@code /api} with their auth
 * levels, fires its timers on their NCRONTAB schedules, and runs any non-HTTP function through the
 * host's admin route. docs/adr/0001-dev-host.md lists what it emulates and where it differs.
 */
public final class DevHost implements AutoCloseable {
  static {
    // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's
    // delayed ACK: about 40 ms per small response on loopback.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  static final String ROUTE_PREFIX = "/api/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FunctionApp app;
  private final Function<String, String> settings;
  private final HostKeys keys;
  private final PrintStream log;
  private final List<HttpRoute> routes = new ArrayList<>();
  private final HttpServer server;
  private final ExecutorService workers;
  private final ScheduledExecutorService timers;
  private final List<QueueListener> queues = new ArrayList<>();

  /** App Service authentication in front of the host, with WEBSITE_AUTH_ENABLED=True. */
  private final AppServiceAuth auth;

  private record HttpRoute(FunctionJson function, RouteTemplate template) {}

  /** The host's function and master keys. */
  public record HostKeys(String function, String master) {}

  private DevHost(
      FunctionApp app,
      Function<String, String> settings,
      HostKeys keys,
      String host,
      int port,
      PrintStream log)
      throws IOException {
    this.app = app;
    this.settings = settings;
    this.keys = keys;
    this.log = log;
    this.auth =
        "true".equalsIgnoreCase(settings.apply("WEBSITE_AUTH_ENABLED"))
            ? new AppServiceAuth(
                settings.apply("DEVHOST_AUTH_ISSUER"),
                AppServiceAuth.audiences(settings.apply("DEVHOST_AUTH_AUDIENCES")))
            : null;
    for (FunctionJson f : app.functions().values()) {
      if (f.isHttp() && disabled(f)) {
        log.println(
            "Function '" + f.name() + "' is disabled (AzureWebJobs." + f.name() + ".Disabled).");
        continue;
      }
      f.route().ifPresent(r -> routes.add(new HttpRoute(f, new RouteTemplate(r))));
    }
    routes.sort((a, b) -> RouteTemplate.PRECEDENCE.compare(a.template(), b.template()));
    this.workers = Executors.newFixedThreadPool(16, daemon("devhost-http"));
    this.timers = Executors.newScheduledThreadPool(2, daemon("devhost-timer"));
    this.server = HttpServer.create(new InetSocketAddress(host, port), 64);
    server.setExecutor(workers);
    server.createContext("/", this::handle);
  }

  /**
   * Loads the app in {@code appDir} and starts serving it.
   *
   * @param settings the app settings, used for {@code %NAME%} schedules and {@code
   *     AzureWebJobs.<name>.Disabled}; the app itself reads its process environment
   */
  public static DevHost start(
      java.nio.file.Path appDir,
      Function<String, String> settings,
      HostKeys keys,
      String host,
      int port,
      PrintStream log)
      throws IOException {
    DevHost devHost = new DevHost(FunctionApp.load(appDir), settings, keys, host, port, log);
    devHost.server.start();
    devHost.scheduleTimers();
    devHost.listenToQueues(JSON.readTree(appDir.resolve("host.json").toFile()));
    return devHost;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public URI baseUri() {
    return URI.create("http://" + server.getAddress().getHostString() + ":" + port());
  }

  /** Lines that describe each function as Core Tools prints them at start. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    for (FunctionJson f : app.functions().values()) {
      if (f.isHttp()) {
        String methods = f.methods().isEmpty() ? "ALL" : String.join(",", f.methods());
        lines.add(
            "%s: [%s] %s%s%s (%s)"
                .formatted(
                    f.name(),
                    methods,
                    baseUri(),
                    ROUTE_PREFIX,
                    f.route().orElseThrow(),
                    f.authLevel().name().toLowerCase(Locale.ROOT)));
      } else {
        lines.add(
            "%s: %s%s".formatted(f.name(), f.triggerType(), disabled(f) ? " (disabled)" : ""));
      }
    }
    return lines;
  }

  // ---- queues

  private void listenToQueues(com.fasterxml.jackson.databind.JsonNode hostJson) {
    QueueListener.Options options = QueueListener.Options.from(hostJson, settings);
    for (FunctionJson f : app.functions().values()) {
      if (!f.isQueue()) {
        continue;
      }
      if (disabled(f)) {
        log("Function '%s' is disabled (AzureWebJobs.%s.Disabled).", f.name(), f.name());
        continue;
      }
      String queueName = Ncrontab.resolve(f.trigger().path("queueName").asText(), settings);
      String connection =
          settings.apply(f.trigger().path("connection").asText("AzureWebJobsStorage"));
      if (connection == null) {
        log("Function '%s' names no storage connection; it will not run.", f.name());
        continue;
      }
      QueueListener listener =
          new QueueListener(
              f.name(),
              queueName,
              connection,
              options,
              (message, bindingData) ->
                  invoke(
                      f,
                      "New queue message detected on '" + queueName + "'.",
                      null,
                      message,
                      bindingData),
              line -> log("%s", line));
      queues.add(listener);
      listener.start();
    }
  }

  // ---- timers

  private void scheduleTimers() {
    for (FunctionJson f : app.functions().values()) {
      if (!f.isTimer()) {
        continue;
      }
      if (disabled(f)) {
        log("Function '%s' is disabled (AzureWebJobs.%s.Disabled).", f.name(), f.name());
        continue;
      }
      try {
        Ncrontab schedule = Ncrontab.parse(f.trigger().path("schedule").asText(), settings);
        scheduleNext(f, schedule, null);
      } catch (IllegalArgumentException e) {
        log("Function '%s' has an invalid schedule: %s", f.name(), e.getMessage());
      }
    }
  }

  private void scheduleNext(FunctionJson f, Ncrontab schedule, Instant last) {
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    Optional<ZonedDateTime> next = schedule.next(now);
    if (next.isEmpty() || timers.isShutdown()) {
      return;
    }
    long delay = ChronoUnit.MILLIS.between(now, next.get());
    timers.schedule(
        () -> {
          Instant fired = Instant.now();
          Instant following = schedule.next(next.get()).map(ZonedDateTime::toInstant).orElse(fired);
          String info = timerInfo(last, following);
          runQuietly(f, "Timer fired at " + fired, info);
          scheduleNext(f, schedule, fired);
        },
        Math.max(0, delay),
        TimeUnit.MILLISECONDS);
  }

  /** The JSON the worker hands a TimerTrigger parameter of type String. */
  private static String timerInfo(Instant last, Instant next) {
    return "{\"Schedule\":{\"AdjustForDST\":true},\"ScheduleStatus\":{\"Last\":\"%s\",\"Next\":\"%s\",\"LastUpdated\":\"%s\"},\"IsPastDue\":false}"
        .formatted(last == null ? "0001-01-01T00:00:00Z" : last, next, Instant.now());
  }

  private boolean disabled(FunctionJson f) {
    String value = settings.apply("AzureWebJobs." + f.name() + ".Disabled");
    return value != null && (value.equalsIgnoreCase("true") || value.equals("1"));
  }

  private void runQuietly(FunctionJson f, String reason, String timerInfo) {
    try {
      invoke(f, reason, null, timerInfo, Map.of());
    } catch (Throwable t) {
      // Already logged by invoke, as the host logs a failed run and goes on.
    }
  }

  // ---- invocation

  private Object invoke(
      FunctionJson f,
      String reason,
      HostRequest request,
      String triggerValue,
      Map<String, String> bindingData)
      throws Throwable {
    String id = UUID.randomUUID().toString();
    log("Executing 'Functions.%s' (Reason='%s', Id=%s)", f.name(), reason, id);
    long start = System.nanoTime();
    Logger logger = invocationLogger(f.name(), id);
    ExecutionContext context =
        new ExecutionContext() {
          @Override
          public Logger getLogger() {
            return logger;
          }

          @Override
          public String getInvocationId() {
            return id;
          }

          @Override
          public String getFunctionName() {
            return f.name();
          }
        };
    try {
      Object result = app.invoke(f, context, request, triggerValue, bindingData);
      log(
          "Executed 'Functions.%s' (Succeeded, Id=%s, Duration=%dms)",
          f.name(), id, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
      return result;
    } catch (Throwable t) {
      log(
          "Executed 'Functions.%s' (Failed, Id=%s, Duration=%dms)",
          f.name(), id, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
      log("System.Exception: %s: %s", f.name(), t);
      throw t;
    }
  }

  private Logger invocationLogger(String function, String invocationId) {
    Logger logger = Logger.getAnonymousLogger();
    logger.setUseParentHandlers(false);
    logger.setLevel(Level.ALL);
    logger.addHandler(
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            String message = record.getMessage();
            if (record.getThrown() != null) {
              message += System.lineSeparator() + stackTrace(record.getThrown());
            }
            log("[%s] %s", record.getLevel(), message);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        });
    return logger;
  }

  private static String stackTrace(Throwable t) {
    java.io.StringWriter out = new java.io.StringWriter();
    t.printStackTrace(new java.io.PrintWriter(out));
    return out.toString().stripTrailing();
  }

  private synchronized void log(String format, Object... args) {
    log.println("[" + Instant.now() + "] " + format.formatted(args));
  }

  // ---- HTTP

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      if (path.startsWith("/admin/")) {
        handleAdmin(exchange, path);
      } else if (path.startsWith(ROUTE_PREFIX) || path.equals("/api")) {
        handleFunction(
            exchange,
            path.length() <= ROUTE_PREFIX.length() ? "" : path.substring(ROUTE_PREFIX.length()));
      } else {
        send(exchange, 404, Map.of(), new byte[0]);
      }
    } catch (RuntimeException e) {
      log("Host error on %s %s: %s", exchange.getRequestMethod(), exchange.getRequestURI(), e);
      send(exchange, 500, Map.of(), new byte[0]);
    }
  }

  private void handleFunction(HttpExchange exchange, String path) throws IOException {
    String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    for (HttpRoute route : routes) {
      Optional<Map<String, String>> values = route.template().match(path);
      List<String> methods = route.function().methods();
      if (values.isEmpty() || !(methods.isEmpty() || methods.contains(method))) {
        continue;
      }
      Map<String, String> query = query(exchange.getRequestURI());
      Map<String, String> headers = headers(exchange);
      if (auth != null) {
        // Authentication runs in front of the host: a token it refuses never reaches a function.
        AppServiceAuth.Outcome signedIn = auth.authenticate(headers);
        if (signedIn.refusal() != null) {
          send(
              exchange,
              401,
              Map.of(
                  "WWW-Authenticate",
                  "Bearer error=\"invalid_token\", error_description=\""
                      + signedIn.refusal()
                      + "\""),
              new byte[0]);
          return;
        }
        headers = signedIn.headers();
      }
      if (!authorized(route.function().authLevel(), headers, query)) {
        // The host answers a missing or wrong key with an empty 401.
        send(exchange, 401, Map.of(), new byte[0]);
        return;
      }
      Map<String, String> bindingData = new LinkedHashMap<>(query);
      bindingData.putAll(values.get());
      byte[] body = readBody(exchange, bodyLimit());
      if (body == null) {
        // The host refuses a body over FUNCTIONS_REQUEST_BODY_SIZE_LIMIT before any function.
        send(exchange, 413, Map.of(), new byte[0]);
        return;
      }
      HostRequest request =
          new HostRequest(requestUri(exchange), HttpMethod.value(method), headers, query, body);
      try {
        Object result =
            invoke(
                route.function(),
                "This function was programmatically called via the host APIs.",
                request,
                null,
                bindingData);
        respond(exchange, method, result);
      } catch (Throwable t) {
        // The host answers an unhandled function failure with an empty 500.
        send(exchange, 500, Map.of(), new byte[0]);
      }
      return;
    }
    send(exchange, 404, Map.of(), new byte[0]);
  }

  private void handleAdmin(HttpExchange exchange, String path) throws IOException {
    Map<String, String> headers = headers(exchange);
    if (!keys.master().equals(headers.get("x-functions-key"))) {
      send(exchange, 401, Map.of(), new byte[0]);
      return;
    }
    if (path.equals("/admin/host/status") && exchange.getRequestMethod().equals("GET")) {
      sendJson(exchange, 200, Map.of("state", "Running", "version", "devhost"));
      return;
    }
    String prefix = "/admin/functions/";
    if (!path.startsWith(prefix) || !exchange.getRequestMethod().equals("POST")) {
      send(exchange, 404, Map.of(), new byte[0]);
      return;
    }
    String name = URLDecoder.decode(path.substring(prefix.length()), StandardCharsets.UTF_8);
    FunctionJson f =
        app.functions().values().stream()
            .filter(fn -> fn.name().equalsIgnoreCase(name))
            .findFirst()
            .orElse(null);
    if (f == null || f.isHttp()) {
      // The host runs only non-HTTP functions through this route.
      send(exchange, 404, Map.of(), new byte[0]);
      return;
    }
    readBody(exchange);
    try {
      invoke(
          f,
          "This function was programmatically called via the host APIs.",
          null,
          timerInfo(null, Instant.now()),
          Map.of());
      // The real host answers 202 at once and runs the function afterwards.
      send(exchange, 202, Map.of(), new byte[0]);
    } catch (Throwable t) {
      sendJson(exchange, 500, Map.of("error", String.valueOf(t)));
    }
  }

  private boolean authorized(
      FunctionJson.AuthLevel level, Map<String, String> headers, Map<String, String> query) {
    String key = headers.getOrDefault("x-functions-key", query.get("code"));
    return switch (level) {
      case ANONYMOUS -> true;
      case FUNCTION -> keys.function().equals(key) || keys.master().equals(key);
      case ADMIN -> keys.master().equals(key);
    };
  }

  private void respond(HttpExchange exchange, String method, Object result) throws IOException {
    if (result instanceof HttpResponseMessage response) {
      Map<String, String> headers = new LinkedHashMap<>();
      if (response instanceof HostRequest.Response r) {
        headers.putAll(r.headers());
      }
      byte[] body = bytes(response.getBody(), headers);
      send(exchange, response.getStatusCode(), headers, method.equals("HEAD") ? new byte[0] : body);
    } else if (result == null) {
      send(exchange, 204, Map.of(), new byte[0]);
    } else {
      Map<String, String> headers = new LinkedHashMap<>();
      send(exchange, 200, headers, bytes(result, headers));
    }
  }

  private static byte[] bytes(Object body, Map<String, String> headers) throws IOException {
    if (body == null) {
      return new byte[0];
    }
    if (body instanceof byte[] raw) {
      headers.putIfAbsent("Content-Type", "application/octet-stream");
      return raw;
    }
    if (body instanceof String text) {
      headers.putIfAbsent("Content-Type", "text/plain; charset=utf-8");
      return text.getBytes(StandardCharsets.UTF_8);
    }
    headers.putIfAbsent("Content-Type", "application/json; charset=utf-8");
    return JSON.writeValueAsBytes(body);
  }

  private static void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
    send(
        exchange,
        status,
        Map.of("Content-Type", "application/json; charset=utf-8"),
        JSON.writeValueAsBytes(body));
  }

  private static void send(
      HttpExchange exchange, int status, Map<String, String> headers, byte[] body)
      throws IOException {
    headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    boolean empty = body.length == 0 || status == 204 || status == 304;
    exchange.sendResponseHeaders(status, empty ? -1 : body.length);
    if (!empty) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** The host's default when FUNCTIONS_REQUEST_BODY_SIZE_LIMIT is unset: 100 MB. */
  private static final long HOST_BODY_LIMIT = 104_857_600L;

  private long bodyLimit() {
    String limit = settings.apply("FUNCTIONS_REQUEST_BODY_SIZE_LIMIT");
    try {
      return limit == null || limit.isBlank() ? HOST_BODY_LIMIT : Long.parseLong(limit.trim());
    } catch (NumberFormatException e) {
      return HOST_BODY_LIMIT;
    }
  }

  /** The body, or null when it is longer than {@code limit}: never more than that is read. */
  private static byte[] readBody(HttpExchange exchange, long limit) throws IOException {
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    if (declared != null
        && declared.trim().matches("\\d{1,18}")
        && Long.parseLong(declared.trim()) > limit) {
      return null;
    }
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
      return body.length > limit ? null : body;
    }
  }

  private static byte[] readBody(HttpExchange exchange) throws IOException {
    return readBody(exchange, HOST_BODY_LIMIT);
  }

  private static Map<String, String> headers(HttpExchange exchange) {
    Map<String, String> headers = new LinkedHashMap<>();
    exchange
        .getRequestHeaders()
        .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(", ", v)));
    return headers;
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> query = new LinkedHashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null || raw.isEmpty()) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      query.putIfAbsent(key, value);
    }
    return query;
  }

  private URI requestUri(HttpExchange exchange) {
    String host = exchange.getRequestHeaders().getFirst("Host");
    String authority = host == null ? server.getAddress().getHostString() + ":" + port() : host;
    return URI.create("http://" + authority + exchange.getRequestURI().toString());
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() throws IOException {
    queues.forEach(QueueListener::close);
    timers.shutdownNow();
    server.stop(0);
    workers.shutdownNow();
    app.close();
  }
}
