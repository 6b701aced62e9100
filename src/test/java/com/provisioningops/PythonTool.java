package com.provisioningops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Python tool the test command installs for itself: a virtual environment under {@code target/}
 * with the versions pinned in a requirements file, made again only when that file changes.
 */
public final class PythonTool {
  private PythonTool() {}

  /**
   * The tool's executable, installed from {@code requirements} into {@code venv} when missing.
   *
   * @throws IllegalStateException naming what failed (no python3, no network to PyPI)
   */
  public static Path installed(Path venv, Path requirements, String executable) throws Exception {
    Path tool = venv.resolve("bin").resolve(executable);
    Path stamp = venv.resolve("installed-from.txt");
    String wanted = Files.readString(requirements);
    if (Files.isExecutable(tool) && Files.exists(stamp) && Files.readString(stamp).equals(wanted)) {
      return tool;
    }
    run(List.of("python3", "-m", "venv", venv.toString()), "create a Python virtual environment");
    run(
        List.of(
            venv.resolve("bin/pip").toString(),
            "install",
            // Byte-compiling every module up front doubles the install of large model packages
            // that the tests only parse; what runs compiles on first import instead.
            "--no-compile",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
            requirements.toString()),
        "install " + executable + " from PyPI");
    Files.writeString(stamp, wanted);
    return tool;
  }

  private static void run(List<String> command, String what) throws Exception {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
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
