package com.provisioningops.adapter.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.provisioningops.devhost.Ports;
import com.provisioningops.failure.Failure;
import com.provisioningops.provisioning.JobId;
import com.provisioningops.provisioning.ServicePrincipalId;
import com.provisioningops.provisioning.SynchronizationJob;
import com.provisioningops.sandbox.GraphSandbox;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Graph adapter over the real SDK and real HTTP, against the sandbox. */
class GraphProvisioningClientTest {
  private static GraphSandbox sandbox;
  private GraphProvisioningClient client;
  private String jobId;
  private String spId;

  @BeforeAll
  static void startSandbox() throws Exception {
    sandbox = GraphSandbox.start(0);
  }

  @AfterAll
  static void stopSandbox() {
    sandbox.close();
  }

  @BeforeEach
  void freshTenant() {
    sandbox.reset();
    client = clientFor(sandbox.baseUrl(), Duration.ofMillis(800));
    jobId = sandbox.tenant().jobIds().get(0);
    spId = sandbox.tenant().servicePrincipalOf(jobId);
  }

  private static GraphProvisioningClient clientFor(URI baseUrl, Duration timeout) {
    return new GraphProvisioningClient(
        GraphConnection.create(baseUrl, null, timeout, Duration.ofSeconds(3)));
  }

  private SynchronizationJob readJob() {
    return client.getJob(new ServicePrincipalId(spId), new JobId(jobId));
  }

  private String jobPath() {
    return "/servicePrincipals/" + spId + "/synchronization/jobs/";
  }

  @Test
  void readsAJobWithGraphsOwnNamesAndValues() {
    SynchronizationJob job = readJob();

    assertThat(job.id()).isEqualTo(jobId);
    assertThat(job.templateId()).isEqualTo(new JobId(jobId).templateId());
    assertThat(job.schedule().state()).isEqualTo(SynchronizationJob.ScheduleState.Active);
    assertThat(job.schedule().interval()).isEqualTo("PT40M");
    assertThat(job.status().code()).isEqualTo(SynchronizationJob.StatusCode.Active);
    assertThat(job.status().lastSuccessfulExecution().timeEnded()).isNotNull();
  }

  @Test
  void listingJobsFollowsNextLinkAcrossPages() {
    for (int i = 0; i < 130; i++) {
      sandbox.tenant().addJob(spId, sandbox.tenant().newJob("scim"));
    }

    var jobs = client.listJobs(new ServicePrincipalId(spId));

    assertThat(jobs).hasSize(131);
    assertThat(jobs).extracting(SynchronizationJob::id).doesNotHaveDuplicates().contains(jobId);
    assertThat(sandbox.requestCounts())
        .containsEntry("GET /servicePrincipals/{id}/synchronization/jobs", 2L);
  }

  @Test
  void neverIsReadAsAbsent() {
    String notConfigured =
        sandbox.tenant().jobIds().stream()
            .filter(
                id ->
                    sandbox
                        .tenant()
                        .jobJson(id)
                        .path("status")
                        .path("code")
                        .asText()
                        .equals("NotConfigured"))
            .findFirst()
            .orElseThrow();
    SynchronizationJob job =
        client.getJob(
            new ServicePrincipalId(sandbox.tenant().servicePrincipalOf(notConfigured)),
            new JobId(notConfigured));

    assertThat(job.status().steadyStateLastAchievedTime()).isNull();
    assertThat(job.schedule().state()).isEqualTo(SynchronizationJob.ScheduleState.Disabled);
  }

  @Test
  void unknownJobIsNotFoundAndCarriesGraphsRequestId() {
    JobId unknown =
        new JobId("scim.00000000000000000000000000000000.00000000-0000-0000-0000-000000000000");

    assertThatThrownBy(() -> client.getJob(new ServicePrincipalId(spId), unknown))
        .isInstanceOfSatisfying(
            Failure.NotFound.class,
            f -> {
              assertThat(f.expired()).isFalse();
              assertThat(f.requestId()).isPresent();
            });
  }

  @Test
  void throttledThenOkIsRetriedAfterRetryAfter() {
    sandbox.faults().throttle(jobPath(), 1, 1);

    SynchronizationJob job = readJob();

    assertThat(job.id()).isEqualTo(jobId);
    assertThat(sandbox.requestCounts())
        .containsEntry("GET /servicePrincipals/{id}/synchronization/jobs/{jobId}", 2L);
  }

  @Test
  void throttlingBeyondTheRetryBudgetIsAnsweredWithRetryAfter() {
    sandbox.faults().throttle(jobPath(), 30, -1);

    assertThatThrownBy(this::readJob)
        .isInstanceOfSatisfying(
            Failure.Throttled.class,
            f -> {
              assertThat(f.retryable()).isTrue();
              assertThat(f.retryAfter()).contains(Duration.ofSeconds(30));
            });
    assertThat(sandbox.requestCounts())
        .containsEntry("GET /servicePrincipals/{id}/synchronization/jobs/{jobId}", 1L);
  }

  @Test
  void serverErrorIsABadGatewayNamingGraph() {
    sandbox.faults().error(jobPath(), 500, -1);

    assertThatThrownBy(this::readJob)
        .isInstanceOfSatisfying(
            Failure.Unavailable.class,
            f -> {
              assertThat(f.source()).isEqualTo(Failure.Unavailable.Source.UPSTREAM);
              assertThat(f.retryable()).isTrue();
              assertThat(f.detail()).contains("Graph answered 500");
            });
  }

  @Test
  void serviceUnavailableIsRetriedThenSucceeds() {
    sandbox.faults().error(jobPath(), 503, 1);

    assertThat(readJob().id()).isEqualTo(jobId);
    assertThat(sandbox.requestCounts())
        .as("the refused read and its retry")
        .containsEntry("GET /servicePrincipals/{id}/synchronization/jobs/{jobId}", 2L);
  }

  @Test
  void gatewayTimeoutOnAReadIsRetried() {
    sandbox.faults().error(jobPath(), 504, 1);

    assertThat(readJob().id()).isEqualTo(jobId);
    assertThat(sandbox.requestCounts())
        .as("the refused read and its retry")
        .containsEntry("GET /servicePrincipals/{id}/synchronization/jobs/{jobId}", 2L);
  }

  @Test
  void gatewayTimeoutOnAPostIsNotSentAgainBecauseGraphMayHaveDoneIt() {
    String template = sandbox.tenant().applicationTemplateIds().get(0);
    sandbox.faults().error("/instantiate$", 504, 1);

    assertThatThrownBy(() -> client.instantiate(template, "Gateway timeout"))
        .isInstanceOfSatisfying(
            Failure.Unavailable.class,
            f -> assertThat(f.source()).isEqualTo(Failure.Unavailable.Source.UPSTREAM_TIMEOUT));
    assertThat(sandbox.requestCounts())
        .containsEntry("POST /applicationTemplates/{id}/instantiate", 1L);
  }

  @Test
  void slowAnswerIsAGatewayTimeout() {
    sandbox.faults().timeout(jobPath(), 3_000, 1);

    assertThatThrownBy(this::readJob)
        .isInstanceOfSatisfying(
            Failure.Unavailable.class,
            f -> assertThat(f.source()).isEqualTo(Failure.Unavailable.Source.UPSTREAM_TIMEOUT));
  }

  @Test
  void malformedAnswerIsABadGateway() {
    sandbox.faults().malformed(jobPath(), 1);

    assertThatThrownBy(this::readJob)
        .isInstanceOfSatisfying(
            Failure.Unavailable.class,
            f -> {
              assertThat(f.source()).isEqualTo(Failure.Unavailable.Source.UPSTREAM);
              assertThat(f.detail()).contains("could not be read");
            });
  }

  @Test
  void unreachableGraphIsABadGateway() {
    URI closed = URI.create("http://127.0.0.1:" + Ports.free() + "/v1.0");
    GraphProvisioningClient offline = clientFor(closed, Duration.ofMillis(800));

    assertThatThrownBy(() -> offline.getJob(new ServicePrincipalId(spId), new JobId(jobId)))
        .isInstanceOfSatisfying(
            Failure.Unavailable.class,
            f -> {
              assertThat(f.source()).isEqualTo(Failure.Unavailable.Source.UPSTREAM);
              assertThat(f.detail()).contains("could not be reached");
            });
  }

  @Test
  void baseUrlMustEndInVersionAndUseHttpsAwayFromLoopback() {
    assertThatThrownBy(
            () ->
                GraphConnection.create(
                    URI.create("http://127.0.0.1:1/beta"),
                    null,
                    Duration.ofSeconds(1),
                    Duration.ZERO))
        .hasMessageContaining("/v1.0");
    assertThatThrownBy(
            () ->
                GraphConnection.create(
                    URI.create("http://graph.example.com/v1.0"),
                    null,
                    Duration.ofSeconds(1),
                    Duration.ZERO))
        .hasMessageContaining("https");
  }
}
