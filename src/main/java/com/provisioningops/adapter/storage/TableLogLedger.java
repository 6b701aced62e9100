package com.provisioningops.adapter.storage;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableErrorCode;
import com.azure.data.tables.models.TableServiceException;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.azure.data.tables.models.TableTransactionFailedException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.provisioningops.failure.Failure;
import com.provisioningops.monitoring.logs.JobLog;
import com.provisioningops.monitoring.logs.LogCursor;
import com.provisioningops.monitoring.logs.LogLedger;
import com.provisioningops.monitoring.logs.SeenEvents;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The log monitor's ledger in Table storage: the cursor and the journals in {@code checkpoints}
 * (PartitionKey {@code logs}; RowKeys {@code cursor} and {@code journal-<n>-<part>}), so a window
 * commits in one entity-group transaction; each job's tally in {@code joblogs} (PartitionKey {@code
 * job}, RowKey the job id), written in transactions of up to 100 conditioned on each row's ETag.
 *
 * <p>Needs the Storage Table Data Contributor role on the account. Every method throws {@link
 * Failure.Unavailable} when storage fails.
 */
public final class TableLogLedger implements LogLedger {
  static final String JOB_LOGS = "joblogs";
  private static final String PARTITION = "logs";
  private static final String CURSOR = "cursor";
  private static final String JOB_PARTITION = "job";

  /** Table string properties hold 64 KiB of UTF-16: 30,000 characters leaves room. */
  private static final int TEXT_CHUNK = 30_000;

  /** Binary properties hold 64 KiB; 5,000 seen events of 12 bytes each per property. */
  private static final int SEEN_PER_PROPERTY = 5_000;

  private static final int SEEN_PROPERTIES = 12;

  /** A transaction carries at most 4 MiB: the cursor (under 1 MiB) and this many parts. */
  private static final int MAX_JOURNAL_PARTS = 40;

  private static final int BATCH = 100;

  private final Tables tables;

  public TableLogLedger(TableServiceClient service) {
    this.tables = new Tables(service);
  }

  @Override
  public LogCursor cursor() {
    return StorageFailures.call(
        "read the log monitor's cursor",
        () ->
            find(tables.get(TableCheckpoints.TABLE), PARTITION, CURSOR)
                .map(TableLogLedger::cursor)
                .orElseGet(LogCursor::fresh));
  }

  @Override
  public Optional<LogCursor> replace(LogCursor expected, LogCursor next) {
    return StorageFailures.call(
        "save the log monitor's cursor", () -> write(expected, next, List.of()));
  }

  @Override
  public Optional<LogCursor> commit(LogCursor expected, LogCursor next, Collection<JobLog> window) {
    List<String> parts = journalParts(window);
    if (parts.size() > MAX_JOURNAL_PARTS) {
      throw Failure.invalid(
          "The window's journal needs " + parts.size() + " rows; read it in smaller windows.");
    }
    List<TableEntity> journal = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      journal.add(
          new TableEntity(PARTITION, journalKey(next.journal(), i))
              .addProperty("Delta", parts.get(i)));
    }
    return StorageFailures.call(
        "commit a window of provisioning logs", () -> write(expected, next, journal));
  }

  @Override
  public List<JobLog> journal(long journal) {
    return StorageFailures.call(
        "read a log journal",
        () -> {
          StringBuilder text = new StringBuilder();
          String prefix = "journal-" + String.format("%020d", journal) + "-";
          ListEntitiesOptions options =
              new ListEntitiesOptions()
                  .setFilter(
                      "PartitionKey eq 'logs' and RowKey ge '"
                          + prefix
                          + "' and RowKey lt '"
                          + prefix
                          + "~'");
          List<TableEntity> rows = new ArrayList<>();
          tables.get(TableCheckpoints.TABLE).listEntities(options, null, null).forEach(rows::add);
          rows.sort((a, b) -> a.getRowKey().compareTo(b.getRowKey()));
          rows.forEach(r -> text.append((String) r.getProperty("Delta")));
          if (text.isEmpty()) {
            return List.of();
          }
          try {
            List<JobLog> out = new ArrayList<>();
            for (JsonNode n : StorageJson.MAPPER.readTree(text.toString())) {
              out.add(JobLogJson.read(n));
            }
            return out;
          } catch (JsonProcessingException e) {
            throw new IllegalStateException("Log journal " + journal + " is not readable", e);
          }
        });
  }

  @Override
  public void clearJournal(long journal) {
    StorageFailures.call(
        "clear a log journal",
        () -> {
          TableClient table = tables.get(TableCheckpoints.TABLE);
          ListEntitiesOptions options =
              new ListEntitiesOptions()
                  .setFilter(
                      "PartitionKey eq 'logs' and RowKey ge 'journal-' and RowKey le '"
                          + journalKey(journal, 999)
                          + "'")
                  .setSelect(List.of("RowKey"));
          List<TableTransactionAction> deletes = new ArrayList<>();
          table
              .listEntities(options, null, null)
              .forEach(
                  e ->
                      deletes.add(
                          new TableTransactionAction(
                              TableTransactionActionType.DELETE,
                              new TableEntity(PARTITION, e.getRowKey()))));
          for (int i = 0; i < deletes.size(); i += BATCH) {
            table.submitTransaction(deletes.subList(i, Math.min(i + BATCH, deletes.size())));
          }
          return null;
        });
  }

  @Override
  public Map<String, JobLog> jobLogs() {
    return StorageFailures.call(
        "read the job log tallies",
        () -> {
          Map<String, JobLog> out = new HashMap<>();
          tables
              .get(JOB_LOGS)
              .listEntities()
              .forEach(
                  e -> {
                    JobLog log = jobLog(e);
                    out.put(log.jobId(), log);
                  });
          return out;
        });
  }

  @Override
  public Optional<JobLog> jobLog(String jobId) {
    return StorageFailures.call(
        "read a job's log tally",
        () ->
            find(tables.get(JOB_LOGS), JOB_PARTITION, RowKeys.escape(jobId))
                .map(TableLogLedger::jobLog));
  }

  @Override
  public List<String> save(Collection<JobLog> logs) {
    return StorageFailures.call(
        "save the job log tallies",
        () -> {
          List<JobLog> all = new ArrayList<>(logs);
          List<String> raced = new ArrayList<>();
          TableClient table = tables.get(JOB_LOGS);
          for (int i = 0; i < all.size(); i += BATCH) {
            List<JobLog> batch = all.subList(i, Math.min(i + BATCH, all.size()));
            List<TableTransactionAction> actions = new ArrayList<>();
            for (JobLog log : batch) {
              TableEntity e = entity(log);
              if (log.version() == null) {
                actions.add(new TableTransactionAction(TableTransactionActionType.CREATE, e));
              } else {
                e.getProperties().put("odata.etag", log.version());
                actions.add(
                    new TableTransactionAction(TableTransactionActionType.UPDATE_REPLACE, e, true));
              }
            }
            try {
              table.submitTransaction(actions);
              // A transaction's answers carry no ETags: one query fetches the batch's new ones.
              Map<String, String> etags = etags(table, batch);
              batch.forEach(b -> b.stored(etags.get(RowKeys.escape(b.jobId()))));
            } catch (TableTransactionFailedException e) {
              if (!lostRace(e)) {
                throw e;
              }
              batch.forEach(b -> raced.add(b.jobId()));
            }
          }
          return raced;
        });
  }

  private Optional<LogCursor> write(LogCursor expected, LogCursor next, List<TableEntity> journal) {
    TableClient table = tables.get(TableCheckpoints.TABLE);
    TableEntity cursor = cursorEntity(next);
    List<TableTransactionAction> actions = new ArrayList<>();
    if (expected.version() == null) {
      actions.add(new TableTransactionAction(TableTransactionActionType.CREATE, cursor));
    } else {
      cursor.getProperties().put("odata.etag", expected.version());
      actions.add(
          new TableTransactionAction(TableTransactionActionType.UPDATE_REPLACE, cursor, true));
    }
    journal.forEach(
        j -> actions.add(new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE, j)));
    try {
      table.submitTransaction(actions);
    } catch (TableTransactionFailedException e) {
      if (lostRace(e)) {
        return Optional.empty();
      }
      throw e;
    }
    // A transaction's answers carry no ETags: read the cursor's back.
    String etag = table.getEntity(PARTITION, CURSOR).getETag();
    return Optional.of(
        new LogCursor(
            next.watermark(),
            next.coverageFrom(),
            next.chunk(),
            next.journal(),
            next.seen(),
            next.leaseOwner(),
            next.leaseUntil(),
            fixWeak(etag)));
  }

  private static Map<String, String> etags(TableClient table, List<JobLog> batch) {
    StringBuilder filter = new StringBuilder("PartitionKey eq '" + JOB_PARTITION + "' and (");
    for (int i = 0; i < batch.size(); i++) {
      filter
          .append(i == 0 ? "" : " or ")
          .append("RowKey eq '")
          .append(RowKeys.escape(batch.get(i).jobId()).replace("'", "''"))
          .append('\'');
    }
    filter.append(')');
    Map<String, String> out = new HashMap<>();
    table
        .listEntities(
            new ListEntitiesOptions().setFilter(filter.toString()).setSelect(List.of("RowKey")),
            null,
            null)
        .forEach(e -> out.put(e.getRowKey(), fixWeak(e.getETag())));
    return out;
  }

  /** The transaction's envelope succeeds; the failed action's own error says why. */
  private static boolean lostRace(TableTransactionFailedException e) {
    return e.getValue() != null
        && (TableErrorCode.ENTITY_ALREADY_EXISTS.equals(e.getValue().getErrorCode())
            || TableErrorCode.UPDATE_CONDITION_NOT_SATISFIED.equals(e.getValue().getErrorCode()));
  }

  private static TableEntity cursorEntity(LogCursor c) {
    TableEntity e =
        new TableEntity(PARTITION, CURSOR)
            .addProperty("ChunkSeconds", c.chunk().toSeconds())
            .addProperty("Journal", c.journal());
    if (c.watermark() != null) {
      e.addProperty("Watermark", OffsetDateTime.ofInstant(c.watermark(), ZoneOffset.UTC));
    }
    if (c.coverageFrom() != null) {
      e.addProperty("CoverageFrom", OffsetDateTime.ofInstant(c.coverageFrom(), ZoneOffset.UTC));
    }
    if (c.leaseOwner() != null) {
      e.addProperty("LeaseOwner", c.leaseOwner());
      e.addProperty("LeaseUntil", OffsetDateTime.ofInstant(c.leaseUntil(), ZoneOffset.UTC));
    }
    byte[] seen = c.seen().pack();
    if (c.seen().completeFrom() != null) {
      e.addProperty("SeenFrom", OffsetDateTime.ofInstant(c.seen().completeFrom(), ZoneOffset.UTC));
    }
    int size = SEEN_PER_PROPERTY * 12;
    for (int i = 0, p = 0; i < seen.length; i += size, p++) {
      e.addProperty("Seen" + p, Arrays.copyOfRange(seen, i, Math.min(seen.length, i + size)));
    }
    return e;
  }

  private static LogCursor cursor(TableEntity e) {
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    for (int p = 0; p < SEEN_PROPERTIES; p++) {
      Object part = e.getProperty("Seen" + p);
      if (part instanceof byte[] bytes) {
        seen.writeBytes(bytes);
      }
    }
    return new LogCursor(
        instant(e, "Watermark"),
        instant(e, "CoverageFrom"),
        Duration.ofSeconds(((Number) e.getProperty("ChunkSeconds")).longValue()),
        ((Number) e.getProperty("Journal")).longValue(),
        SeenEvents.unpack(seen.toByteArray(), instant(e, "SeenFrom")),
        (String) e.getProperty("LeaseOwner"),
        instant(e, "LeaseUntil"),
        fixWeak(e.getETag()));
  }

  private static TableEntity entity(JobLog log) {
    TableEntity e =
        new TableEntity(JOB_PARTITION, RowKeys.escape(log.jobId()))
            .addProperty("JobId", log.jobId())
            .addProperty("Journal", log.journal());
    List<String> parts = chunks(JobLogJson.write(log).toString());
    for (int i = 0; i < parts.size(); i++) {
      e.addProperty("Data" + i, parts.get(i));
    }
    return e;
  }

  private static JobLog jobLog(TableEntity e) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; e.getProperty("Data" + i) != null; i++) {
      text.append((String) e.getProperty("Data" + i));
    }
    try {
      JobLog log = JobLogJson.read(StorageJson.MAPPER.readTree(text.toString()));
      log.stored(fixWeak(e.getETag()));
      return log;
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("The log tally of " + e.getRowKey() + " is not readable", ex);
    }
  }

  private static List<String> journalParts(Collection<JobLog> window) {
    ArrayNode all = StorageJson.MAPPER.createArrayNode();
    window.forEach(log -> all.add(JobLogJson.write(log)));
    return chunks(all.toString());
  }

  private static List<String> chunks(String text) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < text.length(); i += TEXT_CHUNK) {
      out.add(text.substring(i, Math.min(text.length(), i + TEXT_CHUNK)));
    }
    return out;
  }

  private static String journalKey(long journal, int part) {
    return "journal-" + String.format("%020d", journal) + "-" + String.format("%03d", part);
  }

  private static Optional<TableEntity> find(TableClient table, String pk, String rk) {
    try {
      return Optional.of(table.getEntity(pk, rk));
    } catch (TableServiceException e) {
      if (e.getResponse().getStatusCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static java.time.Instant instant(TableEntity e, String name) {
    Object v = e.getProperty(name);
    return v instanceof OffsetDateTime t ? t.toInstant() : null;
  }

  /** Azurite's weak ETags lose their closing quote on the way in (see TableSetupStore). */
  private static String fixWeak(String etag) {
    if (etag != null && etag.startsWith("W/\"") && !etag.endsWith("\"")) {
      return etag + "\"";
    }
    return etag;
  }
}
