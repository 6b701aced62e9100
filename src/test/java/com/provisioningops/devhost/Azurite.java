package com.provisioningops.devhost;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Azurite's Table service, started from the project's pinned npm package ({@code npm ci} first when
 * it is not installed yet) on loopback.
 */
public final class Azurite implements AutoCloseable {
  /** Azurite's documented development account; not a secret. */
  static final String ACCOUNT = "devstoreaccount1";

  static final String ACCOUNT_KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

  public static final int DEFAULT_TABLE_PORT = 10002;

  private final Process process;
  private final int port;

  private Azurite(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts Azurite's Table service on {@code 127.0.0.1:port}.
   *
   * @param location folder for its data, or null to keep everything in memory
   * @throws IllegalStateException when npm or Azurite cannot be started
   */
  public static Azurite start(Path projectDir, int port, Path location) {
    Path bin = ensureInstalled(projectDir);
    List<String> command = new ArrayList<>(List.of("node", bin.toString()));
    command.addAll(
        List.of(
            "--tableHost",
            "127.0.0.1",
            "--tablePort",
            Integer.toString(port),
            "--skipApiVersionCheck",
            "--disableTelemetry",
            "--loose",
            "--silent"));
    if (location == null) {
      command.add("--inMemoryPersistence");
    } else {
      try {
        Files.createDirectories(location);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      command.addAll(List.of("--location", location.toString()));
    }
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(projectDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      Azurite azurite = new Azurite(process, port);
      azurite.awaitListening(Duration.ofSeconds(30));
      return azurite;
    } catch (IOException e) {
      throw new IllegalStateException("Cannot start Azurite with node: " + e.getMessage(), e);
    }
  }

  /** The pinned Azurite's entry point, running {@code npm ci} first when needed. */
  static Path ensureInstalled(Path projectDir) {
    NodePackages.ensure(projectDir);
    return projectDir.resolve("node_modules/azurite/dist/src/table/main.js");
  }

  private void awaitListening(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Azurite exited with " + process.exitValue() + "; is port " + port + " taken?");
      }
      if (Ports.listening(port)) {
        return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    close();
    throw new IllegalStateException(
        "Azurite did not listen on port " + port + " within " + timeout);
  }

  public int port() {
    return port;
  }

  /** A connection string for this instance, in the form {@code AzureWebJobsStorage} takes. */
  public String connectionString() {
    return connectionString(port);
  }

  public static String connectionString(int port) {
    return "DefaultEndpointsProtocol=http;AccountName="
        + ACCOUNT
        + ";AccountKey="
        + ACCOUNT_KEY
        + ";TableEndpoint=http://127.0.0.1:"
        + port
        + "/"
        + ACCOUNT
        + ";";
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
