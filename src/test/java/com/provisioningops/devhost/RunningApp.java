package com.provisioningops.devhost;

import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.provisioningops.sandbox.GraphSandbox;
import com.provisioningops.sandbox.KeyVaultSandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The packaged app running in the dev host against this JVM's Azurite, for tests that talk to it
 * over real HTTP as a flow or an admin would. One shared instance serves most tests; tests that
 * need other settings start their own and close it.
 */
public final class RunningApp implements AutoCloseable {
  public static final String FUNCTION_KEY = "test-function-key";
  public static final String MASTER_KEY = "test-master-key";

  private static final Object LOG_LOCK = new Object();
  private static Azurite azurite;
  private static GraphSandbox graph;
  private static KeyVaultSandbox credentialsVault;
  private static KeyVaultSandbox appVault;
  private static RunningApp shared;

  private final DevHostProcess process;
  private Azurite ownStorage;
  private final List<String> output = new CopyOnWriteArrayList<>();
  private final Map<String, String> settings;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private RunningApp(Map<String, String> overrides) {
    this(overrides, DevHostProcess.Jvm.TESTS);
  }

  private RunningApp(Map<String, String> overrides, DevHostProcess.Jvm jvm) {
    Path project = Path.of("").toAbsolutePath();
    Map<String, String> settings =
        new LinkedHashMap<>(LocalSettings.read(project.resolve(LocalSettings.TEMPLATE)).values());
    settings.put("AzureWebJobsStorage", azurite().connectionString());
    settings.put("GRAPH_BASE_URL", graph().baseUrl().toString());
    settings.put("GRAPH_AUTH", "none");
    settings.put("KEY_VAULT_URL", credentialsVault().vaultUrl().toString());
    settings.put("APP_KEY_VAULT_URL", appVault().vaultUrl().toString());
    settings.put("KEY_VAULT_SANDBOX_TRUST", "true");
    settings.put("PORT", Integer.toString(Ports.free()));
    settings.put("DEVHOST_FUNCTION_KEY", FUNCTION_KEY);
    settings.put("DEVHOST_MASTER_KEY", MASTER_KEY);
    // Timers run when a test asks, unless a test turns them on.
    settings.put("JOB_POLL_SCHEDULE", "*/1 * * * * *");
    settings.put("AzureWebJobs.JobPollTimer.Disabled", "true");
    settings.put("AzureWebJobs.DiscoveryTimer.Disabled", "true");
    settings.put("AzureWebJobs.LogPollTimer.Disabled", "true");
    settings.put("AzureWebJobs.SetupRecoveryTimer.Disabled", "true");
    settings.put("AzureWebJobs.CredentialExpiryTimer.Disabled", "true");
    settings.putAll(overrides);
    if ("true".equalsIgnoreCase(settings.get("WEBSITE_AUTH_ENABLED"))
        || "user".equalsIgnoreCase(settings.get("GRAPH_CHANGES_AS"))) {
      graph().signInSettings().forEach(settings::putIfAbsent);
    }
    this.settings = Map.copyOf(settings);
    Path log = project.resolve("target/devhost-it.log");
    this.process =
        DevHostProcess.start(
            appDir(),
            settings,
            line -> {
              output.add(line);
              append(log, line);
            },
            Duration.ofSeconds(60),
            jvm);
  }

  /** The app every test may share, started on first use and stopped when the JVM exits. */
  public static synchronized RunningApp shared() {
    if (shared == null) {
      shared = new RunningApp(Map.of());
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    return shared;
  }

  /** Another instance with these settings changed; the caller closes it. */
  public static RunningApp start(Map<String, String> overrides) {
    return new RunningApp(overrides);
  }

  /**
   * Another instance with these settings changed, its JVM started as given; the caller closes it.
   */
  public static RunningApp start(Map<String, String> overrides, DevHostProcess.Jvm jvm) {
    return new RunningApp(overrides, jvm);
  }

  /**
   * Another instance on an Azurite of its own (in memory), which {@link #close()} stops too: for
   * tests and benchmarks whose storage no other test may meet.
   */
  public static RunningApp startOnOwnStorage(
      Map<String, String> overrides, DevHostProcess.Jvm jvm) {
    Azurite storage = Azurite.start(Path.of("").toAbsolutePath(), Ports.free(), Ports.free(), null);
    try {
      Map<String, String> settings = new LinkedHashMap<>(overrides);
      settings.put("AzureWebJobsStorage", storage.connectionString());
      RunningApp app = new RunningApp(settings, jvm);
      app.ownStorage = storage;
      return app;
    } catch (RuntimeException e) {
      storage.close();
      throw e;
    }
  }

  /** The host JVM's process: what it has cost so far, and its pid for profilers. */
  public ProcessHandle handle() {
    return process.handle();
  }

  private static synchronized Azurite azurite() {
    if (azurite == null) {
      azurite = Azurite.start(Path.of("").toAbsolutePath(), Ports.free(), Ports.free(), null);
      Azurite started = azurite;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close));
    }
    return azurite;
  }

  /** The Graph sandbox every app of this JVM talks to; tests steer it through its Java API. */
  public static synchronized GraphSandbox graph() {
    if (graph == null) {
      try {
        graph = GraphSandbox.start(0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(graph::close));
    }
    return graph;
  }

  /** The vault holding provisioning credentials, which the app only reads. */
  public static synchronized KeyVaultSandbox credentialsVault() {
    if (credentialsVault == null) {
      credentialsVault = startVault();
    }
    return credentialsVault;
  }

  /** The vault the app writes its own secrets to. */
  public static synchronized KeyVaultSandbox appVault() {
    if (appVault == null) {
      appVault = startVault();
    }
    return appVault;
  }

  private static KeyVaultSandbox startVault() {
    try {
      KeyVaultSandbox vault = KeyVaultSandbox.start(0);
      Runtime.getRuntime().addShutdownHook(new Thread(vault::close));
      return vault;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path appDir() {
    return Path.of(
        System.getProperty("provisioningops.appDir", "target/azure-functions/provisioning-ops"));
  }

  public URI baseUri() {
    return process.baseUri();
  }

  public Map<String, String> settings() {
    return settings;
  }

  /** Every line the dev host and the app printed so far. */
  public List<String> output() {
    return new ArrayList<>(output);
  }

  /** A client for the tables this app writes. */
  public TableServiceClient tables() {
    return new TableServiceClientBuilder()
        .connectionString(settings.get("AzureWebJobsStorage"))
        .buildClient();
  }

  public HttpResponse<String> get(String path, String... headers) {
    return send(HttpRequest.newBuilder(baseUri().resolve(path)).GET(), headers);
  }

  /** GET with the function key. */
  public HttpResponse<String> getWithKey(String path) {
    return get(path, "x-functions-key", FUNCTION_KEY);
  }

  public HttpResponse<String> post(String path, String body, String... headers) {
    return send(
        HttpRequest.newBuilder(baseUri().resolve(path))
            .POST(HttpRequest.BodyPublishers.ofString(body)),
        headers);
  }

  /** {@code POST provisioning/setups} with the function key and this idempotency key. */
  public HttpResponse<String> startSetup(String idempotencyKey, String body) {
    return post(
        "/api/provisioning/setups",
        body,
        "x-functions-key",
        FUNCTION_KEY,
        "Content-Type",
        "application/json",
        "Idempotency-Key",
        idempotencyKey);
  }

  public HttpResponse<String> delete(String path, String... headers) {
    return send(HttpRequest.newBuilder(baseUri().resolve(path)).DELETE(), headers);
  }

  public HttpResponse<String> put(String path, String body, String... headers) {
    return send(
        HttpRequest.newBuilder(baseUri().resolve(path))
            .PUT(HttpRequest.BodyPublishers.ofString(body)),
        headers);
  }

  /** Runs a non-HTTP function through the admin route and waits for it to finish. */
  public HttpResponse<String> runFunction(String name) {
    return post(
        "/admin/functions/" + name,
        "{}",
        "x-functions-key",
        MASTER_KEY,
        "Content-Type",
        "application/json");
  }

  private HttpResponse<String> send(HttpRequest.Builder request, String... headers) {
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    try {
      return client.send(
          request.timeout(Duration.ofSeconds(60)).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void append(Path log, String line) {
    // Not synchronized on the class: shared() holds that lock while the host starts.
    synchronized (LOG_LOCK) {
      try {
        Files.createDirectories(log.getParent());
        Files.writeString(
            log,
            line + System.lineSeparator(),
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      } catch (IOException e) {
        // The log file is a convenience; the lines are kept in memory too.
      }
    }
  }

  /** Kills the dev host at once, mid-invocation if one is running. */
  public void kill() throws InterruptedException {
    process.kill();
  }

  @Override
  public void close() {
    process.close();
    if (ownStorage != null) {
      ownStorage.close();
    }
  }
}
