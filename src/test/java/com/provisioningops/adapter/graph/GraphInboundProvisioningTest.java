package com.provisioningops.adapter.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.provisioningops.failure.Failure;
import com.provisioningops.provisioning.Actor;
import com.provisioningops.provisioning.BulkUploadReceipt;
import com.provisioningops.provisioning.JobId;
import com.provisioningops.provisioning.ServicePrincipalId;
import com.provisioningops.sandbox.GraphSandbox;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * API-driven inbound uploads over the real SDK and real HTTP, against the sandbox: accepted at
 * once, logged later, and silently dropped by a paused job, as Graph does.
 */
class GraphInboundProvisioningTest {
  private static final GraphSandbox sandbox = GraphSandbox.forTests();
  private GraphInboundProvisioning client;
  private String jobId;
  private String spId;

  @BeforeEach
  void freshTenant() {
    sandbox.reset();
    client =
        new GraphInboundProvisioning(
            GraphConnection.create(
                sandbox.baseUrl(), null, Duration.ofSeconds(2), Duration.ofSeconds(3)));
    jobId = sandbox.tenant().jobInScenario("healthy");
    spId = sandbox.tenant().servicePrincipalOf(jobId);
  }

  @Test
  void anUploadIsAcceptedWithItsStatusLinkAndItsRecordsReachTheLogsAfterTheDelay() {
    sandbox.tenant().bulkUploadDelay(Duration.ZERO);

    BulkUploadReceipt receipt = upload(jobId, "EMP-1001", "EMP-1002");

    assertThat(receipt.statusLink()).isNotNull();
    assertThat(receipt.statusLink().toString()).contains("/auditLogs/provisioning");
    assertThat(loggedSources()).contains("EMP-1001", "EMP-1002");
    assertThat(sandbox.requestCounts())
        .containsEntry("POST /servicePrincipals/{id}/synchronization/jobs/{jobId}/bulkUpload", 1L);
  }

  @Test
  void anUploadToAPausedJobIsAcceptedAndNeverReachesTheLogs() {
    sandbox.tenant().bulkUploadDelay(Duration.ZERO);
    sandbox.tenant().pause(jobId);

    BulkUploadReceipt receipt = upload(jobId, "EMP-2001");

    assertThat(receipt.statusLink()).isNotNull();
    assertThat(loggedSources()).doesNotContain("EMP-2001");
  }

  @Test
  void anUploadWaitsForTheProcessingDelayBeforeItsRecordsAreLogged() {
    sandbox.tenant().bulkUploadDelay(Duration.ofHours(1));

    upload(jobId, "EMP-3001");

    assertThat(loggedSources()).doesNotContain("EMP-3001");
  }

  @Test
  void moreThanFiftyOperationsAreRefusedAsInvalidInput() {
    String[] ids = new String[51];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = "EMP-" + (4000 + i);
    }

    assertThatThrownBy(() -> upload(jobId, ids))
        .isInstanceOf(Failure.InvalidInput.class)
        .hasMessageContaining("at most 50");
  }

  @Test
  void anUploadToAJobGraphDoesNotKnowIsNotFound() {
    String absent = jobId.substring(0, jobId.length() - 12) + "000000000000";

    assertThatThrownBy(() -> upload(absent, "EMP-5001")).isInstanceOf(Failure.NotFound.class);
  }

  private BulkUploadReceipt upload(String job, String... externalIds) {
    StringBuilder operations = new StringBuilder();
    for (String id : externalIds) {
      operations
          .append(operations.length() == 0 ? "" : ",")
          .append("{\"method\":\"POST\",\"bulkId\":\"")
          .append(id)
          .append("\",\"path\":\"/Users\",\"data\":{\"schemas\":")
          .append("[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"externalId\":\"")
          .append(id)
          .append("\",\"userName\":\"")
          .append(id.toLowerCase(Locale.ROOT))
          .append("@contoso.com\"}}");
    }
    String body =
        "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:BulkRequest\"],"
            + "\"Operations\":["
            + operations
            + "],\"failOnErrors\":null}";
    return client.bulkUpload(
        Actor.app("function key"),
        new ServicePrincipalId(spId),
        new JobId(job),
        body.getBytes(StandardCharsets.UTF_8));
  }

  private List<String> loggedSources() {
    return sandbox.tenant().events().stream()
        .map(e -> e.path("sourceIdentity").path("id").asText())
        .toList();
  }
}
