package com.provisioningops.adapter.graph;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.microsoft.kiota.HttpMethod;
import com.microsoft.kiota.RequestInformation;
import com.provisioningops.failure.Failure;
import com.provisioningops.monitoring.logs.LogSource;
import com.provisioningops.provisioning.ProvisioningEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads the tenant's provisioning logs ({@code GET /auditLogs/provisioning}) by time window, 500
 * events a page, following {@code @odata.nextLink} verbatim, and parses each page as a stream: an
 * event reaches the caller as soon as it is read, and no page is held whole. Keeps under the
 * audit-log limit itself ({@link AuditBudget}, shared by every reader on this connection) and waits
 * out a 429's {@code Retry-After} rather than letting the retry handler resend it.
 *
 * <p>Needs the {@code AuditLog.Read.All} and {@code Directory.Read.All} application permissions,
 * and Microsoft Entra ID P1 or P2 in the tenant.
 */
public final class GraphLogReader implements LogSource {
  static final int TOP = 500;
  private static final JsonFactory JSON = new JsonFactory();
  private final GraphConnection graph;
  private final AuditBudget budget;

  /** A reader paced by Graph's audit-log limit, shared with every reader on {@code graph}. */
  public GraphLogReader(GraphConnection graph) {
    this(graph, graph.auditBudget);
  }

  private GraphLogReader(GraphConnection graph, AuditBudget budget) {
    this.graph = graph;
    this.budget = budget;
  }

  /**
   * A reader paced as Graph's audit-log limit but over a shorter {@code window}, for a sandbox
   * whose throttle window is shortened the same way: tests of the pacing that should not wait 10 s
   * a turn. Never for Graph itself.
   */
  public static GraphLogReader pacedPer(GraphConnection graph, Duration window) {
    return new GraphLogReader(
        graph,
        new AuditBudget(
            AuditBudget.LIMIT, window, java.time.Clock.systemUTC(), AuditBudget::sleep));
  }

  /**
   * A reader that sends as fast as Graph answers and only waits out a 429's {@code Retry-After}:
   * for measuring processing against a sandbox whose throttle is off, never for Graph itself.
   */
  public static GraphLogReader unpaced(GraphConnection graph) {
    return new GraphLogReader(graph, AuditBudget.unlimited());
  }

  /**
   * {@inheritDoc}
   *
   * @throws Failure.Forbidden when the app lacks the permissions or the tenant the licence
   * @throws Failure.InvalidInput when Graph refuses the query
   */
  @Override
  public LogPage read(
      Instant after,
      Instant before,
      String nextLink,
      Instant deadline,
      Consumer<ProvisioningEvent> sink) {
    String url = nextLink != null ? nextLink : firstPage(after, before);
    int requests = 0;
    int throttled = 0;
    while (true) {
      if (!budget.acquire(deadline)) {
        return new LogPage(null, 0, requests, throttled, true);
      }
      requests++;
      try {
        InputStream body =
            GraphErrors.call("Reading provisioning logs", () -> graph.send(request(url)));
        Parsed page = parse(body, sink);
        return new LogPage(page.nextLink, page.events, requests, throttled, false);
      } catch (Failure.Throttled t) {
        throttled++;
        budget.holdFor(t.retryAfter().orElse(AuditBudget.WINDOW));
      }
    }
  }

  private String firstPage(Instant after, Instant before) {
    String filter = "activityDateTime gt " + after + " and activityDateTime lt " + before;
    return graph.baseUrl
        + "/auditLogs/provisioning?$filter="
        + URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20")
        + "&$top="
        + TOP;
  }

  private static RequestInformation request(String url) {
    RequestInformation r = new RequestInformation();
    r.httpMethod = HttpMethod.GET;
    r.setUri(URI.create(url));
    r.headers.add("Accept", "application/json");
    // This reader paces itself and waits out 429s; the retry handler must not resend them.
    r.addRequestOptions(List.of(GraphRetry.CallerHandlesThrottling.INSTANCE));
    return r;
  }

  private record Parsed(String nextLink, int events) {}

  private static Parsed parse(InputStream body, Consumer<ProvisioningEvent> sink) {
    if (body == null) {
      return new Parsed(null, 0);
    }
    String next = null;
    int events = 0;
    try (InputStream in = body;
        JsonParser p = JSON.createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw unreadable("the answer is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        if ("value".equals(name) && t == JsonToken.START_ARRAY) {
          while (p.nextToken() == JsonToken.START_OBJECT) {
            sink.accept(event(p));
            events++;
          }
        } else if ("@odata.nextLink".equals(name) && t == JsonToken.VALUE_STRING) {
          next = p.getText();
        } else {
          p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw unreadable(e.getMessage());
    } catch (DateTimeParseException e) {
      throw unreadable("an event's activityDateTime is not a time");
    } catch (UncheckedIOException e) {
      throw unreadable(e.getCause().getMessage());
    }
    return new Parsed(next, events);
  }

  private static Failure unreadable(String why) {
    return GraphErrors.failure(
        502, "Graph's provisioning-log page could not be read: " + why, null, null);
  }

  /** One {@code provisioningObjectSummary}, the parser on its opening brace. */
  private static ProvisioningEvent event(JsonParser p) throws IOException {
    Fields f = new Fields();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      switch (name) {
        case "id" -> f.id = text(p, t);
        case "activityDateTime" -> {
          String at = text(p, t);
          f.at = at == null ? null : Instant.parse(at);
        }
        case "jobId" -> f.jobId = text(p, t);
        case "cycleId" -> f.cycleId = text(p, t);
        case "provisioningAction" -> f.action = text(p, t);
        case "durationInMilliseconds" ->
            f.duration = t == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : null;
        case "servicePrincipal" ->
            object(p, t, Map.of("id", v -> f.spId = v, "displayName", v -> f.spName = v));
        case "sourceIdentity" ->
            object(p, t, Map.of("id", v -> f.sourceId = v, "displayName", v -> f.sourceName = v));
        case "targetIdentity" -> object(p, t, Map.of("id", v -> f.targetId = v));
        case "provisioningStatusInfo" -> statusInfo(p, t, f);
        default -> p.skipChildren();
      }
    }
    return new ProvisioningEvent(
        f.id,
        f.at,
        f.jobId,
        f.cycleId,
        f.spId,
        f.spName,
        f.action,
        f.status,
        f.errorCode,
        f.errorCategory,
        f.reason,
        f.recommendedAction,
        f.sourceId,
        f.sourceName,
        f.targetId,
        f.duration);
  }

  private static void statusInfo(JsonParser p, JsonToken t, Fields f) throws IOException {
    if (t != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      if (name.equals("status")) {
        f.status = text(p, v);
      } else if (name.equals("errorInformation")) {
        object(
            p,
            v,
            Map.of(
                "errorCode", c -> f.errorCode = c,
                "errorCategory", c -> f.errorCategory = c,
                "reason", c -> f.reason = c,
                "recommendedAction", c -> f.recommendedAction = c));
      } else {
        p.skipChildren();
      }
    }
  }

  /** Reads the string fields of an object that {@code fields} names; the rest is skipped. */
  private static void object(JsonParser p, JsonToken t, Map<String, Consumer<String>> fields)
      throws IOException {
    if (t != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      Consumer<String> field = fields.get(name);
      if (v == JsonToken.VALUE_STRING && field != null) {
        field.accept(p.getText());
      } else {
        p.skipChildren();
      }
    }
  }

  private static String text(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    p.skipChildren();
    return null;
  }

  /** An event's fields as the parser meets them, in whatever order Graph writes them. */
  private static final class Fields {
    String id;
    Instant at;
    String jobId;
    String cycleId;
    String spId;
    String spName;
    String action;
    String status;
    String errorCode;
    String errorCategory;
    String reason;
    String recommendedAction;
    String sourceId;
    String sourceName;
    String targetId;
    Integer duration;
  }
}
