package com.provisioningops.adapter.graph;

import com.microsoft.graph.core.content.BatchRequestContent;
import com.microsoft.graph.core.content.BatchResponseContent;
import com.microsoft.graph.core.models.BatchRequestStep;
import com.microsoft.graph.core.requests.BatchRequestBuilder;
import com.microsoft.kiota.RequestInformation;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;

/**
 * Sends many Graph requests as {@code $batch} requests of at most 20, {@code concurrency} of them
 * in flight, and retries the items that Graph throttled inside a batch (a 429 inside a 200, which
 * the SDK does not retry) after their own {@code Retry-After}, keeping each item's id: callers read
 * answers by the ids they chose. The SDK's batch collection posts batches one after another and
 * renumbers failed items, hence this class.
 *
 * <p>Every item gets an answer: Graph's, or a status of 0 when its batch could not be sent, or the
 * last 429 when its throttling outlasted the budget.
 */
final class BatchDispatcher implements AutoCloseable {
  static final int MAX_PER_BATCH = 20;

  /** One item's answer: Graph's status, headers of interest, and body. */
  record Answer(int status, Duration retryAfter, byte[] body, String error) {
    boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  private final GraphConnection graph;
  private final ExecutorService pool;
  private final Duration throttleBudget;
  private final LongConsumer sleeper;

  BatchDispatcher(GraphConnection graph, int concurrency, Duration throttleBudget) {
    this(graph, concurrency, throttleBudget, BatchDispatcher::sleep);
  }

  BatchDispatcher(
      GraphConnection graph, int concurrency, Duration throttleBudget, LongConsumer sleeper) {
    this.graph = graph;
    this.throttleBudget = throttleBudget;
    this.sleeper = sleeper;
    this.pool =
        Executors.newFixedThreadPool(
            concurrency,
            r -> {
              Thread t = new Thread(r, "graph-batch");
              t.setDaemon(true);
              return t;
            });
  }

  /** Counts of one {@link #send} for the caller's summary line. */
  record Stats(int batches, int throttledItems) {}

  private final ThreadLocal<int[]> counters = ThreadLocal.withInitial(() -> new int[2]);

  /** The counts of the calling thread's last {@link #send}. */
  Stats lastStats() {
    int[] c = counters.get();
    return new Stats(c[0], c[1]);
  }

  /**
   * Sends every request and answers each by its id.
   *
   * @param requests by the caller's id (unique, at most 50 characters)
   */
  Map<String, Answer> send(Map<String, RequestInformation> requests) {
    int[] stats = counters.get();
    stats[0] = 0;
    stats[1] = 0;
    Map<String, Answer> answers = new ConcurrentHashMap<>();
    Map<String, RequestInformation> pending = new LinkedHashMap<>(requests);
    long waited = 0;
    while (!pending.isEmpty()) {
      Map<String, Answer> throttled = new ConcurrentHashMap<>();
      List<Future<?>> inFlight = new ArrayList<>();
      List<String> ids = new ArrayList<>(pending.keySet());
      for (int from = 0; from < ids.size(); from += MAX_PER_BATCH) {
        List<String> chunk = ids.subList(from, Math.min(from + MAX_PER_BATCH, ids.size()));
        Map<String, RequestInformation> batch = new LinkedHashMap<>();
        chunk.forEach(id -> batch.put(id, pending.get(id)));
        stats[0]++;
        inFlight.add(pool.submit(() -> sendBatch(batch, answers, throttled)));
      }
      for (Future<?> f : inFlight) {
        await(f);
      }
      stats[1] += throttled.size();
      pending.clear();
      if (throttled.isEmpty()) {
        break;
      }
      long wait =
          throttled.values().stream().mapToLong(a -> a.retryAfter().toMillis()).max().orElse(1000);
      if (waited + wait > throttleBudget.toMillis()) {
        answers.putAll(throttled);
        break;
      }
      sleeper.accept(wait);
      waited += wait;
      throttled.keySet().forEach(id -> pending.put(id, requests.get(id)));
    }
    return answers;
  }

  private void sendBatch(
      Map<String, RequestInformation> batch,
      Map<String, Answer> answers,
      Map<String, Answer> throttled) {
    try {
      var adapter = graph.client.getRequestAdapter();
      BatchRequestContent content = new BatchRequestContent(adapter, List.of());
      for (var item : batch.entrySet()) {
        okhttp3.Request request = adapter.convertToNativeRequest(item.getValue());
        content.addBatchRequestStep(new BatchRequestStep(item.getKey(), request));
      }
      BatchResponseContent response = new BatchRequestBuilder(adapter).post(content, null);
      Map<String, Integer> statuses = response.getResponsesStatusCode();
      for (String id : batch.keySet()) {
        Integer status = statuses.get(id);
        if (status == null) {
          answers.put(id, new Answer(0, null, null, "Graph's batch answer has no item " + id));
          continue;
        }
        okhttp3.Response item = response.getResponseById(id);
        Duration retryAfter =
            item == null ? null : GraphRetry.retryAfter(item.header("Retry-After"));
        if (status == 429) {
          throttled.put(
              id,
              new Answer(429, retryAfter == null ? Duration.ofSeconds(1) : retryAfter, null, null));
          continue;
        }
        answers.put(id, new Answer(status, retryAfter, body(response, id), null));
      }
    } catch (IOException | RuntimeException e) {
      // The batch itself failed (transport, or an answer that is not a batch): each item says so.
      String why = e.getClass().getSimpleName() + ": " + e.getMessage();
      batch.keySet().forEach(id -> answers.put(id, new Answer(0, null, null, why)));
    }
  }

  private static byte[] body(BatchResponseContent response, String id) {
    try (InputStream in = response.getResponseStreamById(id)) {
      return in == null ? new byte[0] : in.readAllBytes();
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private static void await(Future<?> f) {
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while sending Graph batches", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("A Graph batch failed unexpectedly", e.getCause());
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
