package com.provisioningops.storage;

import com.azure.core.http.rest.Response;
import com.azure.core.util.Context;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableServiceException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.provisioningops.provisioning.SetupState;
import com.provisioningops.provisioning.SetupStore;
import java.util.Optional;

/**
 * One-call setups in the {@code setups} table: the state as JSON under PartitionKey {@code setup},
 * RowKey the setup id, guarded by its ETag; and an index entity per idempotency key (PartitionKey
 * {@code key}) whose insert decides which caller's setup a key belongs to.
 *
 * <p>Needs the Storage Table Data Contributor role on the account.
 *
 * @throws TableServiceException when storage refuses or fails a request
 */
public final class TableSetupStore implements SetupStore {
  static final String TABLE = "setups";
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Tables tables;

  public TableSetupStore(TableServiceClient service) {
    this.tables = new Tables(service);
  }

  @Override
  public Optional<SetupState> findByKey(String idempotencyKey) {
    return StorageFailures.call(
        "read a setup",
        () ->
            entity("key", RowKeys.escape(idempotencyKey))
                .flatMap(e -> find((String) e.getProperty("SetupId"))));
  }

  @Override
  public Optional<SetupState> find(String setupId) {
    if (setupId == null || !setupId.matches("[0-9a-f-]{36}")) {
      return Optional.empty();
    }
    return StorageFailures.call(
        "read a setup", () -> entity("setup", setupId).map(TableSetupStore::read));
  }

  @Override
  public boolean create(SetupState state) {
    return StorageFailures.call("store a setup", () -> insert(state));
  }

  private boolean insert(SetupState state) {
    try {
      tables
          .get(TABLE)
          .createEntity(
              new TableEntity("key", RowKeys.escape(state.idempotencyKey()))
                  .addProperty("SetupId", state.setupId()));
    } catch (TableServiceException e) {
      if (e.getResponse().getStatusCode() == 409) {
        return false;
      }
      throw e;
    }
    tables.get(TABLE).createEntity(write(state));
    return true;
  }

  @Override
  public boolean update(SetupState state) {
    return StorageFailures.call("store a setup", () -> replace(state));
  }

  private boolean replace(SetupState state) {
    TableEntity entity = write(state);
    if (state.version() != null) {
      entity.getProperties().put("odata.etag", state.version());
    }
    try {
      Response<Void> response =
          tables
              .get(TABLE)
              .updateEntityWithResponse(
                  entity,
                  TableEntityUpdateMode.REPLACE,
                  state.version() != null,
                  null,
                  Context.NONE);
      return response.getStatusCode() < 300;
    } catch (TableServiceException e) {
      if (e.getResponse().getStatusCode() == 412) {
        return false;
      }
      throw e;
    }
  }

  private Optional<TableEntity> entity(String partition, String row) {
    try {
      return Optional.of(tables.get(TABLE).getEntity(partition, row));
    } catch (TableServiceException e) {
      if (e.getResponse().getStatusCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static TableEntity write(SetupState state) {
    try {
      SetupState unversioned =
          new SetupState(
              state.setupId(),
              state.idempotencyKey(),
              state.requestHash(),
              state.request(),
              state.status(),
              state.applicationId(),
              state.servicePrincipalId(),
              state.jobId(),
              state.steps(),
              state.failedStep(),
              state.createdAt(),
              null);
      return new TableEntity("setup", state.setupId())
          .addProperty("Status", state.status())
          .addProperty("State", JSON.writeValueAsString(unversioned));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialize setup " + state.setupId(), e);
    }
  }

  private static SetupState read(TableEntity e) {
    try {
      SetupState s = JSON.readValue((String) e.getProperty("State"), SetupState.class);
      return new SetupState(
          s.setupId(),
          s.idempotencyKey(),
          s.requestHash(),
          s.request(),
          s.status(),
          s.applicationId(),
          s.servicePrincipalId(),
          s.jobId(),
          s.steps(),
          s.failedStep(),
          s.createdAt(),
          e.getETag());
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("Setup " + e.getRowKey() + " is unreadable", ex);
    }
  }
}
