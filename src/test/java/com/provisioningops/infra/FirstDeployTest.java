package com.provisioningops.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the first `azd up` needs from the template and its hooks, checked without an Azure account:
 * the Flex Consumption site sets nothing Flex refuses, the deployer's principal type comes from
 * azd, regions are limited to where Flex runs, every hook has a POSIX and a Windows form needing
 * only the Azure CLI, vault names survive `azd down`, and a plain `az deployment sub create` has a
 * parameters file of its own.
 */
class FirstDeployTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path PROJECT = Path.of("").toAbsolutePath();
  private static final Path INFRA = PROJECT.resolve("infra");

  private static String code(String file) throws IOException {
    return InfraConsistencyTest.withoutComments(Files.readString(INFRA.resolve(file)));
  }

  private static List<String> allowedLocations() throws IOException {
    Matcher m =
        Pattern.compile("(?s)@allowed\\(\\[(.*?)]\\)\\s*(?:@\\w+\\(.*?\\)\\s*)*param location ")
            .matcher(code("main.bicep"));
    assertThat(m.find()).as("an @allowed list on param location").isTrue();
    List<String> out = new ArrayList<>();
    Matcher region = Pattern.compile("'([a-z0-9]+)'").matcher(m.group(1));
    while (region.find()) {
      out.add(region.group(1));
    }
    return out;
  }

  @Test
  void theFlexConsumptionSiteSetsNoSiteConfigThatFlexRefuses() throws Exception {
    String app = code("modules/functionapp.bicep");

    assertThat(app).doesNotContain("ftpsState").doesNotContain("siteConfig");
    assertThat(app)
        .contains("'Microsoft.Web/sites/config@2024-04-01'")
        .contains("name: 'appsettings'")
        .contains("PUBLIC_BASE_URL: 'https://${app.properties.defaultHostName}'");
    assertThat(Files.readString(INFRA.resolve("modules/functionapp.bicep")))
        .as("FTP stays off through the publishing credentials policies")
        .contains("basicPublishingCredentialsPolicies")
        .contains("allow: false");
  }

  @Test
  void theDeployersRoleAssignmentTakesItsPrincipalTypeFromAzd() throws Exception {
    JsonNode parameters = JSON.readTree(INFRA.resolve("main.parameters.json").toFile());

    assertThat(code("modules/roles.bicep"))
        .doesNotContain("principalType: 'User'")
        .contains("principalType: adminPrincipalType");
    assertThat(code("main.bicep")).contains("adminPrincipalType: principalType");
    assertThat(parameters.path("parameters").path("principalType").path("value").asText())
        .isEqualTo("${AZURE_PRINCIPAL_TYPE=User}");
    assertThat(Files.readString(INFRA.resolve("scripts/preprovision.sh")))
        .contains("azd env set AZURE_PRINCIPAL_TYPE ServicePrincipal");
    assertThat(Files.readString(INFRA.resolve("scripts/preprovision.ps1")))
        .contains("azd env set AZURE_PRINCIPAL_TYPE ServicePrincipal");
  }

  @Test
  void theRegionIsOneWhereFlexConsumptionRunsAndTheReadmeSaysHowToCheck() throws Exception {
    List<String> regions = allowedLocations();

    assertThat(regions).hasSizeGreaterThan(20).contains("westeurope", "eastus", "swedencentral");
    assertThat(regions).doesNotHaveDuplicates().allMatch(r -> r.matches("[a-z0-9]+"));
    assertThat(code("main.bicep")).contains("@metadata({ azd: { type: 'location' } })");
    assertThat(Files.readString(PROJECT.resolve("README.md")))
        .contains("az functionapp list-flexconsumption-locations");
  }

  @Test
  void everyAzdHookHasAPosixAndAWindowsFormThatNeedsOnlyTheAzureCli() throws Exception {
    JsonNode hooks =
        new YAMLMapper().readTree(PROJECT.resolve("azure.yaml").toFile()).path("hooks");

    assertThat(hooks.fieldNames())
        .toIterable()
        .contains("preprovision", "postprovision", "postdown");
    for (Map.Entry<String, JsonNode> hook : (Iterable<Map.Entry<String, JsonNode>>) hooks::fields) {
      for (String os : List.of("posix", "windows")) {
        JsonNode form = hook.getValue().path(os);
        assertThat(form.path("shell").asText()).as(hook.getKey() + " " + os).isNotBlank();
        String script = form.path("run").asText().split(" ")[0];
        Path file = PROJECT.resolve(script);
        assertThat(file).as(hook.getKey() + " " + os).isRegularFile();
        assertThat(Files.readString(file))
            .as(script)
            .doesNotContain("python")
            .doesNotContain("jq ");
      }
    }
    assertThat(hooks.path("postprovision").path("posix").path("continueOnError").asBoolean())
        .as("a non-admin's azd up still deploys the app")
        .isTrue();
  }

  @Test
  void anAccountThatMayNotGrantGraphRolesGetsTheAppAndTheCommandAnAdminMustRun(@TempDir Path bin)
      throws Exception {
    fakeAzureCli(bin, true);

    Run fromAzd =
        grant(bin, "--principal-id", "11111111-2222-3333-4444-555555555555", "--from-azd");
    Run byHand = grant(bin, "--principal-id", "11111111-2222-3333-4444-555555555555");

    assertThat(fromAzd.exit()).isZero();
    assertThat(fromAzd.output())
        .contains("Privileged Role Administrator or Cloud Application Administrator")
        .contains(
            "infra/scripts/grant-graph-permissions.sh --principal-id"
                + " 11111111-2222-3333-4444-555555555555");
    assertThat(byHand.exit()).isEqualTo(1);
  }

  @Test
  void anAdminGrantsExactlyTheListedRolesOnceWithNothingButTheAzureCli(@TempDir Path bin)
      throws Exception {
    fakeAzureCli(bin, false);

    Run run = grant(bin, "--principal-id", "11111111-2222-3333-4444-555555555555");

    assertThat(run.exit()).as(run.output()).isZero();
    List<String> posted = Files.readAllLines(bin.resolve("posted"));
    assertThat(posted)
        .hasSize(5)
        .anyMatch(b -> b.contains("role-Application.ReadWrite.OwnedBy"))
        .anyMatch(b -> b.contains("role-Synchronization.ReadWrite.All"))
        .anyMatch(b -> b.contains("role-SynchronizationData-User.Upload"))
        .anyMatch(b -> b.contains("role-AuditLog.Read.All"))
        .anyMatch(b -> b.contains("role-Directory.Read.All"));
  }

  @Test
  void aPlainAzDeploymentHasAParametersFileThatFitsTheTemplate() throws Exception {
    JsonNode given =
        JSON.readTree(INFRA.resolve("main.az.parameters.json").toFile()).path("parameters");
    Map<String, Boolean> declared =
        InfraConsistencyTest.BicepFile.read(INFRA.resolve("main.bicep")).params();

    assertThat(given.toString()).doesNotContain("${");
    assertThat(given.fieldNames()).toIterable().allMatch(declared::containsKey);
    declared.forEach(
        (name, required) -> {
          if (required) {
            assertThat(given.has(name)).as("required " + name).isTrue();
          }
        });
    assertThat("rg-" + given.path("environmentName").path("value").asText())
        .matches("[-\\w._()]{1,90}");
    assertThat(allowedLocations()).contains(given.path("location").path("value").asText());
    assertThat(Files.readString(PROJECT.resolve("README.md")))
        .contains("az deployment sub create")
        .contains("infra/main.az.parameters.json");
  }

  @Test
  void vaultNamesAreNewAfterAzdDownByDesign() throws Exception {
    String main = code("main.bicep");

    assertThat(main)
        .contains("name: 'kvc-${token}${toLower(vaultSalt)}'")
        .contains("name: 'kva-${token}${toLower(vaultSalt)}'")
        .containsPattern("@maxLength\\(6\\)\\s*param vaultSalt");
    assertThat(("kvc-" + "x".repeat(13) + "y".repeat(6)).length())
        .as("a vault name, uniqueString's 13 characters and the salt")
        .isLessThanOrEqualTo(24);
    assertThat(JSON.readTree(INFRA.resolve("main.parameters.json").toFile()).toString())
        .contains("${PROVOPS_VAULT_SALT=}");
    for (String script : List.of("postdown.sh", "postdown.ps1")) {
      assertThat(Files.readString(INFRA.resolve("scripts").resolve(script)))
          .contains("azd env set PROVOPS_VAULT_SALT");
    }
  }

  private record Run(int exit, String output) {}

  private static Run grant(Path bin, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(List.of("sh", "infra/scripts/grant-graph-permissions.sh"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(PROJECT.toFile());
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out);
  }

  /** An `az` that answers like Graph for a tenant where nothing is granted yet. */
  private static void fakeAzureCli(Path bin, boolean denied) throws IOException {
    String script =
        String.join(
            "\n",
            "#!/bin/sh",
            "case \"$*\" in",
            "  *'ad sp show'*'--query id'*) echo graph-sp ;;",
            "  *'ad sp show'*appRoles*) echo \"$*\" | sed -n \"s/.*value=='\\([^']*\\)'.*/role-\\1/p\" ;;",
            "  *'rest --method GET'*) echo '' ;;",
            "  *'rest --method POST'*)",
            denied
                ? "    echo 'Forbidden: Authorization_RequestDenied' >&2; exit 1 ;;"
                : "    echo \"$*\" >> \"$(dirname \"$0\")/posted\" ;;",
            "  *) echo \"unexpected: $*\" >&2; exit 3 ;;",
            "esac",
            "");
    Path az = bin.resolve("az");
    Files.writeString(az, script);
    Files.setPosixFilePermissions(az, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
