package com.provisioningops.adapter.storage;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableServiceException;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.provisioningops.alerts.AlertChangeFilter;
import com.provisioningops.delivery.Delivery;
import com.provisioningops.delivery.Subscription;
import com.provisioningops.delivery.SubscriptionStore;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Subscriptions in the {@code subscriptions} table: PartitionKey the subscription id, RowKey {@code
 * subscription} for the subscription itself and {@code change-<alert>#<sequence>} for each change
 * claimed or delivered to it. No callback URL is ever written here (it is in the vault).
 *
 * <p>Needs the Storage Table Data Contributor role on the account.
 *
 * <p>Every method throws {@code Failure.Unavailable} when storage fails.
 */
public final class TableSubscriptionStore implements SubscriptionStore {
  static final String TABLE = "subscriptions";
  private static final String ROW = "subscription";
  private static final int TRIES = 5;

  private final Tables tables;

  public TableSubscriptionStore(TableServiceClient service) {
    this.tables = new Tables(service);
  }

  private TableClient table() {
    return tables.get(TABLE);
  }

  @Override
  public void save(Subscription s) {
    StorageFailures.call(
        "save a subscription",
        () ->
            table().upsertEntityWithResponse(entity(s), TableEntityUpdateMode.REPLACE, null, null));
  }

  @Override
  public boolean update(String id, UnaryOperator<Subscription> change) {
    return StorageFailures.call(
        "update a subscription",
        () -> {
          for (int attempt = 0; attempt < TRIES; attempt++) {
            Optional<TableEntity> stored = entity(id, ROW);
            if (stored.isEmpty()) {
              return false; // deleted: an update must not bring it back
            }
            TableEntity next = entity(change.apply(read(stored.get())));
            next.getProperties().put("odata.etag", stored.get().getETag());
            try {
              table()
                  .updateEntityWithResponse(next, TableEntityUpdateMode.REPLACE, true, null, null);
              return true;
            } catch (TableServiceException raced) {
              int status = raced.getResponse().getStatusCode();
              if (status != 412 && status != 404) {
                throw raced;
              }
              // Changed or deleted meanwhile: read again.
            }
          }
          return false;
        });
  }

  private static TableEntity entity(Subscription s) {
    return new TableEntity(s.id(), ROW)
        .addProperty("Kind", s.kind().name())
        .addProperty("Severity", s.filter().atLeast() == null ? null : s.filter().atLeast().name())
        .addProperty("Source", s.filter().source() == null ? null : s.filter().source().name())
        .addProperty("JobId", s.filter().jobId())
        .addProperty("MaskedUrl", s.maskedUrl())
        .addProperty("UrlSecret", s.urlSecret())
        .addProperty("BaseUrl", s.baseUrl())
        .addProperty("CreatedAt", time(s.createdAt()))
        .addProperty("Healthy", s.healthy())
        .addProperty("LastError", s.lastError())
        .addProperty("LastDeliveredAt", time(s.lastDeliveredAt()))
        .addProperty("FailedDeliveries", s.failedDeliveries());
  }

  @Override
  public Optional<Subscription> find(String id) {
    return StorageFailures.call(
        "read a subscription", () -> entity(id, ROW).map(TableSubscriptionStore::read));
  }

  @Override
  public List<Subscription> all() {
    return StorageFailures.call(
        "read the subscriptions",
        () -> {
          List<Subscription> out = new ArrayList<>();
          table()
              .listEntities(
                  new ListEntitiesOptions().setFilter("RowKey eq '" + ROW + "'"), null, null)
              .forEach(e -> out.add(read(e)));
          return out;
        });
  }

  @Override
  public boolean delete(String id) {
    return StorageFailures.call(
        "delete a subscription",
        () -> {
          List<TableTransactionAction> deletes = new ArrayList<>();
          table()
              .listEntities(
                  new ListEntitiesOptions()
                      .setFilter("PartitionKey eq '" + id.replace("'", "''") + "'")
                      .setSelect(List.of("RowKey")),
                  null,
                  null)
              .forEach(
                  e ->
                      deletes.add(
                          new TableTransactionAction(
                              TableTransactionActionType.DELETE,
                              new TableEntity(id, e.getRowKey()))));
          for (int i = 0; i < deletes.size(); i += 100) {
            table().submitTransaction(deletes.subList(i, Math.min(deletes.size(), i + 100)));
          }
          return !deletes.isEmpty();
        });
  }

  @Override
  public boolean claim(Delivery d, String owner, Instant now, Duration lease) {
    return StorageFailures.call(
        "claim a delivery",
        () -> {
          TableEntity claim =
              new TableEntity(d.subscriptionId(), changeRow(d))
                  .addProperty("State", "claimed")
                  .addProperty("Owner", owner)
                  .addProperty("Attempt", d.attempt())
                  .addProperty("ClaimedAt", time(now))
                  .addProperty("At", time(Instant.now()));
          try {
            table().createEntity(claim);
            return true;
          } catch (TableServiceException e) {
            if (e.getResponse().getStatusCode() != 409) {
              throw e;
            }
          }
          Optional<TableEntity> held = entity(d.subscriptionId(), changeRow(d));
          if (held.isEmpty()) {
            return false; // the subscription was deleted meanwhile
          }
          TableEntity e = held.get();
          if ("delivered".equals(e.getProperty("State"))) {
            return false;
          }
          OffsetDateTime claimedAt = (OffsetDateTime) e.getProperty("ClaimedAt");
          int heldBy = e.getProperty("Attempt") instanceof Number n ? n.intValue() : 1;
          boolean takeOver =
              owner.equals(e.getProperty("Owner"))
                  || heldBy < d.attempt()
                  || !claimedAt.toInstant().plus(lease).isAfter(now);
          if (!takeOver) {
            return false;
          }
          claim.getProperties().put("odata.etag", e.getETag());
          try {
            table()
                .updateEntityWithResponse(claim, TableEntityUpdateMode.REPLACE, true, null, null);
            return true;
          } catch (TableServiceException lost) {
            if (lost.getResponse().getStatusCode() == 412) {
              return false; // another copy took it over first
            }
            throw lost;
          }
        });
  }

  @Override
  public void markDelivered(Delivery d) {
    TableEntity e =
        new TableEntity(d.subscriptionId(), changeRow(d))
            .addProperty("State", "delivered")
            .addProperty("At", time(Instant.now()));
    StorageFailures.call(
        "record a delivery",
        () -> {
          try {
            // An update, not an upsert: a subscription deleted mid-post keeps no records.
            table().updateEntityWithResponse(e, TableEntityUpdateMode.REPLACE, false, null, null);
          } catch (TableServiceException gone) {
            if (gone.getResponse().getStatusCode() != 404) {
              throw gone;
            }
          }
          return null;
        });
  }

  @Override
  public int forgetDeliveriesBefore(Instant cutoff) {
    return StorageFailures.call(
        "forget old deliveries",
        () -> {
          java.util.Map<String, List<TableTransactionAction>> byPartition =
              new java.util.HashMap<>();
          table()
              .listEntities(
                  new ListEntitiesOptions()
                      .setFilter(
                          "RowKey ge 'change-' and RowKey lt 'change.' and At lt datetime'"
                              + cutoff.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                              + "'")
                      .setSelect(List.of("PartitionKey", "RowKey")),
                  null,
                  null)
              .forEach(
                  e ->
                      byPartition
                          .computeIfAbsent(e.getPartitionKey(), k -> new ArrayList<>())
                          .add(
                              new TableTransactionAction(
                                  TableTransactionActionType.DELETE,
                                  new TableEntity(e.getPartitionKey(), e.getRowKey()))));
          int forgotten = 0;
          for (List<TableTransactionAction> rows : byPartition.values()) {
            for (int i = 0; i < rows.size(); i += 100) {
              List<TableTransactionAction> batch = rows.subList(i, Math.min(rows.size(), i + 100));
              table().submitTransaction(batch);
              forgotten += batch.size();
            }
          }
          return forgotten;
        });
  }

  private Optional<TableEntity> entity(String pk, String rk) {
    return Entities.find(table(), pk, rk);
  }

  private static String changeRow(Delivery d) {
    // The prefix stays readable (the purge finds the rows by it); the key is made safe.
    return "change-" + RowKeys.escape(d.idempotencyKey());
  }

  private static Subscription read(TableEntity e) {
    return new Subscription(
        e.getPartitionKey(),
        Subscription.Kind.valueOf((String) e.getProperty("Kind")),
        AlertChangeFilter.parse(
            (String) e.getProperty("Severity"),
            (String) e.getProperty("Source"),
            (String) e.getProperty("JobId")),
        (String) e.getProperty("MaskedUrl"),
        (String) e.getProperty("UrlSecret"),
        (String) e.getProperty("BaseUrl"),
        instant(e.getProperty("CreatedAt")),
        Boolean.TRUE.equals(e.getProperty("Healthy")),
        (String) e.getProperty("LastError"),
        instant(e.getProperty("LastDeliveredAt")),
        e.getProperty("FailedDeliveries") instanceof Number n ? n.intValue() : 0);
  }

  private static OffsetDateTime time(Instant t) {
    return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  private static Instant instant(Object v) {
    return v instanceof OffsetDateTime t ? t.toInstant() : null;
  }
}
