package com.provisioningops.adapter.storage;

import com.azure.data.tables.models.TableEntity;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.provisioningops.monitoring.logs.LogCursor;
import com.provisioningops.monitoring.logs.LogTally;
import com.provisioningops.monitoring.logs.SeenEvents;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * How the log ledger's rows look: the cursor (the seen set split over binary properties), each
 * job's tally and each journal part as JSON split over text properties, within Table storage's 64
 * KiB per property.
 */
final class LogLedgerRows {
  static final String PARTITION = "logs";
  static final String CURSOR = "cursor";
  static final String JOB_PARTITION = "job";

  /** Table string properties hold 64 KiB of UTF-16: 30,000 characters leaves room. */
  static final int TEXT_CHUNK = 30_000;

  /** Binary properties hold 64 KiB; 5,000 seen events of 12 bytes each per property. */
  static final int SEEN_PER_PROPERTY = 5_000;

  static final int SEEN_PROPERTIES = 12;

  private LogLedgerRows() {}

  static TableEntity cursorEntity(LogCursor c) {
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

  static LogCursor cursor(TableEntity e) {
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    for (int p = 0; p < SEEN_PROPERTIES; p++) {
      Object part = e.getProperty("Seen" + p);
      if (part instanceof byte[] bytes) {
        seen.writeBytes(bytes);
      }
    }
    return new LogCursor(
        Entities.instant(e, "Watermark"),
        Entities.instant(e, "CoverageFrom"),
        Duration.ofSeconds(((Number) e.getProperty("ChunkSeconds")).longValue()),
        ((Number) e.getProperty("Journal")).longValue(),
        SeenEvents.unpack(seen.toByteArray(), Entities.instant(e, "SeenFrom")),
        (String) e.getProperty("LeaseOwner"),
        Entities.instant(e, "LeaseUntil"),
        Entities.etag(e.getETag()));
  }

  static TableEntity entity(LogTally log) {
    TableEntity e =
        new TableEntity(JOB_PARTITION, RowKeys.escape(log.jobId()))
            .addProperty("JobId", log.jobId())
            .addProperty("Journal", log.journal());
    List<String> parts = chunks(LogTallyJson.write(log).toString());
    for (int i = 0; i < parts.size(); i++) {
      e.addProperty("Data" + i, parts.get(i));
    }
    return e;
  }

  static LogTally jobLog(TableEntity e) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; e.getProperty("Data" + i) != null; i++) {
      text.append((String) e.getProperty("Data" + i));
    }
    try {
      LogTally log = LogTallyJson.read(StorageJson.MAPPER.readTree(text.toString()));
      log.stored(Entities.etag(e.getETag()));
      return log;
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("The log tally of " + e.getRowKey() + " is not readable", ex);
    }
  }

  static List<String> journalParts(Collection<LogTally> window) {
    ArrayNode all = StorageJson.MAPPER.createArrayNode();
    window.forEach(log -> all.add(LogTallyJson.write(log)));
    return chunks(all.toString());
  }

  static List<String> chunks(String text) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < text.length(); i += TEXT_CHUNK) {
      out.add(text.substring(i, Math.min(text.length(), i + TEXT_CHUNK)));
    }
    return out;
  }

  static String journalKey(long journal, int part) {
    return "journal-" + String.format("%020d", journal) + "-" + String.format("%03d", part);
  }
}
