package com.provisioningops.adapter.storage;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.rest.Response;
import com.azure.core.util.Context;
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
import com.provisioningops.provisioning.SetupState;
import com.provisioningops.provisioning.SetupStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One-call setups in the {@code setups} table. Each setup is a partition (PartitionKey the setup
 * id, which the idempotency key determines) holding two entities written in one transaction: the
 * key's index ({@code RowKey key}: the key and the request hash) and the state ({@code RowKey
 * state}: JSON, guarded by its ETag). No crash or race can leave a key without its state.
 *
 * <p>Needs the Storage Table Data Contributor role on the account.
 *
 * <p>Every method throws {@code Failure.Unavailable} when storage refuses or fails a request.
 */
public final class TableSetupStore implements SetupStore {
  static final String TABLE = "setups";
  private static final String STATE = "state";
  private static final String KEY = "key";
  private static final ObjectMapper JSON = StorageJson.MAPPER;

  /** Characters per state property, under the 32,768 a table string holds. */
  private static final int PART = 30_000;

  private final Tables tables;

  public TableSetupStore(TableServiceClient service) {
    this.tables = new Tables(service);
  }

  @Override
  public Optional<SetupState> find(String setupId) {
    if (setupId == null || !setupId.matches("[0-9a-f-]{36}")) {
      return Optional.empty();
    }
    return StorageFailures.call("read a setup", () -> entity(setupId).map(TableSetupStore::read));
  }

  @Override
  public boolean create(SetupState state) {
    return StorageFailures.call("store a setup", () -> insert(state));
  }

  private boolean insert(SetupState state) {
    TableEntity index =
        new TableEntity(state.setupId(), KEY)
            .addProperty("IdempotencyKey", state.idempotencyKey())
            .addProperty("RequestHash", state.requestHash());
    try {
      tables
          .get(TABLE)
          .submitTransaction(
              List.of(
                  new TableTransactionAction(TableTransactionActionType.CREATE, index),
                  new TableTransactionAction(TableTransactionActionType.CREATE, write(state))));
      return true;
    } catch (TableTransactionFailedException e) {
      // The transaction's envelope succeeds; the failed action's own error says why.
      if (e.getValue() != null
          && TableErrorCode.ENTITY_ALREADY_EXISTS.equals(e.getValue().getErrorCode())) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public Optional<SetupState> update(SetupState state) {
    return StorageFailures.call("store a setup", () -> replace(state));
  }

  private Optional<SetupState> replace(SetupState state) {
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
      return Optional.of(state.withVersion(etag(response)));
    } catch (TableServiceException e) {
      if (e.getResponse().getStatusCode() == 412) {
        // The client retries a write whose answer it lost; if the first try committed, the retry
        // meets its own write. That is a success, not another writer's.
        return entity(state.setupId())
            .map(TableSetupStore::read)
            .filter(stored -> stored.withVersion(null).equals(state.withVersion(null)));
      }
      throw e;
    }
  }

  @Override
  public List<SetupState> running(int max) {
    return StorageFailures.call(
        "read the running setups",
        () -> {
          List<SetupState> found = new ArrayList<>();
          tables
              .get(TABLE)
              .listEntities(
                  new ListEntitiesOptions()
                      .setFilter("RowKey eq '" + STATE + "' and Status eq 'running'"),
                  null,
                  null)
              .forEach(e -> found.add(read(e)));
          found.sort(Comparator.comparing(SetupState::updatedAt));
          return found.subList(0, Math.min(max, found.size()));
        });
  }

  /**
   * The new ETag of a write. Azurite's weak ETags reach the header parser without their closing
   * quote; sent back like that they are refused (400), so the quote is restored.
   */
  static String etag(Response<Void> response) {
    return Entities.etag(response.getHeaders().getValue(HttpHeaderName.ETAG));
  }

  private Optional<TableEntity> entity(String setupId) {
    return Entities.find(tables.get(TABLE), setupId, STATE);
  }

  /**
   * The state as JSON in {@code State}, {@code State1}, {@code State2}…: a setup may carry more
   * plain credential text than one table property holds (32,768 characters).
   */
  private static TableEntity write(SetupState state) {
    String json;
    try {
      json = JSON.writeValueAsString(state.withVersion(null));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialize setup " + state.setupId(), e);
    }
    TableEntity e = new TableEntity(state.setupId(), STATE).addProperty("Status", state.status());
    for (int i = 0, part = 0; i == 0 || i < json.length(); i += PART, part++) {
      e.addProperty(
          part == 0 ? "State" : "State" + part,
          json.substring(i, Math.min(json.length(), i + PART)));
    }
    return e;
  }

  private static SetupState read(TableEntity e) {
    StringBuilder json = new StringBuilder((String) e.getProperty("State"));
    for (int part = 1; e.getProperty("State" + part) instanceof String more; part++) {
      json.append(more);
    }
    try {
      return JSON.readValue(json.toString(), SetupState.class).withVersion(e.getETag());
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("Setup " + e.getPartitionKey() + " is unreadable", ex);
    }
  }
}
