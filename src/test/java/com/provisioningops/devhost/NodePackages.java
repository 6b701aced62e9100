package com.provisioningops.devhost;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/** The project's pinned npm tools (package.json + lock file), installed with {@code npm ci}. */
public final class NodePackages {
  private NodePackages() {}

  /**
   * Runs {@code npm ci} unless every devDependency of package.json is installed. Safe to call from
   * several JVMs at once (the build tests in two): they take turns through a file lock, because a
   * second {@code npm ci} deletes the {@code node_modules} the first is filling.
   *
   * @throws IllegalStateException when npm is missing or {@code npm ci} fails
   */
  public static synchronized void ensure(Path projectDir) {
    if (installed(projectDir)) {
      return;
    }
    Path lockFile = projectDir.resolve("target/npm-ci.lock");
    try {
      Files.createDirectories(lockFile.getParent());
      try (FileChannel channel =
              FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = channel.lock()) {
        if (!installed(projectDir)) {
          install(projectDir);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot take the npm install lock " + lockFile, e);
    }
  }

  private static void install(Path projectDir) {
    System.err.println("Installing the project's npm tools (npm ci) …");
    try {
      Process npm =
          new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
              .directory(projectDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.INHERIT)
              .start();
      if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
        throw new IllegalStateException(
            "'npm ci' failed; run it in " + projectDir + " to see why.");
      }
    } catch (IOException e) {
      throw new IllegalStateException("'npm ci' could not run: is Node.js (npm) installed?", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted during 'npm ci'", e);
    }
    if (!installed(projectDir)) {
      throw new IllegalStateException("'npm ci' did not install every package of package.json");
    }
  }

  private static boolean installed(Path projectDir) {
    try {
      var dependencies =
          new ObjectMapper()
              .readTree(projectDir.resolve("package.json").toFile())
              .path("devDependencies")
              .fieldNames();
      while (dependencies.hasNext()) {
        String name = dependencies.next();
        if (!Files.isRegularFile(
            projectDir.resolve("node_modules").resolve(name).resolve("package.json"))) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read package.json", e);
    }
  }
}
