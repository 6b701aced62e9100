package com.provisioningops.adapter.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.provisioningops.devhost.AzuriteTables;
import com.provisioningops.monitoring.jobs.JobKey;
import com.provisioningops.monitoring.jobs.StorageTraffic;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The app's table clients count what they ask of storage, so a poll can state its share. */
class TableTrafficTest {
  @RegisterExtension static final AzuriteTables storage = new AzuriteTables();

  @Test
  void registeringThreeJobsAndListingThemIsCountedAsWritesOneQueryAndThreeEntities() {
    TableJobRegistry registry =
        new TableJobRegistry(
            StorageClients.tables(
                Optional.of(storage.connectionString()), Optional.empty(), Optional.empty()));
    registry.all(); // creates the table: not part of what is measured
    String sp = UUID.randomUUID().toString();
    StorageTraffic before = TableTraffic.INSTANCE.total();

    for (int i = 0; i < 3; i++) {
      registry.register(
          JobKey.of(sp, "scim.0123456789abcdef0123456789abcdef." + UUID.randomUUID()), "App");
    }
    int listed = registry.all().size();
    StorageTraffic run = TableTraffic.INSTANCE.total().since(before);

    assertThat(listed).isEqualTo(3);
    assertThat(run.writes()).isEqualTo(3);
    assertThat(run.reads()).isEqualTo(1);
    assertThat(run.entitiesRead()).isEqualTo(3);
    assertThat(run).hasToString("storage reads 1 (entities 3), writes 3");
  }
}
