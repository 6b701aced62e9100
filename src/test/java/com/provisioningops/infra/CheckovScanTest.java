package com.provisioningops.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.provisioningops.PythonTool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Scans {@code infra/} with checkov's Azure checks for Bicep (pinned in {@code
 * infra/checkov-requirements.txt}, installed into {@code target/checkov-venv} on first use): no
 * failed check, no file it cannot parse, and every skip carries its reason next to the resource.
 */
class CheckovScanTest {
  private static final Path PROJECT = Path.of("").toAbsolutePath();
  private static final Path VENV = PROJECT.resolve("target/checkov-venv");

  @Test
  void infraPassesEveryCheckovCheckOrSaysWhyNot() throws Exception {
    Path checkov = installedCheckov();

    Process scan =
        new ProcessBuilder(
                checkov.toString(),
                "-d",
                PROJECT.resolve("infra").toString(),
                "--framework",
                "bicep",
                "--skip-download",
                "--quiet",
                "-o",
                "json")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String out = new String(scan.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(scan.waitFor(5, TimeUnit.MINUTES)).isTrue();
    JsonNode report = new ObjectMapper().readTree(out.substring(out.indexOf('{')));
    JsonNode results = report.path("results");

    List<String> failed = new ArrayList<>();
    results
        .path("failed_checks")
        .forEach(
            c ->
                failed.add(
                    c.path("check_id").asText()
                        + " "
                        + c.path("resource").asText()
                        + " in "
                        + c.path("file_path").asText()));
    assertThat(failed).as("failed checkov checks").isEmpty();
    assertThat(report.path("summary").path("parsing_errors").asInt()).isZero();
    assertThat(report.path("summary").path("passed").asInt()).isGreaterThanOrEqualTo(20);
    results
        .path("skipped_checks")
        .forEach(
            c ->
                assertThat(c.path("check_result").path("suppress_comment").asText())
                    .as("the reason for skipping " + c.path("check_id").asText())
                    .hasSizeGreaterThan(20));
  }

  /** The pinned checkov in a virtual environment of its own, installed when missing. */
  private static Path installedCheckov() throws Exception {
    return PythonTool.installed(VENV, PROJECT.resolve("infra/checkov-requirements.txt"), "checkov");
  }
}
