package com.provisioningops.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.provisioningops.devhost.NodePackages;
import com.provisioningops.devhost.RunningApp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Swagger UI in headless Chromium: it lists the operations and "Try it out" works. */
class SwaggerUiBrowserIT {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @Test
  void swaggerUiListsTheOperationsAndRunsOneAgainstTheApp() throws Exception {
    ensureChromium();
    Path project = Path.of("").toAbsolutePath();
    NodePackages.ensure(project);
    RunningApp app = RunningApp.shared();
    Path screenshot = project.resolve("target/swagger-ui.png");

    Process node =
        new ProcessBuilder(
                "node",
                project.resolve("src/test/browser/swagger-ui.mjs").toString(),
                app.baseUri().toString(),
                screenshot.toString())
            .directory(project.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(node.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(node.exitValue()).as(output).isZero();

    String last = output.lines().reduce((a, b) -> b).orElse("{}");
    JsonNode result = new ObjectMapper().readTree(last);
    assertThat(result.path("title").asText()).startsWith("Provisioning Ops");
    assertThat(result.path("operations").asInt()).isGreaterThanOrEqualTo(10);
    assertThat(result.path("code").asText()).isEqualTo("200");
    assertThat(Files.size(screenshot)).isGreaterThan(10_000);
  }

  /** Installs Debian's Chromium when it is missing and we may (root); otherwise says what to do. */
  static void ensureChromium() throws Exception {
    if (Files.isExecutable(CHROMIUM)) {
      return;
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    if (!root) {
      throw new IllegalStateException(
          "The browser test needs Debian's chromium: run 'sudo apt-get install -y chromium', then"
              + " the tests again.");
    }
    for (List<String> step :
        List.of(
            List.of("apt-get", "update", "-qq"),
            List.of("apt-get", "install", "-y", "-qq", "chromium"))) {
      Process p =
          new ProcessBuilder(step)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.INHERIT)
              .start();
      p.getOutputStream().close();
      if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IllegalStateException(
            "'" + String.join(" ", step) + "' failed; see its output above.");
      }
    }
  }
}
