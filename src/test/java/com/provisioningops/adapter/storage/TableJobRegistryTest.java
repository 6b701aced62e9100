package com.provisioningops.adapter.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.data.tables.TableServiceClient;
import com.provisioningops.devhost.AzuriteTables;
import com.provisioningops.monitoring.jobs.JobKey;
import com.provisioningops.monitoring.jobs.JobRecord;
import com.provisioningops.provisioning.JobHealth;
import com.provisioningops.provisioning.SynchronizationJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The job registry over the real Tables SDK and Azurite. */
class TableJobRegistryTest {
  @RegisterExtension static final AzuriteTables storage = new AzuriteTables();
  private static TableServiceClient tables;
  private final String sp = UUID.randomUUID().toString();

  @BeforeAll
  static void tablesOnAzurite() {
    tables = storage.tables();
  }

  private static JobHealth quarantined() {
    return new JobHealth(
        JobHealth.HealthState.quarantined,
        JobHealth.Severity.critical,
        List.of("Quarantined."),
        SynchronizationJob.QuarantineReason.TooManyDeletes,
        null,
        0,
        null,
        "AccidentalDeletionThresholdExceeded",
        null,
        null,
        null);
  }

  @Test
  void registeringTwiceKeepsTheFirstRecordAndItsState() {
    TableJobRegistry registry = new TableJobRegistry(tables);
    JobKey key = JobKey.of(sp, "box.0123456789abcdef0123456789abcdef." + UUID.randomUUID());
    registry.register(key, "Box");
    registry.setWatched(key, false);

    registry.register(key, "Box again");

    JobRecord r = registry.find(key).orElseThrow();
    assertThat(r.watched()).isFalse();
    assertThat(r.appDisplayName()).isEqualTo("Box");
  }

  @Test
  void aSnapshotNeverUndoesAnUnwatchMadeMeanwhile() {
    TableJobRegistry registry = new TableJobRegistry(tables);
    JobKey key = JobKey.of(sp, "box.0123456789abcdef0123456789abcdef." + UUID.randomUUID());
    registry.register(key, "Box");
    JobRecord readByPoll = registry.find(key).orElseThrow();
    registry.setWatched(key, false);

    registry.saveSnapshots(
        List.of(
            new JobRecord(
                key,
                "Box",
                readByPoll.watched(),
                quarantined(),
                SynchronizationJob.StatusCode.Quarantine,
                Instant.now(),
                Instant.now(),
                null,
                List.of())));

    JobRecord saved = registry.find(key).orElseThrow();
    assertThat(saved.watched()).isFalse();
    assertThat(saved.health()).isEqualTo(quarantined());
    assertThat(saved.statusCode()).isEqualTo(SynchronizationJob.StatusCode.Quarantine);
  }

  @Test
  void snapshotsOfMoreThanAHundredJobsOfOnePrincipalAreSavedInSeveralTransactions() {
    TableJobRegistry registry = new TableJobRegistry(tables);
    List<JobRecord> many = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      JobKey key = JobKey.of(sp, "scim.0123456789abcdef0123456789abcdef." + new UUID(0, i));
      registry.register(key, null);
      many.add(
          new JobRecord(
              key, null, true, quarantined(), null, Instant.now(), Instant.now(), null, List.of()));
    }

    registry.saveSnapshots(many);

    assertThat(registry.all())
        .filteredOn(r -> r.key().servicePrincipalId().value().equals(sp))
        .hasSize(150)
        .allSatisfy(r -> assertThat(r.health()).isNotNull());
  }

  @Test
  void aClearedReadFailureReadsBackAsNone() {
    TableJobRegistry registry = new TableJobRegistry(tables);
    JobKey key = JobKey.of(sp, "box.0123456789abcdef0123456789abcdef." + UUID.randomUUID());
    registry.register(key, "Box");
    registry.saveSnapshots(
        List.of(
            new JobRecord(
                key, "Box", true, quarantined(), null, null, Instant.now(), "429", List.of())));
    registry.saveSnapshots(
        List.of(
            new JobRecord(
                key,
                "Box",
                true,
                quarantined(),
                null,
                Instant.now(),
                Instant.now(),
                null,
                List.of())));

    assertThat(registry.find(key).orElseThrow().readFailure()).isNull();
    registry.unregister(key);
    assertThat(registry.find(key)).isEmpty();
  }
}
