package com.provisioningops.adapter.storage;

import com.azure.core.http.rest.Response;
import com.azure.core.util.Context;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableServiceException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.provisioningops.uploads.Upload;
import com.provisioningops.uploads.UploadLedger;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Uploads in the {@code uploads} table: PartitionKey the job id, RowKey the upload id, the upload
 * as JSON in {@code Upload}, {@code Upload1}… (50 records with Graph's error texts may pass the
 * 32,768 characters one property holds), written conditionally on the ETag read.
 *
 * <p>Needs the Storage Table Data Contributor role on the account.
 *
 * <p>Every method throws {@code Failure.Unavailable} when storage refuses or fails a request.
 */
public final class TableUploadLedger implements UploadLedger {
  static final String TABLE = "uploads";
  private static final ObjectMapper JSON = StorageJson.MAPPER;
  private static final int PART = 30_000;

  private final Tables tables;

  public TableUploadLedger(TableServiceClient service) {
    this.tables = new Tables(service);
  }

  private TableClient table() {
    return tables.get(TABLE);
  }

  @Override
  public Optional<Entry> find(String jobId, String id) {
    return StorageFailures.call(
        "read an upload", () -> Entities.find(table(), jobId, id).map(TableUploadLedger::read));
  }

  @Override
  public boolean create(Entry entry) {
    return StorageFailures.call("record an upload", () -> Entities.create(table(), write(entry)));
  }

  @Override
  public Optional<Entry> replace(Entry entry) {
    return StorageFailures.call(
        "update an upload",
        () -> {
          TableEntity e = write(entry);
          try {
            Response<Void> r =
                table()
                    .updateEntityWithResponse(
                        e, TableEntityUpdateMode.REPLACE, true, null, Context.NONE);
            return Optional.of(
                new Entry(
                    entry.upload(),
                    entry.requestHash(),
                    entry.claimedUntil(),
                    TableSetupStore.etag(r)));
          } catch (TableServiceException ex) {
            if (ex.getResponse().getStatusCode() == 412
                || ex.getResponse().getStatusCode() == 404) {
              return Optional.empty();
            }
            throw ex;
          }
        });
  }

  @Override
  public void delete(Entry entry) {
    StorageFailures.call(
        "forget an upload",
        () -> {
          try {
            table().deleteEntityWithResponse(write(entry), true, null, Context.NONE);
          } catch (TableServiceException ex) {
            if (ex.getResponse().getStatusCode() != 412
                && ex.getResponse().getStatusCode() != 404) {
              throw ex;
            }
          }
          return null;
        });
  }

  @Override
  public List<Entry> ofJob(String jobId, Instant since) {
    return query("PartitionKey eq '" + jobId.replace("'", "''") + "' and " + requestedSince(since));
  }

  @Override
  public List<Entry> since(Instant since) {
    return query(requestedSince(since));
  }

  @Override
  public int purgeBefore(Instant before) {
    return StorageFailures.call(
        "forget old uploads",
        () -> {
          int purged = 0;
          ListEntitiesOptions old =
              new ListEntitiesOptions()
                  .setFilter("RequestedAt lt " + datetime(before))
                  .setSelect(List.of("PartitionKey", "RowKey"));
          for (TableEntity e : TableTraffic.counted(table().listEntities(old, null, null))) {
            table().deleteEntity(e.getPartitionKey(), e.getRowKey());
            purged++;
          }
          return purged;
        });
  }

  private List<Entry> query(String filter) {
    return StorageFailures.call(
        "read uploads",
        () -> {
          List<Entry> found = new ArrayList<>();
          for (TableEntity e :
              TableTraffic.counted(
                  table().listEntities(new ListEntitiesOptions().setFilter(filter), null, null))) {
            found.add(read(e));
          }
          return found;
        });
  }

  private static String requestedSince(Instant since) {
    return "RequestedAt ge " + datetime(since);
  }

  private static String datetime(Instant at) {
    return "datetime'" + DateTimeFormatter.ISO_INSTANT.format(at) + "'";
  }

  private static TableEntity write(Entry entry) {
    Upload u = entry.upload();
    String json;
    try {
      json = JSON.writeValueAsString(u);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialize upload " + u.id(), e);
    }
    TableEntity e =
        new TableEntity(u.jobId(), u.id())
            .addProperty("RequestedAt", u.requestedAt().atOffset(ZoneOffset.UTC))
            .addProperty("Status", u.status().name())
            .addProperty("RequestHash", entry.requestHash());
    if (entry.claimedUntil() != null) {
      e.addProperty("ClaimedUntil", entry.claimedUntil().atOffset(ZoneOffset.UTC));
    }
    for (int i = 0, part = 0; i == 0 || i < json.length(); i += PART, part++) {
      e.addProperty(
          part == 0 ? "Upload" : "Upload" + part,
          json.substring(i, Math.min(json.length(), i + PART)));
    }
    if (entry.version() != null) {
      e.getProperties().put("odata.etag", entry.version());
    }
    return e;
  }

  private static Entry read(TableEntity e) {
    StringBuilder json = new StringBuilder((String) e.getProperty("Upload"));
    for (int part = 1; e.getProperty("Upload" + part) instanceof String more; part++) {
      json.append(more);
    }
    try {
      return new Entry(
          JSON.readValue(json.toString(), Upload.class),
          (String) e.getProperty("RequestHash"),
          Entities.instant(e, "ClaimedUntil"),
          Entities.etag(e.getETag()));
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException(
          "Upload " + e.getPartitionKey() + "/" + e.getRowKey() + " is unreadable", ex);
    }
  }
}
