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
 * Azurite's Table and Queue services, started from the project's pinned npm package ({@code npm ci}
 * first when it is not installed yet) on loopback, one process each.
 */
public final class Azurite implements AutoCloseable {
  /** Azurite's documented development account; not a secret. */
  static final String ACCOUNT = "devstoreaccount1";

  static final String ACCOUNT_KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

  public static final int DEFAULT_TABLE_PORT = 10002;
  public static final int DEFAULT_QUEUE_PORT = 10001;

  private final List<Process> processes;
  private final List<Path> outputs = new ArrayList<>();
  private final int tablePort;
  private final int queuePort;

  private Azurite(List<Process> processes, int tablePort, int queuePort) {
    this.processes = processes;
    this.tablePort = tablePort;
    this.queuePort = queuePort;
  }

  /**
   * Starts Azurite's Table service on {@code 127.0.0.1:tablePort} and its Queue service on {@code
   * 127.0.0.1:queuePort}.
   *
   * @param location folder for their data, or null to keep everything in memory
   * @throws IllegalStateException when npm or Azurite cannot be started
   */
  public static Azurite start(Path projectDir, int tablePort, int queuePort, Path location) {
    NodePackages.ensure(projectDir);
    List<Process> processes = new ArrayList<>();
    Azurite azurite = new Azurite(processes, tablePort, queuePort);
    try {
      processes.add(azurite.service(projectDir, "table", tablePort, location));
      processes.add(azurite.service(projectDir, "queue", queuePort, location));
      azurite.awaitListening(Duration.ofSeconds(30));
      return azurite;
    } catch (RuntimeException e) {
      azurite.close();
      throw e;
    }
  }

  private Process service(Path projectDir, String kind, int port, Path location) {
    Path bin = projectDir.resolve("node_modules/azurite/dist/src/" + kind + "/main.js");
    List<String> command = new ArrayList<>(List.of("node", bin.toString()));
    command.addAll(
        List.of(
            "--" + kind + "Host",
            "127.0.0.1",
            "--" + kind + "Port",
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
      // Kept in a file, not discarded, so that a failed start can say why.
      Path output = Files.createTempFile("azurite-" + kind + "-", ".log");
      output.toFile().deleteOnExit();
      outputs.add(output);
      return new ProcessBuilder(command)
          .directory(projectDir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(output.toFile())
          .start();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot start Azurite with node: " + e.getMessage(), e);
    }
  }

  private void awaitListening(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (int i = 0; i < processes.size(); i++) {
        Process process = processes.get(i);
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "Azurite exited with "
                  + process.exitValue()
                  + " (ports "
                  + tablePort
                  + " and "
                  + queuePort
                  + "): "
                  + lastLines(outputs.get(i)));
        }
      }
      if (Ports.listening(tablePort) && Ports.listening(queuePort)) {
        return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new IllegalStateException(
        "Azurite did not listen on ports "
            + tablePort
            + " and "
            + queuePort
            + " within "
            + timeout);
  }

  private static String lastLines(Path output) {
    try {
      List<String> lines = Files.readAllLines(output);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException | RuntimeException e) {
      return "(its output could not be read: " + e.getMessage() + ")";
    }
  }

  public int port() {
    return tablePort;
  }

  /** A connection string for this instance, in the form {@code AzureWebJobsStorage} takes. */
  public String connectionString() {
    return connectionString(tablePort, queuePort);
  }

  public static String connectionString(int tablePort, int queuePort) {
    return "DefaultEndpointsProtocol=http;AccountName="
        + ACCOUNT
        + ";AccountKey="
        + ACCOUNT_KEY
        + ";TableEndpoint=http://127.0.0.1:"
        + tablePort
        + "/"
        + ACCOUNT
        + ";QueueEndpoint=http://127.0.0.1:"
        + queuePort
        + "/"
        + ACCOUNT
        + ";";
  }

  @Override
  public void close() {
    for (Process process : processes) {
      // Azurite's Table service saves its data only on SIGINT (Ctrl-C); SIGTERM, which destroy()
      // sends, ends it with the last seconds of writes unsaved. So stop it as Ctrl-C would.
      boolean interrupted = interrupt(process);
      try {
        if (!interrupted || !process.waitFor(10, TimeUnit.SECONDS)) {
          process.descendants().forEach(ProcessHandle::destroy);
          process.destroy();
          if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }

  /** Sends SIGINT where there are signals; false where it could not be sent. */
  private static boolean interrupt(Process process) {
    if (System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win")) {
      return false;
    }
    try {
      return new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start()
              .waitFor()
          == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
