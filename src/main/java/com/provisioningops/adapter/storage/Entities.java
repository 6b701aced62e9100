package com.provisioningops.adapter.storage;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableServiceException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

/** Reading table entities the same way in every store. */
final class Entities {
  private Entities() {}

  /**
   * The entity, or empty when the table has no such row; failures propagate.
   *
   * <p>A query naming both keys rather than a point read: the service serves both as one lookup,
   * but the SDK logs every 404 of a point read as an error before throwing it, and an absent row
   * (no log cursor yet, an unknown alert id) is an ordinary answer that must not reach the app's
   * error log.
   */
  static Optional<TableEntity> find(TableClient table, String partitionKey, String rowKey) {
    ListEntitiesOptions exactly =
        new ListEntitiesOptions()
            .setFilter(
                "PartitionKey eq '"
                    + quoted(partitionKey)
                    + "' and RowKey eq '"
                    + quoted(rowKey)
                    + "'");
    for (TableEntity e : table.listEntities(exactly, null, null)) {
      return Optional.of(e);
    }
    return Optional.empty();
  }

  /**
   * Creates {@code entity}; false when a row with its keys exists already (another writer won the
   * claim). Other failures propagate.
   */
  static boolean create(TableClient table, TableEntity entity) {
    try {
      table.createEntity(entity);
      return true;
    } catch (TableServiceException e) {
      if (e.getResponse().getStatusCode() == 409) {
        return false;
      }
      throw e;
    }
  }

  private static String quoted(String key) {
    return key.replace("'", "''");
  }

  /**
   * An ETag as the service meant it: Azurite's weak ETags reach the SDK's header parser without
   * their closing quote, and a condition with the broken one would never match.
   */
  static String etag(String raw) {
    if (raw != null && raw.startsWith("W/\"") && !raw.endsWith("\"")) {
      return raw + "\"";
    }
    return raw;
  }

  /** A date-time property as an instant; null when it is absent. */
  static Instant instant(TableEntity e, String name) {
    Object v = e.getProperty(name);
    return v instanceof OffsetDateTime t ? t.toInstant() : null;
  }
}
