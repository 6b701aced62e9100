package com.provisioningops.adapter.storage;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableServiceException;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.provisioningops.adapter.IsoInstants;
import com.provisioningops.monitoring.jobs.JobKey;
import com.provisioningops.monitoring.jobs.JobRecord;
import com.provisioningops.monitoring.jobs.JobRegistry;
import com.provisioningops.provisioning.JobHealth;
import com.provisioningops.provisioning.SynchronizationJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The job registry in the {@code jobs} table: PartitionKey the service principal, RowKey the job
 * id. Snapshots are merged without the {@code Watched} column, in transactions of at most 100 per
 * partition, so a poll never undoes a watch or unwatch made meanwhile.
 *
 * <p>Needs the Storage Table Data Contributor role on the account.
 *
 * <p>Every method throws {@code Failure.Unavailable} when storage refuses or fails a request.
 */
public final class TableJobRegistry implements JobRegistry {
  static final String TABLE = "jobs";
  private static final int MAX_PER_TRANSACTION = 100;
  private static final ObjectMapper JSON = StorageJson.MAPPER;

  /** The columns a record is read from: not the service's Timestamp, which costs a date parse. */
  private static final List<String> COLUMNS =
      List.of(
          "PartitionKey",
          "RowKey",
          "AppDisplayName",
          "Watched",
          "Health",
          "StatusCode",
          "LastReadAt",
          "LastPolledAt",
          "ReadFailure",
          "CycleStarts");

  /** Most jobs' health reads the same poll after poll: each stored form is parsed once. */
  private static final int HEALTHS_KEPT = 20_000;

  private final Tables tables;
  private final Map<String, JobHealth> healths = new ConcurrentHashMap<>();

  public TableJobRegistry(TableServiceClient service) {
    this.tables = new Tables(service);
  }

  @Override
  public List<JobRecord> all() {
    return StorageFailures.call(
        "read the job registry",
        () -> {
          List<JobRecord> records = new ArrayList<>();
          ListEntitiesOptions columns = new ListEntitiesOptions().setSelect(COLUMNS);
          for (TableEntity e : TableTraffic.counted(table().listEntities(columns, null, null))) {
            records.add(read(e));
          }
          return records;
        });
  }

  @Override
  public Optional<JobRecord> find(JobKey key) {
    return StorageFailures.call(
        "read the job registry",
        () -> {
          try {
            return Optional.of(
                read(table().getEntity(key.servicePrincipalId().value(), key.jobId().value())));
          } catch (TableServiceException e) {
            if (e.getResponse().getStatusCode() == 404) {
              return Optional.empty();
            }
            throw e;
          }
        });
  }

  @Override
  public void register(JobKey key, String appDisplayName) {
    StorageFailures.call(
        "register a job",
        () -> {
          TableEntity entity =
              new TableEntity(key.servicePrincipalId().value(), key.jobId().value())
                  .addProperty("Watched", true);
          if (appDisplayName != null) {
            entity.addProperty("AppDisplayName", appDisplayName);
          }
          try {
            table().createEntity(entity);
          } catch (TableServiceException e) {
            if (e.getResponse().getStatusCode() != 409) {
              throw e;
            }
          }
          return null;
        });
  }

  @Override
  public void setWatched(JobKey key, boolean watched) {
    StorageFailures.call(
        "watch a job",
        () -> {
          table()
              .upsertEntityWithResponse(
                  new TableEntity(key.servicePrincipalId().value(), key.jobId().value())
                      .addProperty("Watched", watched),
                  TableEntityUpdateMode.MERGE,
                  null,
                  com.azure.core.util.Context.NONE);
          return null;
        });
  }

  @Override
  public void saveSnapshots(Collection<JobRecord> records) {
    Map<String, List<TableTransactionAction>> byPartition = new LinkedHashMap<>();
    for (JobRecord r : records) {
      byPartition
          .computeIfAbsent(r.key().servicePrincipalId().value(), p -> new ArrayList<>())
          .add(new TableTransactionAction(TableTransactionActionType.UPSERT_MERGE, snapshot(r)));
    }
    StorageFailures.call(
        "save job snapshots",
        () -> {
          for (List<TableTransactionAction> actions : byPartition.values()) {
            for (int from = 0; from < actions.size(); from += MAX_PER_TRANSACTION) {
              table()
                  .submitTransaction(
                      actions.subList(from, Math.min(from + MAX_PER_TRANSACTION, actions.size())));
            }
          }
          return null;
        });
  }

  @Override
  public void noteStatus(JobKey key, SynchronizationJob.StatusCode code) {
    StorageFailures.call(
        "note a job's status",
        () -> {
          table()
              .upsertEntityWithResponse(
                  new TableEntity(key.servicePrincipalId().value(), key.jobId().value())
                      .addProperty("StatusCode", code.name()),
                  TableEntityUpdateMode.MERGE,
                  null,
                  com.azure.core.util.Context.NONE);
          return null;
        });
  }

  @Override
  public void unregister(JobKey key) {
    StorageFailures.call(
        "unregister a job",
        () -> {
          table().deleteEntity(key.servicePrincipalId().value(), key.jobId().value());
          return null;
        });
  }

  private TableClient table() {
    return tables.get(TABLE);
  }

  private static TableEntity snapshot(JobRecord r) {
    TableEntity e = new TableEntity(r.key().servicePrincipalId().value(), r.key().jobId().value());
    try {
      if (r.health() != null) {
        e.addProperty("Health", JSON.writeValueAsString(r.health()));
        e.addProperty("HealthState", r.health().state().name());
        e.addProperty("Severity", r.health().severity().name());
      }
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException(
          "Cannot serialize the health of " + r.key().jobId().value(), ex);
    }
    if (r.appDisplayName() != null) {
      e.addProperty("AppDisplayName", r.appDisplayName());
    }
    if (r.statusCode() != null) {
      e.addProperty("StatusCode", r.statusCode().name());
    }
    if (r.lastReadAt() != null) {
      e.addProperty("LastReadAt", r.lastReadAt().toString());
    }
    if (r.lastPolledAt() != null) {
      e.addProperty("LastPolledAt", r.lastPolledAt().toString());
    }
    // An empty string clears an earlier failure: a merge cannot remove a column.
    e.addProperty("ReadFailure", r.readFailure() == null ? "" : r.readFailure());
    e.addProperty(
        "CycleStarts",
        r.cycleStarts().stream()
            .map(at -> Long.toString(at.getEpochSecond()))
            .collect(Collectors.joining(",")));
    return e;
  }

  private JobRecord read(TableEntity e) {
    try {
      String health = (String) e.getProperty("Health");
      String code = (String) e.getProperty("StatusCode");
      String failure = (String) e.getProperty("ReadFailure");
      return new JobRecord(
          JobKey.of(e.getPartitionKey(), e.getRowKey()),
          (String) e.getProperty("AppDisplayName"),
          !Boolean.FALSE.equals(e.getProperty("Watched")),
          health == null ? null : health(health),
          code == null ? null : SynchronizationJob.StatusCode.valueOf(code),
          instant(e.getProperty("LastReadAt")),
          instant(e.getProperty("LastPolledAt")),
          failure == null || failure.isEmpty() ? null : failure,
          cycleStarts((String) e.getProperty("CycleStarts")));
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("Job " + e.getRowKey() + " is unreadable", ex);
    }
  }

  private JobHealth health(String stored) throws JsonProcessingException {
    JobHealth known = healths.get(stored);
    if (known == null) {
      known = JSON.readValue(stored, JobHealth.class);
      if (healths.size() >= HEALTHS_KEPT) {
        healths.clear();
      }
      healths.put(stored, known);
    }
    return known;
  }

  private static List<Instant> cycleStarts(String column) {
    if (column == null || column.isEmpty()) {
      return List.of();
    }
    return Arrays.stream(column.split(","))
        .map(epoch -> Instant.ofEpochSecond(Long.parseLong(epoch)))
        .toList();
  }

  private static Instant instant(Object value) {
    if (value == null) {
      return null;
    }
    Instant utc = IsoInstants.utc(value.toString());
    return utc != null ? utc : Instant.parse(value.toString());
  }
}
