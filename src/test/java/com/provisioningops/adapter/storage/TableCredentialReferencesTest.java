package com.provisioningops.adapter.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.data.tables.TableServiceClient;
import com.provisioningops.devhost.AzuriteTables;
import com.provisioningops.provisioning.CredentialReferences.Reference;
import com.provisioningops.provisioning.ServicePrincipalId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Credential references over the real Tables SDK and Azurite. */
class TableCredentialReferencesTest {
  @RegisterExtension static final AzuriteTables storage = new AzuriteTables();
  private static TableServiceClient tables;
  private final String sp = UUID.randomUUID().toString();
  private final Instant saved = Instant.parse("2026-12-02T10:00:00Z");

  @BeforeAll
  static void tablesOnAzurite() {
    tables = storage.tables();
  }

  private Reference reference(String key, String secret, Instant expires) {
    return new Reference(sp, key, secret, "v-" + secret, expires, saved);
  }

  private List<Reference> mine(TableCredentialReferences refs) {
    return refs.all().stream().filter(r -> r.servicePrincipalId().equals(sp)).toList();
  }

  @Test
  void aSaveReplacesThePrincipalsReferencesAndDropsKeysNoLongerGiven() {
    TableCredentialReferences refs = new TableCredentialReferences(tables);
    Reference token = reference("SecretToken", "box-token", Instant.parse("2027-01-01T00:00:00Z"));
    Reference password = reference("Password", "box-password", null);
    refs.replace(new ServicePrincipalId(sp), List.of(token, password));

    assertThat(mine(refs)).containsExactlyInAnyOrder(token, password);

    Reference rotated =
        reference("SecretToken", "box-token-2", Instant.parse("2027-04-01T00:00:00Z"));
    refs.replace(new ServicePrincipalId(sp), List.of(rotated));

    assertThat(mine(refs)).containsExactly(rotated);
    refs.replace(new ServicePrincipalId(sp), List.of());
    assertThat(mine(refs)).isEmpty();
  }
}
