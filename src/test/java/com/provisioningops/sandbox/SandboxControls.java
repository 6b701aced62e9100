package com.provisioningops.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sandbox's admin routes, for people and scripts driving a running sandbox:
 *
 * <pre>
 * POST   /_sandbox/jobs/{jobId}/quarantine   {"reason": "TooManyDeletes", "days": 22}
 * POST   /_sandbox/jobs/{jobId}/disable      as Microsoft does four weeks into a quarantine
 * POST   /_sandbox/jobs/{jobId}/fail         {"successiveFailures": 3}
 * POST   /_sandbox/jobs/{jobId}/pause
 * DELETE /_sandbox/jobs/{jobId}
 * POST   /_sandbox/faults   {"path": "regex", "kind": "throttle|error|timeout|malformed|latency|lateAnswer",
 *                            "count": 3, "status": 503, "retryAfterSeconds": 2, "delayMillis": 500}
 * DELETE /_sandbox/faults
 * POST   /_sandbox/auditThrottle   {"enabled": false}
 * POST   /_sandbox/replicationDelay {"seconds": 5}
 * POST   /_sandbox/queryLag {"seconds": 8}   new apps missing from $filter queries this long
 * POST   /_sandbox/cycle     runs one provisioning cycle
 * POST   /_sandbox/reset     restores the seeded tenant
 * GET    /_sandbox/counts    requests served, by shape
 * GET    /_sandbox/jobs      every job id with its service principal
 * </pre>
 */
final class SandboxControls {
  private static final Pattern JOB =
      Pattern.compile("^/_sandbox/jobs/([^/]+)(/(quarantine|fail|pause|disable))?$");

  private SandboxControls() {}

  static GraphSandbox.Answer handle(GraphSandbox sandbox, String method, String path, byte[] body) {
    try {
      JsonNode json = GraphSandbox.parse(body);
      SandboxTenant tenant = sandbox.tenant();
      Matcher m = JOB.matcher(path);
      if (m.matches()) {
        String jobId = m.group(1);
        String action = m.group(3);
        if (action == null && method.equals("DELETE")) {
          tenant.delete(jobId);
        } else if ("quarantine".equals(action)) {
          tenant.quarantine(
              jobId,
              json.path("reason").asText("EncounteredQuarantineException"),
              java.time.Duration.ofDays(json.path("days").asLong(0)));
        } else if ("fail".equals(action)) {
          tenant.fail(jobId, json.path("successiveFailures").asInt(3));
        } else if ("pause".equals(action)) {
          tenant.pause(jobId);
        } else if ("disable".equals(action)) {
          tenant.disable(jobId);
        } else {
          return notFound();
        }
        return GraphSandbox.Answer.json(200, tenant.jobJson(jobId));
      }
      switch (method + " " + path) {
        case "POST /_sandbox/faults" -> addFault(sandbox.faults(), json);
        case "DELETE /_sandbox/faults" -> sandbox.faults().clear();
        case "POST /_sandbox/auditThrottle" ->
            sandbox.auditThrottle(json.path("enabled").asBoolean(true));
        case "POST /_sandbox/replicationDelay" ->
            tenant.setReplicationDelay(
                java.time.Duration.ofSeconds(json.path("seconds").asLong(0)));
        case "POST /_sandbox/queryLag" ->
            tenant.setQueryLag(java.time.Duration.ofSeconds(json.path("seconds").asLong(0)));
        case "POST /_sandbox/cycle" -> {
          ObjectNode out = SandboxTenant.JSON.createObjectNode();
          out.put("events", tenant.runCycle());
          return GraphSandbox.Answer.json(200, out);
        }
        case "POST /_sandbox/reset" -> sandbox.reset();
        case "POST /_sandbox/token" -> {
          // A user's sign-in for trying GRAPH_CHANGES_AS=user and app roles locally.
          java.util.List<String> roles = new java.util.ArrayList<>();
          json.path("roles").forEach(r -> roles.add(r.asText()));
          ObjectNode out = SandboxTenant.JSON.createObjectNode();
          out.put(
              "access_token",
              sandbox.userToken(
                  json.path("upn").asText("adele.vance@contoso.example"),
                  json.path("audience").asText("api://" + GraphSandbox.API_CLIENT_ID),
                  java.util.List.of("user_impersonation"),
                  roles,
                  java.time.Duration.ofMinutes(json.path("minutes").asLong(60))));
          return GraphSandbox.Answer.json(200, out);
        }
        case "GET /_sandbox/counts" -> {
          return GraphSandbox.Answer.json(
              200, SandboxTenant.JSON.valueToTree(sandbox.requestCounts()));
        }
        case "GET /_sandbox/jobs" -> {
          ObjectNode out = SandboxTenant.JSON.createObjectNode();
          for (String id : tenant.jobIds()) {
            out.put(id, tenant.servicePrincipalOf(id));
          }
          return GraphSandbox.Answer.json(200, out);
        }
        default -> {
          return notFound();
        }
      }
      return GraphSandbox.Answer.empty(204);
    } catch (IllegalArgumentException | GraphError e) {
      ObjectNode out = SandboxTenant.JSON.createObjectNode();
      out.put("error", e.getMessage());
      return new GraphSandbox.Answer(400, Map.of(), out, null);
    }
  }

  private static void addFault(Faults faults, JsonNode json) {
    String path = json.path("path").asText(".");
    int count = json.path("count").asInt(1);
    switch (json.path("kind").asText("")) {
      case "throttle" -> faults.throttle(path, json.path("retryAfterSeconds").asInt(1), count);
      case "error" -> faults.error(path, json.path("status").asInt(503), count);
      case "timeout" -> faults.timeout(path, json.path("delayMillis").asLong(35_000), count);
      case "malformed" -> faults.malformed(path, count);
      case "latency" -> faults.latency(path, json.path("delayMillis").asLong(500), count);
      case "lateAnswer" -> faults.lateAnswer(path, json.path("delayMillis").asLong(30_000), count);
      default ->
          throw new IllegalArgumentException(
              "kind must be throttle, error, timeout, malformed, latency or lateAnswer");
    }
  }

  private static GraphSandbox.Answer notFound() {
    ObjectNode out = SandboxTenant.JSON.createObjectNode();
    out.put("error", "No such sandbox control.");
    return new GraphSandbox.Answer(404, Map.of(), out, null);
  }
}
