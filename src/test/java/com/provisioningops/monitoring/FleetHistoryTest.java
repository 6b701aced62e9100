package com.provisioningops.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.data.tables.TableServiceClient;
import com.provisioningops.MutableClock;
import com.provisioningops.adapter.storage.TableCheckpoints;
import com.provisioningops.adapter.storage.TableLogLedger;
import com.provisioningops.alerts.Alert;
import com.provisioningops.alerts.AlertBook;
import com.provisioningops.alerts.MemoryAlertStore;
import com.provisioningops.alerts.Sighting;
import com.provisioningops.devhost.AzuriteTables;
import com.provisioningops.monitoring.jobs.JobKey;
import com.provisioningops.monitoring.jobs.JobRecord;
import com.provisioningops.monitoring.jobs.MemoryJobRegistry;
import com.provisioningops.provisioning.JobHealth;
import com.provisioningops.provisioning.JobHistory;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The last days of the fleet, recorded by discovery runs and read back for the status page. */
class FleetHistoryTest {
  @RegisterExtension static final AzuriteTables storage = new AzuriteTables();
  private static TableServiceClient tables;
  private static final String SP = "00000000-0000-0000-0000-0000000000c1";
  private static final String JOB_A =
      "scim.e7a9f3b4c0d14d7b9c2e1a8f3e6b5d4c.8adf4e6f-2b1c-4d3e-9f8a-000000000001";
  private static final String JOB_B =
      "scim.e7a9f3b4c0d14d7b9c2e1a8f3e6b5d4c.8adf4e6f-2b1c-4d3e-9f8a-000000000002";
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
  private final MemoryJobRegistry registry = new MemoryJobRegistry();
  private final MemoryAlertStore alerts = new MemoryAlertStore();
  private FleetHistory history;

  @BeforeAll
  static void tablesOnAzurite() {
    tables = storage.tables();
  }

  @BeforeEach
  void aFleetOfTwoJobs() {
    try {
      tables.deleteTable("checkpoints");
    } catch (com.azure.data.tables.models.TableServiceException absent) {
      // first test: nothing to delete
    }
    history =
        new FleetHistory(
            new TableCheckpoints(tables),
            new FleetView(registry, alerts, new TableLogLedger(tables)),
            alerts,
            clock);
    givenJob(JOB_A, JobHealth.HealthState.quarantined, JobHealth.Severity.critical);
    givenJob(JOB_B, JobHealth.HealthState.healthy, JobHealth.Severity.none);
  }

  private void givenJob(String jobId, JobHealth.HealthState state, JobHealth.Severity severity) {
    JobKey key = JobKey.of(SP, jobId);
    registry.register(key, "App");
    JobHealth health =
        new JobHealth(state, severity, List.of(), null, null, 0, null, null, null, null, null);
    registry.saveSnapshots(
        List.of(
            JobRecord.registered(key, "App")
                .read(health, null, JobHistory.UNKNOWN, clock.instant())));
  }

  private void givenAlertOpened(String jobId, String rule) {
    new AlertBook(alerts, clock)
        .reconcile(
            jobId,
            Alert.Source.jobStatus,
            List.of(
                Sighting.of(Alert.Source.jobStatus, rule, Alert.Severity.warning)
                    .job(jobId, SP, "App")
                    .title(rule)
                    .build()));
  }

  @Test
  void aDayRecordsTheFleetByStateAndTheAlertsOpenedThatDay() {
    clock.advance(Duration.ofDays(-1));
    givenAlertOpened(JOB_A, "yesterday");
    clock.advance(Duration.ofDays(1));
    givenAlertOpened(JOB_A, "stale");
    givenAlertOpened(JOB_B, "failing");
    // Yesterday's alert changes today: it still counts for yesterday, not today.
    givenAlertOpened(JOB_A, "stale");

    history.record();
    List<FleetHistory.Day> days = history.lastDays();

    assertThat(days).hasSize(FleetHistory.DAYS);
    FleetHistory.Day today = days.get(FleetHistory.DAYS - 1);
    assertThat(today.date()).isEqualTo(LocalDate.parse("2026-12-02"));
    assertThat(today.byState()).isEqualTo(Map.of("healthy", 1, "quarantined", 1));
    assertThat(today.alertsOpened()).isEqualTo(2);
    assertThat(days.subList(0, FleetHistory.DAYS - 1)).noneMatch(FleetHistory.Day::recorded);
  }

  @Test
  void theLastRunOfADayWinsAndEachDayKeepsItsOwn() {
    history.record();
    givenJob(JOB_A, JobHealth.HealthState.healthy, JobHealth.Severity.none);
    clock.advance(Duration.ofHours(1));
    history.record();
    clock.advance(Duration.ofDays(1));
    givenJob(JOB_B, JobHealth.HealthState.failing, JobHealth.Severity.warning);
    history.record();

    List<FleetHistory.Day> days = history.lastDays();

    assertThat(days.get(FleetHistory.DAYS - 2).byState()).isEqualTo(Map.of("healthy", 2));
    assertThat(days.get(FleetHistory.DAYS - 1).byState())
        .isEqualTo(Map.of("failing", 1, "healthy", 1));
  }
}
