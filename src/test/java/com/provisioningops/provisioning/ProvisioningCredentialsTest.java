package com.provisioningops.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.provisioningops.adapter.graph.GraphConnection;
import com.provisioningops.adapter.graph.GraphProvisioningClient;
import com.provisioningops.failure.Failure;
import com.provisioningops.sandbox.GraphSandbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Saving credentials through the real Graph adapter on the sandbox: a caller that loses Graph's
 * answer after Graph saved the copy (the process dying between the Graph call and the write that
 * records it) leaves the copy watched, and its retry records it once.
 */
class ProvisioningCredentialsTest {
  private static final GraphSandbox sandbox = GraphSandbox.forTests();
  private static final Instant EXPIRES = Instant.parse("2027-01-15T00:00:00Z");
  private final MemoryCredentialReferences references = new MemoryCredentialReferences();
  private ProvisioningCredentials credentials;
  private String sp;

  @BeforeEach
  void aJobAndAVaultSecret() {
    sandbox.reset();
    sp = sandbox.tenant().servicePrincipalOf(sandbox.tenant().jobInScenario("healthy"));
    CredentialVault vault = name -> new VaultSecret("vault-token", "v7", null, EXPIRES);
    credentials =
        new ProvisioningCredentials(
            new CredentialResolver(vault, references, Clock.systemUTC()),
            new GraphProvisioningClient(
                GraphConnection.create(
                    sandbox.baseUrl(), null, Duration.ofSeconds(1), Duration.ofSeconds(2))));
  }

  @AfterEach
  void clearFaults() {
    sandbox.faults().clear();
  }

  private SaveCredentialsRequest request() {
    return new SaveCredentialsRequest(
        List.of(
            new CredentialInput("BaseAddress", "https://scim.example.com/v2", null, null),
            new CredentialInput("SecretToken", null, "box-token", null)));
  }

  @Test
  void aSaveWhoseAnswerIsLostAfterGraphSavedItKeepsTheCopyWatchedAndItsRetryRecordsItOnce() {
    // Graph saves, then the answer never arrives in time: the caller is as good as dead.
    sandbox.faults().lateAnswer("/synchronization/secrets", 5_000, 1);

    assertThatThrownBy(() -> credentials.save(new ServicePrincipalId(sp), request()))
        .isInstanceOf(Failure.class);

    assertThat(sandbox.tenant().savedSecrets(sp)).containsEntry("SecretToken", "vault-token");
    assertThat(references.all())
        .as("recorded before Graph was called")
        .extracting(
            CredentialReferences.Reference::secretName, CredentialReferences.Reference::expiresOn)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("box-token", EXPIRES));

    credentials.save(new ServicePrincipalId(sp), request());

    assertThat(references.all()).hasSize(1);
  }
}
