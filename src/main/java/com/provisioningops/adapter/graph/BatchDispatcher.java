package com.provisioningops.adapter.graph;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.microsoft.kiota.HttpMethod;
import com.microsoft.kiota.RequestInformation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
 * renumbers failed items, hence this class; it also writes and reads the batch JSON itself in one
 * streaming pass, which costs a fraction of the SDK's batch content classes (ADR 0011).
 *
 * <p>Every item gets an answer: Graph's, or a status of 0 when its batch could not be sent, or the
 * last 429 when its throttling outlasted the budget.
 */
final class BatchDispatcher implements AutoCloseable {
  static final int MAX_PER_BATCH = 20;

  private static final JsonFactory JSON = new JsonFactory();

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
   * @param requests GET paths relative to the version root ({@link GraphPaths}), by the caller's id
   *     (unique, at most 50 characters)
   */
  Map<String, Answer> send(Map<String, String> requests) {
    int[] stats = counters.get();
    stats[0] = 0;
    stats[1] = 0;
    Map<String, Answer> answers = new ConcurrentHashMap<>();
    Map<String, String> pending = new LinkedHashMap<>(requests);
    long waited = 0;
    while (!pending.isEmpty()) {
      Map<String, Answer> throttled = new ConcurrentHashMap<>();
      List<Future<?>> inFlight = new ArrayList<>();
      List<String> ids = new ArrayList<>(pending.keySet());
      for (int from = 0; from < ids.size(); from += MAX_PER_BATCH) {
        List<String> chunk = ids.subList(from, Math.min(from + MAX_PER_BATCH, ids.size()));
        Map<String, String> batch = new LinkedHashMap<>();
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
      Map<String, String> batch, Map<String, Answer> answers, Map<String, Answer> throttled) {
    try {
      InputStream response = graph.send(batchRequest(batch));
      Map<String, Answer> items = parse(response);
      for (String id : batch.keySet()) {
        Answer a = items.get(id);
        if (a == null) {
          answers.put(id, new Answer(0, null, null, "Graph's batch answer has no item " + id));
        } else if (a.status() == 429) {
          throttled.put(
              id,
              new Answer(
                  429,
                  a.retryAfter() == null ? Duration.ofSeconds(1) : a.retryAfter(),
                  null,
                  null));
        } else {
          answers.put(id, a);
        }
      }
    } catch (IOException | RuntimeException e) {
      // The batch itself failed (transport, or an answer that is not a batch): each item says so.
      String why = e.getClass().getSimpleName() + ": " + e.getMessage();
      batch.keySet().forEach(id -> answers.put(id, new Answer(0, null, null, why)));
    }
  }

  /**
   * The {@code $batch} POST, written with Jackson rather than the SDK's batch content (which turns
   * every item into an OkHttp request and back into JSON): items are GETs relative to the version
   * root, as Graph wants them, given as paths so that no URI template is expanded per item. Sent
   * through the SDK's adapter, so auth, retry and timeouts apply.
   */
  private RequestInformation batchRequest(Map<String, String> batch) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream(128 * batch.size());
    try (JsonGenerator g = JSON.createGenerator(body)) {
      g.writeStartObject();
      g.writeArrayFieldStart("requests");
      for (var item : batch.entrySet()) {
        g.writeStartObject();
        g.writeStringField("id", item.getKey());
        g.writeStringField("method", "GET");
        g.writeStringField("url", item.getValue());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    RequestInformation post = new RequestInformation();
    post.httpMethod = HttpMethod.POST;
    post.setUri(URI.create(graph.baseUrl + "/$batch"));
    post.headers.add("Accept", "application/json");
    post.setStreamContent(new ByteArrayInputStream(body.toByteArray()), "application/json");
    return post;
  }

  /**
   * Each item of a {@code $batch} answer by id, read in one streaming pass: its status, its {@code
   * Retry-After}, and its body copied out as JSON bytes.
   */
  private static Map<String, Answer> parse(InputStream response) throws IOException {
    Map<String, Answer> items = new HashMap<>();
    if (response == null) {
      return items;
    }
    try (InputStream in = response;
        JsonParser p = JSON.createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("the batch answer is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (!field.equals("responses") || p.currentToken() != JsonToken.START_ARRAY) {
          p.skipChildren();
          continue;
        }
        while (p.nextToken() == JsonToken.START_OBJECT) {
          item(p, items);
        }
      }
    }
    return items;
  }

  private static void item(JsonParser p, Map<String, Answer> items) throws IOException {
    String id = null;
    int status = 0;
    Duration retryAfter = null;
    byte[] body = new byte[0];
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "id" -> id = p.getValueAsString();
        case "status" -> status = p.getValueAsInt();
        case "headers" -> {
          if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            break;
          }
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String header = p.currentName();
            p.nextToken();
            if (header.equalsIgnoreCase("Retry-After")) {
              retryAfter = GraphRetry.retryAfter(p.getValueAsString());
            }
            p.skipChildren();
          }
        }
        case "body" -> {
          ByteArrayOutputStream copy = new ByteArrayOutputStream(1024);
          try (JsonGenerator g = JSON.createGenerator(copy)) {
            g.copyCurrentStructure(p);
          }
          body = copy.toByteArray();
        }
        default -> p.skipChildren();
      }
    }
    if (id != null) {
      items.put(id, new Answer(status, retryAfter, body, null));
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
