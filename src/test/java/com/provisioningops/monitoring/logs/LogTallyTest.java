package com.provisioningops.monitoring.logs;

import static org.assertj.core.api.Assertions.assertThat;

import com.provisioningops.provisioning.ProvisioningEvent;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A job's counted events: buckets, error codes, samples, merging and forgetting. */
class LogTallyTest {
  private final Instant t0 = Instant.parse("2026-12-01T10:00:00Z");

  private static ProvisioningEvent event(
      Instant at, String action, String status, String code, String who) {
    return new ProvisioningEvent(
        "id-" + at + who,
        at,
        "job",
        null,
        "sp",
        "App",
        action,
        status,
        code,
        "failure",
        code == null ? null : "Reason " + code,
        code == null ? null : "Fix " + code,
        null,
        who,
        null,
        5);
  }

  @Test
  void summaryCountsByStatusAndRanksErrorCodesWithGraphsLatestWords() {
    LogTally log = new LogTally("job");
    log.count(event(t0, "create", "success", null, "a"));
    log.count(event(t0.plusSeconds(1), "update", "skipped", null, "b"));
    for (int i = 0; i < 3; i++) {
      log.count(event(t0.plusSeconds(10 + i), "update", "failure", "Big", "p" + i));
    }
    log.count(event(t0.plusSeconds(20), "update", "failure", "Small", "q"));

    LogSummary s = log.summary(t0.minusSeconds(60), t0.plus(Duration.ofMinutes(30)));

    assertThat(s.success()).isEqualTo(1);
    assertThat(s.skipped()).isEqualTo(1);
    assertThat(s.failure()).isEqualTo(4);
    assertThat(s.topErrorCodes())
        .extracting(LogSummary.CodeCount::errorCode)
        .containsExactly("Big", "Small");
    assertThat(s.topErrorCodes().get(0).count()).isEqualTo(3);
    assertThat(s.topErrorCodes().get(0).recommendedAction()).isEqualTo("Fix Big");
    assertThat(log.code("Big").samples()).containsExactly("p0", "p1", "p2");
    assertThat(s.lastEventAt()).isEqualTo(t0.plusSeconds(20));
  }

  @Test
  void aWindowAbsorbedAddsItsCountsAndKeepsTheNewestSamples() {
    LogTally stored = new LogTally("job");
    stored.count(event(t0, "update", "failure", "E", "old"));
    LogTally window = new LogTally("job");
    for (int i = 0; i < 3; i++) {
      window.count(event(t0.plusSeconds(60 + i), "update", "failure", "E", "new" + i));
    }

    stored.absorb(window);

    assertThat(stored.failuresByCode(t0, t0.plusSeconds(600))).containsEntry("E", 4);
    assertThat(stored.code("E").samples()).containsExactly("new0", "new1", "new2");
  }

  @Test
  void moreThanTenCodesInOneBucketAreCountedUnderOther() {
    LogTally log = new LogTally("job");
    for (int i = 0; i < 12; i++) {
      log.count(event(t0.plusSeconds(i), "update", "failure", "Code" + i, "x"));
    }

    assertThat(log.failuresByCode(t0, t0.plusSeconds(60))).hasSize(11).containsEntry("other", 2);
  }

  @Test
  void countsOlderThanTheCutAreForgottenBucketByBucket() {
    LogTally log = new LogTally("job");
    log.count(event(t0, "stagedDelete", "skipped", null, "gone"));
    log.count(event(t0.plus(Duration.ofHours(2)), "update", "success", null, "kept"));

    log.forgetBefore(t0.plus(Duration.ofHours(1)));

    assertThat(log.buckets()).hasSize(1);
    assertThat(log.stagedDeletes(t0, t0.plus(Duration.ofHours(3)))).isZero();
    assertThat(log.stagedSamples()).isEmpty();
  }
}
