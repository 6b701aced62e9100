package com.provisioningops.monitoring.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.data.tables.TableServiceClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.provisioningops.MutableClock;
import com.provisioningops.adapter.graph.GraphConnection;
import com.provisioningops.adapter.graph.GraphLogReader;
import com.provisioningops.adapter.storage.TableLogLedger;
import com.provisioningops.alerts.Alert;
import com.provisioningops.alerts.AlertBook;
import com.provisioningops.alerts.MemoryAlertStore;
import com.provisioningops.devhost.AzuriteTables;
import com.provisioningops.monitoring.jobs.JobKey;
import com.provisioningops.monitoring.jobs.MemoryJobRegistry;
import com.provisioningops.provisioning.JobHealth;
import com.provisioningops.provisioning.JobHistory;
import com.provisioningops.provisioning.SynchronizationJob;
import com.provisioningops.sandbox.GraphSandbox;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The log monitor through the real Graph log reader against the Graph sandbox and the real table
 * ledger on Azurite: every event counted once (overlap, repeated pages, crashes, overlapping runs,
 * throttled catch-up over several runs), and each rule opening and resolving its alert.
 */
class LogMonitorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final GraphSandbox sandbox = GraphSandbox.forTests();
  @RegisterExtension static final AzuriteTables storage = new AzuriteTables();
  private static TableServiceClient tables;

  private final MutableClock clock = new MutableClock(Instant.now());
  private final MemoryJobRegistry registry = new MemoryJobRegistry();
  private final MemoryAlertStore alerts = new MemoryAlertStore();
  private GraphConnection graph;
  private TableLogLedger ledger;

  @BeforeAll
  static void tablesOnAzurite() {
    tables = storage.tables();
  }

  @BeforeEach
  void freshTenantAndLedger() {
    sandbox.reset();
    sandbox.auditThrottle(false);
    for (String table : List.of("checkpoints", "joblogs")) {
      try {
        tables.deleteTable(table);
      } catch (com.azure.data.tables.models.TableServiceException absent) {
        // first test: nothing to delete
      }
    }
    graph =
        GraphConnection.create(
            sandbox.baseUrl(), null, Duration.ofSeconds(5), Duration.ofSeconds(3));
    ledger = new TableLogLedger(tables);
  }

  private LogMonitor monitor(LogSource source, LogLedger ledger, Clock clock, Duration budget) {
    return monitor(source, ledger, clock, budget, Duration.ofMinutes(10));
  }

  private LogMonitor monitor(
      LogSource source, LogLedger ledger, Clock clock, Duration budget, Duration overlap) {
    return new LogMonitor(
        source,
        ledger,
        registry,
        new AlertBook(alerts, clock),
        new LogMonitor.Settings(10, Duration.ofHours(1), overlap, 24, Duration.ofDays(1), budget),
        LogWatch.NONE,
        clock);
  }

  /** The real reader, with every request taking two seconds of the test clock: the audit pace. */
  private LogSource pacedByTheTestClock() {
    LogSource real = GraphLogReader.unpaced(graph);
    return (after, before, next, deadline, sink) -> {
      if (!clock.instant().plusSeconds(2).isBefore(deadline)) {
        return new LogSource.LogPage(null, 0, 0, 0, true);
      }
      clock.advance(Duration.ofSeconds(2));
      return real.read(after, before, next, deadline, sink);
    };
  }

  private LogMonitor monitor() {
    return monitor(GraphLogReader.unpaced(graph), ledger, clock, Duration.ofMinutes(4));
  }

  // ---- given ----

  private ObjectNode event(String jobId, Instant at, String action, String status, String code) {
    ObjectNode e = JSON.createObjectNode();
    e.put("id", "evt-" + UUID.randomUUID());
    e.put("activityDateTime", at.toString());
    e.put("jobId", jobId);
    e.put("cycleId", UUID.randomUUID().toString());
    e.putObject("servicePrincipal")
        .put("id", servicePrincipalOf(jobId))
        .put("displayName", "App " + jobId);
    e.put("provisioningAction", action);
    ObjectNode info = e.putObject("provisioningStatusInfo");
    info.put("status", status);
    if (code != null) {
      info.putObject("errorInformation")
          .put("errorCode", code)
          .put("errorCategory", "failure")
          .put("reason", "Reason for " + code + ".")
          .put("recommendedAction", "Fix " + code + ".");
    }
    e.putObject("sourceIdentity")
        .put("id", UUID.randomUUID().toString())
        .put("displayName", "Person " + at.getNano() % 97);
    return e;
  }

  private void givenEvents(List<ObjectNode> events) {
    sandbox.tenant().addEvents(events);
  }

  private List<ObjectNode> failures(String jobId, String code, int n, Instant around) {
    List<ObjectNode> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(event(jobId, around.minusSeconds(10L * i), "update", "failure", code));
    }
    return out;
  }

  private static String servicePrincipalOf(String jobId) {
    return UUID.nameUUIDFromBytes(jobId.getBytes(StandardCharsets.UTF_8)).toString();
  }

  private void givenActiveJob(String jobId) {
    JobKey key = JobKey.of(servicePrincipalOf(jobId), jobId);
    registry.register(key, "App " + jobId);
    JobHealth healthy =
        new JobHealth(
            JobHealth.HealthState.healthy,
            JobHealth.Severity.none,
            List.of(),
            null,
            null,
            0,
            null,
            null,
            null,
            null,
            null);
    registry.saveSnapshots(
        List.of(
            registry
                .find(key)
                .orElseThrow()
                .read(
                    healthy,
                    SynchronizationJob.StatusCode.Active,
                    JobHistory.UNKNOWN,
                    clock.instant())));
  }

  // ---- then ----

  /** Events per job in the sandbox between {@code after} and {@code before}: the truth. */
  private static Map<String, Integer> eventsPerJob(Instant after, Instant before) {
    Map<String, Integer> out = new HashMap<>();
    Map<String, Boolean> ids = new HashMap<>();
    for (JsonNode e : sandbox.tenant().events()) {
      Instant at = Instant.parse(e.path("activityDateTime").asText());
      if (at.isAfter(after)
          && at.isBefore(before)
          && ids.put(e.path("id").asText(), true) == null) {
        out.merge(e.path("jobId").asText(), 1, Integer::sum);
      }
    }
    return out;
  }

  /** Events per job as the monitor counted them. */
  private Map<String, Integer> countedPerJob() {
    Map<String, Integer> out = new HashMap<>();
    ledger
        .jobLogs()
        .forEach(
            (id, log) -> {
              int n = 0;
              for (LogBucket b : log.buckets()) {
                n += b.success() + b.failure() + b.skipped() + b.warning();
              }
              out.put(id, n);
            });
    return out;
  }

  private void thenEveryEventIsCountedOnce() {
    LogCursor cursor = ledger.cursor();
    assertThat(countedPerJob())
        .isEqualTo(
            eventsPerJob(cursor.coverageFrom().minus(LogMonitor.BOUNDARY), cursor.watermark()));
  }

  private List<Alert> activeAlerts(String partition, String rule) {
    return alerts.active(partition).stream().filter(a -> a.rule().equals(rule)).toList();
  }

  // ---- tests ----

  @Test
  void firstRunReadsTheBackfillAndCountsEveryEventOnce() {
    LogRunSummary first = monitor().run("run-1");

    LogCursor cursor = ledger.cursor();
    assertThat(cursor.watermark()).isEqualTo(clock.instant());
    assertThat(cursor.coverageFrom()).isEqualTo(clock.instant().minus(Duration.ofDays(1)));
    assertThat(first.events()).isPositive();
    assertThat(first.stop()).isEqualTo("caught up");
    assertThat(first.lag()).isNotNull();
    thenEveryEventIsCountedOnce();
    assertThat(cursor.leaseOwner()).isNull();
  }

  @Test
  void aSecondRunRereadsTheOverlapButCountsNothingTwice() {
    monitor().run("run-1");
    Map<String, Integer> before = countedPerJob();
    clock.advance(Duration.ofMinutes(10));

    LogRunSummary second = monitor().run("run-2");

    assertThat(second.events()).isZero();
    assertThat(countedPerJob()).isEqualTo(before);
    thenEveryEventIsCountedOnce();
  }

  @Test
  void aLateEventInsideTheOverlapIsCountedOnceByTheNextRun() {
    monitor().run("run-1");
    Instant watermark = ledger.cursor().watermark();
    givenEvents(
        List.of(
            event("late-job", watermark.minus(Duration.ofMinutes(4)), "create", "success", null)));
    clock.advance(Duration.ofMinutes(10));

    LogRunSummary next = monitor().run("run-2");
    LogRunSummary after = monitor().run("run-3");

    assertThat(next.events()).isEqualTo(1);
    assertThat(after.events()).isZero();
    assertThat(countedPerJob()).containsEntry("late-job", 1);
    thenEveryEventIsCountedOnce();
  }

  @Test
  void anEventJustInsideTheOverlapBoundaryIsCountedOnce() {
    // Half past a second, so the second before the overlap is cut in two.
    clock.advance(Duration.ofMillis(1500 - clock.instant().toEpochMilli() % 1000));
    Instant watermark = clock.instant();
    givenEvents(
        List.of(
            event(
                "edge-job",
                watermark.minus(Duration.ofMinutes(10)).minusMillis(900),
                "create",
                "success",
                null)));
    monitor().run("run-1");
    clock.advance(Duration.ofMinutes(5));

    LogRunSummary next = monitor().run("run-2");

    assertThat(next.duplicates()).isEqualTo(1);
    assertThat(countedPerJob()).containsEntry("edge-job", 1);
    thenEveryEventIsCountedOnce();
  }

  @Test
  void aLongOverlapStillAdvancesTheWatermark() {
    Instant now = clock.instant();
    List<ObjectNode> busy = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      busy.add(event("busy-job", now.minusSeconds(7L * i + 3), "update", "success", null));
    }
    givenEvents(busy);
    LogMonitor caughtUp = monitor();
    caughtUp.run("backfill"); // everything read once, unpaced
    clock.advance(Duration.ofMinutes(10));
    givenEvents(
        List.of(event("new-job", clock.instant().minusSeconds(30), "create", "success", null)));
    // Six hours of busy overlap, and a run can read five pages of it at the audit pace.
    LogMonitor paced =
        monitor(pacedByTheTestClock(), ledger, clock, Duration.ofSeconds(10), Duration.ofHours(6));

    List<LogRunSummary> runs = new ArrayList<>();
    do {
      clock.advance(Duration.ofSeconds(30));
      runs.add(paced.run("run-" + runs.size()));
    } while (!runs.get(runs.size() - 1).stop().equals("caught up") && runs.size() < 30);

    assertThat(runs.get(runs.size() - 1).stop()).isEqualTo("caught up");
    assertThat(ledger.cursor().watermark()).isAfter(now.plus(Duration.ofMinutes(10)));
    assertThat(countedPerJob()).containsEntry("new-job", 1).containsEntry("busy-job", 3000);
  }

  @Test
  void anEventListedTwiceAcrossPagesAndRunsIsCountedOnce() {
    ObjectNode twice =
        event("dup-job", clock.instant().minusSeconds(30), "create", "failure", "E1");
    List<ObjectNode> filler = new ArrayList<>();
    for (int i = 0; i < 700; i++) {
      filler.add(
          event("filler-job", clock.instant().minusSeconds(60 + i), "update", "success", null));
    }
    givenEvents(List.of(twice));
    givenEvents(filler);
    givenEvents(
        List.of(
            twice
                .deepCopy()
                .put("activityDateTime", clock.instant().minusSeconds(2000).toString())));

    LogRunSummary run = monitor().run("run-1");
    clock.advance(Duration.ofMinutes(5));
    monitor().run("run-2");

    assertThat(run.pages()).isGreaterThan(1);
    assertThat(run.duplicates()).isGreaterThanOrEqualTo(1);
    assertThat(countedPerJob()).containsEntry("dup-job", 1).containsEntry("filler-job", 700);
  }

  @Test
  void aRunThatDiesAfterCommittingAWindowLeavesItToTheNextRunToAddOnce() {
    AtomicInteger saves = new AtomicInteger();
    LogLedger dying =
        new DelegatingLedger(ledger) {
          @Override
          public List<String> save(Collection<LogTally> logs) {
            if (saves.incrementAndGet() == 1) {
              // The process dies half-way: the first batch reaches storage, the rest does not.
              List<LogTally> half = new ArrayList<>(logs).subList(0, logs.size() / 2);
              super.save(half);
              throw new IllegalStateException("killed");
            }
            return super.save(logs);
          }
        };
    assertThatThrownBy(
            () ->
                monitor(GraphLogReader.unpaced(graph), dying, clock, Duration.ofMinutes(4))
                    .run("run-1"))
        .hasMessage("killed");
    assertThat(ledger.journal(ledger.cursor().journal())).isNotEmpty();
    clock.advance(Duration.ofMinutes(6)); // the dead run's lease lapses

    monitor().run("run-2");

    assertThat(ledger.journal(1)).isEmpty();
    thenEveryEventIsCountedOnce();
  }

  @Test
  void aRunThatDiesAfterReadingGraphAndBeforeCommittingLosesNothingAndCountsNothingTwice() {
    LogLedger dying =
        new DelegatingLedger(ledger) {
          @Override
          public Optional<LogCursor> commit(
              LogCursor expected, LogCursor next, Collection<LogTally> window) {
            throw new IllegalStateException("killed"); // the pages were read, nothing written
          }
        };
    assertThatThrownBy(
            () ->
                monitor(GraphLogReader.unpaced(graph), dying, clock, Duration.ofMinutes(4))
                    .run("run-1"))
        .hasMessage("killed");
    assertThat(ledger.cursor().watermark()).isNull();
    assertThat(ledger.jobLogs()).isEmpty();
    clock.advance(Duration.ofMinutes(6)); // the dead run's lease lapses

    monitor().run("run-2");

    thenEveryEventIsCountedOnce();
  }

  @Test
  void twoRunsAtOnceCountEveryEventOnce() {
    CompletableFuture<LogRunSummary> a =
        CompletableFuture.supplyAsync(() -> monitor().run("run-a"));
    CompletableFuture<LogRunSummary> b =
        CompletableFuture.supplyAsync(() -> monitor().run("run-b"));

    List<String> stops = List.of(a.join().stop(), b.join().stop());

    assertThat(stops).anyMatch(s -> s.startsWith("skipped"));
    thenEveryEventIsCountedOnce();
  }

  @Test
  void failuresAboveTheThresholdRaiseOneAlertNamingTopCodesAndResolveWhenTheWindowPasses() {
    Instant now = clock.instant();
    List<ObjectNode> events =
        new ArrayList<>(failures("sick-job", "SchemaError", 12, now.minusSeconds(60)));
    events.addAll(failures("sick-job", "InvalidEmail", 3, now.minusSeconds(30)));
    events.addAll(failures("mild-job", "SchemaError", 9, now.minusSeconds(60)));
    givenEvents(events);

    monitor().run("run-1");

    List<Alert> sick = activeAlerts("sick-job", "logFailures");
    assertThat(sick).hasSize(1);
    Alert alert = sick.get(0);
    assertThat(alert.source()).isEqualTo(Alert.Source.provisioningLogs);
    assertThat(alert.severity()).isEqualTo(Alert.Severity.warning);
    assertThat(alert.errorCode()).isEqualTo("SchemaError");
    assertThat(alert.title()).contains("15 provisioning failures");
    assertThat(alert.detail())
        .contains(
            "SchemaError ×12",
            "InvalidEmail ×3",
            "Reason for SchemaError.",
            "Fix SchemaError.",
            "Person ");
    assertThat(activeAlerts("mild-job", "logFailures")).isEmpty();

    clock.advance(Duration.ofMinutes(30));
    monitor().run("run-2");
    assertThat(activeAlerts("sick-job", "logFailures")).hasSize(1);
    assertThat(alerts.find(alert.id()).orElseThrow().occurrences()).isEqualTo(2);

    clock.advance(Duration.ofMinutes(45));
    monitor().run("run-3");
    assertThat(activeAlerts("sick-job", "logFailures")).isEmpty();
    assertThat(alerts.find(alert.id()).orElseThrow().state()).isEqualTo(Alert.State.resolved);
  }

  @Test
  void stagedDeletesRaiseAWarningThatResolvesWhenTheWindowPasses() {
    List<ObjectNode> staged = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      staged.add(
          event(
              "guarded-job",
              clock.instant().minusSeconds(100 + i),
              "stagedDelete",
              "skipped",
              null));
    }
    givenEvents(staged);

    monitor().run("run-1");

    List<Alert> open = activeAlerts("guarded-job", "stagedDeletes");
    assertThat(open).hasSize(1);
    assertThat(open.get(0).title()).contains("3 deletes held back");
    assertThat(open.get(0).detail()).contains("Person ");

    clock.advance(Duration.ofMinutes(75));
    monitor().run("run-2");
    assertThat(activeAlerts("guarded-job", "stagedDeletes")).isEmpty();
  }

  private static final String QUIET_JOB =
      "quiet.0123456789abcdef0123456789abcdef.00000000-0000-4000-8000-000000000001";

  @Test
  void anActiveJobSilentForSilentHoursRaisesAWarningThatAnEventResolves() {
    givenActiveJob(QUIET_JOB);
    LogMonitor monitor =
        new LogMonitor(
            GraphLogReader.unpaced(graph),
            ledger,
            registry,
            new AlertBook(alerts, clock),
            new LogMonitor.Settings(
                10,
                Duration.ofHours(1),
                Duration.ofMinutes(10),
                24,
                Duration.ofDays(2),
                Duration.ofMinutes(4)),
            LogWatch.NONE,
            clock);

    monitor.run("run-1");

    List<Alert> silent = activeAlerts(QUIET_JOB, "silent");
    assertThat(silent).hasSize(1);
    assertThat(silent.get(0).title()).contains("no provisioning events for 24 hours");

    givenEvents(
        List.of(event(QUIET_JOB, clock.instant().plusSeconds(30), "update", "success", null)));
    clock.advance(Duration.ofMinutes(1));
    monitor.run("run-2");
    assertThat(activeAlerts(QUIET_JOB, "silent")).isEmpty();
  }

  @Test
  void aMissingPermissionRaisesOneTenantAlertThatResolvesOnceLogsAreReadable() {
    sandbox.faults().error("/auditLogs/provisioning", 403, 1);

    LogRunSummary refused = monitor().run("run-1");

    assertThat(refused.stop()).contains("graph-forbidden");
    List<Alert> tenant = activeAlerts("tenant", "logsUnreadable");
    assertThat(tenant).hasSize(1);
    assertThat(tenant.get(0).detail()).contains("AuditLog.Read.All and Directory.Read.All");
    assertThat(ledger.cursor().watermark()).isNull();

    monitor().run("run-2");
    assertThat(activeAlerts("tenant", "logsUnreadable")).isEmpty();
    thenEveryEventIsCountedOnce();
  }

  @Test
  void aStormOf429sOnTheAuditEndpointIsWaitedOutAndNothingIsLost() {
    sandbox.faults().throttle("/auditLogs/provisioning", 1, 3);

    LogRunSummary run = monitor().run("run-1");

    assertThat(run.throttled()).isEqualTo(3);
    assertThat(run.stop()).isEqualTo("caught up");
    thenEveryEventIsCountedOnce();
  }

  @Test
  void aThrottledCatchUpSpansSeveralRunsWithNoGapNoDoubleCountAndNo429() throws Exception {
    // Graph's limit of 5 audit-log requests per window, over 2 s instead of 10 s: the same
    // protocol, five times quicker. Each run may read for 1 s, so it gets one window's 5 requests.
    Duration window = Duration.ofSeconds(2);
    sandbox.auditThrottle(true);
    sandbox.auditWindow(window);
    Instant now = Instant.now();
    List<ObjectNode> backlog = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      backlog.add(
          event(
              "busy-job-" + (i % 7),
              now.minusSeconds(25L * i + 5),
              "update",
              i % 11 == 0 ? "failure" : "success",
              i % 11 == 0 ? "E" + (i % 3) : null));
    }
    givenEvents(backlog);
    LogMonitor monitor =
        monitor(
            GraphLogReader.pacedPer(graph, window),
            ledger,
            Clock.systemUTC(),
            Duration.ofSeconds(1));

    List<LogRunSummary> runs = new ArrayList<>();
    do {
      if (!runs.isEmpty()) {
        Thread.sleep(window.toMillis() + 500); // the next timer run, once the window has passed
      }
      runs.add(monitor.run("run-" + runs.size()));
    } while (!runs.get(runs.size() - 1).stop().equals("caught up") && runs.size() < 8);

    assertThat(runs.size()).isGreaterThan(1);
    assertThat(runs.get(runs.size() - 1).stop()).isEqualTo("caught up");
    assertThat(runs.stream().mapToInt(LogRunSummary::throttled).sum()).isZero();
    thenEveryEventIsCountedOnce();
  }
}
