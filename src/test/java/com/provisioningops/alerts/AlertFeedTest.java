package com.provisioningops.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.provisioningops.MutableClock;
import com.provisioningops.failure.Failure;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The alert feed: each change once, in order, from any position, filtered. */
class AlertFeedTest {
  private final MutableClock clock = new MutableClock();
  private final MemoryAlertStore store = new MemoryAlertStore();
  private final AlertBook book = new AlertBook(store, clock);
  private final AlertFeed feed = new AlertFeed(store, clock);

  private void quarantine(String job, Alert.Severity severity) {
    book.reconcile(
        job,
        Alert.Source.jobStatus,
        List.of(
            Sighting.of(Alert.Source.jobStatus, "quarantined", severity)
                .job(job, "sp", "App " + job)
                .reason("EncounteredEscrowProportionThreshold")
                .title("Provisioning for App " + job + " is quarantined")
                .problem("Quarantined.", "Fix what the target refused, then restart the job.")
                .tenantActionable(true)
                .build()));
  }

  private void heal(String job) {
    book.reconcile(job, Alert.Source.jobStatus, List.of());
  }

  @Test
  void openedWorseAndResolvedAreThreeChangesOfOneAlertHandedOutOnceEach() {
    AlertFeed.Position start = feed.now();
    clock.advance(Duration.ofSeconds(1));
    quarantine("job-a", Alert.Severity.warning);

    AlertFeed.Batch first = feed.read(start, AlertChangeFilter.ALL);
    clock.advance(Duration.ofSeconds(1));
    quarantine("job-a", Alert.Severity.warning); // seen again, unchanged: no change
    quarantine("job-a", Alert.Severity.critical);
    AlertFeed.Batch second = feed.read(first.next(), AlertChangeFilter.ALL);
    clock.advance(Duration.ofSeconds(1));
    heal("job-a");
    AlertFeed.Batch third =
        feed.read(AlertFeed.Position.decode(second.next().encode()), AlertChangeFilter.ALL);

    assertThat(first.changes()).extracting(Alert::change).containsExactly(Alert.Change.opened);
    assertThat(second.changes())
        .extracting(Alert::change)
        .containsExactly(Alert.Change.severityChanged);
    assertThat(second.changes().get(0).changeSequence()).isEqualTo(2);
    assertThat(third.changes()).extracting(Alert::change).containsExactly(Alert.Change.resolved);
    assertThat(third.changes().get(0).changeSequence()).isEqualTo(3);
    assertThat(feed.read(third.next(), AlertChangeFilter.ALL).changes()).isEmpty();
  }

  @Test
  void changesAtTheSameMillisecondAreNeitherSkippedNorRepeated() {
    AlertFeed.Position start = feed.now();
    clock.advance(Duration.ofSeconds(1));
    quarantine("job-a", Alert.Severity.critical);
    AlertFeed.Batch first = feed.read(start, AlertChangeFilter.ALL);
    quarantine("job-b", Alert.Severity.critical); // same instant as job-a's

    AlertFeed.Batch second = feed.read(first.next(), AlertChangeFilter.ALL);

    assertThat(first.changes()).extracting(Alert::jobId).containsExactly("job-a");
    assertThat(second.changes()).extracting(Alert::jobId).containsExactly("job-b");
  }

  @Test
  void aFilterLetsOnlyItsSeverityOrWorseThroughButThePositionMovesPastTheRest() {
    AlertFeed.Position start = feed.now();
    clock.advance(Duration.ofSeconds(1));
    quarantine("job-a", Alert.Severity.warning);
    quarantine("job-b", Alert.Severity.critical);

    AlertFeed.Batch critical = feed.read(start, AlertChangeFilter.parse("critical", null, null));

    assertThat(critical.changes()).extracting(Alert::jobId).containsExactly("job-b");
    assertThat(feed.read(critical.next(), AlertChangeFilter.ALL).changes()).isEmpty();
  }

  @Test
  void aChangeCommittedAfterANewerOneIsStillRead() {
    AlertFeed.Position start = feed.now();
    clock.advance(Duration.ofSeconds(1));
    clock.advance(Duration.ofMillis(5));
    quarantine("job-b", Alert.Severity.critical); // B, stamped T+5 ms, commits first
    AlertFeed.Batch first = feed.read(start, AlertChangeFilter.ALL);
    clock.advance(Duration.ofMillis(-5));
    quarantine("job-a", Alert.Severity.critical); // A, stamped T, commits after B was read
    clock.advance(Duration.ofSeconds(1));

    AlertFeed.Batch second =
        feed.read(AlertFeed.Position.decode(first.next().encode()), AlertChangeFilter.ALL);

    assertThat(first.changes()).extracting(Alert::jobId).containsExactly("job-b");
    assertThat(second.changes()).extracting(Alert::jobId).containsExactly("job-a");
    assertThat(feed.read(second.next(), AlertChangeFilter.ALL).changes()).isEmpty();
  }

  @Test
  void aPositionForgetsWhatItReadOnceTheSettleHorizonHasPassed() {
    AlertFeed.Position start = feed.now();
    clock.advance(Duration.ofSeconds(1));
    quarantine("job-a", Alert.Severity.critical);
    AlertFeed.Batch first = feed.read(start, AlertChangeFilter.ALL);
    clock.advance(AlertFeed.SETTLE.plusSeconds(1));

    AlertFeed.Batch later = feed.read(first.next(), AlertChangeFilter.ALL);

    assertThat(first.next().readAtSince()).hasSize(1);
    assertThat(later.changes()).isEmpty();
    assertThat(later.next().readAtSince()).isEmpty();
    assertThat(later.next().since()).isEqualTo(clock.instant().minus(AlertFeed.SETTLE));
  }

  @Test
  void aPositionRemembersAtMostItsBoundEvenInAStorm() {
    AlertFeed.Position at = feed.now();
    clock.advance(Duration.ofSeconds(1));
    int storm = AlertFeed.MAX_REMEMBERED + 150;
    for (int i = 0; i < storm; i++) {
      clock.advance(Duration.ofMillis(1));
      quarantine("job-" + i, Alert.Severity.critical);
    }
    int read = 0;
    for (int i = 0; i < storm; i++) {
      AlertFeed.Batch b = feed.read(at, AlertChangeFilter.ALL);
      read += b.changes().size();
      at = b.next();
      assertThat(at.readAtSince().size()).isLessThanOrEqualTo(AlertFeed.MAX_REMEMBERED);
      if (b.changes().isEmpty()) {
        break;
      }
    }

    assertThat(read).isEqualTo(storm);
    assertThat(at.encode().length()).isLessThan(10 * AlertFeed.MAX_REMEMBERED + 20);
  }

  @Test
  void aPositionWrittenBeforeTheHorizonStillReadsWhatFollowsIt() {
    AlertFeed.Position start = feed.now();
    clock.advance(Duration.ofSeconds(1));
    quarantine("job-a", Alert.Severity.critical);
    Alert a = feed.read(start, AlertChangeFilter.ALL).changes().get(0);
    clock.advance(Duration.ofMillis(1));
    quarantine("job-b", Alert.Severity.critical);
    // The text an earlier version kept: the time of the last change and its ids at that time.
    String old = a.changedAt().toEpochMilli() + ";" + a.id() + "#" + a.changeSequence();

    AlertFeed.Batch next = feed.read(AlertFeed.Position.decode(old), AlertChangeFilter.ALL);

    assertThat(next.changes()).extracting(Alert::jobId).containsExactly("job-b");
  }

  @Test
  void anUnreadablePositionIsInvalidInput() {
    assertThatThrownBy(() -> AlertFeed.Position.decode("yesterday"))
        .isInstanceOf(Failure.InvalidInput.class);
  }
}
