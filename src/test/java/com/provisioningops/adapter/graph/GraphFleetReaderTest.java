package com.provisioningops.adapter.graph;

import static org.assertj.core.api.Assertions.assertThat;

import com.provisioningops.failure.Failure;
import com.provisioningops.monitoring.jobs.FleetReader;
import com.provisioningops.monitoring.jobs.JobKey;
import com.provisioningops.provisioning.SynchronizationJob;
import com.provisioningops.sandbox.GraphSandbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A fleet read through $batch: the jobs as Graph has them, and each failure typed per job. */
class GraphFleetReaderTest {
  private static final GraphSandbox sandbox = GraphSandbox.forTests();
  private GraphFleetReader reader;

  @BeforeEach
  void freshTenant() {
    sandbox.reset();
    reader =
        new GraphFleetReader(
            GraphConnection.create(
                sandbox.baseUrl(), null, Duration.ofSeconds(2), Duration.ofSeconds(3)),
            4,
            Duration.ofSeconds(5));
  }

  private List<JobKey> seededJobs() {
    List<JobKey> keys = new ArrayList<>();
    for (String jobId : sandbox.tenant().jobIds()) {
      keys.add(JobKey.of(sandbox.tenant().servicePrincipalOf(jobId), jobId));
    }
    return keys;
  }

  @Test
  void everySeededJobIsReadWithItsStatusInOneRequestPerTwentyJobs() {
    List<JobKey> keys = seededJobs();

    FleetReader.FleetRead read = reader.read(keys);

    assertThat(read.readings()).hasSize(keys.size());
    assertThat(read.readings().values()).allSatisfy(r -> assertThat(r.read()).isTrue());
    assertThat(read.graphRequests()).isEqualTo((keys.size() + 19) / 20);
    String quarantined = sandbox.tenant().jobInScenario("quarantinedTooManyDeletes");
    SynchronizationJob job =
        read.readings()
            .get(JobKey.of(sandbox.tenant().servicePrincipalOf(quarantined), quarantined))
            .job();
    assertThat(job.status().code()).isEqualTo(SynchronizationJob.StatusCode.Quarantine);
    assertThat(job.status().quarantine().reason())
        .isEqualTo(SynchronizationJob.QuarantineReason.TooManyDeletes);
  }

  @Test
  void aDeletedJobIsNotFoundAndItsNeighboursAreStillRead() {
    List<JobKey> keys = seededJobs();
    JobKey deleted = keys.get(0);
    sandbox.tenant().delete(deleted.jobId().value());

    FleetReader.FleetRead read = reader.read(keys);

    assertThat(read.readings().get(deleted).failure()).isInstanceOf(Failure.NotFound.class);
    assertThat(read.readings().get(keys.get(1)).read()).isTrue();
  }

  @Test
  void aMissingPermissionIsForbiddenNamingThePermissions() {
    List<JobKey> keys = seededJobs().subList(0, 2);
    sandbox.faults().error("/synchronization/jobs/", 403, -1);

    FleetReader.FleetRead read = reader.read(keys);

    assertThat(read.readings().values())
        .allSatisfy(
            r ->
                assertThat(r.failure())
                    .isInstanceOfSatisfying(
                        Failure.Forbidden.class,
                        f -> assertThat(f.missing()).contains("Synchronization")));
  }

  @Test
  void throttlingBeyondTheBudgetLeavesThoseJobsThrottledWithTheirWait() {
    List<JobKey> keys = seededJobs().subList(0, 3);
    sandbox.faults().throttle("/synchronization/jobs/", 30, -1);

    FleetReader.FleetRead read = reader.read(keys);

    assertThat(read.readings().values())
        .allSatisfy(
            r ->
                assertThat(r.failure())
                    .isInstanceOfSatisfying(
                        Failure.Throttled.class,
                        f -> assertThat(f.retryAfter()).contains(Duration.ofSeconds(30))));
    assertThat(read.throttledItems()).isEqualTo(3);
  }
}
