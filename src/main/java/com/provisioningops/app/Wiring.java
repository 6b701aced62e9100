package com.provisioningops.app;

import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.util.HttpClientOptions;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.provisioningops.functions.HealthFunctions;
import com.provisioningops.functions.Http;
import com.provisioningops.functions.JobPollTimer;
import com.provisioningops.functions.NotFoundFunction;
import com.provisioningops.functions.StatusPage;
import com.provisioningops.monitoring.Readiness;
import com.provisioningops.monitoring.TimerRuns;
import com.provisioningops.storage.StorageProbe;
import com.provisioningops.storage.TableCheckpoints;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The composition root: builds every adapter, core service and function instance once. */
final class Wiring {
  private final Map<Class<?>, Object> functions;

  Wiring(AppSettings settings) {
    Clock clock = Clock.systemUTC();
    Http http = new Http();
    TableServiceClient tables = tableService(settings.storage());
    TimerRuns timerRuns = new TimerRuns(new TableCheckpoints(tables), clock);
    Readiness readiness =
        new Readiness(version(), List.of(new StorageProbe(tables)), Duration.ofSeconds(5), clock);

    this.functions =
        Map.of(
            HealthFunctions.class, new HealthFunctions(http, readiness),
            NotFoundFunction.class, new NotFoundFunction(http),
            JobPollTimer.class, new JobPollTimer(timerRuns),
            StatusPage.class, new StatusPage(http, readiness, timerRuns, List.of("JobPollTimer")));
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

  static TableServiceClient tableService(AppSettings.Storage storage) {
    TableServiceClientBuilder builder =
        new TableServiceClientBuilder()
            .clientOptions(
                new HttpClientOptions()
                    .setConnectTimeout(Duration.ofSeconds(5))
                    .setResponseTimeout(Duration.ofSeconds(15)))
            .retryOptions(
                new RetryOptions(
                    new ExponentialBackoffOptions()
                        .setMaxRetries(2)
                        .setBaseDelay(Duration.ofMillis(200))
                        .setMaxDelay(Duration.ofSeconds(2))));
    if (storage.connectionString().isPresent()) {
      return builder.connectionString(storage.connectionString().get()).buildClient();
    }
    if (storage.tableServiceUri().isPresent()) {
      ManagedIdentityCredentialBuilder identity = new ManagedIdentityCredentialBuilder();
      storage.managedIdentityClientId().ifPresent(identity::clientId);
      return builder
          .endpoint(storage.tableServiceUri().get().toString())
          .credential(identity.build())
          .buildClient();
    }
    throw new IllegalStateException(
        "Set AzureWebJobsStorage (a connection string) or AzureWebJobsStorage__accountName "
            + "(identity-based) so the app can reach Table Storage.");
  }
}
