package com.provisioningops.adapter.storage;

import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.provisioningops.readiness.Checkpoint;
import com.provisioningops.readiness.Checkpoints;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Keeps checkpoints in the {@code checkpoints} table (PartitionKey {@code checkpoint}, RowKey the
 * checkpoint's name).
 *
 * <p>Needs the Storage Table Data Contributor role on the account.
 *
 * <p>Every method throws {@code TableServiceException} when storage refuses or fails a request.
 */
public final class TableCheckpoints implements Checkpoints {
  static final String TABLE = "checkpoints";
  private static final String PARTITION = "checkpoint";

  private final Tables tables;

  public TableCheckpoints(TableServiceClient service) {
    this.tables = new Tables(service);
  }

  @Override
  public void save(Checkpoint checkpoint) {
    TableEntity entity =
        new TableEntity(PARTITION, RowKeys.escape(checkpoint.name()))
            .addProperty("Name", checkpoint.name())
            .addProperty("At", OffsetDateTime.ofInstant(checkpoint.at(), ZoneOffset.UTC))
            .addProperty("Detail", checkpoint.detail());
    tables.get(TABLE).upsertEntityWithResponse(entity, TableEntityUpdateMode.REPLACE, null, null);
  }

  @Override
  public Optional<Checkpoint> find(String name) {
    // A query rather than a point read: a checkpoint never written (a day before the app ran, a
    // timer that never ran) is an ordinary answer, and the SDK logs every 404 as an error.
    return Entities.find(tables.get(TABLE), PARTITION, RowKeys.escape(name))
        .map(
            e ->
                new Checkpoint(
                    (String) e.getProperty("Name"),
                    ((OffsetDateTime) e.getProperty("At")).toInstant(),
                    (String) e.getProperty("Detail")));
  }
}
