package com.provisioningops.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppSettingsTest {

  @Test
  void unsetSettingsTakeTheDesignDefaults() {
    AppSettings settings = AppSettings.from(Map.of());

    assertThat(settings.graph().baseUrl())
        .isEqualTo(URI.create("https://graph.microsoft.com/v1.0"));
    assertThat(settings.graph().auth()).isEqualTo(AppSettings.GraphAuth.MANAGED_IDENTITY);
    assertThat(settings.schedules())
        .isEqualTo(new AppSettings.Schedules("0 */5 * * * *", "0 */10 * * * *", "0 0 * * * *"));
    assertThat(settings.batchConcurrency()).isEqualTo(4);
    assertThat(settings.secretCacheTtl()).isEqualTo(Duration.ofMinutes(5));
    assertThat(settings.alertRetentionDays()).isEqualTo(90);
    assertThat(settings.exportLinkTtl()).isEqualTo(Duration.ofHours(24));
    assertThat(settings.logs())
        .isEqualTo(
            new com.provisioningops.monitoring.logs.LogMonitor.Settings(
                10,
                Duration.ofHours(1),
                Duration.ofMinutes(10),
                24,
                Duration.ofDays(1),
                Duration.ofMinutes(4)));
    assertThat(settings.health())
        .isEqualTo(new com.provisioningops.provisioning.HealthThresholds(24, 3, 100, 6, 3));
    assertThat(settings.publicBaseUrl()).isEmpty();
    assertThat(settings.requireAppRoles()).isFalse();
    assertThat(settings.definitionAuth()).isEqualTo(AppSettings.DefinitionAuth.ANONYMOUS);
  }

  @Test
  void blankValuesFromTheSettingsTemplateCountAsUnset() {
    AppSettings settings = AppSettings.from(Map.of("GRAPH_BASE_URL", "", "KEY_VAULT_URL", " "));

    assertThat(settings.graph().baseUrl().getHost()).isEqualTo("graph.microsoft.com");
    assertThat(settings.keyVault().url()).isEmpty();
  }

  @Test
  void camelCaseEnumValuesAreRead() {
    AppSettings settings =
        AppSettings.from(Map.of("GRAPH_AUTH", "clientSecret", "DEFINITION_AUTH", "function"));

    assertThat(settings.graph().auth()).isEqualTo(AppSettings.GraphAuth.CLIENT_SECRET);
    assertThat(settings.definitionAuth()).isEqualTo(AppSettings.DefinitionAuth.FUNCTION);
  }

  @Test
  void trailingSlashOfABaseUrlIsDropped() {
    AppSettings settings = AppSettings.from(Map.of("GRAPH_BASE_URL", "http://127.0.0.1:9/v1.0/"));

    assertThat(settings.graph().baseUrl()).isEqualTo(URI.create("http://127.0.0.1:9/v1.0"));
  }

  @Test
  void identityBasedStorageBuildsTheTableEndpointFromTheAccountName() {
    AppSettings settings =
        AppSettings.from(
            Map.of(
                "AzureWebJobsStorage__accountName", "provops",
                "AzureWebJobsStorage__clientId", "11111111-1111-1111-1111-111111111111"));

    assertThat(settings.storage().connectionString()).isEmpty();
    assertThat(settings.storage().tableServiceUri())
        .contains(URI.create("https://provops.table.core.windows.net"));
    assertThat(settings.storage().managedIdentityClientId())
        .contains("11111111-1111-1111-1111-111111111111");
  }

  @Test
  void invalidValueNamesTheSettingAndWhatItTakes() {
    assertThatThrownBy(() -> AppSettings.from(Map.of("BATCH_CONCURRENCY", "zero")))
        .hasMessage("Setting BATCH_CONCURRENCY must be a whole number above 0.");
    assertThatThrownBy(() -> AppSettings.from(Map.of("SECRET_CACHE_TTL", "5m")))
        .hasMessageContaining("SECRET_CACHE_TTL");
    assertThatThrownBy(() -> AppSettings.from(Map.of("GRAPH_AUTH", "password")))
        .hasMessageContaining("managedIdentity, clientSecret, certificate, none");
    assertThatThrownBy(() -> AppSettings.from(Map.of("PUBLIC_BASE_URL", "not a url")))
        .hasMessageContaining("PUBLIC_BASE_URL");
    assertThatThrownBy(() -> AppSettings.from(Map.of("LOG_BACKFILL", "P31D")))
        .hasMessage("Setting LOG_BACKFILL must be at most PT720H.");
  }

  @Test
  void aLogRunBudgetThatCannotMakeProgressIsRefusedAtStart() {
    assertThatThrownBy(() -> AppSettings.from(Map.of("LOG_RUN_BUDGET", "PT10S")))
        .hasMessage("Setting LOG_RUN_BUDGET must be at least PT30S and at most PT9M.");
    assertThatThrownBy(() -> AppSettings.from(Map.of("LOG_RUN_BUDGET", "PT15M")))
        .hasMessage("Setting LOG_RUN_BUDGET must be at least PT30S and at most PT9M.");
  }

  @Test
  void secretsNeverShowInToString() {
    AppSettings settings =
        AppSettings.from(
            Map.of(
                "GRAPH_CLIENT_SECRET", "s3cr3t-value-never-logged",
                "AzureWebJobsStorage", "AccountKey=account-key-never-logged"));

    assertThat(settings.toString())
        .doesNotContain("s3cr3t-value-never-logged")
        .doesNotContain("account-key-never-logged");
  }
}
