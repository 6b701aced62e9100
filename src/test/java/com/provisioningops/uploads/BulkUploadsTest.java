package com.provisioningops.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.data.tables.TableServiceClient;
import com.provisioningops.MutableClock;
import com.provisioningops.adapter.graph.GraphConnection;
import com.provisioningops.adapter.graph.GraphInboundProvisioning;
import com.provisioningops.adapter.graph.GraphProvisioningClient;
import com.provisioningops.adapter.storage.TableUploadLedger;
import com.provisioningops.devhost.AzuriteTables;
import com.provisioningops.failure.Failure;
import com.provisioningops.provisioning.Actor;
import com.provisioningops.provisioning.InboundProvisioning;
import com.provisioningops.provisioning.JobId;
import com.provisioningops.provisioning.ServicePrincipalId;
import com.provisioningops.sandbox.GraphSandbox;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * "Upload HR records" through the real Graph adapters against the Graph sandbox and the real upload
 * ledger on Azurite: refusals up front, one upload per key whatever retries, races and crashes
 * happen, and Graph's rate kept and reported.
 */
class BulkUploadsTest {
  private static final Actor APP = Actor.app("function key");
  private static final String BULK_UPLOAD =
      "POST /servicePrincipals/{id}/synchronization/jobs/{jobId}/bulkUpload";
  private static final GraphSandbox sandbox = GraphSandbox.forTests();
  @RegisterExtension static final AzuriteTables storage = new AzuriteTables();
  private static TableServiceClient tables;

  private final MutableClock clock = new MutableClock(Instant.now());
  private GraphConnection graph;
  private TableUploadLedger ledger;
  private ServicePrincipalId sp;
  private JobId job;

  @BeforeAll
  static void tablesOnAzurite() {
    tables = storage.tables();
  }

  @BeforeEach
  void aRunningInboundJob() {
    sandbox.reset();
    try {
      tables.deleteTable("uploads"); // the seeded sandbox makes the same job ids each test
    } catch (com.azure.data.tables.models.TableServiceException absent) {
      // first test: nothing to delete
    }
    graph =
        GraphConnection.create(
            sandbox.baseUrl(), null, Duration.ofSeconds(5), Duration.ofSeconds(3));
    ledger = new TableUploadLedger(tables);
    String spId = sandbox.tenant().servicePrincipalOf(sandbox.tenant().jobInScenario("healthy"));
    sp = ServicePrincipalId.parse(spId);
    job = JobId.parse(sandbox.tenant().addInboundJob(spId));
  }

  @Test
  void anUploadIsSentOnceAndRecordedAsAcceptedWithEveryRecordPending() {
    BulkUploads.Submitted done = uploads().submit(APP, sp, job, "key-1", records("E-1", "E-2"));

    assertThat(done.replayed()).isFalse();
    assertThat(done.upload().status()).isEqualTo(Upload.Status.accepted);
    assertThat(done.upload().pending()).isEqualTo(2);
    assertThat(done.upload().graphStatusLink()).contains("/auditLogs/provisioning");
    assertThat(done.upload().deadline()).isEqualTo(done.upload().requestedAt().plusSeconds(1800));
    assertThat(sent()).isEqualTo(1);
    assertThat(uploads().get(job, done.upload().id())).isEqualTo(done.upload());
  }

  @Test
  void anUploadToAPausedJobIsRefusedAndNothingIsSentOrRecorded() {
    sandbox.tenant().pause(job.value());

    assertThatThrownBy(() -> uploads().submit(APP, sp, job, "key-1", records("E-1")))
        .isInstanceOfSatisfying(
            Failure.Conflict.class, f -> assertThat(f.code()).isEqualTo("job-paused"));
    assertThat(sent()).isZero();
    assertThat(uploads().list(job, 50, null).value()).isEmpty();
  }

  @Test
  void anUploadToAQuarantinedOrNonInboundJobIsRefused() {
    String scim = sandbox.tenant().jobInScenario("healthy");
    assertThatThrownBy(() -> uploads().submit(APP, sp, JobId.parse(scim), null, records("E-1")))
        .isInstanceOfSatisfying(
            Failure.Conflict.class, f -> assertThat(f.code()).isEqualTo("not-api-driven"));

    sandbox.tenant().quarantine(job.value(), "EncounteredQuarantineException");
    assertThatThrownBy(() -> uploads().submit(APP, sp, job, null, records("E-1")))
        .isInstanceOfSatisfying(
            Failure.Conflict.class, f -> assertThat(f.code()).isEqualTo("job-quarantined"));
    assertThat(sent()).isZero();
  }

  @Test
  void theSameKeyAgainAnswersTheFirstUploadWithoutSendingAgain() {
    BulkUploads.Submitted first = uploads().submit(APP, sp, job, "key-1", records("E-1"));
    BulkUploads.Submitted again = uploads().submit(APP, sp, job, "key-1", records("E-1"));

    assertThat(again.replayed()).isTrue();
    assertThat(again.upload()).isEqualTo(first.upload());
    assertThat(sent()).isEqualTo(1);
  }

  @Test
  void anIdenticalBodyWithoutAKeyIsOneUploadADayAndANewOneTheNextDay() {
    BulkUploads.Submitted first = uploads().submit(APP, sp, job, null, records("E-1"));
    BulkUploads.Submitted retry = uploads().submit(APP, sp, job, null, records("E-1"));
    clock.advance(Duration.ofDays(1));
    BulkUploads.Submitted tomorrow = uploads().submit(APP, sp, job, null, records("E-1"));

    assertThat(retry.upload().id()).isEqualTo(first.upload().id());
    assertThat(tomorrow.upload().id()).isNotEqualTo(first.upload().id());
    assertThat(sent()).isEqualTo(2);
  }

  @Test
  void aKeyReusedWithOtherRecordsIsRefused() {
    uploads().submit(APP, sp, job, "key-1", records("E-1"));

    assertThatThrownBy(() -> uploads().submit(APP, sp, job, "key-1", records("E-2")))
        .isInstanceOfSatisfying(
            Failure.Conflict.class, f -> assertThat(f.code()).isEqualTo("idempotency-key-reused"));
    assertThat(sent()).isEqualTo(1);
  }

  @Test
  void twoCallsWithOneKeyAtOnceSendItOnceAndRecordOneUpload() throws Exception {
    CountDownLatch bothIn = new CountDownLatch(2);
    InboundProvisioning slow =
        (by, s, j, body) -> {
          bothIn.countDown();
          sleep(300);
          return new GraphInboundProvisioning(graph).bulkUpload(by, s, j, body);
        };
    BulkUploads shared = uploads(slow);
    ExecutorService two = Executors.newFixedThreadPool(2);
    try {
      List<Future<Object>> calls = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        calls.add(
            two.submit(
                (Callable<Object>)
                    () -> {
                      try {
                        return shared.submit(APP, sp, job, "key-1", records("E-1", "E-2"));
                      } catch (Failure.Conflict inProgress) {
                        return inProgress.code();
                      }
                    }));
      }
      List<Object> outcomes = new ArrayList<>();
      for (Future<Object> f : calls) {
        outcomes.add(f.get());
      }
      assertThat(outcomes)
          .filteredOn(o -> o instanceof BulkUploads.Submitted s && !s.replayed())
          .hasSize(1);
      assertThat(outcomes)
          .allMatch(o -> o instanceof BulkUploads.Submitted || "upload-in-progress".equals(o));
    } finally {
      two.shutdownNow();
    }
    assertThat(sent()).isEqualTo(1);
    assertThat(uploads().list(job, 50, null).value()).hasSize(1);
  }

  @Test
  void aCallerThatDiedAfterGraphAcceptedIsCompletedByItsRetryAsOneUpload() {
    InboundProvisioning diesAfterGraph =
        (by, s, j, body) -> {
          new GraphInboundProvisioning(graph).bulkUpload(by, s, j, body);
          throw new ProcessDied();
        };
    assertThatThrownBy(() -> uploads(diesAfterGraph).submit(APP, sp, job, "key-1", records("E-1")))
        .isInstanceOf(ProcessDied.class);
    // Within the dead caller's claim a retry is told to wait; after it, the retry completes.
    assertThatThrownBy(() -> uploads().submit(APP, sp, job, "key-1", records("E-1")))
        .isInstanceOfSatisfying(
            Failure.Conflict.class, f -> assertThat(f.code()).isEqualTo("upload-in-progress"));
    clock.advance(Duration.ofMinutes(3));

    BulkUploads.Submitted retried = uploads().submit(APP, sp, job, "key-1", records("E-1"));

    assertThat(retried.upload().status()).isEqualTo(Upload.Status.accepted);
    assertThat(uploads().list(job, 50, null).value()).hasSize(1);
    // Sent twice: Graph upserts by the matching attribute, so the second changes nothing.
    assertThat(sent()).isEqualTo(2);
  }

  @Test
  void aGraphFailureKeepsTheUploadForARetryAndARefusalForgetsIt() {
    sandbox.faults().error("/bulkUpload", 503, 10);
    assertThatThrownBy(() -> uploads().submit(APP, sp, job, "key-1", records("E-1")))
        .isInstanceOf(Failure.Unavailable.class);
    assertThat(uploads().list(job, 50, null).value())
        .singleElement()
        .extracting(Upload::status)
        .isEqualTo(Upload.Status.sending);

    sandbox.faults().clear();
    BulkUploads.Submitted retried = uploads().submit(APP, sp, job, "key-1", records("E-1"));
    assertThat(retried.upload().status()).isEqualTo(Upload.Status.accepted);

    sandbox.faults().error("/bulkUpload", 400, 1);
    assertThatThrownBy(() -> uploads().submit(APP, sp, job, "key-2", records("E-2")))
        .isInstanceOf(Failure.InvalidInput.class);
    assertThat(uploads().list(job, 50, null).value()).hasSize(1);
  }

  @Test
  void graphsRateIsKeptAndTheRemainingBudgetReported() {
    BulkUploads shared = uploads();
    List<Integer> remaining = new ArrayList<>();
    for (int i = 0; i < BulkUploads.REQUESTS_PER_SECOND; i++) {
      remaining.add(
          shared.submit(APP, sp, job, "key-" + i, records("E-" + i)).remainingThisSecond());
    }

    assertThat(remaining.get(0)).isEqualTo(BulkUploads.REQUESTS_PER_SECOND - 1);
    assertThat(remaining.get(remaining.size() - 1)).isZero();
    assertThatThrownBy(() -> shared.submit(APP, sp, job, "key-over", records("E-over")))
        .isInstanceOfSatisfying(
            Failure.Throttled.class,
            f ->
                assertThat(f.retryAfter())
                    .hasValueSatisfying(
                        wait ->
                            assertThat(wait)
                                .isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2))));
    assertThat(sent()).isEqualTo(BulkUploads.REQUESTS_PER_SECOND);
    clock.advance(Duration.ofSeconds(1));
    assertThat(shared.submit(APP, sp, job, "key-over", records("E-over")).remainingThisSecond())
        .isEqualTo(BulkUploads.REQUESTS_PER_SECOND - 1);
  }

  @Test
  void aRequestBreakingTheBulkRulesIsRefusedBeforeAnythingIsSent() {
    List<ScimBulkRequest> bad =
        List.of(
            records(ids(51)),
            new ScimBulkRequest(null, List.of(op("PUT", "/Users", "E-1")), null),
            new ScimBulkRequest(null, List.of(op("POST", "/Groups", "E-1")), null),
            new ScimBulkRequest(null, List.of(op("POST", "/Users", null)), null),
            records("E-1", "E-1"),
            new ScimBulkRequest(List.of("urn:other"), List.of(op("POST", "/Users", "E-1")), null));
    for (ScimBulkRequest r : bad) {
      assertThatThrownBy(() -> uploads().submit(APP, sp, job, null, r))
          .isInstanceOf(Failure.InvalidInput.class);
    }
    assertThat(sent()).isZero();
  }

  // ---- given

  private BulkUploads uploads() {
    return uploads(new GraphInboundProvisioning(graph));
  }

  private BulkUploads uploads(InboundProvisioning inbound) {
    return new BulkUploads(
        ledger,
        inbound,
        new GraphProvisioningClient(graph),
        new BulkUploads.Settings(Duration.ofMinutes(30), Duration.ofMinutes(2)),
        clock);
  }

  static ScimBulkRequest records(String... externalIds) {
    List<ScimBulkRequest.Operation> ops = new ArrayList<>();
    for (String id : externalIds) {
      ops.add(op("POST", "/Users", id));
    }
    return new ScimBulkRequest(null, ops, null);
  }

  private static ScimBulkRequest.Operation op(String method, String path, String externalId) {
    Map<String, Object> data = new java.util.LinkedHashMap<>();
    data.put("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User"));
    if (externalId != null) {
      data.put("externalId", externalId);
      data.put("userName", externalId.toLowerCase() + "@contoso.com");
    }
    return new ScimBulkRequest.Operation(method, externalId, path, data);
  }

  private static String[] ids(int n) {
    String[] ids = new String[n];
    for (int i = 0; i < n; i++) {
      ids[i] = "E-" + i;
    }
    return ids;
  }

  private long sent() {
    return sandbox.requestCounts().getOrDefault(BULK_UPLOAD, 0L);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stands for the process dying: nothing in the app catches an Error. */
  private static final class ProcessDied extends Error {}
}
