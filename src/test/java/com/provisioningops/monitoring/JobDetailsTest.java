package com.provisioningops.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.data.tables.TableServiceClient;
import com.provisioningops.MutableClock;
import com.provisioningops.adapter.graph.GraphConnection;
import com.provisioningops.adapter.graph.GraphProvisioningClient;
import com.provisioningops.adapter.storage.StorageClients;
import com.provisioningops.adapter.storage.TableAlertStore;
import com.provisioningops.adapter.storage.TableJobRegistry;
import com.provisioningops.adapter.storage.TableLogLedger;
import com.provisioningops.alerts.Alert;
import com.provisioningops.alerts.AlertBook;
import com.provisioningops.alerts.Sighting;
import com.provisioningops.devhost.Azurite;
import com.provisioningops.devhost.AzuriteTables;
import com.provisioningops.devhost.Ports;
import com.provisioningops.failure.Failure;
import com.provisioningops.monitoring.logs.DelegatingLedger;
import com.provisioningops.monitoring.logs.LogCursor;
import com.provisioningops.monitoring.logs.LogLedger;
import com.provisioningops.provisioning.HealthRules;
import com.provisioningops.provisioning.HealthThresholds;
import com.provisioningops.provisioning.JobId;
import com.provisioningops.provisioning.ProvisioningJobs;
import com.provisioningops.provisioning.ServicePrincipalId;
import com.provisioningops.sandbox.GraphSandbox;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A job's detail through the real Graph adapter on the sandbox and the real stores on Azurite: the
 * storage reads that run beside Graph's must fail as themselves, and Graph's failure must win.
 */
class JobDetailsTest {
  @RegisterExtension static final AzuriteTables storage = new AzuriteTables();
  private static final GraphSandbox sandbox = GraphSandbox.forTests();
  private final MutableClock clock = new MutableClock();

  @Test
  void aJobIsReadWithItsOpenAlerts() {
    String jobId = sandbox.tenant().jobInScenario("healthy");
    String sp = sandbox.tenant().servicePrincipalOf(jobId);
    new AlertBook(new TableAlertStore(storage.tables()), clock)
        .reconcile(
            jobId,
            Alert.Source.jobStatus,
            List.of(
                Sighting.of(Alert.Source.jobStatus, "quarantined", Alert.Severity.critical)
                    .job(jobId, sp, "App")
                    .reason("TooManyDeletes")
                    .title("App is quarantined")
                    .detail("What to do: check.")
                    .tenantActionable(true)
                    .build()));

    JobDetails.Detail detail = details(storage.tables()).read(id(sp), JobId.parse(jobId));

    assertThat(detail.view().job().id()).isEqualTo(jobId);
    assertThat(detail.alerts()).extracting(Alert::rule).containsExactly("quarantined");
    assertThat(detail.logs()).as("no log poll has run").isNull();
  }

  @Test
  void storageDownFailsTheReadAsUnavailableNotAsAWrappedException() {
    String jobId = sandbox.tenant().jobInScenario("healthy");

    assertThatThrownBy(
            () ->
                details(unreachableStorage())
                    .read(id(sandbox.tenant().servicePrincipalOf(jobId)), JobId.parse(jobId)))
        .isInstanceOf(Failure.Unavailable.class);
  }

  @Test
  void graphsAnswerWinsOverAStorageFailureBesideIt() {
    String jobId = sandbox.tenant().jobInScenario("healthy");
    String sp = sandbox.tenant().servicePrincipalOf(jobId);
    String absent = jobId.substring(0, jobId.length() - 12) + "000000000000";

    assertThatThrownBy(() -> details(unreachableStorage()).read(id(sp), JobId.parse(absent)))
        .isInstanceOf(Failure.NotFound.class);
  }

  private JobDetails details(TableServiceClient tables) {
    return details(tables, new TableLogLedger(tables));
  }

  private JobDetails details(TableServiceClient tables, LogLedger ledger) {
    ProvisioningJobs jobs =
        new ProvisioningJobs(
            new GraphProvisioningClient(
                GraphConnection.create(
                    sandbox.baseUrl(), null, Duration.ofSeconds(2), Duration.ofSeconds(3))),
            new HealthRules(new HealthThresholds(24, 3, 100, 6, 3)),
            (sp, job, name) -> {},
            clock);
    return new JobDetails(
        jobs,
        new FleetView(new TableJobRegistry(tables), new TableAlertStore(tables), ledger),
        clock);
  }

  private static TableServiceClient unreachableStorage() {
    return StorageClients.tables(
        // Nothing listens on a port just handed out.
        Optional.of(Azurite.connectionString(Ports.free(), Ports.free())),
        Optional.empty(),
        Optional.empty());
  }

  private static ServicePrincipalId id(String sp) {
    return ServicePrincipalId.parse(sp);
  }

  @Test
  void aJobsLogSummaryIsReusedForThirtySecondsWhileItsAlertsAreReadEveryTime() {
    String jobId = sandbox.tenant().jobInScenario("healthy");
    String sp = sandbox.tenant().servicePrincipalOf(jobId);
    AtomicInteger cursorReads = new AtomicInteger();
    LogLedger counting =
        new DelegatingLedger(new TableLogLedger(storage.tables())) {
          @Override
          public LogCursor cursor() {
            cursorReads.incrementAndGet();
            return super.cursor();
          }
        };
    JobDetails details = details(storage.tables(), counting);

    details.read(id(sp), JobId.parse(jobId));
    clock.advance(Duration.ofSeconds(29));
    details.read(id(sp), JobId.parse(jobId));
    assertThat(cursorReads).as("reused within 30 s").hasValue(1);

    clock.advance(Duration.ofSeconds(2));
    details.read(id(sp), JobId.parse(jobId));

    assertThat(cursorReads).as("read again after 30 s").hasValue(2);
  }
}
