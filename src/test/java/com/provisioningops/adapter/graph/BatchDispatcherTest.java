package com.provisioningops.adapter.graph;

import static org.assertj.core.api.Assertions.assertThat;

import com.provisioningops.devhost.Ports;
import com.provisioningops.sandbox.GraphSandbox;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The parallel, 429-aware $batch dispatcher against the sandbox's $batch endpoint. */
class BatchDispatcherTest {
  private static final GraphSandbox sandbox = GraphSandbox.forTests();
  private final List<Long> sleeps = new ArrayList<>();
  private GraphConnection graph;
  private String sp;

  @BeforeEach
  void freshTenant() {
    sandbox.reset();
    graph = connect(sandbox.baseUrl());
    sp = sandbox.tenant().servicePrincipalOf(sandbox.tenant().jobIds().get(0));
  }

  private static GraphConnection connect(URI url) {
    return GraphConnection.create(url, null, Duration.ofSeconds(2), Duration.ofSeconds(3));
  }

  private BatchDispatcher dispatcher(GraphConnection connection) {
    return new BatchDispatcher(connection, 4, Duration.ofSeconds(30), sleeps::add);
  }

  /** {@code n} job reads on one service principal, ids "j1"…, each its own job. */
  private Map<String, String> jobReads(GraphConnection connection, int n) {
    Map<String, String> requests = new LinkedHashMap<>();
    for (int i = 1; i <= n; i++) {
      var job = sandbox.tenant().newJob("scim");
      sandbox.tenant().addJob(sp, job);
      requests.put("j" + i, read(connection, job.path("id").asText()));
    }
    return requests;
  }

  private String read(GraphConnection connection, String jobId) {
    return GraphPaths.job(sp, jobId);
  }

  @Test
  void fortyFiveReadsTakeThreeBatchesAndEveryItemIsAnsweredByItsOwnId() {
    Map<String, String> requests = jobReads(graph, 45);

    Map<String, BatchDispatcher.Answer> answers;
    try (BatchDispatcher d = dispatcher(graph)) {
      answers = d.send(requests);
    }

    assertThat(answers).hasSize(45).containsOnlyKeys(requests.keySet());
    assertThat(answers.values()).allSatisfy(a -> assertThat(a.status()).isEqualTo(200));
    assertThat(new String(answers.get("j7").body())).contains("\"templateId\"");
    assertThat(sandbox.requestCounts()).containsEntry("POST /$batch", 3L);
  }

  @Test
  void itemsThrottledInsideABatchAreRetriedAfterTheirRetryAfterKeepingTheirIds() {
    Map<String, String> requests = jobReads(graph, 25);
    sandbox.faults().throttle("/synchronization/jobs/", 2, 3);

    Map<String, BatchDispatcher.Answer> answers;
    BatchDispatcher.Stats stats;
    try (BatchDispatcher d = dispatcher(graph)) {
      answers = d.send(requests);
      stats = d.lastStats();
    }

    assertThat(answers).hasSize(25);
    assertThat(answers.values()).allSatisfy(a -> assertThat(a.status()).isEqualTo(200));
    assertThat(sleeps).containsExactly(2000L);
    assertThat(stats.throttledItems()).isEqualTo(3);
    assertThat(stats.batches()).isEqualTo(3);
  }

  @Test
  void throttlingBeyondTheBudgetAnswersTheItems429WithTheirRetryAfter() {
    Map<String, String> requests = jobReads(graph, 2);
    sandbox.faults().throttle("/synchronization/jobs/", 60, -1);

    Map<String, BatchDispatcher.Answer> answers;
    try (BatchDispatcher d = dispatcher(graph)) {
      answers = d.send(requests);
    }

    assertThat(answers.values())
        .allSatisfy(
            a -> {
              assertThat(a.status()).isEqualTo(429);
              assertThat(a.retryAfter()).isEqualTo(Duration.ofSeconds(60));
            });
    assertThat(sleeps).isEmpty();
  }

  @Test
  void aMissingItemIsA404WithoutFailingItsNeighbours() {
    Map<String, String> requests = jobReads(graph, 2);
    requests.put(
        "gone",
        read(graph, "scim.00000000000000000000000000000000.00000000-0000-0000-0000-000000000000"));

    Map<String, BatchDispatcher.Answer> answers;
    try (BatchDispatcher d = dispatcher(graph)) {
      answers = d.send(requests);
    }

    assertThat(answers.get("gone").status()).isEqualTo(404);
    assertThat(answers.get("j1").status()).isEqualTo(200);
    assertThat(answers.get("j2").status()).isEqualTo(200);
  }

  @Test
  void unreachableGraphAnswersEveryItemWithTheTransportFailure() {
    GraphConnection offline = connect(URI.create("http://127.0.0.1:" + Ports.free() + "/v1.0"));
    Map<String, String> requests = new LinkedHashMap<>();
    requests.put("a", read(offline, "scim.0.0"));
    requests.put("b", read(offline, "scim.0.1"));

    Map<String, BatchDispatcher.Answer> answers;
    try (BatchDispatcher d = dispatcher(offline)) {
      answers = d.send(requests);
    }

    assertThat(answers.values())
        .allSatisfy(
            a -> {
              assertThat(a.status()).isZero();
              assertThat(a.error()).isNotBlank();
            });
  }
}
