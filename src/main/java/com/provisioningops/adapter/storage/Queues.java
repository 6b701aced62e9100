package com.provisioningops.adapter.storage;

import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueServiceClient;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Hands out queue clients, creating each queue the first time this process uses it. */
public final class Queues {
  private final QueueServiceClient service;
  private final Set<String> ensured = ConcurrentHashMap.newKeySet();

  public Queues(QueueServiceClient service) {
    this.service = service;
  }

  QueueClient get(String name) {
    QueueClient queue = service.getQueueClient(name);
    if (!ensured.contains(name)) {
      queue.createIfNotExists();
      ensured.add(name);
    }
    return queue;
  }
}
