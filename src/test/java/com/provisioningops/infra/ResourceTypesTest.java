package com.provisioningops.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.provisioningops.PythonTool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every resource in {@code infra/**}{@code /*.bicep} against Azure's published resource types for
 * the API version it names: type and version known, every property it sets exists with that casing,
 * is writable, has the right JSON type and, where the type has a closed set, one of its values;
 * required ones are set; every {@code resource.properties.x} read exists. The types are the models
 * Microsoft generates from its REST API specs, pinned in {@code
 * infra/resource-types-requirements.txt} (ADR 0009 says why these and not Bicep's own package).
 */
class ResourceTypesTest {
  private static final Path PROJECT = Path.of("").toAbsolutePath();
  private static final Path INFRA = PROJECT.resolve("infra");
  private static final Pattern RESOURCE =
      Pattern.compile("^\\s*resource \\w+ '([^'@]+)@([^']+)'", Pattern.MULTILINE);

  private static Path python;

  @BeforeAll
  static void installTypes() throws Exception {
    python =
        PythonTool.installed(
            PROJECT.resolve("target/resource-types-venv"),
            INFRA.resolve("resource-types-requirements.txt"),
            "python");
  }

  @Test
  void everyResourceMatchesItsPublishedType() throws Exception {
    JsonNode report = walk(INFRA);

    assertThat(texts(report.path("violations"))).isEmpty();
    assertThat(report.path("resources").asInt())
        .as("every resource declaration was walked, none skipped")
        .isEqualTo(declaredResources(INFRA));
    assertThat(report.path("properties").asInt()).isGreaterThanOrEqualTo(120);
    assertThat(report.path("reads").asInt()).isGreaterThanOrEqualTo(20);
  }

  @Test
  void theWalkCatchesMisspeltReadOnlyMistypedAndUnknownValues(@TempDir Path copy) throws Exception {
    Path infra = copied(copy);
    plant(infra, "modules/functionapp.bicep", "httpsOnly: true", "httpsOnyl: true");
    plant(
        infra,
        "modules/functionapp.bicep",
        "clientCertEnabled: false",
        "clientCertEnabled: false\n    defaultHostName: 'app.example'");
    plant(infra, "modules/functionapp.bicep", "'Return401'", "'Return402'");
    plant(infra, "modules/storage.bicep", "supportsHttpsTrafficOnly", "supportsHTTPSTrafficOnly");
    plant(
        infra,
        "modules/storage.bicep",
        "allowBlobPublicAccess: false\n",
        "allowBlobPublicAccess: 'no'\n");
    plant(
        infra,
        "modules/monitoring.bicep",
        "properties.ConnectionString",
        "properties.connectionString");
    plant(infra, "modules/identity.bicep", "@2023-01-31'", "@2023-01-32'");

    List<String> violations = texts(walk(infra).path("violations"));

    assertThat(violations)
        .hasSize(7)
        .anySatisfy(
            v ->
                assertThat(v)
                    .contains("properties.httpsOnyl is not a property", "did you mean httpsOnly?"))
        .anySatisfy(v -> assertThat(v).contains("properties.defaultHostName is read-only"))
        .anySatisfy(
            v ->
                assertThat(v)
                    .contains(
                        "unauthenticatedClientAction is 'Return402', not one of", "Return401"))
        .anySatisfy(
            v ->
                assertThat(v)
                    .contains("supportsHTTPSTrafficOnly is spelt supportsHttpsTrafficOnly"))
        .anySatisfy(v -> assertThat(v).contains("allowBlobPublicAccess must be true or false"))
        .anySatisfy(
            v ->
                assertThat(v)
                    .contains("reads properties.connectionString", "spelt ConnectionString"))
        .anySatisfy(
            v ->
                assertThat(v)
                    .contains(
                        "userAssignedIdentities@2023-01-32 is not a known type", "2023-01-31"));
  }

  @Test
  void aResourceThatLeavesOutARequiredPropertyIsCaught(@TempDir Path copy) throws Exception {
    Path infra = copied(copy);
    plant(infra, "modules/identity.bicep", "  location: location\n", "");

    assertThat(texts(walk(infra).path("violations")))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("identity.bicep identity", "location is required");
  }

  private static JsonNode walk(Path infra) throws Exception {
    Process p =
        new ProcessBuilder(
                python.toString(),
                PROJECT.resolve("src/test/resources/infra/resource_types.py").toString(),
                infra.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as("the walk ran").isZero();
    return new ObjectMapper().readTree(out);
  }

  private static int declaredResources(Path infra) throws IOException {
    int count = 0;
    try (Stream<Path> files = Files.walk(infra)) {
      for (Path f : files.filter(f -> f.toString().endsWith(".bicep")).toList()) {
        Matcher m = RESOURCE.matcher(Files.readString(f));
        while (m.find()) {
          count++;
        }
      }
    }
    return count;
  }

  private static Path copied(Path to) throws IOException {
    Path infra = to.resolve("infra");
    try (Stream<Path> files = Files.walk(INFRA)) {
      for (Path f : files.filter(f -> f.toString().endsWith(".bicep")).toList()) {
        Path target = infra.resolve(INFRA.relativize(f).toString());
        Files.createDirectories(target.getParent());
        Files.copy(f, target);
      }
    }
    return infra;
  }

  private static void plant(Path infra, String file, String from, String to) throws IOException {
    Path f = infra.resolve(file);
    String text = Files.readString(f);
    assertThat(text).as("the planted mistake's anchor in " + file).contains(from);
    Files.writeString(f, text.replaceFirst(Pattern.quote(from), Matcher.quoteReplacement(to)));
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
