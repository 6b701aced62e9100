package com.provisioningops.monitoring.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.provisioningops.MutableClock;
import com.provisioningops.adapter.graph.GraphConnection;
import com.provisioningops.adapter.graph.GraphFleetDiscovery;
import com.provisioningops.adapter.graph.GraphFleetReader;
import com.provisioningops.adapter.graph.GraphProvisioningClient;
import com.provisioningops.alerts.AlertBook;
import com.provisioningops.alerts.MemoryAlertStore;
import com.provisioningops.provisioning.HealthRules;
import com.provisioningops.provisioning.HealthThresholds;
import com.provisioningops.sandbox.GraphSandbox;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One job-poll timer run over the sandbox tenant: discover when empty, poll, or fan out. */
class FleetPollTest {
  private static final GraphSandbox sandbox = GraphSandbox.forTests();
  private final MemoryJobRegistry registry = new MemoryJobRegistry();
  private final List<String> slices = new ArrayList<>();
  private GraphFleetReader reader;
  private JobMonitor monitor;
  private JobDiscovery discovery;

  @BeforeEach
  void emptyRegistryOverTheSandbox() {
    sandbox.reset();
    MutableClock clock = new MutableClock(Instant.now());
    reader = new GraphFleetReader(connection(), 4, Duration.ofSeconds(3));
    monitor =
        new JobMonitor(
            registry,
            reader,
            new AlertBook(new MemoryAlertStore(), clock),
            new HealthRules(new HealthThresholds(24, 3, 100, 6, 3)),
            clock);
    discovery =
        new JobDiscovery(
            new GraphFleetDiscovery(connection(), 4, Duration.ofSeconds(3)),
            registry,
            new GraphProvisioningClient(connection()),
            Duration.ofHours(1),
            clock);
  }

  @AfterEach
  void closeReader() {
    reader.close();
  }

  private static GraphConnection connection() {
    return GraphConnection.create(
        sandbox.baseUrl(), null, Duration.ofSeconds(2), Duration.ofSeconds(3));
  }

  private FleetPoll fleetPoll(int partitionSize) {
    return new FleetPoll(monitor, discovery, (i, of) -> slices.add(i + "/" + of), partitionSize);
  }

  @Test
  void aFreshInstallDiscoversItsJobsAndPollsThemInTheSameRun() {
    FleetPoll.Outcome outcome = fleetPoll(10_000).run();

    assertThat(outcome.polled()).isTrue();
    assertThat(outcome.summary()).startsWith("discovery: ");
    assertThat(monitor.census().watched()).isEqualTo(sandbox.tenant().jobIds().size());
    assertThat(registry.all()).allSatisfy(r -> assertThat(r.lastReadAt()).isNotNull());
    assertThat(slices).isEmpty();
  }

  @Test
  void aPollStatesItsShareOfTheInstancesStorageTraffic() {
    discovery.run();
    long[] reads = {100};
    FleetPoll poll =
        new FleetPoll(
            monitor,
            discovery,
            (i, of) -> slices.add(i + "/" + of),
            10_000,
            () -> new StorageTraffic(reads[0]++, 40, 7 * reads[0]));

    FleetPoll.Outcome outcome = poll.run();

    assertThat(outcome.summary()).endsWith(", storage reads 1 (entities 7), writes 0");
  }

  @Test
  void aFleetAboveThePartitionSizeLeavesOneMessagePerSliceAndReadsNothingItself() {
    discovery.run();
    int watched = monitor.census().watched();

    FleetPoll.Outcome outcome = fleetPoll(5).run();

    int expected = (watched + 4) / 5;
    assertThat(outcome.polled()).isFalse();
    assertThat(outcome.summary())
        .isEqualTo("jobs " + watched + ", fanned out to " + expected + " partitions");
    assertThat(slices).hasSize(expected).first().isEqualTo("0/" + expected);
    assertThat(registry.all()).allSatisfy(r -> assertThat(r.lastReadAt()).isNull());
  }
}
