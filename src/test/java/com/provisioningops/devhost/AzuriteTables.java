package com.provisioningops.devhost;

import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One Azurite for a test class, on free ports, started before its first test and stopped after its
 * last: {@code @RegisterExtension static final AzuriteTables storage = new AzuriteTables();}
 */
public final class AzuriteTables implements BeforeAllCallback, AfterAllCallback {
  private Azurite azurite;
  private TableServiceClient tables;

  @Override
  public void beforeAll(ExtensionContext context) {
    azurite = Azurite.start(Path.of("").toAbsolutePath(), Ports.free(), Ports.free(), null);
    tables =
        new TableServiceClientBuilder().connectionString(azurite.connectionString()).buildClient();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (azurite != null) {
      azurite.close();
    }
  }

  /** A Table service client on this Azurite. */
  public TableServiceClient tables() {
    return tables;
  }

  public String connectionString() {
    return azurite.connectionString();
  }
}
