package com.provisioningops.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.provisioningops.devhost.RunningApp;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every operation of the OpenAPI 3 definition, fed malformed route values, bodies and query values,
 * answers a 4xx problem+json: never a 500, never a stack trace.
 */
class BadInputIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> BAD_VALUES =
      List.of("x'y", "') or (1 eq 1", "%00", "a".repeat(600), "../../etc/passwd");
  private static final List<String> BAD_BODIES =
      List.of(
          "{]",
          "[1,2]",
          "\"text\"",
          "{\"credentials\": 5, \"resetScope\": {}, \"displayName\": []}",
          "null");
  private final RunningApp app = RunningApp.shared();

  @Test
  void malformedInputIsAlwaysAClientProblem() throws Exception {
    JsonNode v3 = JSON.readTree(app.get("/api/openapi/v3.json").body());
    List<String> failures = new ArrayList<>();
    int calls = 0;
    for (Iterator<Map.Entry<String, JsonNode>> paths = v3.path("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      if (!path.getKey().contains("{")
          && !path.getValue().has("post")
          && !path.getValue().has("put")) {
        continue;
      }
      for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
        Map.Entry<String, JsonNode> op = ops.next();
        String method = op.getKey().toUpperCase();
        if (!path.getKey().contains("{") && !op.getValue().has("requestBody")) {
          continue; // nothing to malform: no route value, and any body is ignored
        }
        for (String bad : BAD_VALUES) {
          String url =
              "/api"
                  + path.getKey()
                      .replaceAll("\\{[^}]+}", URLEncoder.encode(bad, StandardCharsets.UTF_8));
          for (String body : method.equals("GET") ? List.of("") : BAD_BODIES) {
            HttpResponse<String> r = call(method, url, body);
            calls++;
            check(method + " " + url + " " + body, r, failures);
          }
        }
      }
    }
    Map<String, List<String>> badQueries =
        Map.of(
            "/api/provisioning/logs",
            List.of(
                "top=-1",
                "top=abc",
                "since=yesterday",
                "status=%27",
                "jobId=%27%29",
                "skipToken=%27%29"),
            "/api/applicationTemplates",
            List.of("top=-1", "top=abc", "category=%27%29%20or%20(", "skipToken=%27%29"));
    for (var route : badQueries.entrySet()) {
      for (String query : route.getValue()) {
        check(route.getKey() + "?" + query, app.getWithKey(route.getKey() + "?" + query), failures);
        calls++;
      }
    }

    assertThat(calls).isGreaterThan(100);
    assertThat(failures).isEmpty();
  }

  @Test
  void aHundredMegabytePostToAnUnknownRouteIsRefusedBeforeItIsRead() throws Exception {
    java.net.URI base = app.baseUri();
    try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      var out = socket.getOutputStream();
      out.write(
          ("POST /api/no/such/route HTTP/1.1\r\nHost: "
                  + base.getHost()
                  + "\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                  + 100L * 1024 * 1024
                  + "\r\n\r\n")
              .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      out.write(new byte[4096]); // a first slice; the rest is never sent
      out.flush();
      String statusLine =
          new java.io.BufferedReader(
                  new java.io.InputStreamReader(
                      socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII))
              .readLine();

      assertThat(statusLine).startsWith("HTTP/1.1 413");
    }
  }

  private HttpResponse<String> call(String method, String url, String body) {
    String[] headers = {
      "x-functions-key",
      RunningApp.MASTER_KEY,
      "Content-Type",
      "application/json",
      "Idempotency-Key",
      "bad-input"
    };
    return switch (method) {
      case "GET" -> app.get(url, headers);
      case "PUT" -> app.put(url, body, headers);
      default -> app.post(url, body, headers);
    };
  }

  private static void check(String what, HttpResponse<String> r, List<String> failures) {
    boolean problem =
        r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json");
    if (r.statusCode() >= 500 || r.statusCode() < 400 || !problem || r.body().contains("at com.")) {
      failures.add(what + " -> " + r.statusCode() + " " + r.body());
    }
  }
}
