package com.provisioningops.functions;

import static com.microsoft.azure.functions.HttpMethod.GET;
import static com.microsoft.azure.functions.annotation.AuthorizationLevel.ANONYMOUS;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.provisioningops.connector.Operation;
import com.provisioningops.failure.Failure;
import com.provisioningops.monitoring.logs.LogMonitor;
import com.provisioningops.readiness.Readiness;
import com.provisioningops.readiness.ReadinessReport;
import java.util.Optional;

/** Tells load balancers, admins and the run command whether the app can serve. */
public final class HealthFunctions {
  private final Http http;
  private final Readiness readiness;
  private final LogMonitor logMonitor;

  public HealthFunctions(Http http, Readiness readiness, LogMonitor logMonitor) {
    this.logMonitor = logMonitor;
    this.http = http;
    this.readiness = readiness;
  }

  /** 200 with the version and each dependency's state when all answer; 503 with the same if not. */
  @FunctionName("Health")
  @Operation(
      id = "GetHealth",
      summary = "Check that the app is ready",
      description =
          "Returns the app's version and whether each dependency it relies on answers. "
              + "Answers 503 with the same body when a dependency is down.",
      visibility = Operation.Visibility.INTERNAL,
      response = HealthFunctions.PublicHealth.class,
      tag = "Operations")
  public HttpResponseMessage health(
      @HttpTrigger(name = "req", methods = GET, authLevel = ANONYMOUS, route = "health")
          HttpRequestMessage<Optional<String>> req,
      ExecutionContext ctx) {
    return http.withoutRoleCheck(
        req,
        ctx,
        () -> {
          PublicHealth health =
              PublicHealth.of(readiness.report(), http.misconfigured(), logProgress());
          return http.json(req, health.status().equals("ready") ? 200 : 503, health);
        });
  }

  /** How long one reading of the log monitor's progress serves the anonymous route. */
  private static final java.time.Duration PROGRESS_TTL = java.time.Duration.ofSeconds(10);

  private volatile Optional<LogMonitor.Progress> progress = Optional.empty();
  private volatile long progressReadAt = Long.MIN_VALUE;

  /**
   * Where the log monitor stands, read at most every 10 s (the route is anonymous: it must not
   * hammer storage); unknown (rather than an error) when storage is down.
   */
  private Optional<LogMonitor.Progress> logProgress() {
    long now = System.nanoTime();
    if (progressReadAt != Long.MIN_VALUE && now - progressReadAt < PROGRESS_TTL.toNanos()) {
      return progress;
    }
    try {
      progress = logMonitor.progress();
    } catch (Failure storageDown) {
      progress = Optional.empty();
    }
    progressReadAt = now;
    return progress;
  }

  /**
   * What anyone may see: the version and each dependency's name and state. URLs, host names and
   * error text are on the keyed status page only.
   *
   * @param status {@code ready}, {@code degraded} (a dependency is down) or {@code misconfigured}
   * @param version the app's version
   * @param checkedAt when the dependencies were last checked
   * @param dependencies each dependency's name and state ({@code up} or {@code down})
   * @param misconfigured the settings that are wrong, by name; the status page says why
   * @param logWatermark provisioning events before this time are counted; absent before the log
   *     monitor's first run
   * @param logLagSeconds how far the log monitor's watermark is behind now
   */
  public record PublicHealth(
      String status,
      String version,
      java.time.Instant checkedAt,
      java.util.List<Dependency> dependencies,
      java.util.List<String> misconfigured,
      java.time.Instant logWatermark,
      Long logLagSeconds) {

    /**
     * A dependency's name and state.
     *
     * @param name the dependency: graph, keyVault, storage or the like
     * @param state up, down or unknown, as last probed
     */
    public record Dependency(String name, String state) {}

    static PublicHealth of(
        ReadinessReport report,
        java.util.List<String> wrong,
        java.util.Optional<LogMonitor.Progress> logs) {
      return new PublicHealth(
          !wrong.isEmpty() ? "misconfigured" : report.status(),
          report.version(),
          report.checkedAt(),
          report.dependencies().stream()
              .map(d -> new Dependency(d.name(), d.state().name()))
              .toList(),
          wrong,
          logs.map(LogMonitor.Progress::watermark).orElse(null),
          logs.map(p -> p.lag().toSeconds()).orElse(null));
    }
  }
}
