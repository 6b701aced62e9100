package com.provisioningops.adapter.storage;

import com.azure.core.util.Context;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.models.ListTablesOptions;
import com.provisioningops.readiness.DependencyProbe;
import java.time.Duration;

/** Probes Table Storage by listing at most one table. Needs read access to the account. */
public final class StorageProbe implements DependencyProbe {
  private final TableServiceClient service;

  public StorageProbe(TableServiceClient service) {
    this.service = service;
  }

  @Override
  public String name() {
    return "storage";
  }

  @Override
  public void check() {
    service
        .listTables(new ListTablesOptions().setTop(1), Duration.ofSeconds(5), Context.NONE)
        .iterableByPage()
        .iterator()
        .next();
  }
}
