package com.provisioningops.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.provisioningops.devhost.RunningApp;
import com.provisioningops.sandbox.GraphSandbox;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Provisioning logs and on-demand provisioning over HTTP. */
class LogFunctionsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] KEY = {
    "x-functions-key", RunningApp.FUNCTION_KEY, "Content-Type", "application/json"
  };
  private final RunningApp app = RunningApp.shared();
  private final GraphSandbox graph = RunningApp.graph();

  @BeforeEach
  void auditThrottleOff() {
    graph.auditThrottle(false);
  }

  @AfterEach
  void auditThrottleOn() {
    graph.auditThrottle(true);
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  @Test
  void failuresOfOneJobAreListedNewestFirst() throws Exception {
    String jobId = graph.tenant().jobInScenario("degraded");

    JsonNode page =
        json(app.getWithKey("/api/provisioning/logs?jobId=" + jobId + "&status=failure&top=100"));

    assertThat(page.path("value")).isNotEmpty();
    assertThat(page.path("value").findValuesAsText("jobId")).containsOnly(jobId);
    assertThat(page.path("value").findValuesAsText("status")).containsOnly("failure");
    assertThat(page.path("value").get(0).path("errorCode").asText()).isNotBlank();
    List<String> times = page.path("value").findValuesAsText("activityDateTime");
    assertThat(times).isSortedAccordingTo((a, b) -> b.compareTo(a));
  }

  @Test
  void pagesFollowThisApisNextLink() throws Exception {
    String sp = graph.tenant().servicePrincipalOf(graph.tenant().jobInScenario("stale"));
    String since =
        Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
    List<String> ids = new ArrayList<>();
    String next =
        app.baseUri()
            + "/api/provisioning/logs?servicePrincipalId="
            + sp
            + "&since="
            + since
            + "&top=20";
    int pages = 0;
    while (next != null && pages < 20) {
      assertThat(next).startsWith(app.baseUri() + "/api/provisioning/logs?");
      URI uri = URI.create(next);
      JsonNode page = json(app.getWithKey(uri.getRawPath() + "?" + uri.getRawQuery()));
      page.path("value").forEach(e -> ids.add(e.path("id").asText()));
      next = page.hasNonNull("nextLink") ? page.path("nextLink").asText() : null;
      pages++;
    }

    assertThat(pages).isGreaterThan(1);
    assertThat(ids).doesNotHaveDuplicates().hasSizeGreaterThan(20);
  }

  @Test
  void badFiltersAreProblemsNamingTheParameter() throws Exception {
    HttpResponse<String> injected =
        app.getWithKey("/api/provisioning/logs?jobId=x%27%20or%20jobId%20ne%20%27");
    HttpResponse<String> notADate = app.getWithKey("/api/provisioning/logs?since=yesterday");
    HttpResponse<String> beyondRetention =
        app.getWithKey("/api/provisioning/logs?since=2020-01-01T00:00:00Z");

    assertThat(injected.statusCode()).isEqualTo(400);
    assertThat(notADate.statusCode()).isEqualTo(400);
    assertThat(json(notADate).path("detail").asText()).contains("since");
    assertThat(beyondRetention.statusCode()).as("reads the 30 days there are").isEqualTo(200);
  }

  @Test
  void onDemandProvisioningIsRefusedWithRetryAfterPastFivePerTenSeconds() throws Exception {
    String sp = graph.tenant().servicePrincipalOf(graph.tenant().jobInScenario("healthy"));
    var job = graph.tenant().newJob("scim");
    graph.tenant().addJob(sp, job);
    String url =
        "/api/servicePrincipals/"
            + sp
            + "/synchronization/jobs/"
            + job.path("id").asText()
            + "/provisionOnDemand";
    String body = "{\"objectId\":\"8b5a2c1e-3f4d-4e6a-9b7c-1d2e3f4a5b6c\",\"ruleId\":\"r1\"}";
    List<Integer> statuses = new ArrayList<>();
    HttpResponse<String> last = null;
    for (int i = 0; i < 6; i++) {
      last = app.post(url, body, KEY);
      statuses.add(last.statusCode());
    }

    assertThat(statuses.subList(0, 5)).allMatch(s -> s == 200 || s == 429);
    assertThat(statuses.get(5)).isEqualTo(429);
    assertThat(last.headers().firstValue("Retry-After")).isPresent();
  }
}
