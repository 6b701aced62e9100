package com.provisioningops.adapter.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.graph.models.QuarantineReason;
import com.microsoft.graph.models.SynchronizationScheduleState;
import com.microsoft.graph.models.SynchronizationStatusCode;
import com.microsoft.graph.models.SynchronizationTaskExecutionResult;
import com.microsoft.kiota.PeriodAndDuration;
import com.provisioningops.adapter.IsoInstants;
import com.provisioningops.provisioning.SynchronizationJob;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/**
 * Reads a {@code synchronizationJob} from its JSON tree straight into the domain record, with the
 * rules of the SDK's parse nodes followed by {@link GraphModels#toJob}: the fleet poll reads
 * thousands of jobs, and the SDK's generic parse nodes (a Gson tree, reflection-free but
 * allocation-heavy) were a fifth of its CPU. Values the SDK's enums do not know read as the SDK
 * reads them (null), and Graph's "never" ({@code 0001-01-01T00:00:00Z}) is null.
 */
final class JobJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JobJson() {}

  /**
   * The job a response body holds, closing the body.
   *
   * @throws IllegalArgumentException when there is no body or a value has the wrong type or form
   * @throws java.io.UncheckedIOException when the body is not JSON or breaks off
   */
  static SynchronizationJob read(InputStream body) {
    if (body == null) {
      throw new IllegalArgumentException("Graph answered the job read without a body");
    }
    try (InputStream in = body) {
      return read(JSON.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The job {@code node} describes.
   *
   * @throws IllegalArgumentException when a value has the wrong type or form, as the SDK would
   *     refuse it
   */
  static SynchronizationJob read(JsonNode node) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("a job is a JSON object");
    }
    return new SynchronizationJob(
        text(node, "id"),
        text(node, "templateId"),
        schedule(node.get("schedule")),
        status(node.get("status")));
  }

  private static SynchronizationJob.Schedule schedule(JsonNode s) {
    if (absent(s)) {
      return null;
    }
    String interval = text(s, "interval");
    SynchronizationScheduleState state =
        sdkEnum(s, "state", SynchronizationScheduleState::forValue);
    return new SynchronizationJob.Schedule(
        interval == null ? null : PeriodAndDuration.parse(interval).toString(),
        state == null ? null : SynchronizationJob.ScheduleState.valueOf(state.getValue()),
        instant(s, "expiration"));
  }

  private static SynchronizationJob.Status status(JsonNode s) {
    if (absent(s)) {
      return null;
    }
    SynchronizationStatusCode code = sdkEnum(s, "code", SynchronizationStatusCode::forValue);
    return new SynchronizationJob.Status(
        code == null
            ? SynchronizationJob.StatusCode.NotConfigured
            : SynchronizationJob.StatusCode.valueOf(code.getValue()),
        number(s, "countSuccessiveCompleteFailures"),
        bool(s, "escrowsPruned"),
        execution(s.get("lastExecution")),
        execution(s.get("lastSuccessfulExecution")),
        execution(s.get("lastSuccessfulExecutionWithExports")),
        quarantine(s.get("quarantine")),
        instant(s, "steadyStateFirstAchievedTime"),
        instant(s, "steadyStateLastAchievedTime"),
        text(s, "troubleshootingUrl"));
  }

  private static SynchronizationJob.Quarantine quarantine(JsonNode q) {
    if (absent(q)) {
      return null;
    }
    QuarantineReason reason = sdkEnum(q, "reason", QuarantineReason::forValue);
    return new SynchronizationJob.Quarantine(
        instant(q, "currentBegan"),
        instant(q, "nextAttempt"),
        reason == null
            ? SynchronizationJob.QuarantineReason.Unknown
            : SynchronizationJob.QuarantineReason.valueOf(reason.getValue()),
        instant(q, "seriesBegan"),
        number(q, "seriesCount"),
        error(q.get("error")));
  }

  private static SynchronizationJob.TaskExecution execution(JsonNode e) {
    if (absent(e)) {
      return null;
    }
    SynchronizationTaskExecutionResult state =
        sdkEnum(e, "state", SynchronizationTaskExecutionResult::forValue);
    return new SynchronizationJob.TaskExecution(
        text(e, "activityIdentifier"),
        number(e, "countEntitled"),
        number(e, "countEscrowed"),
        number(e, "countExported"),
        number(e, "countImported"),
        error(e.get("error")),
        state == null ? null : SynchronizationJob.ExecutionResult.valueOf(state.getValue()),
        instant(e, "timeBegan"),
        instant(e, "timeEnded"));
  }

  private static SynchronizationJob.SyncError error(JsonNode e) {
    if (absent(e)) {
      return null;
    }
    String code = text(e, "code");
    String message = text(e, "message");
    if (code == null && message == null) {
      return null;
    }
    return new SynchronizationJob.SyncError(code, message, bool(e, "tenantActionable"));
  }

  private static boolean absent(JsonNode n) {
    return n == null || n.isNull();
  }

  private static String text(JsonNode parent, String name) {
    JsonNode n = parent.get(name);
    return absent(n) ? null : n.asText();
  }

  private static long number(JsonNode parent, String name) {
    JsonNode n = parent.get(name);
    if (absent(n)) {
      return 0;
    }
    // As Gson reads a Long: a number, or a string holding one.
    if (n.isTextual()) {
      return Long.parseLong(n.asText());
    }
    if (!n.isNumber()) {
      throw new IllegalArgumentException(name + " is not a number");
    }
    return n.asLong();
  }

  private static boolean bool(JsonNode parent, String name) {
    JsonNode n = parent.get(name);
    // As Gson reads a Boolean: true, or the string "true" in any case.
    return n != null && (n.isBoolean() ? n.booleanValue() : Boolean.parseBoolean(n.asText()));
  }

  private static <E> E sdkEnum(JsonNode parent, String name, Function<String, E> forValue) {
    String value = text(parent, name);
    return value == null ? null : forValue.apply(value);
  }

  /** As the SDK reads a date-time (an offset, or else UTC), then "never" as null. */
  private static Instant instant(JsonNode parent, String name) {
    String value = text(parent, name);
    if (value == null) {
      return null;
    }
    Instant utc = IsoInstants.utc(value);
    if (utc != null) {
      return utc.isBefore(GraphModels.NEVER_BEFORE) ? null : utc;
    }
    OffsetDateTime time;
    try {
      time = OffsetDateTime.parse(value);
    } catch (DateTimeParseException e) {
      time = LocalDateTime.parse(value).atOffset(ZoneOffset.UTC);
    }
    return GraphModels.instant(time);
  }
}
