package com.provisioningops.adapter.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.provisioningops.failure.Failure;
import com.provisioningops.provisioning.Actor;
import com.provisioningops.provisioning.GraphProvisioning;
import com.provisioningops.provisioning.JobId;
import com.provisioningops.provisioning.ServicePrincipalId;
import com.provisioningops.sandbox.GraphSandbox;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The on-behalf-of exchange over azure-identity and MSAL, against the sandbox's token service on
 * HTTPS, and Graph calls made with the token it gives.
 */
class OnBehalfOfTest {
  private static final GraphSandbox sandbox = GraphSandbox.forTests();
  private static final String ADELE = "adele.vance@contoso.example";
  private GraphProvisioning graph;
  private ServicePrincipalId sp;
  private JobId job;

  @BeforeEach
  void connect() {
    sandbox.reset();
    var settings = sandbox.signInSettings();
    OnBehalfOf users =
        new OnBehalfOf(
            settings.get("GRAPH_USER_TENANT_ID"),
            GraphSandbox.API_CLIENT_ID,
            Optional.of("sandbox-client-secret"),
            () -> {
              throw new AssertionError("a secret is configured");
            },
            URI.create(sandbox.authorityHost()));
    graph =
        new GraphProvisioningClient(
            GraphConnection.create(
                sandbox.baseUrl(), null, Duration.ofSeconds(5), Duration.ofSeconds(3), users));
    String jobId = sandbox.tenant().jobInScenario("healthy");
    sp = new ServicePrincipalId(sandbox.tenant().servicePrincipalOf(jobId));
    job = new JobId(jobId);
  }

  @Test
  void aChangeMadeAsAUserReachesGraphWithThatUsersOwnToken() {
    graph.as(user(token(Duration.ofHours(1)))).pause(sp, job);
    graph.as(Actor.app("function key")).start(sp, job);

    List<JsonNode> audits = sandbox.directoryAudits();
    assertThat(audits.get(0).path("initiatedBy").path("user").path("userPrincipalName").asText())
        .isEqualTo(ADELE);
    assertThat(audits.get(1).path("initiatedBy").path("app").path("displayName").asText())
        .isEqualTo("Provisioning Ops");
  }

  @Test
  void withoutASecretTheRegistrationProvesItselfWithTheManagedIdentitysAssertion() {
    java.util.concurrent.atomic.AtomicInteger asked =
        new java.util.concurrent.atomic.AtomicInteger();
    OnBehalfOf federated =
        new OnBehalfOf(
            sandbox.signInSettings().get("GRAPH_USER_TENANT_ID"),
            GraphSandbox.API_CLIENT_ID,
            Optional.empty(),
            () -> {
              asked.incrementAndGet();
              return "managed-identity-token-for-api://AzureADTokenExchange";
            },
            URI.create(sandbox.authorityHost()));
    GraphProvisioning viaIdentity =
        new GraphProvisioningClient(
            GraphConnection.create(
                sandbox.baseUrl(), null, Duration.ofSeconds(5), Duration.ofSeconds(3), federated));

    viaIdentity.as(user(token(hours()))).pause(sp, job);

    assertThat(asked).as("the assertion is asked for at the exchange").hasPositiveValue();
    assertThat(
            sandbox
                .directoryAudits()
                .get(0)
                .path("initiatedBy")
                .path("user")
                .path("userPrincipalName")
                .asText())
        .isEqualTo(ADELE);
  }

  @Test
  void anExpiredOrForeignUserTokenIsRefusedAsTheUsersProblemNotAnOutage() {
    String expired = token(Duration.ofHours(-2));
    String foreign =
        sandbox.userToken(ADELE, "api://another-app", List.of("user_impersonation"), hours());

    for (String token : List.of(expired, foreign)) {
      assertThatThrownBy(() -> graph.as(user(token)).restart(sp, job, Set.of("Watermark")))
          .isInstanceOfSatisfying(
              Failure.Forbidden.class,
              f -> {
                assertThat(f.code()).isEqualTo("user-token-refused");
                assertThat(f.detail()).contains("AADSTS50013").doesNotContain(token);
              });
    }
    assertThat(sandbox.directoryAudits()).isEmpty();
  }

  @Test
  void withoutTheConsentedDelegatedPermissionGraphRefusesTheUser() {
    sandbox.consent(List.of("Application.ReadWrite.All"));

    assertThatThrownBy(() -> graph.as(user(token(hours()))).pause(sp, job))
        .isInstanceOf(Failure.Forbidden.class);
    assertThat(sandbox.directoryAudits()).isEmpty();
  }

  private static Actor user(String token) {
    return Actor.user(ADELE, null, token);
  }

  private static String token(Duration lifetime) {
    return sandbox.userToken(
        ADELE, "api://" + GraphSandbox.API_CLIENT_ID, List.of("user_impersonation"), lifetime);
  }

  private static Duration hours() {
    return Duration.ofHours(1);
  }
}
