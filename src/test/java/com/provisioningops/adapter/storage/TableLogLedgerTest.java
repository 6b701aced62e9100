package com.provisioningops.adapter.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.data.tables.TableServiceClient;
import com.provisioningops.devhost.AzuriteTables;
import com.provisioningops.failure.Failure;
import com.provisioningops.monitoring.logs.LogCursor;
import com.provisioningops.monitoring.logs.LogTally;
import com.provisioningops.monitoring.logs.SeenEvents;
import com.provisioningops.provisioning.ProvisioningEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The log monitor's ledger over the real Tables SDK and Azurite. */
class TableLogLedgerTest {
  @RegisterExtension static final AzuriteTables storage = new AzuriteTables();
  private static TableServiceClient tables;
  private TableLogLedger ledger;
  private final Instant now = Instant.parse("2026-12-01T10:00:00Z");

  @BeforeAll
  static void tablesOnAzurite() {
    tables = storage.tables();
  }

  @BeforeEach
  void emptyTables() {
    for (String t : List.of("checkpoints", "joblogs")) {
      try {
        tables.deleteTable(t);
      } catch (RuntimeException absent) {
        // first test
      }
    }
    ledger = new TableLogLedger(tables);
  }

  @Test
  void aCursorAndTallyNeverWrittenAreReadWithoutLoggingAnError() {
    List<LogRecord> logged = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
              logged.add(r);
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger root = Logger.getLogger("");
    root.addHandler(capture);
    try {
      assertThat(ledger.cursor().watermark()).isNull();
      assertThat(ledger.jobLog("a-job-never-counted")).isEmpty();
    } finally {
      root.removeHandler(capture);
    }
    // Every job GET reads both before the log monitor's first run: an absent row is an answer,
    // not an error for the app's log (Application Insights counts each as a failure).
    assertThat(logged).extracting(LogRecord::getMessage).isEmpty();
  }

  private LogTally logOf(String jobId, int failures) {
    LogTally log = new LogTally(jobId);
    for (int i = 0; i < failures; i++) {
      log.count(
          new ProvisioningEvent(
              UUID.randomUUID().toString(),
              now.minusSeconds(i),
              jobId,
              null,
              "sp-1",
              "App",
              "update",
              "failure",
              "Code" + (i % 2),
              "failure",
              "Because.",
              "Fix it.",
              "u" + i,
              "User " + i,
              null,
              10));
    }
    return log;
  }

  private LogCursor advanced(LogCursor c, Instant to, SeenEvents seen) {
    return new LogCursor(
        to,
        now.minusSeconds(3600),
        Duration.ofMinutes(30),
        c.journal() + 1,
        seen,
        "run",
        now,
        null);
  }

  @Test
  void aCommittedWindowKeepsCursorSeenEventsAndJournalTogether() {
    SeenEvents seen = SeenEvents.none();
    seen.add("evt-1", now.minusSeconds(5));
    LogCursor fresh = ledger.cursor();

    LogCursor saved =
        ledger.commit(fresh, advanced(fresh, now, seen), List.of(logOf("job-a", 3))).orElseThrow();

    LogCursor read = ledger.cursor();
    assertThat(read.watermark()).isEqualTo(now);
    assertThat(read.journal()).isEqualTo(1);
    assertThat(read.chunk()).isEqualTo(Duration.ofMinutes(30));
    assertThat(read.seen().contains("evt-1")).isTrue();
    assertThat(read.version()).isEqualTo(saved.version());
    List<LogTally> journal = ledger.journal(1);
    assertThat(journal).hasSize(1);
    assertThat(journal.get(0).failuresByCode(now.minusSeconds(600), now))
        .containsEntry("Code0", 2)
        .containsEntry("Code1", 1);
    ledger.clearJournal(1);
    assertThat(ledger.journal(1)).isEmpty();
  }

  @Test
  void aCursorChangedSinceItWasReadIsNotOverwritten() {
    LogCursor fresh = ledger.cursor();
    LogCursor first = ledger.replace(fresh, fresh.withLease("run-a", now)).orElseThrow();

    Optional<LogCursor> stale = ledger.replace(fresh, fresh.withLease("run-b", now));
    Optional<LogCursor> staleCommit =
        ledger.commit(fresh, advanced(fresh, now, SeenEvents.none()), List.of());

    assertThat(stale).isEmpty();
    assertThat(staleCommit).isEmpty();
    assertThat(ledger.cursor().leaseOwner()).isEqualTo("run-a");
    assertThat(ledger.replace(first, first.withLease("run-a", now.plusSeconds(1)))).isPresent();
  }

  @Test
  void aJournalTooLargeForOneTransactionIsRefusedSoTheWindowIsReadSmaller() {
    List<LogTally> huge = new ArrayList<>();
    for (int j = 0; j < 5000; j++) {
      LogTally log = new LogTally("job-" + j + "-" + "x".repeat(300));
      huge.add(log);
    }
    LogCursor fresh = ledger.cursor();

    assertThatThrownBy(() -> ledger.commit(fresh, advanced(fresh, now, SeenEvents.none()), huge))
        .isInstanceOf(Failure.InvalidInput.class);
    assertThat(ledger.cursor().version()).isNull();
  }

  @Test
  void aTallyChangedSinceItWasReadLosesItsRaceAndIsNotSaved() {
    assertThat(ledger.save(List.of(logOf("job-a", 2), logOf("job-b", 1)))).isEmpty();
    LogTally mine = ledger.jobLog("job-a").orElseThrow();
    LogTally theirs = ledger.jobLog("job-a").orElseThrow();
    assertThat(ledger.save(List.of(theirs))).isEmpty();

    List<String> raced = ledger.save(List.of(mine));

    assertThat(raced).containsExactly("job-a");
    assertThat(ledger.jobLogs()).containsOnlyKeys("job-a", "job-b");
    assertThat(ledger.save(List.of(logOf("job-b", 5))))
        .as("a new tally where one exists")
        .containsExactly("job-b");
  }

  @Test
  void aTallyRoundTripsWithItsBucketsCodesAndSamples() {
    LogTally log = logOf("job-a", 7);
    ledger.save(List.of(log));

    LogTally read = ledger.jobLog("job-a").orElseThrow();

    assertThat(read.summary(now.minusSeconds(3600), now))
        .isEqualTo(log.summary(now.minusSeconds(3600), now));
    assertThat(read.code("Code0").samples()).hasSize(3);
    assertThat(read.servicePrincipalId()).isEqualTo("sp-1");
    assertThat(read.version()).isNotNull();
  }
}
