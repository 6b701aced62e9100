package com.provisioningops.devhost;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

  /** The JVM options the host's JVM starts with. */
  public enum Jvm {
    /**
     * What Azure's Java worker starts the functions JVM with: the arguments of the worker's {@code
     * worker.config.json} (C1 only, no bytecode verification, IPv4) and then the app's {@code
     * JAVA_OPTS} setting, the JVM's own GC choice otherwise. For the local run and the benchmarks,
     * so that what they show is what Azure runs.
     */
    PLATFORM,
    /** The platform's options with the serial GC: many test hosts share two cores. */
    TESTS
  }

  /**
   * Starts the dev host on the packaged app in {@code appDir} and waits until it serves.
   *
   * @param settings added to (and overriding) the inherited environment; must include {@code PORT}
   * @throws IllegalStateException when it exits or does not start within {@code timeout}
   */
  public static DevHostProcess start(
      Path appDir, Map<String, String> settings, Consumer<String> output, Duration timeout) {
    return start(appDir, settings, output, timeout, Jvm.TESTS);
  }

  /**
   * Starts the dev host with the given JVM options.
   *
   * @throws IllegalStateException when it exits or does not start within {@code timeout}
   */
  public static DevHostProcess start(
      Path appDir,
      Map<String, String> settings,
      Consumer<String> output,
      Duration timeout,
      Jvm jvm) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Azure/azure-functions-java-worker worker.config.json, "arguments".
    command.addAll(
        List.of(
            "-XX:+TieredCompilation",
            "-XX:TieredStopAtLevel=1",
            "-noverify",
            "-Djava.net.preferIPv4Stack=true"));
    if (jvm == Jvm.TESTS) {
      command.add("-XX:+UseSerialGC");
    }
    String javaOpts = settings.getOrDefault("JAVA_OPTS", "").trim();
    if (!javaOpts.isEmpty()) {
      command.addAll(List.of(javaOpts.split("\\s+")));
    }
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            DevHostMain.class.getName(),
            appDir.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(settings);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the dev host", e);
    }
    CountDownLatch started = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean serving =
        new java.util.concurrent.atomic.AtomicBoolean();
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
                    serving.set(true);
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
      // The latch also opens when the output ends: only the started line means it serves.
      if (!started.await(timeout.toMillis(), TimeUnit.MILLISECONDS)
          || !serving.get()
          || !process.isAlive()) {
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

  /**
   * This JVM's class path, including what a launcher such as {@code exec:java} added through its
   * own class loader (there {@code java.class.path} is only the launcher's).
   */
  private static String classPath() {
    List<String> entries = new ArrayList<>();
    ClassLoader loader = DevHostProcess.class.getClassLoader();
    if (loader instanceof java.net.URLClassLoader urls) {
      for (java.net.URL url : urls.getURLs()) {
        try {
          entries.add(Path.of(url.toURI()).toString());
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
          // Not a file: nothing a child JVM could load from.
        }
      }
    }
    entries.add(System.getProperty("java.class.path"));
    return String.join(java.io.File.pathSeparator, entries);
  }

  /** The host JVM's process, for what it costs (CPU time) and for tools that attach to it. */
  public ProcessHandle handle() {
    return process.toHandle();
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
