package com.provisioningops.monitoring.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.provisioningops.adapter.graph.GraphConnection;
import com.provisioningops.adapter.graph.GraphFleetDiscovery;
import com.provisioningops.adapter.graph.GraphProvisioningClient;
import com.provisioningops.sandbox.GraphSandbox;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Discovery against the sandbox tenant: enterprise apps listed, their jobs read in batches. */
class JobDiscoveryTest {
  private static final GraphSandbox sandbox = GraphSandbox.forTests();
  private final MemoryJobRegistry registry = new MemoryJobRegistry();
  private GraphFleetDiscovery graphDiscovery;
  private JobDiscovery discovery;

  @BeforeEach
  void freshTenant() {
    sandbox.reset();
    graphDiscovery =
        new GraphFleetDiscovery(
            GraphConnection.create(
                sandbox.baseUrl(), null, Duration.ofSeconds(2), Duration.ofSeconds(3)),
            4,
            Duration.ofSeconds(3));
    GraphConnection connection =
        GraphConnection.create(
            sandbox.baseUrl(), null, Duration.ofSeconds(2), Duration.ofSeconds(3));
    sandbox.auditThrottle(false);
    discovery =
        new JobDiscovery(
            graphDiscovery,
            registry,
            new GraphProvisioningClient(connection),
            Duration.ofHours(1),
            java.time.Clock.systemUTC());
  }

  @Test
  void everyJobOfEveryEnterpriseAppIsFoundAndWatched() {
    JobDiscovery.Summary summary = discovery.run();

    assertThat(summary.found()).isEqualTo(sandbox.tenant().jobIds().size());
    assertThat(summary.registered()).isEqualTo(summary.found());
    assertThat(registry.all())
        .allSatisfy(
            r -> {
              assertThat(r.watched()).isTrue();
              assertThat(r.appDisplayName()).isNotBlank();
            });
    int listing = 1 + (summary.apps() + 19) / 20;
    assertThat(summary.graphRequests())
        .isBetween(listing + 1, listing + JobDiscovery.MAX_LOG_PAGES);
  }

  @Test
  void aJobThatLogsNameInAnUnknownFormIsSkippedAndTheRestAreStillWatched() {
    String jobId = sandbox.tenant().jobInScenario("healthy");
    sandbox.tenant().runCycle(jobId);
    com.fasterxml.jackson.databind.node.ObjectNode odd =
        sandbox.tenant().events().get(0).deepCopy();
    odd.put("id", "odd-" + java.util.UUID.randomUUID());
    odd.put("jobId", "not a job id");
    sandbox.tenant().addEvents(java.util.List.of(odd));

    JobDiscovery.Summary summary = discovery.run();

    assertThat(summary.registered()).isEqualTo(sandbox.tenant().jobIds().size());
    assertThat(summary.toString()).doesNotContain("logs not read");
  }

  @Test
  void aSecondRunRegistersNothingAndLeavesUnwatchedJobsUnwatched() {
    discovery.run();
    JobKey first = registry.all().get(0).key();
    registry.setWatched(first, false);

    JobDiscovery.Summary again = discovery.run();

    assertThat(again.registered()).isZero();
    assertThat(registry.find(first).orElseThrow().watched()).isFalse();
  }

  @Test
  void aJobSeenInRecentProvisioningLogsIsWatchedEvenWhenItsAppCouldNotBeRead() {
    String jobId = sandbox.tenant().jobInScenario("healthy");
    sandbox.tenant().runCycle(jobId);
    sandbox.faults().error("/synchronization/jobs$", 500, -1);

    JobDiscovery.Summary summary = discovery.run();

    assertThat(summary.fromLogs()).isGreaterThanOrEqualTo(1);
    assertThat(registry.find(JobKey.of(sandbox.tenant().servicePrincipalOf(jobId), jobId)))
        .isPresent();
  }

  @Test
  void unreadableLogsDoNotStopDiscovery() {
    sandbox.faults().error("/auditLogs/provisioning", 403, -1);

    JobDiscovery.Summary summary = discovery.run();

    assertThat(summary.registered()).isEqualTo(sandbox.tenant().jobIds().size());
    assertThat(summary.logsProblem()).contains("403");
  }

  @Test
  void appsWhoseJobsCannotBeReadAreCountedNotFatal() {
    sandbox.faults().error("/synchronization/jobs$", 500, 2);
    sandbox.faults().error("/auditLogs/provisioning", 403, -1);

    JobDiscovery.Summary summary = discovery.run();

    assertThat(summary.unreadApps()).isEqualTo(2);
    assertThat(summary.found()).isLessThan(sandbox.tenant().jobIds().size());
  }
}
