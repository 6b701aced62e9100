package com.provisioningops.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.provisioningops.MutableClock;
import com.provisioningops.failure.Failure;
import com.provisioningops.provisioning.JobHealth;
import com.provisioningops.provisioning.SynchronizationJob.QuarantineReason;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The alert feed: each change once, in order, from any position, filtered. */
class AlertFeedTest {
  private final MutableClock clock = new MutableClock();
  private final AlertBookTest.MemoryAlerts store = new AlertBookTest.MemoryAlerts();
  private final AlertBook book = new AlertBook(store, clock);
  private final AlertFeed feed = new AlertFeed(store, clock);

  private void quarantine(String job, JobHealth.Severity severity) {
    book.reconcile(
        job,
        Alert.Source.jobStatus,
        JobSightings.of(
            new JobKey("sp", job),
            "App " + job,
            new JobHealth(
                JobHealth.HealthState.quarantined,
                severity,
                List.of("Quarantined."),
                QuarantineReason.EncounteredEscrowProportionThreshold,
                null,
                0,
                null,
                null,
                true,
                null)));
  }

  private void heal(String job) {
    book.reconcile(job, Alert.Source.jobStatus, List.of());
  }

  @Test
  void openedWorseAndResolvedAreThreeChangesOfOneAlertHandedOutOnceEach() {
    AlertFeed.Position start = feed.now();
    clock.advance(Duration.ofSeconds(1));
    quarantine("job-a", JobHealth.Severity.warning);

    AlertFeed.Batch first = feed.read(start, AlertFilter.ALL);
    clock.advance(Duration.ofSeconds(1));
    quarantine("job-a", JobHealth.Severity.warning); // seen again, unchanged: no change
    quarantine("job-a", JobHealth.Severity.critical);
    AlertFeed.Batch second = feed.read(first.next(), AlertFilter.ALL);
    clock.advance(Duration.ofSeconds(1));
    heal("job-a");
    AlertFeed.Batch third =
        feed.read(AlertFeed.Position.decode(second.next().encode()), AlertFilter.ALL);

    assertThat(first.changes()).extracting(Alert::change).containsExactly(Alert.Change.opened);
    assertThat(second.changes())
        .extracting(Alert::change)
        .containsExactly(Alert.Change.severityChanged);
    assertThat(second.changes().get(0).changeSequence()).isEqualTo(2);
    assertThat(third.changes()).extracting(Alert::change).containsExactly(Alert.Change.resolved);
    assertThat(third.changes().get(0).changeSequence()).isEqualTo(3);
    assertThat(feed.read(third.next(), AlertFilter.ALL).changes()).isEmpty();
  }

  @Test
  void changesAtTheSameMillisecondAreNeitherSkippedNorRepeated() {
    AlertFeed.Position start = feed.now();
    clock.advance(Duration.ofSeconds(1));
    quarantine("job-a", JobHealth.Severity.critical);
    AlertFeed.Batch first = feed.read(start, AlertFilter.ALL);
    quarantine("job-b", JobHealth.Severity.critical); // same instant as job-a's

    AlertFeed.Batch second = feed.read(first.next(), AlertFilter.ALL);

    assertThat(first.changes()).extracting(Alert::jobId).containsExactly("job-a");
    assertThat(second.changes()).extracting(Alert::jobId).containsExactly("job-b");
  }

  @Test
  void aFilterLetsOnlyItsSeverityOrWorseThroughButThePositionMovesPastTheRest() {
    AlertFeed.Position start = feed.now();
    clock.advance(Duration.ofSeconds(1));
    quarantine("job-a", JobHealth.Severity.warning);
    quarantine("job-b", JobHealth.Severity.critical);

    AlertFeed.Batch critical = feed.read(start, AlertFilter.parse("critical", null, null));

    assertThat(critical.changes()).extracting(Alert::jobId).containsExactly("job-b");
    assertThat(feed.read(critical.next(), AlertFilter.ALL).changes()).isEmpty();
  }

  @Test
  void anUnreadablePositionIsInvalidInput() {
    assertThatThrownBy(() -> AlertFeed.Position.decode("yesterday"))
        .isInstanceOf(Failure.InvalidInput.class);
  }
}
