package com.provisioningops.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for one Azure Key Vault, over HTTPS with a certificate generated at start: the
 * bearer challenge the SDK expects, {@code GET/PUT/DELETE /secrets/{name}[/{version}]}, the list,
 * deleted secrets for the SDK's delete poller, and errors as Key Vault answers them. It never logs
 * a secret value.
 */
public final class KeyVaultSandbox implements AutoCloseable {
  static {
    // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's
    // delayed ACK: about 40 ms per small response on loopback.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SECRET =
      Pattern.compile("^/(secrets|deletedsecrets)(?:/([^/]+)(?:/([^/]*))?)?$");
  private static final Pattern NAME = Pattern.compile("[0-9a-zA-Z-]{1,127}");

  /** One version; {@code notBefore} and {@code expires} are epoch seconds, null when unset. */
  private record Version(
      String id, String value, long created, String contentType, Long notBefore, Long expires) {}

  private final HttpsServer server;
  private final ExecutorService pool;
  private final Map<String, List<Version>> secrets = new LinkedHashMap<>();
  private final Map<String, List<Version>> deleted = new LinkedHashMap<>();
  private final Set<String> forbidden = ConcurrentHashMap.newKeySet();
  private final AtomicLong requests = new AtomicLong();
  private volatile boolean forbidAll;

  private KeyVaultSandbox(int port) throws IOException {
    this.server = HttpsServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    server.setHttpsConfigurator(new HttpsConfigurator(SandboxTls.selfSigned()));
    this.pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "keyvault-sandbox");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(pool);
    server.createContext("/", this::handle);
  }

  /** Starts an empty vault on {@code port} (0 picks a free one). */
  public static KeyVaultSandbox start(int port) throws IOException {
    KeyVaultSandbox vault = new KeyVaultSandbox(port);
    vault.server.start();
    return vault;
  }

  public URI vaultUrl() {
    return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Sets a secret as an admin would (a new version). */
  public synchronized String set(String name, String value) {
    return set(name, value, null, null);
  }

  /**
   * Sets a secret with an activation and an expiry date (either may be null), as an admin rotating
   * a credential would; Key Vault hands the value out outside that window all the same.
   */
  public synchronized String set(String name, String value, Instant notBefore, Instant expires) {
    Version v =
        new Version(
            UUID.randomUUID().toString().replace("-", ""),
            value,
            Instant.now().getEpochSecond(),
            null,
            notBefore == null ? null : notBefore.getEpochSecond(),
            expires == null ? null : expires.getEpochSecond());
    secrets.computeIfAbsent(name, k -> new ArrayList<>()).add(v);
    deleted.remove(name);
    return v.id();
  }

  /**
   * Seeds secrets from the {@code section} object (name → value) of a JSON file such as {@code
   * local.secrets.json}; returns how many were seeded.
   */
  public int seed(Path file, String section) {
    try {
      JsonNode json = JSON.readTree(file.toFile()).path(section);
      json.fields().forEachRemaining(e -> set(e.getKey(), e.getValue().asText()));
      return json.size();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  /** Makes every request for {@code name} answer 403, as a vault without the app's role would. */
  public void forbid(String name) {
    forbidden.add(name);
  }

  /** Makes every request answer 403. */
  public void forbidAll(boolean on) {
    forbidAll = on;
  }

  public synchronized void reset() {
    secrets.clear();
    deleted.clear();
    forbidden.clear();
    forbidAll = false;
    requests.set(0);
  }

  /** Requests that reached the vault with a token (the challenge round trip not counted). */
  /** The names of the secrets not deleted. */
  public synchronized List<String> secretNames() {
    return List.copyOf(secrets.keySet());
  }

  public long requests() {
    return requests.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      if (auth == null || !auth.startsWith("Bearer ") || auth.length() < 8) {
        exchange
            .getResponseHeaders()
            .add(
                "WWW-Authenticate",
                "Bearer authorization=\"https://login.microsoftonline.com/7b1c8e2f-4d3a-4f6b-9c8e-2a1d5e7f9b30\","
                    + " resource=\"https://vault.azure.net\"");
        send(
            exchange,
            401,
            error("Unauthorized", "AKV10000: Request is missing a Bearer or PoP token."));
        return;
      }
      requests.incrementAndGet();
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      Matcher m = SECRET.matcher(path);
      if (!m.matches()) {
        send(exchange, 404, error("NotFound", "The requested resource was not found."));
        return;
      }
      String name = m.group(2);
      if (forbidAll || (name != null && forbidden.contains(name))) {
        send(exchange, 403, forbidden(method, name));
        return;
      }
      boolean deletedSecrets = m.group(1).equals("deletedsecrets");
      byte[] reply;
      synchronized (this) {
        if (name == null) {
          if (!method.equals("GET") || deletedSecrets) {
            send(exchange, 405, error("BadParameter", "Method not allowed."));
            return;
          }
          send(exchange, 200, list());
          return;
        }
        if (!NAME.matcher(name).matches()) {
          send(exchange, 400, error("BadParameter", "The secret name '" + name + "' is invalid."));
          return;
        }
        if (deletedSecrets) {
          List<Version> gone = deleted.get(name);
          if (gone == null) {
            send(exchange, 404, notFound("Deleted Secret", name));
            return;
          }
          send(exchange, 200, bundle(name, gone.get(gone.size() - 1), true));
          return;
        }
        switch (method) {
          case "GET" -> {
            List<Version> versions = secrets.get(name);
            String version = m.group(3);
            Version found = null;
            if (versions != null) {
              if (version == null || version.isEmpty()) {
                found = versions.get(versions.size() - 1);
              } else {
                found =
                    versions.stream().filter(v -> v.id().equals(version)).findFirst().orElse(null);
              }
            }
            if (found == null) {
              send(
                  exchange,
                  404,
                  notFound(
                      "Secret",
                      name + (version == null || version.isEmpty() ? "" : "/" + version)));
              return;
            }
            reply = bundle(name, found, false);
          }
          case "PUT" -> {
            JsonNode json;
            try {
              json = JSON.readTree(body);
            } catch (IOException e) {
              json = null;
            }
            if (json == null || !json.path("value").isTextual()) {
              send(
                  exchange,
                  400,
                  error("BadParameter", "The request body must carry a string value."));
              return;
            }
            JsonNode dates = json.path("attributes");
            set(
                name,
                json.path("value").asText(),
                dates.hasNonNull("nbf") ? Instant.ofEpochSecond(dates.path("nbf").asLong()) : null,
                dates.hasNonNull("exp") ? Instant.ofEpochSecond(dates.path("exp").asLong()) : null);
            List<Version> versions = secrets.get(name);
            reply = bundle(name, versions.get(versions.size() - 1), false);
          }
          case "DELETE" -> {
            List<Version> versions = secrets.remove(name);
            if (versions == null) {
              send(exchange, 404, notFound("Secret", name));
              return;
            }
            deleted.put(name, versions);
            reply = bundle(name, versions.get(versions.size() - 1), true);
          }
          default -> {
            send(exchange, 405, error("BadParameter", "Method not allowed."));
            return;
          }
        }
      }
      send(exchange, 200, reply);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }

  private byte[] list() throws IOException {
    ObjectNode out = JSON.createObjectNode();
    ArrayNode value = out.putArray("value");
    secrets.forEach(
        (name, versions) -> {
          ObjectNode item = value.addObject();
          item.put("id", vaultUrl() + "/secrets/" + name);
          item.set("attributes", attributes(versions.get(versions.size() - 1)));
        });
    out.putNull("nextLink");
    return JSON.writeValueAsBytes(out);
  }

  private byte[] bundle(String name, Version v, boolean isDeleted) throws IOException {
    ObjectNode out = JSON.createObjectNode();
    if (!isDeleted) {
      out.put("value", v.value());
    }
    out.put("id", vaultUrl() + "/secrets/" + name + "/" + v.id());
    out.set("attributes", attributes(v));
    out.putObject("tags");
    if (isDeleted) {
      out.put("recoveryId", vaultUrl() + "/deletedsecrets/" + name);
      out.put("deletedDate", Instant.now().getEpochSecond());
      out.put("scheduledPurgeDate", Instant.now().plusSeconds(90L * 86400).getEpochSecond());
    }
    return JSON.writeValueAsBytes(out);
  }

  private static ObjectNode attributes(Version v) {
    ObjectNode a = JSON.createObjectNode();
    a.put("enabled", true);
    a.put("created", v.created());
    a.put("updated", v.created());
    if (v.notBefore() != null) {
      a.put("nbf", v.notBefore());
    }
    if (v.expires() != null) {
      a.put("exp", v.expires());
    }
    a.put("recoveryLevel", "Recoverable+Purgeable");
    a.put("recoverableDays", 90);
    return a;
  }

  private static byte[] notFound(String what, String name) throws IOException {
    return error(
        "SecretNotFound",
        "A "
            + what.toLowerCase()
            + " with (name/id) "
            + name
            + " was not found in this key vault."
            + " If you recently deleted this secret you may be able to recover it using the correct recovery command.");
  }

  private static byte[] forbidden(String method, String name) throws IOException {
    String permission =
        switch (method) {
          case "PUT" -> "set";
          case "DELETE" -> "delete";
          default -> name == null ? "list" : "get";
        };
    ObjectNode out = JSON.createObjectNode();
    ObjectNode error = out.putObject("error");
    error.put("code", "Forbidden");
    error.put(
        "message",
        "Caller is not authorized to perform action on resource. If role assignments were recently"
            + " changed, please wait several minutes. Action: 'Microsoft.KeyVault/vaults/secrets/"
            + (permission.equals("get")
                ? "getSecret/action"
                : permission.equals("list") ? "readMetadata/action" : permission + "Secret/action")
            + "'. Vault: sandbox.");
    error.putObject("innererror").put("code", "ForbiddenByRbac");
    return JSON.writeValueAsBytes(out);
  }

  private static byte[] error(String code, String message) throws IOException {
    ObjectNode out = JSON.createObjectNode();
    ObjectNode error = out.putObject("error");
    error.put("code", code);
    error.put("message", message);
    return JSON.writeValueAsBytes(out);
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
    exchange.getResponseHeaders().add("x-ms-request-id", UUID.randomUUID().toString());
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
