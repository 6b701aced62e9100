package com.provisioningops.adapter.storage;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableErrorCode;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.azure.data.tables.models.TableTransactionFailedException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.provisioningops.failure.Failure;
import com.provisioningops.monitoring.logs.LogCursor;
import com.provisioningops.monitoring.logs.LogLedger;
import com.provisioningops.monitoring.logs.LogTally;
import java.util.ArrayList;
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
            Entities.find(
                    tables.get(TableCheckpoints.TABLE),
                    LogLedgerRows.PARTITION,
                    LogLedgerRows.CURSOR)
                .map(LogLedgerRows::cursor)
                .orElseGet(LogCursor::fresh));
  }

  @Override
  public Optional<LogCursor> replace(LogCursor expected, LogCursor next) {
    return StorageFailures.call(
        "save the log monitor's cursor", () -> write(expected, next, List.of()));
  }

  @Override
  public Optional<LogCursor> commit(
      LogCursor expected, LogCursor next, Collection<LogTally> window) {
    List<String> parts = LogLedgerRows.journalParts(window);
    if (parts.size() > MAX_JOURNAL_PARTS) {
      throw Failure.invalid(
          "The window's journal needs " + parts.size() + " rows; read it in smaller windows.");
    }
    List<TableEntity> journal = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      journal.add(
          new TableEntity(LogLedgerRows.PARTITION, LogLedgerRows.journalKey(next.journal(), i))
              .addProperty("Delta", parts.get(i)));
    }
    return StorageFailures.call(
        "commit a window of provisioning logs", () -> write(expected, next, journal));
  }

  @Override
  public List<LogTally> journal(long journal) {
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
            List<LogTally> out = new ArrayList<>();
            for (JsonNode n : StorageJson.MAPPER.readTree(text.toString())) {
              out.add(LogTallyJson.read(n));
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
                          + LogLedgerRows.journalKey(journal, 999)
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
                              new TableEntity(LogLedgerRows.PARTITION, e.getRowKey()))));
          for (int i = 0; i < deletes.size(); i += BATCH) {
            table.submitTransaction(deletes.subList(i, Math.min(i + BATCH, deletes.size())));
          }
          return null;
        });
  }

  @Override
  public Map<String, LogTally> jobLogs() {
    return StorageFailures.call(
        "read the job log tallies",
        () -> {
          Map<String, LogTally> out = new HashMap<>();
          tables
              .get(JOB_LOGS)
              .listEntities()
              .forEach(
                  e -> {
                    LogTally log = LogLedgerRows.jobLog(e);
                    out.put(log.jobId(), log);
                  });
          return out;
        });
  }

  @Override
  public Optional<LogTally> jobLog(String jobId) {
    return StorageFailures.call(
        "read a job's log tally",
        () ->
            Entities.find(tables.get(JOB_LOGS), LogLedgerRows.JOB_PARTITION, RowKeys.escape(jobId))
                .map(LogLedgerRows::jobLog));
  }

  @Override
  public List<String> save(Collection<LogTally> logs) {
    return StorageFailures.call(
        "save the job log tallies",
        () -> {
          List<LogTally> all = new ArrayList<>(logs);
          List<String> raced = new ArrayList<>();
          TableClient table = tables.get(JOB_LOGS);
          for (int i = 0; i < all.size(); i += BATCH) {
            List<LogTally> batch = all.subList(i, Math.min(i + BATCH, all.size()));
            List<TableTransactionAction> actions = new ArrayList<>();
            for (LogTally log : batch) {
              TableEntity e = LogLedgerRows.entity(log);
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
    TableEntity cursor = LogLedgerRows.cursorEntity(next);
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
    String etag = table.getEntity(LogLedgerRows.PARTITION, LogLedgerRows.CURSOR).getETag();
    return Optional.of(
        new LogCursor(
            next.watermark(),
            next.coverageFrom(),
            next.chunk(),
            next.journal(),
            next.seen(),
            next.leaseOwner(),
            next.leaseUntil(),
            Entities.etag(etag)));
  }

  private static Map<String, String> etags(TableClient table, List<LogTally> batch) {
    StringBuilder filter =
        new StringBuilder("PartitionKey eq '" + LogLedgerRows.JOB_PARTITION + "' and (");
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
        .forEach(e -> out.put(e.getRowKey(), Entities.etag(e.getETag())));
    return out;
  }

  /** The transaction's envelope succeeds; the failed action's own error says why. */
  private static boolean lostRace(TableTransactionFailedException e) {
    return e.getValue() != null
        && (TableErrorCode.ENTITY_ALREADY_EXISTS.equals(e.getValue().getErrorCode())
            || TableErrorCode.UPDATE_CONDITION_NOT_SATISFIED.equals(e.getValue().getErrorCode()));
  }
}
