package com.provisioningops.adapter.storage;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableServiceException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

/** Reading table entities the same way in every store. */
final class Entities {
  private Entities() {}

  /** The entity, or empty when the table has no such row (404); other failures propagate. */
  static Optional<TableEntity> find(TableClient table, String partitionKey, String rowKey) {
    try {
      return Optional.of(table.getEntity(partitionKey, rowKey));
    } catch (TableServiceException e) {
      if (e.getResponse().getStatusCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
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
