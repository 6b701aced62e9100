package com.provisioningops.devhost;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.data.tables.models.TableEntity;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local run's storage keeps what it was told right up to a stop. */
class AzuriteTest {
  private static TableClient table(Azurite azurite) {
    var service =
        new TableServiceClientBuilder().connectionString(azurite.connectionString()).buildClient();
    service.createTableIfNotExists("kept");
    return service.getTableClient("kept");
  }

  @Test
  void whatWasWrittenJustBeforeAStopIsThereAfterARestart(@TempDir Path data) {
    int tables = Ports.free();
    int queues = Ports.free();
    Path project = Path.of("").toAbsolutePath();
    try (Azurite first = Azurite.start(project, tables, queues, data)) {
      TableClient kept = table(first);
      kept.createEntity(new TableEntity("setup", "state").addProperty("Status", "running"));
    } // stopped at once, as SIGTERM to the run command stops it

    try (Azurite second = Azurite.start(project, tables, queues, data)) {
      assertThat(table(second).getEntity("setup", "state").getProperty("Status"))
          .isEqualTo("running");
    }
  }
}
