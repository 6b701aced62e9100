package com.provisioningops.monitoring.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.provisioningops.alerts.Sighting;
import com.provisioningops.provisioning.JobHealth;
import com.provisioningops.provisioning.JobHealth.HealthState;
import com.provisioningops.provisioning.JobHealth.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the alert book sees of a verdict: the countdown steps, and what to do for a job off. */
class JobSightingsTest {
  private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
  private static final JobKey JOB =
      JobKey.of(
          "00000000-0000-0000-0000-0000000000d1",
          "scim.e7a9f3b4c0d14d7b9c2e1a8f3e6b5d4c.8adf4e6f-2b1c-4d3e-9f8a-7b6c5d4e3f2a");

  private static JobHealth health(HealthState state, Severity severity, Instant disablesAt) {
    return new JobHealth(
        state, severity, List.of("Why."), null, null, 0, null, null, null, null, disablesAt);
  }

  private static List<String> rules(List<Sighting> sightings) {
    return sightings.stream().map(s -> s.rule() + "/" + s.reason()).toList();
  }

  @Test
  void aQuarantineGainsOneCountdownAlertAWeekBeforeShutdownAndAnotherADayBefore() {
    JobHealth eightDaysLeft =
        health(HealthState.quarantined, Severity.critical, NOW.plus(Duration.ofDays(8)));
    JobHealth sixDaysLeft =
        health(HealthState.quarantined, Severity.critical, NOW.plus(Duration.ofDays(6)));
    JobHealth hoursLeft =
        health(HealthState.quarantined, Severity.critical, NOW.plus(Duration.ofHours(20)));

    assertThat(rules(JobSightings.of(JOB, "Box", eightDaysLeft, NOW)))
        .containsExactly("quarantined/");
    assertThat(rules(JobSightings.of(JOB, "Box", sixDaysLeft, NOW)))
        .containsExactly("quarantined/", "quarantineCountdown/disablesWithinAWeek");
    assertThat(rules(JobSightings.of(JOB, "Box", hoursLeft, NOW)))
        .containsExactly(
            "quarantined/",
            "quarantineCountdown/disablesWithinAWeek",
            "quarantineCountdown/disablesWithinADay");
  }

  @Test
  void onlyAJobTurnedOffInQuarantineIsToldToFixItsQuarantineAndStartAgain() {
    Sighting turnedOff =
        JobSightings.of(
                JOB,
                "Box",
                health(HealthState.disabled, Severity.critical, NOW.minusSeconds(60)),
                NOW)
            .get(0);
    Sighting disabledByAnAdmin =
        JobSightings.of(JOB, "Box", health(HealthState.disabled, Severity.info, null), NOW).get(0);

    assertThat(turnedOff.whatToDo()).contains("Fix what quarantined it").contains("StartJob");
    assertThat(disabledByAnAdmin.whatToDo()).isNull();
  }
}
