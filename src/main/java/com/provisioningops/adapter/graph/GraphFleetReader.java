package com.provisioningops.adapter.graph;

import com.provisioningops.failure.Failure;
import com.provisioningops.monitoring.jobs.FleetReader;
import com.provisioningops.monitoring.jobs.JobKey;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a fleet of jobs through {@link BatchDispatcher}: ⌈N/20⌉ {@code $batch} requests, {@code
 * BATCH_CONCURRENCY} in flight.
 *
 * <p>Needs {@code Synchronization.Read.All} (or {@code Synchronization.ReadWrite.All}).
 */
public final class GraphFleetReader implements FleetReader, AutoCloseable {
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();
  private final GraphConnection graph;
  private final BatchDispatcher dispatcher;

  /**
   * @param concurrency {@code $batch} requests in flight ({@code BATCH_CONCURRENCY})
   * @param throttleBudget how long items throttled inside a batch may be waited for in one read
   */
  public GraphFleetReader(
      GraphConnection graph, int concurrency, java.time.Duration throttleBudget) {
    this.graph = graph;
    this.dispatcher = new BatchDispatcher(graph, concurrency, throttleBudget);
  }

  @Override
  public FleetRead read(List<JobKey> jobs) {
    // Batch item ids are positions: short, unique, and free of the characters job ids contain.
    Map<String, String> requests = new LinkedHashMap<>();
    Map<String, JobKey> byId = new HashMap<>();
    for (int i = 0; i < jobs.size(); i++) {
      JobKey key = jobs.get(i);
      String id = Integer.toString(i);
      byId.put(id, key);
      requests.put(id, GraphPaths.job(key.servicePrincipalId().value(), key.jobId().value()));
    }
    Map<String, BatchDispatcher.Answer> answers = dispatcher.send(requests);
    BatchDispatcher.Stats stats = dispatcher.lastStats();
    Map<JobKey, JobReading> readings = new LinkedHashMap<>();
    for (var entry : byId.entrySet()) {
      JobKey key = entry.getValue();
      readings.put(key, reading(key, answers.get(entry.getKey())));
    }
    return new FleetRead(readings, stats.batches(), stats.throttledItems());
  }

  private static JobReading reading(JobKey key, BatchDispatcher.Answer answer) {
    String what = "Reading job " + key.jobId().value();
    if (answer == null || answer.status() == 0) {
      return new JobReading(
          key,
          null,
          Failure.Unavailable.upstream(
              "graph-unavailable",
              "Microsoft Graph failed",
              what + ": Graph could not be reached.",
              null));
    }
    if (answer.ok()) {
      try {
        return new JobReading(key, JobJson.read(JSON.readTree(answer.body())), null);
      } catch (java.io.IOException | RuntimeException e) {
        return new JobReading(
            key,
            null,
            Failure.Unavailable.upstream(
                "graph-unavailable",
                "Microsoft Graph failed",
                what + ": Graph's answer could not be read.",
                null));
      }
    }
    String message = errorMessage(answer.body());
    return new JobReading(
        key,
        null,
        GraphErrors.failure(
            answer.status(),
            what
                + ": Graph answered "
                + answer.status()
                + (message == null ? "." : " (" + message + ")."),
            null,
            answer.retryAfter()));
  }

  /** Graph's {@code error.message} from an item's body, when it has one. */
  private static String errorMessage(byte[] body) {
    try {
      String message = JSON.readTree(body).path("error").path("message").asText(null);
      return message == null || message.length() <= 300 ? message : message.substring(0, 300);
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    }
  }

  @Override
  public void close() {
    dispatcher.close();
  }
}
