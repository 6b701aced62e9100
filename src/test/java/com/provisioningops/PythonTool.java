package com.provisioningops;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Python tool the test command installs for itself: a virtual environment under {@code target/}
 * with the versions pinned in a requirements file, made again only when that file changes.
 *
 * <p>Installs go through uv (pinned in {@code src/test/resources/python/uv-requirements.txt}),
 * which pip installs once into {@code target/uv-venv}: pip spent about 30 s of CPU resolving and
 * unpacking checkov alone, uv 3 s, and the test command runs on two cores.
 */
public final class PythonTool {
  private static final Path TARGET = Path.of("target").toAbsolutePath();
  private static final Path UV_VENV = TARGET.resolve("uv-venv");
  private static final Path UV_PIN = Path.of("src/test/resources/python/uv-requirements.txt");

  private PythonTool() {}

  /**
   * The tool's executable, installed from {@code requirements} into {@code venv} when missing. Safe
   * to call from several test JVMs at once: installs take turns through a file lock.
   *
   * @throws IllegalStateException naming what failed (no python3, no network to PyPI)
   */
  public static synchronized Path installed(Path venv, Path requirements, String executable)
      throws Exception {
    Path tool = venv.resolve("bin").resolve(executable);
    Path stamp = venv.resolve("installed-from.txt");
    String wanted = Files.readString(requirements);
    Path lockFile = TARGET.resolve("python-tools.lock");
    Files.createDirectories(TARGET);
    try (FileChannel channel =
            FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock ignored = channel.lock()) {
      if (Files.isExecutable(tool)
          && Files.exists(stamp)
          && Files.readString(stamp).equals(wanted)) {
        return tool;
      }
      Path uv = uv();
      run(List.of(uv.toString(), "venv", "--quiet", "--clear", venv.toString()), "create " + venv);
      run(
          List.of(
              uv.toString(),
              "pip",
              "install",
              "--quiet",
              "--python",
              venv.resolve("bin/python").toString(),
              "-r",
              requirements.toString()),
          "install " + executable + " from PyPI");
      Files.writeString(stamp, wanted);
      return tool;
    }
  }

  private static Path uv() throws Exception {
    Path uv = UV_VENV.resolve("bin/uv");
    Path stamp = UV_VENV.resolve("installed-from.txt");
    String wanted = Files.readString(UV_PIN);
    if (Files.isExecutable(uv) && Files.exists(stamp) && Files.readString(stamp).equals(wanted)) {
      return uv;
    }
    run(
        List.of("python3", "-m", "venv", UV_VENV.toString()),
        "create a Python virtual environment");
    run(
        List.of(
            UV_VENV.resolve("bin/pip").toString(),
            "install",
            "--no-compile",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
            UV_PIN.toAbsolutePath().toString()),
        "install uv from PyPI");
    Files.writeString(stamp, wanted);
    return uv;
  }

  private static void run(List<String> command, String what) throws Exception {
    Process p;
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      // The wheel cache stays in target/ so a clean clone starts clean and nothing leaks to $HOME.
      builder.environment().put("UV_CACHE_DIR", TARGET.resolve("uv-cache").toString());
      builder.environment().put("UV_NO_PROGRESS", "1");
      p = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "The test command needs python3 with venv and pip to " + what + ": install them.", e);
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("Could not " + what + ":\n" + output);
    }
  }
}
