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
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What only a series of polls shows, through the real Graph adapter and a sandbox on the test's
 * clock: a quarantine's countdown to Microsoft's shutdown, the job turned off, and a job falling
 * behind its own rhythm.
 */
class JobsOverTimeTest {
  private static final MutableClock clock = new MutableClock(Instant.now());
  private static GraphSandbox sandbox;
  private final MemoryJobRegistry registry = new MemoryJobRegistry();
  private final MemoryAlertStore alerts = new MemoryAlertStore();
  private GraphConnection graph;
  private GraphFleetReader fleet;
  private JobMonitor monitor;
  private String jobId;
  private String sp;

  @BeforeAll
  static void sandboxOnTheTestClock() throws IOException {
    sandbox = GraphSandbox.start(0, clock::instant);
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @BeforeEach
  void oneHealthyJobIsWatched() {
    sandbox.reset();
    graph =
        GraphConnection.create(
            sandbox.baseUrl(), null, Duration.ofSeconds(2), Duration.ofSeconds(3));
    fleet = new GraphFleetReader(graph, 2, Duration.ofSeconds(3));
    monitor =
        new JobMonitor(
            registry,
            fleet,
            new AlertBook(alerts, clock),
            new HealthRules(HealthThresholds.DEFAULTS),
            clock);
    jobId = sandbox.tenant().jobInScenario("healthy");
    sp = sandbox.tenant().servicePrincipalOf(jobId);
    registry.register(JobKey.of(sp, jobId), "Box");
  }

  @AfterEach
  void closeFleet() {
    fleet.close();
  }

  // ---- given

  private void givenQuarantinedFor(Duration age) {
    sandbox.tenant().quarantine(jobId, "EncounteredEscrowProportionThreshold", age);
  }

  private void pollAfter(Duration wait) {
    clock.advance(wait);
    monitor.poll();
  }

  /** Cycles every {@code interval}, each seen by a poll five minutes after it. */
  private void givenCyclesEvery(Duration interval, int cycles) {
    for (int i = 0; i < cycles; i++) {
      clock.advance(interval.minusMinutes(5));
      sandbox.tenant().runCycle(jobId);
      pollAfter(Duration.ofMinutes(5));
    }
  }

  // ---- then

  /**
   * Open alerts as rule/reason; the sandbox's cycles fail on a random few users, so entry-level
   * errors ("degraded") come and go and are left out.
   */
  private List<String> openRules() {
    return alerts.active(jobId).stream()
        .filter(a -> !a.rule().equals("degraded"))
        .map(a -> a.rule() + "/" + a.reason())
        .sorted()
        .toList();
  }

  private Alert open(String rule) {
    return alerts.active(jobId).stream()
        .filter(a -> a.rule().equals(rule))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aQuarantineEscalatesWithANewCriticalAlertAtThreeWeeksAndAgainADayBeforeShutdown() {
    givenQuarantinedFor(Duration.ofDays(20));
    pollAfter(Duration.ZERO);
    assertThat(openRules()).containsExactly("quarantined/EncounteredEscrowProportionThreshold");
    Instant off = clock.instant().plus(Duration.ofDays(8));

    pollAfter(Duration.ofDays(1).plusMinutes(1));
    pollAfter(Duration.ofMinutes(5));

    assertThat(openRules())
        .containsExactly(
            "quarantineCountdown/disablesWithinAWeek",
            "quarantined/EncounteredEscrowProportionThreshold");
    Alert week = open("quarantineCountdown");
    assertThat(week.severity()).isEqualTo(Alert.Severity.critical);
    assertThat(week.occurrences()).as("one alert, seen twice").isEqualTo(2);
    assertThat(week.detail()).contains("on " + LocalDate.ofInstant(off, ZoneOffset.UTC));

    pollAfter(Duration.ofDays(6));

    assertThat(openRules())
        .containsExactly(
            "quarantineCountdown/disablesWithinADay",
            "quarantineCountdown/disablesWithinAWeek",
            "quarantined/EncounteredEscrowProportionThreshold");
  }

  @Test
  void aJobMicrosoftTurnsOffIsItsOwnCriticalAlertUntilItIsStartedAgain() {
    givenQuarantinedFor(Duration.ofDays(27).plusHours(12));
    pollAfter(Duration.ZERO);
    clock.advance(Duration.ofHours(13));
    sandbox.tenant().disable(jobId);

    pollAfter(Duration.ZERO);
    pollAfter(Duration.ofHours(1));

    assertThat(openRules()).containsExactly("disabled/");
    Alert off = open("disabled");
    assertThat(off.severity()).isEqualTo(Alert.Severity.critical);
    assertThat(off.occurrences()).isEqualTo(2);
    assertThat(off.whatToDo()).contains("StartJob");

    new GraphProvisioningClient(graph).start(new ServicePrincipalId(sp), new JobId(jobId));
    sandbox.tenant().runCycle(jobId);
    pollAfter(Duration.ofMinutes(5));

    assertThat(openRules()).isEmpty();
  }

  @Test
  void aJobFallingBehindItsOwnRhythmWarnsAndRecoversWhenACycleCompletes() {
    givenCyclesEvery(Duration.ofMinutes(40), 6);
    pollAfter(Duration.ofMinutes(90));
    assertThat(openRules()).as("late, not yet three times late").isEmpty();

    pollAfter(Duration.ofMinutes(30));

    assertThat(openRules()).containsExactly("fallingBehind/");
    assertThat(open("fallingBehind").severity()).isEqualTo(Alert.Severity.warning);
    // The sandbox's cycles take a random few minutes, so their starts are about 40 minutes apart.
    assertThat(open("fallingBehind").detail())
        .containsPattern("usual interval of (39|40|41) minutes");

    sandbox.tenant().runCycle(jobId);
    pollAfter(Duration.ofMinutes(5));

    assertThat(openRules()).isEmpty();
  }
}
