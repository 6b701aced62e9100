package com.provisioningops.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.data.tables.TableServiceClient;
import com.provisioningops.MutableClock;
import com.provisioningops.adapter.graph.GraphConnection;
import com.provisioningops.adapter.graph.GraphInboundProvisioning;
import com.provisioningops.adapter.graph.GraphLogReader;
import com.provisioningops.adapter.graph.GraphProvisioningClient;
import com.provisioningops.adapter.storage.TableLogLedger;
import com.provisioningops.adapter.storage.TableUploadLedger;
import com.provisioningops.alerts.Alert;
import com.provisioningops.alerts.AlertBook;
import com.provisioningops.alerts.MemoryAlertStore;
import com.provisioningops.devhost.AzuriteTables;
import com.provisioningops.monitoring.jobs.MemoryJobRegistry;
import com.provisioningops.monitoring.logs.DelegatingLedger;
import com.provisioningops.monitoring.logs.LogCursor;
import com.provisioningops.monitoring.logs.LogLedger;
import com.provisioningops.monitoring.logs.LogMonitor;
import com.provisioningops.monitoring.logs.LogTally;
import com.provisioningops.provisioning.Actor;
import com.provisioningops.provisioning.JobId;
import com.provisioningops.provisioning.ServicePrincipalId;
import com.provisioningops.sandbox.GraphSandbox;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Uploads followed through the provisioning logs by the real log monitor, reading the Graph sandbox
 * (on the test's clock) with the real ledgers on Azurite: processed, partly failed, not processed
 * in time (one alert, resolved when the records arrive late), and a run that dies before it
 * commits.
 */
class UploadTrackingTest {
  private static final Actor APP = Actor.app("function key");
  private static final MutableClock clock = new MutableClock(Instant.now());
  private static GraphSandbox sandbox;
  @RegisterExtension static final AzuriteTables storage = new AzuriteTables();
  private static TableServiceClient tables;

  private final MemoryAlertStore alerts = new MemoryAlertStore();
  private GraphConnection graph;
  private TableUploadLedger uploadLedger;
  private TableLogLedger logLedger;
  private ServicePrincipalId sp;
  private JobId job;
  private int runs;

  @BeforeAll
  static void sandboxOnTheTestClock() throws IOException {
    sandbox = GraphSandbox.start(0, clock::instant);
    tables = storage.tables();
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @BeforeEach
  void aRunningInboundJob() {
    sandbox.reset();
    sandbox.auditThrottle(false);
    for (String table : List.of("uploads", "checkpoints", "joblogs")) {
      try {
        tables.deleteTable(table);
      } catch (com.azure.data.tables.models.TableServiceException absent) {
        // first test: nothing to delete
      }
    }
    graph =
        GraphConnection.create(
            sandbox.baseUrl(), null, Duration.ofSeconds(5), Duration.ofSeconds(3));
    uploadLedger = new TableUploadLedger(tables);
    logLedger = new TableLogLedger(tables);
    String spId = sandbox.tenant().servicePrincipalOf(sandbox.tenant().jobInScenario("healthy"));
    sp = ServicePrincipalId.parse(spId);
    job = JobId.parse(sandbox.tenant().addInboundJob(spId));
  }

  @Test
  void anUploadWhoseRecordsAllReachTheLogsIsProcessed() {
    sandbox.tenant().bulkUploadDelay(Duration.ofMinutes(5));
    Upload sent = upload(record("E-1", true), record("E-2", true));

    clock.advance(Duration.ofMinutes(6));
    logsRead();

    Upload now = uploads().get(job, sent.id());
    assertThat(now.status()).isEqualTo(Upload.Status.processed);
    assertThat(now.succeeded()).isEqualTo(2);
    assertThat(now.pending()).isZero();
    assertThat(now.completedAt()).isNotNull();
    assertThat(alerts.allActive()).isEmpty();
  }

  @Test
  void aRecordThatFailsMakesTheUploadPartlyFailedAndSaysWhy() {
    sandbox.tenant().bulkUploadDelay(Duration.ofMinutes(5));
    Upload sent = upload(record("E-1", true), record("E-2", false));

    clock.advance(Duration.ofMinutes(6));
    logsRead();

    Upload now = uploads().get(job, sent.id());
    assertThat(now.status()).isEqualTo(Upload.Status.partlyFailed);
    assertThat(now.succeeded()).isEqualTo(1);
    assertThat(now.failed()).isEqualTo(1);
    Upload.UploadRecord failed =
        now.records().stream().filter(r -> r.externalId().equals("E-2")).findFirst().orElseThrow();
    assertThat(failed.result()).isEqualTo("failure");
    assertThat(failed.errorCode()).isNotBlank();
    assertThat(failed.reason()).isNotBlank();
  }

  @Test
  void anUploadNotProcessedByItsDeadlineRaisesOneAlertThatResolvesWhenItsRecordsArriveLate() {
    sandbox.tenant().bulkUploadDelay(Duration.ofMinutes(40));
    Upload sent = upload(record("E-1", true), record("E-2", true));

    clock.advance(Duration.ofMinutes(35));
    logsRead();
    clock.advance(Duration.ofMinutes(1));
    logsRead();

    assertThat(uploads().get(job, sent.id()).status()).isEqualTo(Upload.Status.notProcessed);
    assertThat(alerts.allActive())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.rule()).isEqualTo(UploadTracking.RULE);
              assertThat(a.severity()).isEqualTo(Alert.Severity.warning);
              assertThat(a.jobId()).isEqualTo(job.value());
              assertThat(a.detail()).contains("E-1", "E-2", sent.id(), "What to do:");
              assertThat(a.occurrences()).isEqualTo(2);
            });

    clock.advance(Duration.ofMinutes(10));
    logsRead();

    assertThat(uploads().get(job, sent.id()).status()).isEqualTo(Upload.Status.processed);
    assertThat(alerts.allActive()).isEmpty();
  }

  @Test
  void theDeadlineIsJudgedAtTheLogWatermarkSoALaggingMonitorRaisesNothing() {
    sandbox.tenant().bulkUploadDelay(Duration.ofMinutes(5));
    Upload sent = upload(record("E-1", true));
    logsRead(); // the watermark stands at the upload

    clock.advance(Duration.ofHours(1)); // nothing read since: the records may be in the logs
    new UploadTracking(uploadLedger, clock).sightings(sent.requestedAt());

    assertThat(uploads().get(job, sent.id()).status()).isEqualTo(Upload.Status.accepted);
  }

  @Test
  void aRunThatDiesBeforeCommittingShowsTheRecordsAgainAndEachCountsOnce() {
    sandbox.tenant().bulkUploadDelay(Duration.ofMinutes(5));
    Upload sent = upload(record("E-1", true), record("E-2", true));
    clock.advance(Duration.ofMinutes(6));

    assertThatThrownBy(() -> monitor(new DiesAtCommit(logLedger)).run("dies"))
        .isInstanceOf(ProcessDied.class);
    clock.advance(Duration.ofMinutes(10)); // the dead run's lease runs out
    logsRead();

    Upload now = uploads().get(job, sent.id());
    assertThat(now.status()).isEqualTo(Upload.Status.processed);
    assertThat(now.succeeded()).isEqualTo(2);
    assertThat(now.records()).hasSize(2);
  }

  // ---- given

  private Upload upload(ScimBulkRequest.Operation... ops) {
    return uploads()
        .submit(APP, sp, job, null, new ScimBulkRequest(null, List.of(ops), null))
        .upload();
  }

  private BulkUploads uploads() {
    return new BulkUploads(
        uploadLedger,
        new GraphInboundProvisioning(graph),
        new GraphProvisioningClient(graph),
        new BulkUploads.Settings(Duration.ofMinutes(30), Duration.ofMinutes(2)),
        clock);
  }

  private static ScimBulkRequest.Operation record(String externalId, boolean withUserName) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("externalId", externalId);
    if (withUserName) {
      data.put("userName", externalId.toLowerCase() + "@contoso.com");
    }
    return new ScimBulkRequest.Operation("POST", externalId, "/Users", data);
  }

  private void logsRead() {
    monitor(logLedger).run("run-" + runs++);
  }

  private LogMonitor monitor(LogLedger ledger) {
    return new LogMonitor(
        GraphLogReader.unpaced(graph),
        ledger,
        new MemoryJobRegistry(),
        new AlertBook(alerts, clock),
        new LogMonitor.Settings(
            10,
            Duration.ofHours(1),
            Duration.ofMinutes(10),
            24,
            Duration.ofDays(1),
            Duration.ofMinutes(4)),
        new UploadTracking(uploadLedger, clock),
        clock);
  }

  /** The table ledger, but the process dies when it would commit a window. */
  private static final class DiesAtCommit extends DelegatingLedger {
    DiesAtCommit(LogLedger inner) {
      super(inner);
    }

    @Override
    public Optional<LogCursor> commit(
        LogCursor expected, LogCursor next, Collection<LogTally> window) {
      throw new ProcessDied();
    }
  }

  /** Stands for the process dying: nothing in the app catches an Error. */
  private static final class ProcessDied extends Error {}
}
