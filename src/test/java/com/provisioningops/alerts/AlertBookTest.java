package com.provisioningops.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.provisioningops.MutableClock;
import com.provisioningops.failure.Failure;
import com.provisioningops.monitoring.jobs.JobKey;
import com.provisioningops.monitoring.jobs.JobSightings;
import com.provisioningops.provisioning.JobHealth;
import com.provisioningops.provisioning.SynchronizationJob.QuarantineReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One alert per condition: opened, updated, acknowledged, re-opened when worse, resolved. */
class AlertBookTest {
  private static final JobKey JOB =
      JobKey.of(
          "5b0e6a1c-3d2f-4e8a-9b7c-1a2b3c4d5e6f",
          "box.0123456789abcdef0123456789abcdef.0d8f2c4a-6b1e-4a3d-8c5f-7e9a1b2c3d4e");
  private static final java.time.Instant NEXT_ATTEMPT =
      java.time.Instant.parse("2026-11-22T15:17:10Z");
  private final MutableClock clock = new MutableClock();
  private final MemoryAlertStore store = new MemoryAlertStore();
  private final AlertBook book = new AlertBook(store, clock);

  private static List<Sighting> quarantined(QuarantineReason reason, JobHealth.Severity severity) {
    return JobSightings.of(
        JOB,
        "Box (HR)",
        new JobHealth(
            JobHealth.HealthState.quarantined,
            severity,
            List.of("Provisioning is quarantined."),
            reason,
            NEXT_ATTEMPT,
            0,
            null,
            "SomeError",
            true,
            "https://go.microsoft.com/fwlink/?linkid=2136573",
            null),
        NEXT_ATTEMPT);
  }

  private AlertBook.Changes poll(List<Sighting> seen) {
    return book.reconcile(JOB.jobId().value(), Alert.Source.jobStatus, seen);
  }

  private Alert onlyActive() {
    List<Alert> active = store.active(JOB.jobId().value());
    assertThat(active).hasSize(1);
    return active.get(0);
  }

  @Test
  void textFromGraphLongerThanAnAlertKeepsIsCutSoTheAlertAlwaysFitsStorage() {
    String endless = "Graph said: " + "x".repeat(100_000);
    JobHealth health =
        new JobHealth(
            JobHealth.HealthState.quarantined,
            JobHealth.Severity.critical,
            List.of(endless),
            QuarantineReason.EncounteredQuarantineException,
            NEXT_ATTEMPT,
            0,
            null,
            "E".repeat(5_000),
            true,
            "https://example.com/" + "p".repeat(10_000),
            null);

    poll(JobSightings.of(JOB, "A".repeat(5_000), health, NEXT_ATTEMPT));

    Alert alert = onlyActive();
    assertThat(alert.detail()).hasSizeLessThanOrEqualTo(Sighting.MAX_TEXT).endsWith("…");
    assertThat(alert.detail()).startsWith("Graph said: xxx");
    assertThat(alert.errorCode()).hasSizeLessThanOrEqualTo(Sighting.MAX_NAME);
    assertThat(alert.appDisplayName()).hasSizeLessThanOrEqualTo(Sighting.MAX_NAME);
    assertThat(alert.title()).hasSizeLessThanOrEqualTo(Sighting.MAX_NAME);
    assertThat(alert.troubleshootingUrl()).hasSizeLessThanOrEqualTo(Sighting.MAX_URL);
  }

  @Test
  void quarantinedJobRaisesOneCriticalAlertWithWhatToDo() {
    AlertBook.Changes changes =
        poll(quarantined(QuarantineReason.TooManyDeletes, JobHealth.Severity.critical));

    assertThat(changes).isEqualTo(new AlertBook.Changes(1, 0, 0));
    Alert alert = onlyActive();
    assertThat(alert.severity()).isEqualTo(Alert.Severity.critical);
    assertThat(alert.state()).isEqualTo(Alert.State.open);
    assertThat(alert.rule()).isEqualTo("quarantined");
    assertThat(alert.reason()).isEqualTo("TooManyDeletes");
    assertThat(alert.detail()).contains("What to do").contains("scoping filters");
    assertThat(alert.title()).contains("Box (HR)");
    assertThat(alert.nextAttempt()).isEqualTo(NEXT_ATTEMPT);
    assertThat(alert.tenantActionable()).isTrue();
    assertThat(alert.errorCode()).isEqualTo("SomeError");
    assertThat(alert.troubleshootingUrl()).contains("linkid=2136573");
  }

  @Test
  void repeatedSightingUpdatesTheSameAlert() {
    poll(quarantined(QuarantineReason.TooManyDeletes, JobHealth.Severity.critical));
    clock.advance(Duration.ofMinutes(5));

    AlertBook.Changes changes =
        poll(quarantined(QuarantineReason.TooManyDeletes, JobHealth.Severity.critical));

    assertThat(changes).isEqualTo(new AlertBook.Changes(0, 1, 0));
    Alert alert = onlyActive();
    assertThat(alert.occurrences()).isEqualTo(2);
    assertThat(alert.lastSeenAt()).isEqualTo(clock.instant());
    assertThat(alert.firstSeenAt()).isEqualTo(clock.instant().minus(Duration.ofMinutes(5)));
  }

  @Test
  void clearedConditionResolvesAndALaterSightingOpensANewAlert() {
    poll(quarantined(QuarantineReason.TooManyDeletes, JobHealth.Severity.critical));
    String first = onlyActive().id();
    clock.advance(Duration.ofMinutes(5));

    assertThat(poll(List.of())).isEqualTo(new AlertBook.Changes(0, 0, 1));
    assertThat(store.active(JOB.jobId().value())).isEmpty();
    assertThat(store.find(first).orElseThrow().state()).isEqualTo(Alert.State.resolved);

    clock.advance(Duration.ofMinutes(5));
    poll(quarantined(QuarantineReason.TooManyDeletes, JobHealth.Severity.critical));
    assertThat(onlyActive().id()).isNotEqualTo(first);
  }

  @Test
  void anotherReasonIsAnotherAlert() {
    poll(quarantined(QuarantineReason.TooManyDeletes, JobHealth.Severity.critical));

    AlertBook.Changes changes =
        poll(
            quarantined(
                QuarantineReason.EncounteredQuarantineException, JobHealth.Severity.critical));

    assertThat(changes).isEqualTo(new AlertBook.Changes(1, 0, 1));
    assertThat(onlyActive().detail()).contains("Refused credentials need working ones");
  }

  @Test
  void acknowledgedAlertStaysAcknowledgedUntilItGetsWorse() {
    poll(
        quarantined(
            QuarantineReason.EncounteredEscrowProportionThreshold, JobHealth.Severity.warning));
    Alert acked = book.acknowledge(onlyActive().id(), "adele@contoso.com");
    assertThat(acked.state()).isEqualTo(Alert.State.acknowledged);
    assertThat(acked.acknowledgedBy()).isEqualTo("adele@contoso.com");

    poll(
        quarantined(
            QuarantineReason.EncounteredEscrowProportionThreshold, JobHealth.Severity.warning));
    assertThat(onlyActive().state()).isEqualTo(Alert.State.acknowledged);

    poll(
        quarantined(
            QuarantineReason.EncounteredEscrowProportionThreshold, JobHealth.Severity.critical));
    Alert worse = onlyActive();
    assertThat(worse.state()).isEqualTo(Alert.State.open);
    assertThat(worse.severity()).isEqualTo(Alert.Severity.critical);
  }

  @Test
  void healthyJobRaisesNothing() {
    List<Sighting> none =
        JobSightings.of(
            JOB,
            "Box",
            new JobHealth(
                JobHealth.HealthState.healthy,
                JobHealth.Severity.none,
                List.of("Provisioning runs normally."),
                null,
                null,
                0,
                null,
                null,
                null,
                null,
                null),
            NEXT_ATTEMPT);

    assertThat(none).isEmpty();
    assertThat(poll(none)).isEqualTo(new AlertBook.Changes(0, 0, 0));
  }

  @Test
  void acknowledgingAResolvedOrUnknownAlertIsRefused() {
    poll(quarantined(QuarantineReason.TooManyDeletes, JobHealth.Severity.critical));
    String id = onlyActive().id();
    poll(List.of());

    assertThatThrownBy(() -> book.acknowledge(id, "x")).isInstanceOf(Failure.Conflict.class);
    assertThatThrownBy(() -> book.acknowledge("nope~x~1", "x"))
        .isInstanceOf(Failure.NotFound.class);
  }

  @Test
  void twoRunsSeeingTheSameQuarantineAtOnceLeaveOneAlert() throws Exception {
    List<Sighting> seen = quarantined(QuarantineReason.TooManyDeletes, JobHealth.Severity.critical);
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService runs = Executors.newFixedThreadPool(2);
    try {
      List<Future<AlertBook.Changes>> results = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        results.add(
            runs.submit(
                () -> {
                  go.await();
                  return poll(seen);
                }));
      }
      go.countDown();
      int opened = 0;
      for (Future<AlertBook.Changes> r : results) {
        opened += r.get().opened();
      }
      assertThat(opened).isEqualTo(1);
    } finally {
      runs.shutdownNow();
    }

    assertThat(onlyActive().occurrences()).isBetween(1L, 2L);
  }

  @Test
  void aRunThatLosesARaceRedoesItsWorkWithoutResolvingWhatItSaw() {
    poll(quarantined(QuarantineReason.TooManyDeletes, JobHealth.Severity.critical));
    store.failNextUpdate = true;

    AlertBook.Changes changes =
        poll(quarantined(QuarantineReason.TooManyDeletes, JobHealth.Severity.critical));

    assertThat(changes).isEqualTo(new AlertBook.Changes(0, 1, 0));
    assertThat(onlyActive().occurrences()).isEqualTo(3);
  }
}
