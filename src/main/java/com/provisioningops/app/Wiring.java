package com.provisioningops.app;

import com.azure.data.tables.TableServiceClient;
import com.provisioningops.adapter.graph.GraphConnection;
import com.provisioningops.adapter.graph.GraphFleetDiscovery;
import com.provisioningops.adapter.graph.GraphFleetReader;
import com.provisioningops.adapter.graph.GraphInboundProvisioning;
import com.provisioningops.adapter.graph.GraphLogReader;
import com.provisioningops.adapter.graph.GraphProbe;
import com.provisioningops.adapter.graph.GraphProvisioningClient;
import com.provisioningops.adapter.secrets.KeyVaultCallbackUrls;
import com.provisioningops.adapter.secrets.KeyVaultProbe;
import com.provisioningops.adapter.secrets.KeyVaultSecrets;
import com.provisioningops.adapter.secrets.KeyVaultSigningKeys;
import com.provisioningops.adapter.secrets.MissingVault;
import com.provisioningops.adapter.secrets.SealedTokens;
import com.provisioningops.adapter.storage.Queues;
import com.provisioningops.adapter.storage.StorageClients;
import com.provisioningops.adapter.storage.StorageDeliveryQueue;
import com.provisioningops.adapter.storage.StoragePollPartitions;
import com.provisioningops.adapter.storage.StorageProbe;
import com.provisioningops.adapter.storage.StorageSetupQueue;
import com.provisioningops.adapter.storage.TableAlertStore;
import com.provisioningops.adapter.storage.TableCheckpoints;
import com.provisioningops.adapter.storage.TableCredentialReferences;
import com.provisioningops.adapter.storage.TableJobRegistry;
import com.provisioningops.adapter.storage.TableLogLedger;
import com.provisioningops.adapter.storage.TableSetupStore;
import com.provisioningops.adapter.storage.TableSubscriptionStore;
import com.provisioningops.adapter.storage.TableTraffic;
import com.provisioningops.adapter.storage.TableUploadLedger;
import com.provisioningops.adapter.webhooks.HttpReceiver;
import com.provisioningops.alerts.AlertBook;
import com.provisioningops.alerts.AlertFeed;
import com.provisioningops.connector.DefinitionBuilder;
import com.provisioningops.connector.Definitions;
import com.provisioningops.connector.ExportLinks;
import com.provisioningops.connector.SigningKeys;
import com.provisioningops.delivery.CallbackUrls;
import com.provisioningops.delivery.Deliveries;
import com.provisioningops.delivery.Subscriptions;
import com.provisioningops.delivery.TargetCheck;
import com.provisioningops.functions.AlertFunctions;
import com.provisioningops.functions.CredentialExpiryTimer;
import com.provisioningops.functions.CredentialFunctions;
import com.provisioningops.functions.DefinitionFunctions;
import com.provisioningops.functions.DeliveryQueueFunctions;
import com.provisioningops.functions.ExportFunctions;
import com.provisioningops.functions.GalleryFunctions;
import com.provisioningops.functions.HealthFunctions;
import com.provisioningops.functions.Http;
import com.provisioningops.functions.JobFunctions;
import com.provisioningops.functions.JobPollTimer;
import com.provisioningops.functions.Links;
import com.provisioningops.functions.LogFunctions;
import com.provisioningops.functions.LogPollTimer;
import com.provisioningops.functions.NotFoundFunction;
import com.provisioningops.functions.OperationCatalog;
import com.provisioningops.functions.PagingTokens;
import com.provisioningops.functions.SetupFunctions;
import com.provisioningops.functions.SetupQueueFunctions;
import com.provisioningops.functions.SetupRecoveryTimer;
import com.provisioningops.functions.StatusPage;
import com.provisioningops.functions.SubscriptionFunctions;
import com.provisioningops.functions.TriggerFunctions;
import com.provisioningops.functions.UploadFunctions;
import com.provisioningops.monitoring.FleetHistory;
import com.provisioningops.monitoring.FleetView;
import com.provisioningops.monitoring.JobDetails;
import com.provisioningops.monitoring.credentials.CredentialExpiry;
import com.provisioningops.monitoring.jobs.FleetPoll;
import com.provisioningops.monitoring.jobs.JobDiscovery;
import com.provisioningops.monitoring.jobs.JobMonitor;
import com.provisioningops.monitoring.jobs.RegistryWatchlist;
import com.provisioningops.monitoring.logs.LogMonitor;
import com.provisioningops.provisioning.CredentialResolver;
import com.provisioningops.provisioning.CredentialVault;
import com.provisioningops.provisioning.Gallery;
import com.provisioningops.provisioning.HealthRules;
import com.provisioningops.provisioning.JobWatchlist;
import com.provisioningops.provisioning.ProvisioningCredentials;
import com.provisioningops.provisioning.ProvisioningJobs;
import com.provisioningops.provisioning.ProvisioningLogs;
import com.provisioningops.provisioning.ProvisioningSetup;
import com.provisioningops.provisioning.SetupRecovery;
import com.provisioningops.provisioning.SetupWorker;
import com.provisioningops.readiness.DependencyProbe;
import com.provisioningops.readiness.Readiness;
import com.provisioningops.readiness.TimerRuns;
import com.provisioningops.uploads.BulkUploads;
import com.provisioningops.uploads.UploadTracking;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The composition root: builds every adapter, core service and function instance once. */
final class Wiring {
  private final Map<Class<?>, Object> functions;

  Wiring(AppSettings settings) {
    Clock clock = Clock.systemUTC();
    AppSettings.Storage storage = settings.storage();
    TableServiceClient tables =
        StorageClients.tables(
            storage.connectionString(),
            storage.tableServiceUri(),
            storage.managedIdentityClientId());
    Queues queues =
        new Queues(
            StorageClients.queues(
                storage.connectionString(),
                storage.queueServiceUri(),
                storage.managedIdentityClientId()));
    TimerRuns timerRuns = new TimerRuns(new TableCheckpoints(tables), clock);
    GraphConnection graph =
        GraphConnection.create(
            settings.graph().baseUrl(),
            Identities.graph(settings.graph()),
            Duration.ofSeconds(30),
            Duration.ofSeconds(10),
            Identities.onBehalfOf(settings));
    HealthRules healthRules = new HealthRules(settings.health());
    GraphProvisioningClient graphProvisioning = new GraphProvisioningClient(graph);
    TableJobRegistry registry = new TableJobRegistry(tables);
    JobWatchlist watchlist = new RegistryWatchlist(registry);
    ProvisioningJobs jobs = new ProvisioningJobs(graphProvisioning, healthRules, watchlist, clock);
    TableAlertStore alertStore = new TableAlertStore(tables);
    AlertBook alertBook = new AlertBook(alertStore, clock);
    TableLogLedger logLedger = new TableLogLedger(tables);
    FleetView fleetView = new FleetView(registry, alertStore, logLedger);
    TableUploadLedger uploadLedger = new TableUploadLedger(tables);
    BulkUploads uploads =
        new BulkUploads(
            uploadLedger,
            new GraphInboundProvisioning(graph),
            graphProvisioning,
            new BulkUploads.Settings(settings.bulkUploadDeadline(), settings.setup().claimTtl()),
            clock);
    LogMonitor logMonitor =
        new LogMonitor(
            new GraphLogReader(graph),
            logLedger,
            registry,
            alertBook,
            settings.logs(),
            new UploadTracking(uploadLedger, clock),
            clock);
    JobMonitor monitor =
        new JobMonitor(
            registry,
            new GraphFleetReader(graph, settings.batchConcurrency(), Duration.ofSeconds(30)),
            alertBook,
            healthRules,
            clock);
    JobDiscovery discovery =
        new JobDiscovery(
            new GraphFleetDiscovery(graph, settings.batchConcurrency(), Duration.ofSeconds(30)),
            registry,
            graphProvisioning,
            Duration.ofHours(1).plusMinutes(10),
            clock);

    List<DependencyProbe> probes =
        new ArrayList<>(List.of(new StorageProbe(tables), new GraphProbe(graph)));
    Optional<KeyVaultSecrets> credentialsVault =
        Identities.vault(settings, settings.keyVault().url(), clock);
    Optional<KeyVaultSecrets> appVault =
        Identities.vault(settings, settings.keyVault().appUrl(), clock);
    credentialsVault.ifPresent(v -> probes.add(new KeyVaultProbe("credentialsVault", v)));
    appVault.ifPresent(v -> probes.add(new KeyVaultProbe("appVault", v)));
    CredentialVault credentials =
        credentialsVault.<CredentialVault>map(v -> v).orElseGet(MissingVault::credentials);
    TableCredentialReferences references = new TableCredentialReferences(tables);
    CredentialResolver resolver = new CredentialResolver(credentials, references, clock);
    ProvisioningCredentials provisioningCredentials =
        new ProvisioningCredentials(resolver, graphProvisioning);
    Readiness readiness = new Readiness(version(), probes, Duration.ofSeconds(5), clock);
    SigningKeys signingKeys =
        appVault
            .<SigningKeys>map(
                v -> new KeyVaultSigningKeys(v, KeyVaultSigningKeys.EXPORT_LINKS, clock))
            .orElseGet(MissingVault::signingKeys);
    SigningKeys pagingKeys =
        appVault
            .<SigningKeys>map(v -> new KeyVaultSigningKeys(v, KeyVaultSigningKeys.PAGING, clock))
            .orElseGet(MissingVault::signingKeys);
    Http http =
        new Http(
            new Links(settings.publicBaseUrl(), settings.trustForwardedHeaders()),
            new PagingTokens(pagingKeys, signingKeys, clock),
            settings.requireAppRoles(),
            settings.appServiceAuthEnabled(),
            settings.changesAs().asUser(),
            settings.changesAs().clientId());
    Definitions definitions =
        new Definitions(
            OperationCatalog.operations(),
            settings
                .connectorOAuth()
                .map(
                    o ->
                        new DefinitionBuilder.EntraSignIn(
                            o.tenantId(), o.resourceUri(), o.clientId())),
            new ExportLinks(signingKeys, settings.exportLinkTtl(), clock));

    TableSetupStore setupStore = new TableSetupStore(tables);
    StorageSetupQueue setupQueue = new StorageSetupQueue(queues);
    SealedTokens userTokens = new SealedTokens(pagingKeys);
    ProvisioningSetup setup = new ProvisioningSetup(setupStore, setupQueue, clock, userTokens);
    SetupWorker setupWorker =
        new SetupWorker(
            graphProvisioning,
            resolver,
            setupStore,
            setupQueue,
            clock,
            settings.setup().maxWait(),
            settings.setup().claimTtl(),
            watchlist,
            userTokens);

    AppSettings.Delivery deliverySettings = settings.delivery();
    TargetCheck targets = new TargetCheck(InetAddress::getAllByName, deliverySettings.local());
    TableSubscriptionStore subscriptionStore = new TableSubscriptionStore(tables);
    CallbackUrls callbackUrls =
        appVault.<CallbackUrls>map(KeyVaultCallbackUrls::new).orElseGet(MissingVault::callbackUrls);
    AlertFeed alertFeed = new AlertFeed(alertStore, clock);
    Deliveries deliveries =
        new Deliveries(
            alertFeed,
            alertStore,
            subscriptionStore,
            callbackUrls,
            targets,
            new HttpReceiver(deliverySettings.timeout()),
            new StorageDeliveryQueue(queues),
            new TableCheckpoints(tables),
            new Deliveries.Settings(deliverySettings.maxAttempts(), deliverySettings.backoff()),
            clock);
    Subscriptions subscriptions =
        new Subscriptions(subscriptionStore, callbackUrls, targets, clock);
    FleetHistory fleetHistory =
        new FleetHistory(new TableCheckpoints(tables), fleetView, alertStore, clock);

    this.functions =
        Map.ofEntries(
            Map.entry(HealthFunctions.class, new HealthFunctions(http, readiness, logMonitor)),
            Map.entry(NotFoundFunction.class, new NotFoundFunction(http)),
            Map.entry(
                JobFunctions.class,
                new JobFunctions(http, jobs, new JobDetails(jobs, fleetView, clock))),
            Map.entry(
                LogFunctions.class,
                new LogFunctions(http, new ProvisioningLogs(graphProvisioning), clock)),
            Map.entry(
                GalleryFunctions.class, new GalleryFunctions(http, new Gallery(graphProvisioning))),
            Map.entry(
                CredentialFunctions.class, new CredentialFunctions(http, provisioningCredentials)),
            Map.entry(
                DefinitionFunctions.class,
                new DefinitionFunctions(
                    http,
                    definitions,
                    settings.definitionAuth() == AppSettings.DefinitionAuth.FUNCTION)),
            Map.entry(ExportFunctions.class, new ExportFunctions(http, definitions)),
            Map.entry(
                JobPollTimer.class,
                new JobPollTimer(
                    new FleetPoll(
                        monitor,
                        discovery,
                        new StoragePollPartitions(queues),
                        settings.pollPartitionSize(),
                        TableTraffic.INSTANCE::total),
                    monitor,
                    discovery,
                    alertBook,
                    Duration.ofDays(settings.alertRetentionDays()),
                    timerRuns,
                    deliveries,
                    fleetHistory)),
            Map.entry(
                StatusPage.class,
                new StatusPage(
                    http,
                    readiness,
                    timerRuns,
                    OperationCatalog.timers(),
                    logMonitor,
                    fleetView,
                    subscriptions,
                    fleetHistory,
                    uploads,
                    clock)),
            Map.entry(LogPollTimer.class, new LogPollTimer(logMonitor, timerRuns, deliveries)),
            Map.entry(SetupFunctions.class, new SetupFunctions(http, setup)),
            Map.entry(UploadFunctions.class, new UploadFunctions(http, uploads)),
            Map.entry(
                AlertFunctions.class,
                new AlertFunctions(http, fleetView, alertBook, registry, timerRuns)),
            Map.entry(SetupQueueFunctions.class, new SetupQueueFunctions(setupWorker)),
            Map.entry(
                SetupRecoveryTimer.class,
                new SetupRecoveryTimer(
                    new SetupRecovery(setupStore, setupQueue, clock, settings.setup().claimTtl()),
                    timerRuns)),
            Map.entry(TriggerFunctions.class, new TriggerFunctions(http, alertFeed)),
            Map.entry(SubscriptionFunctions.class, new SubscriptionFunctions(http, subscriptions)),
            Map.entry(DeliveryQueueFunctions.class, new DeliveryQueueFunctions(deliveries)),
            Map.entry(
                CredentialExpiryTimer.class,
                new CredentialExpiryTimer(
                    new CredentialExpiry(
                        references,
                        credentials,
                        registry,
                        alertBook,
                        settings.credentialExpiryWarning(),
                        clock),
                    timerRuns)));
  }

  Object instance(Class<?> functionClass) {
    Object instance = functions.get(functionClass);
    if (instance == null) {
      throw new IllegalArgumentException("No function class " + functionClass.getName());
    }
    return instance;
  }

  static String version() {
    String version = Wiring.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
