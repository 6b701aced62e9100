package com.provisioningops.monitoring.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.provisioningops.MutableClock;
import com.provisioningops.adapter.graph.GraphConnection;
import com.provisioningops.adapter.graph.GraphFleetReader;
import com.provisioningops.adapter.graph.GraphProvisioningClient;
import com.provisioningops.alerts.Alert;
import com.provisioningops.alerts.AlertBook;
import com.provisioningops.alerts.MemoryAlertStore;
import com.provisioningops.provisioning.HealthRules;
import com.provisioningops.provisioning.HealthThresholds;
import com.provisioningops.provisioning.JobId;
import com.provisioningops.provisioning.ServicePrincipalId;
import com.provisioningops.sandbox.GraphSandbox;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The job monitor against the Graph sandbox's seeded fleet, through the real Graph adapter: each
 * health state's alert, repeat polls, recovery, a deleted job, a missing permission and a 429
 * storm.
 */
class JobMonitorTest {
  private static final GraphSandbox sandbox = GraphSandbox.forTests();
  private final MutableClock clock = new MutableClock(Instant.now());
  private final MemoryJobRegistry registry = new MemoryJobRegistry();
  private final MemoryAlertStore alerts = new MemoryAlertStore();
  private GraphConnection graph;
  private GraphFleetReader fleet;
  private JobMonitor monitor;

  @BeforeEach
  void seededFleetIsRegistered() {
    sandbox.reset();
    graph =
        GraphConnection.create(
            sandbox.baseUrl(), null, Duration.ofSeconds(2), Duration.ofSeconds(3));
    fleet = new GraphFleetReader(graph, 4, Duration.ofSeconds(3));
    monitor =
        new JobMonitor(
            registry,
            fleet,
            new AlertBook(alerts, clock),
            new HealthRules(new HealthThresholds(24, 3, 100, 6, 3)),
            clock);
    for (String jobId : sandbox.tenant().jobIds()) {
      registry.register(
          JobKey.of(sandbox.tenant().servicePrincipalOf(jobId), jobId), "App " + jobId);
    }
  }

  @AfterEach
  void closeFleet() {
    fleet.close();
  }

  private Alert activeAlertOf(String scenario) {
    String jobId = sandbox.tenant().jobInScenario(scenario);
    List<Alert> active = alerts.active(jobId);
    assertThat(active).as(scenario).hasSize(1);
    return active.get(0);
  }

  @Test
  void onePollRaisesOneAlertPerTroubledJobInOneRequestPerTwentyJobs() {
    JobMonitor.PollSummary summary = monitor.poll();

    int jobs = sandbox.tenant().jobIds().size();
    assertThat(summary.jobs()).isEqualTo(jobs);
    assertThat(summary.read()).isEqualTo(jobs);
    assertThat(summary.graphRequests()).isEqualTo((jobs + 19) / 20);
    assertThat(activeAlertOf("quarantinedTooManyDeletes").severity())
        .isEqualTo(Alert.Severity.critical);
    assertThat(activeAlertOf("quarantinedCredentials").severity())
        .isEqualTo(Alert.Severity.critical);
    assertThat(activeAlertOf("failing").rule()).isEqualTo("failing");
    assertThat(activeAlertOf("degradedMany").severity()).isEqualTo(Alert.Severity.warning);
    assertThat(activeAlertOf("degraded").severity()).isEqualTo(Alert.Severity.info);
    assertThat(activeAlertOf("stale").rule()).isEqualTo("stale");
    assertThat(alerts.active(sandbox.tenant().jobInScenario("healthy"))).isEmpty();
    assertThat(alerts.active(sandbox.tenant().jobInScenario("notConfigured"))).isEmpty();
    assertThat(registry.writes).isEqualTo(jobs);
  }

  @Test
  void aSecondPollUpdatesInsteadOfOpeningAndWritesNoUnchangedSnapshot() {
    monitor.poll();
    int written = registry.writes;
    clock.advance(Duration.ofMinutes(5));

    JobMonitor.PollSummary second = monitor.poll();

    assertThat(second.alerts().opened()).isZero();
    assertThat(second.alerts().resolved()).isZero();
    assertThat(activeAlertOf("quarantinedTooManyDeletes").occurrences()).isEqualTo(2);
    assertThat(registry.writes - written).isLessThanOrEqualTo(4);
  }

  @Test
  void recoveredJobResolvesItsAlert() {
    monitor.poll();
    String jobId = sandbox.tenant().jobInScenario("quarantinedTooManyDeletes");
    String quarantineAlert = activeAlertOf("quarantinedTooManyDeletes").id();
    new GraphProvisioningClient(graph)
        .restart(
            new ServicePrincipalId(sandbox.tenant().servicePrincipalOf(jobId)),
            new JobId(jobId),
            Set.of("QuarantineState"));

    JobMonitor.PollSummary after = monitor.poll();

    assertThat(after.alerts().resolved()).isGreaterThanOrEqualTo(1);
    assertThat(alerts.find(quarantineAlert).orElseThrow().state()).isEqualTo(Alert.State.resolved);
  }

  @Test
  void deletedJobIsForgottenWithAnInfoAlertAndItsStatusAlertsResolve() {
    monitor.poll();
    String jobId = sandbox.tenant().jobInScenario("stale");
    assertThat(alerts.active(jobId)).extracting(Alert::rule).containsExactly("stale");
    JobKey key = JobKey.of(sandbox.tenant().servicePrincipalOf(jobId), jobId);
    sandbox.tenant().delete(jobId);

    monitor.poll();

    assertThat(registry.find(key)).isEmpty();
    List<Alert> active = alerts.active(jobId);
    assertThat(active).extracting(Alert::rule).contains("deleted");
    assertThat(active)
        .filteredOn(a -> a.rule().equals("deleted"))
        .allSatisfy(a -> assertThat(a.severity()).isEqualTo(Alert.Severity.info));
    assertThat(active).extracting(Alert::rule).containsExactly("deleted");
  }

  @Test
  void missingPermissionRaisesOneTenantAlertAndKeepsEveryJobsAlerts() {
    monitor.poll();
    int before = alerts.allActive().size();
    sandbox.faults().error("/synchronization/jobs/", 403, -1);

    JobMonitor.PollSummary denied = monitor.poll();

    assertThat(denied.read()).isZero();
    List<Alert> tenant = alerts.active(Alert.TENANT);
    assertThat(tenant).hasSize(1);
    assertThat(tenant.get(0).rule()).isEqualTo("permissionMissing");
    assertThat(tenant.get(0).detail()).contains("Synchronization");
    assertThat(alerts.allActive()).hasSize(before + 1);

    sandbox.faults().clear();
    monitor.poll();
    assertThat(alerts.active(Alert.TENANT)).isEmpty();
  }

  @Test
  void throttleStormKeepsLastHealthAndResolvesNothing() {
    monitor.poll();
    int before = alerts.allActive().size();
    sandbox.faults().throttle("/synchronization/jobs/", 30, -1);

    JobMonitor.PollSummary storm = monitor.poll();

    assertThat(storm.read()).isZero();
    assertThat(storm.alerts().resolved()).isZero();
    assertThat(alerts.allActive()).hasSize(before);
    String jobId = sandbox.tenant().jobInScenario("quarantinedTooManyDeletes");
    JobRecord kept =
        registry.find(JobKey.of(sandbox.tenant().servicePrincipalOf(jobId), jobId)).orElseThrow();
    assertThat(kept.health().state().name()).isEqualTo("quarantined");
    assertThat(kept.readFailure()).contains("429");
  }

  @Test
  void aQuarantinedJobsAlertSaysWhatToDoApartFromWhatIsWrong() {
    monitor.poll();

    Alert alert = activeAlertOf("quarantinedTooManyDeletes");

    assertThat(alert.whatToDo()).isNotBlank();
    assertThat(alert.detail()).endsWith(" What to do: " + alert.whatToDo());
    assertThat(alert.problem()).isNotBlank().doesNotContain("What to do");
  }

  @Test
  void jobPausedBehindTheAppsBackIsReported() {
    monitor.poll();
    String jobId = sandbox.tenant().jobInScenario("healthy");
    sandbox.tenant().pause(jobId);

    monitor.poll();

    List<Alert> active = alerts.active(jobId);
    assertThat(active).hasSize(1);
    assertThat(active.get(0).rule()).isEqualTo("paused");
    assertThat(active.get(0).severity()).isEqualTo(Alert.Severity.info);
  }

  @Test
  void jobPausedThroughTheAppIsNotReportedAsPausedBehindItsBack() {
    monitor.poll();
    String jobId = sandbox.tenant().jobInScenario("healthy");
    String sp = sandbox.tenant().servicePrincipalOf(jobId);
    new com.provisioningops.provisioning.ProvisioningJobs(
            new GraphProvisioningClient(graph),
            new HealthRules(new HealthThresholds(24, 3, 100, 6, 3)),
            new RegistryWatchlist(registry),
            clock)
        .pause(new ServicePrincipalId(sp), new JobId(jobId));

    monitor.poll();

    assertThat(registry.find(JobKey.of(sp, jobId)).orElseThrow().statusCode())
        .as("the poll read the paused job")
        .isEqualTo(com.provisioningops.provisioning.SynchronizationJob.StatusCode.Paused);
    assertThat(alerts.active(jobId)).isEmpty();
  }

  @Test
  void aRunThatDiesBeforeSavingSnapshotsIsCompletedByTheNextWithoutDuplicates() {
    registry.failNextSave = true;
    try {
      monitor.poll();
    } catch (IllegalStateException processDied) {
      // Alerts were written; the snapshots were not.
    }
    int alertsAfterCrash = alerts.allActive().size();
    assertThat(alertsAfterCrash).isPositive();

    JobMonitor.PollSummary next = monitor.poll();

    assertThat(next.alerts().opened()).isZero();
    assertThat(alerts.allActive()).hasSize(alertsAfterCrash);
    assertThat(registry.all()).allSatisfy(r -> assertThat(r.health()).isNotNull());
  }

  @Test
  void slicesOfALargeFleetCoverEveryJobExactlyOnce() {
    int total = 0;
    for (int i = 0; i < 3; i++) {
      total += monitor.poll(new JobMonitor.Slice(i, 3)).jobs();
    }

    assertThat(total).isEqualTo(sandbox.tenant().jobIds().size());
    assertThat(activeAlertOf("quarantinedTooManyDeletes").occurrences()).isEqualTo(1);
  }

  @Test
  void unwatchedJobsAreSkippedNotForgotten() {
    String jobId = sandbox.tenant().jobInScenario("quarantinedTooManyDeletes");
    JobKey key = JobKey.of(sandbox.tenant().servicePrincipalOf(jobId), jobId);
    registry.setWatched(key, false);

    JobMonitor.PollSummary summary = monitor.poll();

    assertThat(summary.jobs()).isEqualTo(sandbox.tenant().jobIds().size() - 1);
    assertThat(alerts.active(jobId)).isEmpty();
    assertThat(registry.find(key)).isPresent();
  }
}
