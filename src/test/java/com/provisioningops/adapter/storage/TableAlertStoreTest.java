package com.provisioningops.adapter.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.data.tables.TableServiceClient;
import com.provisioningops.MutableClock;
import com.provisioningops.alerts.Alert;
import com.provisioningops.alerts.AlertBook;
import com.provisioningops.alerts.AlertChangeFilter;
import com.provisioningops.alerts.AlertFeed;
import com.provisioningops.alerts.Sighting;
import com.provisioningops.devhost.AzuriteTables;
import com.provisioningops.monitoring.jobs.JobKey;
import com.provisioningops.monitoring.jobs.JobSightings;
import com.provisioningops.provisioning.JobHealth;
import com.provisioningops.provisioning.SynchronizationJob.QuarantineReason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The alert book over the real Tables SDK and Azurite: the table's own rules keep it honest. */
class TableAlertStoreTest {
  @RegisterExtension static final AzuriteTables storage = new AzuriteTables();
  private static TableServiceClient tables;
  private final MutableClock clock = new MutableClock();
  private final JobKey job =
      JobKey.of(
          UUID.randomUUID().toString(),
          "box.0123456789abcdef0123456789abcdef." + UUID.randomUUID());

  @BeforeAll
  static void tablesOnAzurite() {
    tables = storage.tables();
  }

  private List<Sighting> quarantined() {
    return JobSightings.of(
        job,
        "Box",
        new JobHealth(
            JobHealth.HealthState.quarantined,
            JobHealth.Severity.critical,
            List.of("Provisioning is quarantined."),
            QuarantineReason.TooManyDeletes,
            null,
            0,
            null,
            "AccidentalDeletionThresholdExceeded",
            null,
            null,
            null),
        Instant.now());
  }

  @Test
  void anAlertReopenedWithinTheSecondItOpenedIsANewAlertThatEveryReaderHears() {
    TableAlertStore store = new TableAlertStore(tables);
    AlertBook book = new AlertBook(store, clock);
    AlertFeed feed = new AlertFeed(store, clock);
    AlertFeed.Position start = feed.now();

    clock.advance(Duration.ofMillis(100));
    book.reconcile(job.jobId().value(), Alert.Source.jobStatus, quarantined());
    AlertFeed.Batch opened = feed.read(start, AlertChangeFilter.ALL);
    clock.advance(Duration.ofMillis(200));
    book.reconcile(job.jobId().value(), Alert.Source.jobStatus, List.of());
    clock.advance(Duration.ofMillis(200)); // still the same second
    book.reconcile(job.jobId().value(), Alert.Source.jobStatus, quarantined());
    AlertFeed.Batch later = feed.read(opened.next(), AlertChangeFilter.ALL);

    Alert first = opened.changes().get(0);
    Alert again = store.active(job.jobId().value()).get(0);
    assertThat(again.id()).isNotEqualTo(first.id());
    assertThat(store.find(first.id()).orElseThrow().state()).isEqualTo(Alert.State.resolved);
    assertThat(later.changes())
        .extracting(a -> a.id() + "#" + a.changeSequence())
        .containsExactlyInAnyOrder(first.id() + "#2", again.id() + "#1");
  }

  @Test
  void alertLivesOpenedUpdatedAcknowledgedAndResolvedInTheTable() {
    TableAlertStore store = new TableAlertStore(tables);
    AlertBook book = new AlertBook(store, clock);

    book.reconcile(job.jobId().value(), Alert.Source.jobStatus, quarantined());
    clock.advance(Duration.ofMinutes(5));
    book.reconcile(job.jobId().value(), Alert.Source.jobStatus, quarantined());
    Alert active = store.active(job.jobId().value()).get(0);
    Alert acked = book.acknowledge(active.id(), "adele@contoso.com");
    clock.advance(Duration.ofMinutes(5));
    AlertBook.Changes cleared =
        book.reconcile(job.jobId().value(), Alert.Source.jobStatus, List.of());

    assertThat(active.occurrences()).isEqualTo(2);
    assertThat(acked.state()).isEqualTo(Alert.State.acknowledged);
    assertThat(cleared.resolved()).isEqualTo(1);
    assertThat(store.active(job.jobId().value())).isEmpty();
    Alert resolved = store.find(active.id()).orElseThrow();
    assertThat(resolved.state()).isEqualTo(Alert.State.resolved);
    assertThat(resolved.resolvedAt()).isEqualTo(clock.instant());
    assertThat(resolved.acknowledgedBy()).isEqualTo("adele@contoso.com");
  }

  @Test
  void twoInstancesOpeningTheSameConditionLeaveOneActiveAlert() {
    TableAlertStore one = new TableAlertStore(tables);
    TableAlertStore two = new TableAlertStore(tables);
    Alert first = alertOf(quarantined().get(0));

    assertThat(one.open(first)).isTrue();
    assertThat(two.open(first)).isFalse();
    assertThat(one.active(job.jobId().value())).hasSize(1);
  }

  @Test
  void staleWritesAreRefusedNotApplied() {
    TableAlertStore store = new TableAlertStore(tables);
    AlertBook book = new AlertBook(store, clock);
    book.reconcile(job.jobId().value(), Alert.Source.jobStatus, quarantined());
    Alert read = store.active(job.jobId().value()).get(0);
    clock.advance(Duration.ofMinutes(1));
    book.reconcile(job.jobId().value(), Alert.Source.jobStatus, quarantined());

    assertThat(store.update(read)).isEmpty();
    assertThat(store.resolve(read)).isFalse();
    assertThat(store.active(job.jobId().value())).hasSize(1);
  }

  @Test
  void resolvedAlertsPastRetentionArePurgedAndNewerOnesKept() {
    TableAlertStore store = new TableAlertStore(tables);
    AlertBook book = new AlertBook(store, clock);
    book.reconcile(job.jobId().value(), Alert.Source.jobStatus, quarantined());
    String id = store.active(job.jobId().value()).get(0).id();
    book.reconcile(job.jobId().value(), Alert.Source.jobStatus, List.of());

    clock.advance(Duration.ofDays(89));
    book.purgeResolved(Duration.ofDays(90));
    assertThat(store.find(id)).isPresent();
    clock.advance(Duration.ofDays(2));
    assertThat(book.purgeResolved(Duration.ofDays(90))).isGreaterThanOrEqualTo(1);
    assertThat(store.find(id)).isEmpty();
  }

  @Test
  void malformedAlertIdsFindNothing() {
    TableAlertStore store = new TableAlertStore(tables);

    assertThat(store.find("no-tilde")).isEmpty();
    assertThat(store.find("a~NOT-HEX~1")).isEmpty();
    assertThat(store.find(null)).isEmpty();
  }

  private Alert alertOf(Sighting s) {
    return Alert.opened(s, clock.instant());
  }
}
