package com.provisioningops.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.provisioningops.app.AppSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Code, infra and docs agree: every setting the app reads is in {@code infra/app-settings.json}
 * (set by infra or marked optional) and in the README; infra's values are the code's defaults;
 * every Key Vault reference names a secret the README says who writes; the Bicep files reference
 * only declared symbols and pass their modules' parameters; the Graph roles granted match the Graph
 * resources the code calls.
 */
class InfraConsistencyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path PROJECT = Path.of("").toAbsolutePath();
  private static final Path INFRA = PROJECT.resolve("infra");

  private static JsonNode catalog() throws IOException {
    return JSON.readTree(INFRA.resolve("app-settings.json").toFile());
  }

  private static Set<String> names(JsonNode catalog, String... sections) {
    Set<String> out = new TreeSet<>();
    for (String s : sections) {
      catalog.path(s).fieldNames().forEachRemaining(out::add);
    }
    return out;
  }

  /** Every setting name AppSettings reads, recorded by reading from an empty environment. */
  private static Set<String> settingsTheAppReads() {
    Set<String> read = new TreeSet<>();
    AppSettings.from(
        name -> {
          read.add(name);
          return null;
        });
    return read;
  }

  @Test
  void everySettingTheAppReadsIsSetByInfraOrMarkedOptionalAndDocumented() throws Exception {
    JsonNode catalog = catalog();
    Set<String> known =
        names(catalog, "static", "computed", "keyVaultReferences", "optional", "platform", "local");
    String readme = Files.readString(PROJECT.resolve("README.md"));

    assertThat(settingsTheAppReads()).isSubsetOf(known);
    for (String name : names(catalog, "static", "computed", "keyVaultReferences", "optional")) {
      assertThat(readme).as(name + " in the README").contains(name);
    }
  }

  @Test
  void theValuesInfraSetsAreTheCodesDefaultsAndTheLocalTemplates() throws Exception {
    Map<String, String> fixed = new HashMap<>();
    catalog()
        .path("static")
        .fields()
        .forEachRemaining(e -> fixed.put(e.getKey(), e.getValue().asText()));
    JsonNode template = JSON.readTree(PROJECT.resolve("local.settings.json.template").toFile());

    assertThat(AppSettings.from(fixed)).isEqualTo(AppSettings.from(Map.of()));
    fixed.forEach(
        (name, value) -> {
          if (template.path("Values").has(name) && !name.equals("GRAPH_BASE_URL")) {
            assertThat(template.path("Values").path(name).asText()).as(name).isEqualTo(value);
          }
        });
  }

  @Test
  void everyKeyVaultReferenceNamesASecretTheReadmeSaysWhoWrites() throws Exception {
    String readme = Files.readString(PROJECT.resolve("README.md"));
    String bicep = Files.readString(INFRA.resolve("modules/functionapp.bicep"));

    catalog()
        .path("keyVaultReferences")
        .fields()
        .forEachRemaining(
            e -> {
              String secret = e.getValue().path("secret").asText();
              assertThat(bicep).contains("SecretName=" + secret);
              String row =
                  readme
                      .lines()
                      .filter(l -> l.startsWith("| `" + e.getKey() + "`"))
                      .findFirst()
                      .orElse("");
              assertThat(row).as("the Secrets table's row for " + e.getKey()).contains(secret);
            });
    Matcher refs = Pattern.compile("SecretName=([a-z0-9-]+)").matcher(bicep);
    while (refs.find()) {
      assertThat(catalog().path("keyVaultReferences").toString()).contains(refs.group(1));
    }
  }

  @Test
  void everyComputedSettingIsSetByTheFunctionApp() throws Exception {
    String bicep = Files.readString(INFRA.resolve("modules/functionapp.bicep"));

    for (String name : names(catalog(), "computed")) {
      assertThat(bicep).as(name).containsPattern("(?m)^\\s+" + name + ":");
    }
    assertThat(Files.readString(INFRA.resolve("main.bicep")))
        .contains("loadJsonContent('app-settings.json')")
        .contains("staticSettings: settings.static");
  }

  /** A Bicep file's declarations, read with regular expressions (no Bicep compiler here). */
  record BicepFile(Path path, String text, Set<String> symbols, Map<String, Boolean> params) {
    static BicepFile read(Path path) throws IOException {
      String text = Files.readString(path);
      String code = withoutComments(text).replaceAll("'[^'\\n]*'", "''");
      Set<String> symbols = new LinkedHashSet<>();
      Map<String, Boolean> params = new LinkedHashMap<>();
      Matcher d =
          Pattern.compile(
                  "(?m)^\\s*(param|var|resource|module|output)\\s+([A-Za-z_][A-Za-z0-9_]*)\\s+([^\\n]*)")
              .matcher(code);
      while (d.find()) {
        symbols.add(d.group(2));
        if (d.group(1).equals("param")) {
          params.put(d.group(2), !d.group(3).contains("="));
        }
      }
      Matcher loop = Pattern.compile("\\[\\s*for\\s+([A-Za-z_][A-Za-z0-9_]*)\\s+in").matcher(code);
      while (loop.find()) {
        symbols.add(loop.group(1));
      }
      return new BicepFile(path, text, symbols, params);
    }
  }

  /** Drops {@code //} comments, but not the {@code //} of a URL inside a string. */
  static String withoutComments(String text) {
    return text.replaceAll("(?m)(^|\\s)//.*$", "$1");
  }

  private static List<Path> bicepFiles() throws IOException {
    try (Stream<Path> files = Files.walk(INFRA)) {
      return files.filter(p -> p.toString().endsWith(".bicep")).sorted().toList();
    }
  }

  @Test
  void bicepReferencesOnlyDeclaredSymbolsAndPassesEveryModulesParameters() throws Exception {
    Set<String> builtIns =
        Set.of(
            "resourceGroup",
            "subscription",
            "environment",
            "tenant",
            "deployment",
            "guid",
            "uniqueString",
            "toLower",
            "concat",
            "union",
            "items",
            "string",
            "empty",
            "subscriptionResourceId",
            "loadJsonContent",
            "true",
            "false",
            "null",
            "existing",
            "if",
            "for",
            "in",
            "az",
            "sys");
    List<String> problems = new ArrayList<>();
    for (Path p : bicepFiles()) {
      BicepFile f = BicepFile.read(p);
      String code = withoutComments(f.text());
      Matcher member =
          Pattern.compile("\\b([A-Za-z_][A-Za-z0-9_]*)\\.(outputs|properties|id|name)\\b")
              .matcher(code.replaceAll("'[^'\\n]*'", "''"));
      while (member.find()) {
        if (!f.symbols().contains(member.group(1)) && !builtIns.contains(member.group(1))) {
          problems.add(PROJECT.relativize(p) + ": " + member.group(1) + " is not declared");
        }
      }
      Matcher interpolation = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)").matcher(code);
      while (interpolation.find()) {
        if (!f.symbols().contains(interpolation.group(1))
            && !builtIns.contains(interpolation.group(1))) {
          problems.add(
              PROJECT.relativize(p) + ": ${" + interpolation.group(1) + " is not declared");
        }
      }
      Matcher module =
          Pattern.compile(
                  "(?s)module\\s+(\\w+)\\s+'([^']+)'\\s*=\\s*\\{.*?\\n  params:\\s*\\{(.*?)\\n  \\}")
              .matcher(f.text());
      while (module.find()) {
        BicepFile target = BicepFile.read(p.getParent().resolve(module.group(2)));
        Set<String> passed = new TreeSet<>();
        Matcher key =
            Pattern.compile("(?m)^\\s{4}([A-Za-z_][A-Za-z0-9_]*)\\s*:").matcher(module.group(3));
        while (key.find()) {
          passed.add(key.group(1));
        }
        for (String name : passed) {
          if (!target.params().containsKey(name)) {
            problems.add(
                module.group(1)
                    + " passes "
                    + name
                    + ", which "
                    + module.group(2)
                    + " does not declare");
          }
        }
        target
            .params()
            .forEach(
                (name, required) -> {
                  if (required && !passed.contains(name)) {
                    problems.add(module.group(1) + " does not pass the required " + name);
                  }
                });
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void theGraphRolesGrantedMatchTheGraphResourcesTheCodeCalls() throws Exception {
    JsonNode permissions = JSON.readTree(INFRA.resolve("graph-permissions.json").toFile());
    Set<String> covered = new TreeSet<>();
    List<String> roles = new ArrayList<>();
    for (JsonNode r : permissions.path("roles")) {
      roles.add(r.path("role").asText());
      assertThat(r.path("why").asText())
          .as("why " + r.path("role").asText())
          .hasSizeGreaterThan(20);
      r.path("resources").forEach(x -> covered.add(x.asText()));
    }
    Set<String> called = new TreeSet<>();
    Pattern call =
        Pattern.compile(
            "\\.(applicationTemplates|applications|servicePrincipals|auditLogs|synchronization)\\(\\)"
                + "|\"/(applicationTemplates|applications|servicePrincipals|auditLogs)\\b"
                + "|/(synchronization)/"
                + "|/(bulkUpload)\"");
    try (Stream<Path> files =
        Files.walk(PROJECT.resolve("src/main/java/com/provisioningops/adapter/graph"))) {
      for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Matcher m = call.matcher(Files.readString(p));
        while (m.find()) {
          for (int g = 1; g <= m.groupCount(); g++) {
            if (m.group(g) != null) {
              called.add(m.group(g));
            }
          }
        }
      }
    }

    assertThat(roles)
        .containsExactly(
            "Application.ReadWrite.OwnedBy",
            "Synchronization.ReadWrite.All",
            "SynchronizationData-User.Upload",
            "AuditLog.Read.All",
            "Directory.Read.All");
    assertThat(covered).isEqualTo(called);
    String script = Files.readString(INFRA.resolve("scripts/grant-graph-permissions.sh"));
    assertThat(script).contains("graph-permissions.json").contains("--dry-run");
  }

  @Test
  void theDelegatedPermissionsListedAreWhatEachOperationNeedsAsTheSignedInUser() throws Exception {
    Map<String, Set<String>> listed = new TreeMap<>();
    Map<String, Set<String>> rolesListed = new TreeMap<>();
    for (JsonNode d :
        JSON.readTree(INFRA.resolve("graph-permissions.json").toFile()).path("delegated")) {
      assertThat(d.path("why").asText()).hasSizeGreaterThan(20);
      for (JsonNode op : d.path("operations")) {
        listed
            .computeIfAbsent(op.asText(), k -> new TreeSet<>())
            .add(d.path("permission").asText());
        d.path("roles")
            .forEach(
                r ->
                    rolesListed.computeIfAbsent(op.asText(), k -> new TreeSet<>()).add(r.asText()));
      }
    }
    Map<String, Set<String>> needed = new TreeMap<>();
    Map<String, Set<String>> rolesNeeded = new TreeMap<>();
    for (var spec : com.provisioningops.functions.OperationCatalog.operations()) {
      var op = spec.operation();
      com.provisioningops.connector.UserRights.of(op)
          .ifPresent(
              rights -> {
                needed.put(op.id(), new TreeSet<>(rights.permissions()));
                rolesNeeded.put(op.id(), new TreeSet<>(rights.roles()));
              });
    }

    assertThat(needed).as("every changing operation states its rights").hasSize(10);
    assertThat(listed).isEqualTo(needed);
    rolesNeeded.forEach(
        (op, roles) -> assertThat(rolesListed.get(op)).as("roles for " + op).containsAll(roles));
  }
}
