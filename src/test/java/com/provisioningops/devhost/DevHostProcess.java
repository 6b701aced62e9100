package com.provisioningops.devhost;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The dev host as a child JVM on this JVM's classpath, with the given settings added to its
 * environment. Every line it prints goes to {@code output}.
 */
public final class DevHostProcess implements AutoCloseable {
  private final Process process;
  private final URI baseUri;

  private DevHostProcess(Process process, URI baseUri) {
    this.process = process;
    this.baseUri = baseUri;
  }

  /**
   * Starts the dev host on the packaged app in {@code appDir} and waits until it serves.
   *
   * @param settings added to (and overriding) the inherited environment; must include {@code PORT}
   * @throws IllegalStateException when it exits or does not start within {@code timeout}
   */
  public static DevHostProcess start(
      Path appDir, Map<String, String> settings, Consumer<String> output, Duration timeout) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    java,
                    "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",
                    "-cp",
                    System.getProperty("java.class.path"),
                    DevHostMain.class.getName(),
                    appDir.toString()))
            .redirectErrorStream(true);
    builder.environment().putAll(settings);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the dev host", e);
    }
    CountDownLatch started = new CountDownLatch(1);
    java.util.Deque<String> recent = new java.util.concurrent.ConcurrentLinkedDeque<>();
    Thread pump =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  output.accept(line);
                  recent.addLast(line);
                  if (recent.size() > 20) {
                    recent.pollFirst();
                  }
                  if (line.startsWith(DevHostMain.STARTED)) {
                    started.countDown();
                  }
                }
              } catch (IOException e) {
                // The process ended.
              }
              started.countDown();
            },
            "devhost-output");
    pump.setDaemon(true);
    pump.start();
    try {
      if (!started.await(timeout.toMillis(), TimeUnit.MILLISECONDS) || !process.isAlive()) {
        String exit = process.isAlive() ? "still running" : "exit code " + process.exitValue();
        process.destroyForcibly();
        throw new IllegalStateException(
            "The dev host did not start ("
                + exit
                + "). Its last lines:\n"
                + String.join("\n", recent));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException("Interrupted while starting the dev host", e);
    }
    return new DevHostProcess(process, URI.create("http://127.0.0.1:" + settings.get("PORT")));
  }

  public URI baseUri() {
    return baseUri;
  }

  /** Waits for the process to end by itself; returns its exit code. */
  public int waitFor() throws InterruptedException {
    return process.waitFor();
  }

  /** Kills the process at once, as a crash or a scale-in would: no shutdown hooks run. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
