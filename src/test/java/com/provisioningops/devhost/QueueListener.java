package com.provisioningops.devhost;

import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueClientBuilder;
import com.azure.storage.queue.QueueMessageEncoding;
import com.azure.storage.queue.models.QueueMessageItem;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Serves one queue-triggered function the Functions host's way: polls the queue (at once while
 * there are messages, backing off to {@code maxPollingInterval} while it is empty), hands each
 * base64-decoded message to the function with its {@code DequeueCount}, deletes it on success,
 * makes it visible again after {@code visibilityTimeout} on failure, and moves it to {@code
 * <queue>-poison} after {@code maxDequeueCount} tries.
 */
final class QueueListener implements AutoCloseable {

  /** Runs the function with the message text and its binding data; throws when it failed. */
  interface Invoker {
    void invoke(String message, Map<String, String> bindingData) throws Throwable;
  }

  /**
   * {@code host.json}'s {@code extensions.queues}, with the host's defaults.
   *
   * @param lease how long a received message stays invisible while the function runs (the host
   *     renews its lease; the dev host takes one long enough instead: {@code DEVHOST_QUEUE_LEASE})
   */
  record Options(
      int batchSize,
      int maxDequeueCount,
      Duration visibilityTimeout,
      Duration maxPollingInterval,
      Duration lease) {

    static Options from(JsonNode hostJson, Function<String, String> settings) {
      JsonNode q = hostJson.path("extensions").path("queues");
      String lease = settings.apply("DEVHOST_QUEUE_LEASE");
      return new Options(
          q.path("batchSize").asInt(16),
          q.path("maxDequeueCount").asInt(5),
          timeSpan(q.path("visibilityTimeout").asText("00:00:00")),
          timeSpan(q.path("maxPollingInterval").asText("00:01:00")),
          lease == null || lease.isBlank() ? Duration.ofMinutes(5) : Duration.parse(lease));
    }

    /** A .NET TimeSpan as host.json writes it: {@code hh:mm:ss[.fff]}. */
    static Duration timeSpan(String text) {
      String[] parts = text.trim().split(":");
      if (parts.length != 3) {
        throw new IllegalArgumentException("Not a TimeSpan (hh:mm:ss): " + text);
      }
      return Duration.ofHours(Long.parseLong(parts[0]))
          .plusMinutes(Long.parseLong(parts[1]))
          .plusMillis(Math.round(Double.parseDouble(parts[2]) * 1000));
    }
  }

  private final QueueClient queue;
  private final QueueClient poison;
  private final Options options;
  private final Invoker invoker;
  private final ExecutorService workers;
  private final Thread poller;
  private final java.util.function.Consumer<String> log;
  private volatile boolean running = true;

  QueueListener(
      String name,
      String queueName,
      String connectionString,
      Options options,
      Invoker invoker,
      java.util.function.Consumer<String> log) {
    this.queue = client(connectionString, queueName);
    this.poison = client(connectionString, queueName + "-poison");
    this.options = options;
    this.invoker = invoker;
    this.log = log;
    this.workers =
        Executors.newFixedThreadPool(
            options.batchSize(),
            r -> {
              Thread t = new Thread(r, "devhost-queue-" + name);
              t.setDaemon(true);
              return t;
            });
    this.poller = new Thread(this::poll, "devhost-poll-" + name);
    poller.setDaemon(true);
  }

  private static QueueClient client(String connectionString, String queueName) {
    return new QueueClientBuilder()
        .connectionString(connectionString)
        .queueName(queueName)
        .messageEncoding(QueueMessageEncoding.BASE64)
        .buildClient();
  }

  void start() {
    poller.start();
  }

  private void poll() {
    Duration idle = Duration.ofMillis(100);
    while (running) {
      try {
        queue.createIfNotExists();
        List<QueueMessageItem> batch =
            queue.receiveMessages(options.batchSize(), options.lease(), null, null).stream()
                .toList();
        if (batch.isEmpty()) {
          Thread.sleep(idle.toMillis());
          idle = min(idle.multipliedBy(2), options.maxPollingInterval());
          continue;
        }
        idle = Duration.ofMillis(100);
        List<Future<?>> runs =
            batch.stream().<Future<?>>map(m -> workers.submit(() -> handle(m))).toList();
        for (Future<?> run : runs) {
          run.get();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        if (!running) {
          return;
        }
        log.accept("Queue listener error on " + queue.getQueueName() + ": " + e.getMessage());
        sleep(options.maxPollingInterval());
      }
    }
  }

  private void handle(QueueMessageItem message) {
    String text = message.getBody().toString();
    long dequeueCount = message.getDequeueCount();
    try {
      invoker.invoke(
          text,
          Map.of(
              "DequeueCount", Long.toString(dequeueCount),
              "Id", message.getMessageId(),
              "InsertionTime", String.valueOf(message.getInsertionTime())));
      queue.deleteMessage(message.getMessageId(), message.getPopReceipt());
    } catch (Throwable t) {
      if (dequeueCount >= options.maxDequeueCount()) {
        log.accept(
            "Message "
                + message.getMessageId()
                + " failed "
                + dequeueCount
                + " times; moving it to "
                + poison.getQueueName());
        poison.createIfNotExists();
        poison.sendMessage(text);
        queue.deleteMessage(message.getMessageId(), message.getPopReceipt());
      } else {
        queue.updateMessage(
            message.getMessageId(), message.getPopReceipt(), null, options.visibilityTimeout());
      }
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(Math.max(1, d.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    poller.interrupt();
    workers.shutdownNow();
  }
}
