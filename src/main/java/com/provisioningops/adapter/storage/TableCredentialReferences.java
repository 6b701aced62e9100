package com.provisioningops.adapter.storage;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.provisioningops.provisioning.CredentialReferences;
import com.provisioningops.provisioning.ServicePrincipalId;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Credential references in the {@code credentialrefs} table: PartitionKey the service principal,
 * RowKey the secret key; one transaction per replace, so a reader never sees half of one save.
 *
 * <p>Needs the Storage Table Data Contributor role on the account.
 *
 * <p>Every method throws {@code Failure.Unavailable} when storage refuses or fails a request.
 */
public final class TableCredentialReferences implements CredentialReferences {
  static final String TABLE = "credentialrefs";

  private final Tables tables;

  public TableCredentialReferences(TableServiceClient service) {
    this.tables = new Tables(service);
  }

  private TableClient table() {
    return tables.get(TABLE);
  }

  @Override
  public void replace(ServicePrincipalId servicePrincipal, List<Reference> references) {
    String partition = servicePrincipal.value();
    Set<String> keep = references.stream().map(Reference::key).collect(Collectors.toSet());
    StorageFailures.call(
        "record credential references",
        () -> {
          List<TableTransactionAction> actions = new ArrayList<>();
          for (Reference r : references) {
            actions.add(
                new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE, write(r)));
          }
          ListEntitiesOptions mine =
              new ListEntitiesOptions()
                  .setFilter("PartitionKey eq '" + partition.replace("'", "''") + "'")
                  .setSelect(List.of("PartitionKey", "RowKey"));
          for (TableEntity old : table().listEntities(mine, null, null)) {
            if (!keep.contains(old.getRowKey())) {
              actions.add(new TableTransactionAction(TableTransactionActionType.DELETE, old));
            }
          }
          if (!actions.isEmpty()) {
            table().submitTransaction(actions);
          }
          return null;
        });
  }

  @Override
  public List<Reference> all() {
    return StorageFailures.call(
        "read credential references",
        () -> {
          List<Reference> out = new ArrayList<>();
          for (TableEntity e : table().listEntities()) {
            out.add(
                new Reference(
                    e.getPartitionKey(),
                    e.getRowKey(),
                    (String) e.getProperty("SecretName"),
                    (String) e.getProperty("Version"),
                    Entities.instant(e, "ExpiresOn"),
                    Entities.instant(e, "SavedAt")));
          }
          return out;
        });
  }

  private static TableEntity write(Reference r) {
    TableEntity e =
        new TableEntity(r.servicePrincipalId(), r.key())
            .addProperty("SecretName", r.secretName())
            .addProperty("SavedAt", OffsetDateTime.ofInstant(r.savedAt(), ZoneOffset.UTC));
    if (r.version() != null) {
      e.addProperty("Version", r.version());
    }
    if (r.expiresOn() != null) {
      e.addProperty("ExpiresOn", OffsetDateTime.ofInstant(r.expiresOn(), ZoneOffset.UTC));
    }
    return e;
  }
}
