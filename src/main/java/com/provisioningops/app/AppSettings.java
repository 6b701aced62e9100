package com.provisioningops.app;

import com.provisioningops.monitoring.logs.LogMonitor;
import com.provisioningops.provisioning.HealthThresholds;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every setting of the app, read once from the environment (app settings in Azure, {@code
 * local.settings.json} through the dev host). Defaults are the README's settings table.
 *
 * <p>An invalid value fails fast with {@link IllegalArgumentException} naming the setting; a
 * secret's value is never part of a message or of {@link #toString()}.
 */
public record AppSettings(
    Graph graph,
    KeyVault keyVault,
    Storage storage,
    Schedules schedules,
    int batchConcurrency,
    int pollPartitionSize,
    Duration secretCacheTtl,
    int alertRetentionDays,
    Duration exportLinkTtl,
    LogMonitor.Settings logs,
    HealthThresholds health,
    Optional<URI> publicBaseUrl,
    boolean trustForwardedHeaders,
    boolean requireAppRoles,
    boolean appServiceAuthEnabled,
    DefinitionAuth definitionAuth,
    Optional<ConnectorOAuth> connectorOAuth,
    Setup setup,
    Delivery delivery,
    // BULK_UPLOAD_DEADLINE: an upload's records not all in the provisioning logs by then alert.
    Duration bulkUploadDeadline,
    // CREDENTIAL_EXPIRY_WARNING: a credential from Key Vault this close to expiry is a warning.
    Duration credentialExpiryWarning,
    ChangesAs changesAs) {

  /**
   * Who changes to Graph are made as ({@code GRAPH_CHANGES_AS}): the app, or the signed-in user
   * through the on-behalf-of flow. Reads and timers are always the app.
   *
   * @param mode {@code app} (default) or {@code user}
   * @param clientId the app registration the users' tokens are for, which exchanges them ({@code
   *     GRAPH_USER_CLIENT_ID}; required with {@code user})
   * @param tenantId its tenant ({@code GRAPH_USER_TENANT_ID}, else {@code GRAPH_TENANT_ID})
   * @param clientSecret its client secret, for local runs ({@code GRAPH_USER_CLIENT_SECRET}, a Key
   *     Vault reference in Azure); unset: the managed identity as a federated credential
   * @param authorityHost Entra's sign-in host ({@code GRAPH_USER_AUTHORITY_HOST}); the local
   *     sandbox's token service when run locally
   */
  public record ChangesAs(
      Mode mode,
      Optional<String> clientId,
      Optional<String> tenantId,
      Optional<String> clientSecret,
      URI authorityHost) {

    /** {@code GRAPH_CHANGES_AS}'s values. */
    public enum Mode {
      APP,
      USER
    }

    public boolean asUser() {
      return mode == Mode.USER;
    }

    @Override
    public String toString() {
      return "ChangesAs[mode=%s, clientId=%s, tenantId=%s, clientSecret=%s, authorityHost=%s]"
          .formatted(
              mode,
              clientId.orElse("-"),
              tenantId.orElse("-"),
              clientSecret.isPresent() ? "***" : "-",
              authorityHost);
    }
  }

  /**
   * How alert changes are posted to subscribers.
   *
   * @param maxAttempts tries before a delivery is parked in {@code deliveries-poison} ({@code
   *     DELIVERY_MAX_ATTEMPTS})
   * @param backoff the wait before the second try, doubling after ({@code DELIVERY_BACKOFF})
   * @param timeout how long one post may take ({@code DELIVERY_TIMEOUT})
   * @param local true off App Service (no {@code WEBSITE_INSTANCE_ID}): loopback callbacks allowed
   */
  public record Delivery(int maxAttempts, Duration backoff, Duration timeout, boolean local) {}

  /**
   * The one-call setup's pace.
   *
   * @param maxWait how long transient failures are retried before a setup fails ({@code
   *     SETUP_MAX_WAIT})
   * @param claimTtl how long a worker's claim on a step holds ({@code SETUP_CLAIM_TTL}): longer
   *     than one Graph call with its retries, short enough that a dead worker's step resumes soon
   */
  public record Setup(Duration maxWait, Duration claimTtl) {}

  /**
   * The Entra ID app registration behind the connector's OAuth2 variant, when configured.
   *
   * @param tenantId tenant of the registration ({@code CONNECTOR_OAUTH_TENANT_ID}, default common)
   * @param resourceUri its application ID URI ({@code CONNECTOR_OAUTH_RESOURCE_URI})
   * @param clientId the connector's own registration ({@code CONNECTOR_OAUTH_CLIENT_ID})
   */
  public record ConnectorOAuth(String tenantId, String resourceUri, Optional<String> clientId) {}

  /** The Microsoft Graph endpoint and how the app authenticates to it. */
  public record Graph(
      URI baseUrl,
      GraphAuth auth,
      Optional<String> azureClientId,
      Optional<String> tenantId,
      Optional<String> clientId,
      Optional<String> clientSecret,
      Optional<String> certificatePath) {
    @Override
    public String toString() {
      return "Graph[baseUrl=%s, auth=%s, clientId=%s, clientSecret=%s, certificatePath=%s]"
          .formatted(
              baseUrl,
              auth,
              clientId.orElse("-"),
              clientSecret.isPresent() ? "***" : "-",
              certificatePath.orElse("-"));
    }
  }

  /** How the Graph client authenticates. */
  public enum GraphAuth {
    MANAGED_IDENTITY,
    CLIENT_SECRET,
    CERTIFICATE,
    NONE
  }

  /**
   * The vaults: {@code url} holds provisioning credentials, which the app only reads; {@code
   * appUrl} holds what the app writes itself (signing keys, callback URLs).
   */
  public record KeyVault(Optional<URI> url, Optional<URI> appUrl, boolean sandboxTrust) {}

  /**
   * Table Storage, from the same settings the Functions host uses for {@code AzureWebJobsStorage}:
   * a connection string, or identity-based ({@code __accountName} / {@code __tableServiceUri},
   * {@code __credential}, {@code __clientId}).
   */
  public record Storage(
      Optional<String> connectionString,
      Optional<URI> tableServiceUri,
      Optional<URI> queueServiceUri,
      Optional<String> managedIdentityClientId) {
    @Override
    public String toString() {
      return "Storage[connectionString=%s, tableServiceUri=%s, queueServiceUri=%s]"
          .formatted(
              connectionString.isPresent() ? "***" : "-",
              tableServiceUri.orElse(null),
              queueServiceUri.orElse(null));
    }
  }

  /** NCRONTAB schedules of the timer functions; function.json refers to them as {@code %…%}. */
  public record Schedules(String jobPoll, String logPoll, String discovery) {}

  /** Whether the definition routes need the function key. */
  public enum DefinitionAuth {
    ANONYMOUS,
    FUNCTION
  }

  public static final String DEFAULT_GRAPH_BASE_URL = "https://graph.microsoft.com/v1.0";

  /** Reads the settings from the process environment. */
  public static AppSettings fromEnvironment() {
    return from(System::getenv);
  }

  /** Reads the settings through {@code env}, which answers null for an unset name. */
  public static AppSettings from(Function<String, String> env) {
    SettingsReader r = new SettingsReader(env);
    return new AppSettings(
        new Graph(
            r.uri("GRAPH_BASE_URL").orElse(URI.create(DEFAULT_GRAPH_BASE_URL)),
            r.enumValue("GRAPH_AUTH", GraphAuth.class, GraphAuth.MANAGED_IDENTITY),
            r.text("AZURE_CLIENT_ID"),
            r.text("GRAPH_TENANT_ID"),
            r.text("GRAPH_CLIENT_ID"),
            r.text("GRAPH_CLIENT_SECRET"),
            r.text("GRAPH_CLIENT_CERTIFICATE_PATH")),
        new KeyVault(
            r.uri("KEY_VAULT_URL"),
            r.uri("APP_KEY_VAULT_URL"),
            r.bool("KEY_VAULT_SANDBOX_TRUST", false)),
        new Storage(
            r.text("AzureWebJobsStorage"),
            r.uri("AzureWebJobsStorage__tableServiceUri")
                .or(
                    () ->
                        r.text("AzureWebJobsStorage__accountName")
                            .map(a -> URI.create("https://" + a + ".table.core.windows.net"))),
            r.uri("AzureWebJobsStorage__queueServiceUri")
                .or(
                    () ->
                        r.text("AzureWebJobsStorage__accountName")
                            .map(a -> URI.create("https://" + a + ".queue.core.windows.net"))),
            r.text("AzureWebJobsStorage__clientId")),
        new Schedules(
            r.text("JOB_POLL_SCHEDULE").orElse("0 */5 * * * *"),
            r.text("LOG_POLL_SCHEDULE").orElse("0 */10 * * * *"),
            r.text("DISCOVERY_SCHEDULE").orElse("0 0 * * * *")),
        r.positiveInt("BATCH_CONCURRENCY", 4),
        r.positiveInt("POLL_PARTITION_SIZE", 2000),
        r.duration("SECRET_CACHE_TTL", Duration.ofMinutes(5)),
        r.positiveInt("ALERT_RETENTION_DAYS", 90),
        r.duration("EXPORT_LINK_TTL", Duration.ofHours(24)),
        new LogMonitor.Settings(
            r.positiveInt("LOG_FAILURE_THRESHOLD", 10),
            r.durationAtMost("LOG_WINDOW", Duration.ofHours(1), Duration.ofDays(7)),
            r.durationAtMost("LOG_OVERLAP", Duration.ofMinutes(10), Duration.ofDays(1)),
            r.positiveInt("LOG_SILENT_HOURS", 24),
            r.durationAtMost("LOG_BACKFILL", Duration.ofDays(1), Duration.ofDays(30)),
            // Under 30 s a run reads too little to pass its own overlap; from 9 min the host's
            // 10-minute function timeout ends the run before it commits.
            r.durationWithin(
                "LOG_RUN_BUDGET",
                Duration.ofMinutes(4),
                Duration.ofSeconds(30),
                Duration.ofMinutes(9))),
        new HealthThresholds(
            r.positiveInt("QUARANTINE_CRITICAL_HOURS", 24),
            r.positiveInt("FAILURE_THRESHOLD", 3),
            r.positiveInt("ESCROW_WARNING_COUNT", 100),
            r.positiveInt("STALE_HOURS", 6),
            r.positiveInt("CYCLE_OVERDUE_FACTOR", 3)),
        r.uri("PUBLIC_BASE_URL"),
        r.bool("TRUST_FORWARDED_HEADERS", false),
        r.bool("REQUIRE_APP_ROLES", false),
        r.bool("WEBSITE_AUTH_ENABLED", false),
        r.enumValue("DEFINITION_AUTH", DefinitionAuth.class, DefinitionAuth.ANONYMOUS),
        r.text("CONNECTOR_OAUTH_RESOURCE_URI")
            .map(
                uri ->
                    new ConnectorOAuth(
                        r.text("CONNECTOR_OAUTH_TENANT_ID").orElse("common"),
                        uri,
                        r.text("CONNECTOR_OAUTH_CLIENT_ID"))),
        new Setup(
            r.duration("SETUP_MAX_WAIT", Duration.ofMinutes(30)),
            r.duration("SETUP_CLAIM_TTL", Duration.ofMinutes(2))),
        new Delivery(
            r.positiveInt("DELIVERY_MAX_ATTEMPTS", 5),
            r.durationAtMost("DELIVERY_BACKOFF", Duration.ofSeconds(30), Duration.ofHours(1)),
            r.durationAtMost("DELIVERY_TIMEOUT", Duration.ofSeconds(10), Duration.ofMinutes(1)),
            r.text("WEBSITE_INSTANCE_ID").isEmpty()),
        r.durationWithin(
            "BULK_UPLOAD_DEADLINE",
            Duration.ofMinutes(30),
            Duration.ofMinutes(1),
            Duration.ofDays(1)),
        // Within three days every expiry is critical anyway; a year ahead is noise.
        r.durationWithin(
            "CREDENTIAL_EXPIRY_WARNING",
            Duration.ofDays(14),
            Duration.ofDays(3),
            Duration.ofDays(365)),
        changesAs(r));
  }

  private static ChangesAs changesAs(SettingsReader r) {
    ChangesAs.Mode mode = r.enumValue("GRAPH_CHANGES_AS", ChangesAs.Mode.class, ChangesAs.Mode.APP);
    Optional<String> clientId = r.text("GRAPH_USER_CLIENT_ID");
    Optional<String> tenantId = r.text("GRAPH_USER_TENANT_ID").or(() -> r.text("GRAPH_TENANT_ID"));
    if (mode == ChangesAs.Mode.USER && (clientId.isEmpty() || tenantId.isEmpty())) {
      throw new IllegalArgumentException(
          "GRAPH_CHANGES_AS=user needs GRAPH_USER_CLIENT_ID (the app registration the users'"
              + " tokens are for) and GRAPH_USER_TENANT_ID (or GRAPH_TENANT_ID).");
    }
    return new ChangesAs(
        mode,
        clientId,
        tenantId,
        r.text("GRAPH_USER_CLIENT_SECRET"),
        r.uri("GRAPH_USER_AUTHORITY_HOST").orElse(URI.create("https://login.microsoftonline.com")));
  }

  /** Reads the settings from a map, for tests and tools. */
  public static AppSettings from(Map<String, String> values) {
    return from(values::get);
  }
}
