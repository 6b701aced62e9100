package com.provisioningops.devhost;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The README's run command: starts everything the app needs on this machine with no Azure account
 * (Azurite for Table Storage) and then the dev host on the packaged app, and stops what it started
 * on Ctrl-C or SIGTERM. Settings come from {@code local.settings.json} (else its template); a
 * variable already set in the environment wins.
 */
public final class LocalRun {
  private LocalRun() {}

  public static void main(String[] args) throws Exception {
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
      if (Azurite.listening(Azurite.DEFAULT_TABLE_PORT)) {
        System.out.println(
            "Table Storage: using the Azurite already listening on 127.0.0.1:"
                + Azurite.DEFAULT_TABLE_PORT);
      } else {
        azurite =
            Azurite.start(project, Azurite.DEFAULT_TABLE_PORT, project.resolve("target/azurite"));
        System.out.println(
            "Table Storage: Azurite on http://127.0.0.1:"
                + Azurite.DEFAULT_TABLE_PORT
                + " (data in target/azurite)");
      }
    } else {
      System.out.println("Table Storage: from AzureWebJobsStorage");
    }
    settings.putIfAbsent("PORT", effective.getOrDefault("PORT", "7071"));

    if (!Files.isRegularFile(appDir.resolve("host.json"))) {
      throw new IllegalStateException("No packaged app in " + appDir + "; run 'mvn package'.");
    }
    DevHostProcess host = null;
    Azurite startedAzurite = azurite;
    try {
      host = DevHostProcess.start(appDir, settings, System.out::println, Duration.ofSeconds(60));
    } catch (RuntimeException e) {
      if (startedAzurite != null) {
        startedAzurite.close();
      }
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
                }));
    System.out.println("Health: " + host.baseUri() + "/api/health");
    System.exit(host.waitFor());
  }
}
