package com.provisioningops.devhost;

import com.provisioningops.sandbox.GraphSandbox;
import com.provisioningops.sandbox.KeyVaultSandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The README's run command: starts everything the app needs on this machine with no Azure account
 * (Azurite for Table and Queue Storage) and then the dev host on the packaged app, and stops what
 * it started on Ctrl-C or SIGTERM. Settings come from {@code local.settings.json} (else its
 * template); a variable already set in the environment wins.
 */
public final class LocalRun {
  /** Where the sandbox tenant is kept between runs, beside Azurite's data. */
  private static final Path SANDBOX_STATE = Path.of("target", "graph-sandbox.json");

  private LocalRun() {}

  private static void save(GraphSandbox sandbox) {
    try {
      sandbox.save(SANDBOX_STATE);
    } catch (java.io.IOException | RuntimeException e) {
      System.out.println("Could not save the sandbox tenant: " + e.getMessage());
    }
  }

  private static void closeAll(List<AutoCloseable> resources) {
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (Exception e) {
        // Stopping anyway.
      }
    }
  }

  /** A healthy job and a quarantined one, the two an admin wants to compare first. */
  private static java.util.List<String> exampleJobs(GraphSandbox sandbox) {
    java.util.List<String> examples = new java.util.ArrayList<>();
    for (String wanted : new String[] {"Active", "Quarantine"}) {
      sandbox.tenant().jobIds().stream()
          .filter(
              id ->
                  sandbox.tenant().jobJson(id).path("status").path("code").asText().equals(wanted))
          .findFirst()
          .ifPresent(examples::add);
    }
    return examples;
  }

  public static void main(String[] args) throws Exception {
    DevHostMain.exitWithParent();
    Path project = Path.of("").toAbsolutePath();
    Path appDir = project.resolve("target/azure-functions/provisioning-ops");
    LocalSettings local = LocalSettings.load(project);
    Map<String, String> env = System.getenv();
    Map<String, String> settings = new LinkedHashMap<>(local.missingFrom(env));
    System.out.println(
        "Settings from " + project.relativize(local.source()) + " (environment wins)");
    Map<String, String> effective = new LinkedHashMap<>(local.values());
    effective.putAll(env);

    Azurite azurite = null;
    String storage = effective.getOrDefault("AzureWebJobsStorage", "");
    if (storage.isBlank() || storage.equalsIgnoreCase("UseDevelopmentStorage=true")) {
      settings.put("AzureWebJobsStorage", "UseDevelopmentStorage=true");
      if (Ports.listening(Azurite.DEFAULT_TABLE_PORT)
          && Ports.listening(Azurite.DEFAULT_QUEUE_PORT)) {
        System.out.println(
            "Storage: using the Azurite already listening on 127.0.0.1:"
                + Azurite.DEFAULT_TABLE_PORT
                + " (tables) and :"
                + Azurite.DEFAULT_QUEUE_PORT
                + " (queues)");
      } else {
        azurite =
            Azurite.start(
                project,
                Azurite.DEFAULT_TABLE_PORT,
                Azurite.DEFAULT_QUEUE_PORT,
                project.resolve("target/azurite"));
        System.out.println(
            "Storage: Azurite on http://127.0.0.1:"
                + Azurite.DEFAULT_TABLE_PORT
                + " (tables) and :"
                + Azurite.DEFAULT_QUEUE_PORT
                + " (queues), data in target/azurite");
      }
    } else {
      System.out.println("Storage: from AzureWebJobsStorage");
    }
    settings.putIfAbsent("PORT", effective.getOrDefault("PORT", "7071"));

    GraphSandbox sandbox = null;
    if (effective.getOrDefault("GRAPH_BASE_URL", "").isBlank()) {
      int port = Ports.listening(7072) ? 0 : 7072;
      // The tenant lasts as long as target/azurite, which remembers its jobs: a restart must not
      // find every known job gone. `mvn clean` starts both afresh.
      sandbox = GraphSandbox.startKeeping(port, SANDBOX_STATE);
      sandbox.cycleEvery(Duration.ofMinutes(1));
      GraphSandbox saving = sandbox;
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "sandbox-save");
                t.setDaemon(true);
                return t;
              })
          .scheduleAtFixedRate(() -> save(saving), 1, 1, java.util.concurrent.TimeUnit.MINUTES);
      settings.put("GRAPH_BASE_URL", sandbox.baseUrl().toString());
      settings.put("GRAPH_AUTH", "none");
      if ("true".equalsIgnoreCase(effective.get("WEBSITE_AUTH_ENABLED"))
          || "user".equalsIgnoreCase(effective.get("GRAPH_CHANGES_AS"))) {
        // Sign-in against the sandbox's token service: tokens from /_sandbox/token.
        sandbox.signInSettings().forEach(settings::putIfAbsent);
        System.out.println("Sign-in: Entra ID stand-in on " + sandbox.issuer());
      }
      System.out.println(
          "Microsoft Graph: sandbox tenant on "
              + sandbox.baseUrl()
              + " (controls under /_sandbox; a provisioning cycle every minute)");
    } else {
      System.out.println("Microsoft Graph: " + effective.get("GRAPH_BASE_URL"));
    }
    KeyVaultSandbox credentialsVault = null;
    KeyVaultSandbox appVault = null;
    if (effective.getOrDefault("KEY_VAULT_URL", "").isBlank()) {
      Path secrets = project.resolve("local.secrets.json");
      Path seed =
          Files.isRegularFile(secrets) ? secrets : project.resolve("local.secrets.json.template");
      credentialsVault = KeyVaultSandbox.start(0);
      appVault = KeyVaultSandbox.start(0);
      int seeded = credentialsVault.seed(seed, "credentialsVault");
      appVault.seed(seed, "appVault");
      settings.put("KEY_VAULT_URL", credentialsVault.vaultUrl().toString());
      settings.put("APP_KEY_VAULT_URL", appVault.vaultUrl().toString());
      settings.put("KEY_VAULT_SANDBOX_TRUST", "true");
      System.out.println(
          "Key Vault: sandbox vaults on "
              + credentialsVault.vaultUrl()
              + " (credentials, "
              + seeded
              + " secrets from "
              + project.relativize(seed)
              + ") and "
              + appVault.vaultUrl()
              + " (app)");
    } else {
      System.out.println("Key Vault: " + effective.get("KEY_VAULT_URL"));
    }
    String functionKey = effective.getOrDefault("DEVHOST_FUNCTION_KEY", DevHostMain.randomKey());
    settings.putIfAbsent("DEVHOST_FUNCTION_KEY", functionKey);

    if (!Files.isRegularFile(appDir.resolve("host.json"))) {
      throw new IllegalStateException("No packaged app in " + appDir + "; run 'mvn package'.");
    }
    DevHostProcess host = null;
    Azurite startedAzurite = azurite;
    GraphSandbox startedSandbox = sandbox;
    List<AutoCloseable> vaults = new java.util.ArrayList<>();
    if (credentialsVault != null) {
      vaults.add(credentialsVault);
      vaults.add(appVault);
    }
    try {
      host =
          DevHostProcess.start(
              appDir,
              settings,
              System.out::println,
              Duration.ofSeconds(60),
              DevHostProcess.Jvm.PLATFORM);
    } catch (RuntimeException e) {
      if (startedAzurite != null) {
        startedAzurite.close();
      }
      if (startedSandbox != null) {
        startedSandbox.close();
      }
      closeAll(vaults);
      throw e;
    }
    DevHostProcess startedHost = host;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("Stopping the dev host and what it started …");
                  startedHost.close();
                  if (startedAzurite != null) {
                    startedAzurite.close();
                  }
                  if (startedSandbox != null) {
                    save(startedSandbox);
                    startedSandbox.close();
                  }
                  closeAll(vaults);
                }));
    System.out.println("Health: " + host.baseUri() + "/api/health");
    if (sandbox != null) {
      System.out.println("Example jobs in the sandbox tenant:");
      for (String jobId : exampleJobs(sandbox)) {
        System.out.println(
            "  "
                + host.baseUri()
                + "/api/servicePrincipals/"
                + sandbox.tenant().servicePrincipalOf(jobId)
                + "/synchronization/jobs/"
                + jobId
                + "?code="
                + functionKey);
      }
    }
    System.exit(host.waitFor());
  }
}
