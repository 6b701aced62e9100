package com.provisioningops.adapter.storage;

import com.azure.core.http.rest.Response;
import com.azure.core.util.Context;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableErrorCode;
import com.azure.data.tables.models.TableServiceException;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.azure.data.tables.models.TableTransactionFailedException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.provisioningops.alerts.Alert;
import com.provisioningops.alerts.AlertQuery;
import com.provisioningops.alerts.AlertStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Alerts in the {@code alerts} table: PartitionKey the job id (or {@code tenant}); the active alert
 * of a fingerprint is the row {@code active-<fingerprint>}, so a second open of the same condition
 * fails on the insert; resolving moves it to {@code resolved-<fingerprint>-<opened>} in one
 * transaction of the partition. Every update is conditioned on the ETag read.
 *
 * <p>Needs the Storage Table Data Contributor role on the account.
 *
 * <p>Every method throws {@code Failure.Unavailable} when storage refuses or fails a request.
 */
public final class TableAlertStore implements AlertStore {
  static final String TABLE = "alerts";
  private static final ObjectMapper JSON = StorageJson.MAPPER;

  private final Tables tables;

  public TableAlertStore(TableServiceClient service) {
    this.tables = new Tables(service);
  }

  @Override
  public List<Alert> active(String partition) {
    return StorageFailures.call(
        "read alerts",
        () -> {
          List<Alert> found = new ArrayList<>();
          ListEntitiesOptions options =
              new ListEntitiesOptions()
                  .setFilter(
                      "PartitionKey eq '"
                          + partition.replace("'", "''")
                          + "' and RowKey ge 'active-' and RowKey lt 'active.'");
          for (TableEntity e : TableTraffic.counted(table().listEntities(options, null, null))) {
            found.add(read(e));
          }
          return found;
        });
  }

  @Override
  public List<Alert> allActive() {
    return StorageFailures.call(
        "read alerts",
        () -> {
          List<Alert> found = new ArrayList<>();
          ListEntitiesOptions options =
              new ListEntitiesOptions().setFilter("RowKey ge 'active-' and RowKey lt 'active.'");
          for (TableEntity e : TableTraffic.counted(table().listEntities(options, null, null))) {
            found.add(read(e));
          }
          return found;
        });
  }

  @Override
  public List<Alert> list(AlertQuery query) {
    // Only validated values reach the filter: enum names and a job id checked by JobId.
    List<String> clauses = new ArrayList<>();
    if (query.jobId() != null) {
      clauses.add("PartitionKey eq '" + query.jobId() + "'");
    }
    if (query.state() == Alert.State.resolved) {
      clauses.add("RowKey ge 'resolved-' and RowKey lt 'resolved.'");
    } else if (query.state() != null) {
      clauses.add("State eq '" + query.state().name() + "'");
    }
    if (query.severity() != null) {
      clauses.add("Severity eq '" + query.severity().name() + "'");
    }
    if (query.source() != null) {
      clauses.add("Source eq '" + query.source().name() + "'");
    }
    return StorageFailures.call(
        "read alerts",
        () -> {
          List<Alert> found = new ArrayList<>();
          ListEntitiesOptions options = new ListEntitiesOptions();
          if (!clauses.isEmpty()) {
            options.setFilter(String.join(" and ", clauses));
          }
          for (TableEntity e : TableTraffic.counted(table().listEntities(options, null, null))) {
            found.add(read(e));
          }
          return found;
        });
  }

  @Override
  public List<Alert> changedSince(Instant since) {
    return StorageFailures.call(
        "read alert changes",
        () -> {
          List<Alert> found = new ArrayList<>();
          ListEntitiesOptions options =
              new ListEntitiesOptions().setFilter("ChangedAtMs ge " + since.toEpochMilli() + "L");
          for (TableEntity e : TableTraffic.counted(table().listEntities(options, null, null))) {
            Alert a = read(e);
            if (changedAt(a).isAfter(since)) {
              found.add(a);
            }
          }
          return found;
        });
  }

  /** Alerts written before changes were recorded count as changed when first seen. */
  private static Instant changedAt(Alert a) {
    return a.changedAt() != null ? a.changedAt() : a.firstSeenAt();
  }

  @Override
  public Optional<Alert> find(String alertId) {
    String partition = Alert.partitionOf(alertId);
    String[] parts = alertId == null ? new String[0] : alertId.split("~");
    if (partition == null || parts.length != 3 || !parts[1].matches("[0-9a-f]{1,64}")) {
      return Optional.empty();
    }
    return StorageFailures.call(
        "read an alert",
        () ->
            entity(partition, "active-" + parts[1])
                .map(TableAlertStore::read)
                .filter(a -> a.id().equals(alertId))
                .or(
                    () ->
                        entity(partition, "resolved-" + parts[1] + "-" + parts[2])
                            .map(TableAlertStore::read)));
  }

  @Override
  public int purgeResolvedBefore(java.time.Instant cutoff) {
    return StorageFailures.call(
        "purge resolved alerts",
        () -> {
          int purged = 0;
          ListEntitiesOptions options =
              new ListEntitiesOptions()
                  .setFilter("RowKey ge 'resolved-' and RowKey lt 'resolved.'")
                  .setSelect(List.of("PartitionKey", "RowKey", "ResolvedAt"));
          for (TableEntity e : TableTraffic.counted(table().listEntities(options, null, null))) {
            Object at = e.getProperty("ResolvedAt");
            if (at != null && java.time.Instant.parse(at.toString()).isBefore(cutoff)) {
              table().deleteEntity(e.getPartitionKey(), e.getRowKey());
              purged++;
            }
          }
          return purged;
        });
  }

  @Override
  public boolean open(Alert alert) {
    return StorageFailures.call(
        "open an alert",
        () -> Entities.create(table(), write(alert, "active-" + alert.fingerprint())));
  }

  @Override
  public Optional<Alert> update(Alert alert) {
    return StorageFailures.call(
        "update an alert",
        () -> {
          TableEntity entity = write(alert, "active-" + alert.fingerprint());
          entity.getProperties().put("odata.etag", alert.version());
          try {
            Response<Void> response =
                table()
                    .updateEntityWithResponse(
                        entity, TableEntityUpdateMode.REPLACE, true, null, Context.NONE);
            return Optional.of(alert.withVersion(TableSetupStore.etag(response)));
          } catch (TableServiceException e) {
            int status = e.getResponse().getStatusCode();
            if (status == 412 || status == 404) {
              return Optional.empty();
            }
            throw e;
          }
        });
  }

  @Override
  public boolean resolve(Alert resolved) {
    return StorageFailures.call(
        "resolve an alert",
        () -> {
          TableEntity active =
              new TableEntity(resolved.partition(), "active-" + resolved.fingerprint());
          active.getProperties().put("odata.etag", resolved.version());
          // Named by the id's own opening time (seconds for older alerts, milliseconds now), so
          // find() locates it from the id alone.
          String opened = resolved.id().substring(resolved.id().lastIndexOf('~') + 1);
          String archived = "resolved-" + resolved.fingerprint() + "-" + opened;
          try {
            table()
                .submitTransaction(
                    List.of(
                        new TableTransactionAction(TableTransactionActionType.DELETE, active, true),
                        new TableTransactionAction(
                            TableTransactionActionType.UPSERT_REPLACE, write(resolved, archived))));
            return true;
          } catch (TableTransactionFailedException e) {
            // Changed or resolved by another run since it was read.
            if (e.getValue() != null
                && (TableErrorCode.UPDATE_CONDITION_NOT_SATISFIED.equals(
                        e.getValue().getErrorCode())
                    || TableErrorCode.RESOURCE_NOT_FOUND.equals(e.getValue().getErrorCode()))) {
              return false;
            }
            throw e;
          }
        });
  }

  private TableClient table() {
    return tables.get(TABLE);
  }

  private Optional<TableEntity> entity(String partition, String row) {
    return Entities.find(table(), partition, row);
  }

  private static TableEntity write(Alert alert, String row) {
    try {
      return new TableEntity(alert.partition(), row)
          .addProperty("State", alert.state().name())
          .addProperty("Severity", alert.severity().name())
          .addProperty("Source", alert.source().name())
          .addProperty("LastSeenAt", alert.lastSeenAt().toString())
          .addProperty("ChangedAtMs", changedAt(alert).toEpochMilli())
          .addProperty(
              "ResolvedAt", alert.resolvedAt() == null ? null : alert.resolvedAt().toString())
          .addProperty("Alert", JSON.writeValueAsString(alert.withVersion(null)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialize alert " + alert.id(), e);
    }
  }

  private static Alert read(TableEntity e) {
    try {
      return JSON.readValue((String) e.getProperty("Alert"), Alert.class).withVersion(e.getETag());
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("Alert " + e.getRowKey() + " is unreadable", ex);
    }
  }
}
