package com.provisioningops.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.provisioningops.PythonTool;
import com.provisioningops.devhost.Azurite;
import com.provisioningops.devhost.Ports;
import com.provisioningops.devhost.RunningApp;
import com.provisioningops.sandbox.GraphSandbox;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The served definition, fuzzed by a maintained property-based tool (schemathesis, pinned in
 * src/test/resources/fuzz) against the packaged app on the sandbox, as a new user's requests would
 * look: no 5xx, every answer as declared (status, headers, schema), every schema-valid request
 * accepted (or 401/404/409/429 for what the data forbids), every schema-violating one refused.
 * Bounded: 45 seconds of generation by default ({@code -Dfuzz.seconds=600} for a longer hunt), a
 * fixed seed; settings and their reasons in schemathesis.toml.
 */
class FuzzIT {
  private static final Path PROJECT = Path.of("").toAbsolutePath();
  private static final Path FUZZ = PROJECT.resolve("src/test/resources/fuzz");

  @Test
  void requestsGeneratedFromTheServedDefinitionGetTheAnswersItDeclares() throws Exception {
    Path st =
        PythonTool.installed(
            PROJECT.resolve("target/schemathesis-venv"), FUZZ.resolve("requirements.txt"), "st");
    Path report = Files.createDirectories(PROJECT.resolve("target/fuzz"));
    // A tenant and storage of its own: the fuzzer adds, pauses and restarts whatever it finds,
    // which no other test should meet.
    try (GraphSandbox graph = GraphSandbox.start(Ports.free());
        Azurite storage = Azurite.start(PROJECT, Ports.free(), Ports.free(), null);
        RunningApp app =
            RunningApp.start(
                Map.of(
                    "AzureWebJobsStorage", storage.connectionString(),
                    "GRAPH_BASE_URL", graph.baseUrl().toString()))) {
      ProcessBuilder run =
          new ProcessBuilder(
                  List.of(
                      st.toString(),
                      "--config-file",
                      FUZZ.resolve("schemathesis.toml").toString(),
                      "run",
                      app.baseUri() + "/api/swagger.json",
                      "-H",
                      "x-functions-key: " + RunningApp.MASTER_KEY,
                      "--max-time",
                      System.getProperty("fuzz.seconds", "45"),
                      "--no-color"))
              .directory(report.toFile())
              .redirectErrorStream(true);
      run.environment().put("PYTHONPATH", FUZZ.toString());
      Process p = run.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
      Files.writeString(report.resolve("schemathesis.txt"), out);

      assertThat(out).contains("Tested: 30");
      assertThat(p.exitValue()).as(summary(out)).isZero();
    }
  }

  /** What failed, from the fuzzer's own summary; the whole output is in target/fuzz. */
  private static String summary(String out) {
    int failures = out.indexOf("FAILURES");
    return failures < 0 ? out : out.substring(failures, Math.min(out.length(), failures + 20_000));
  }
}
