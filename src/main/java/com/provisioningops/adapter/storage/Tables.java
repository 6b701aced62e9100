package com.provisioningops.adapter.storage;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Hands out table clients, creating each table the first time this process uses it. */
final class Tables {
  private final TableServiceClient service;
  private final Set<String> ensured = ConcurrentHashMap.newKeySet();

  Tables(TableServiceClient service) {
    this.service = service;
  }

  TableClient get(String name) {
    if (!ensured.contains(name)) {
      service.createTableIfNotExists(name);
      ensured.add(name);
    }
    return service.getTableClient(name);
  }
}
