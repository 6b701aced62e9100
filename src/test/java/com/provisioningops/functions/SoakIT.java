package com.provisioningops.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.provisioningops.devhost.DevHostProcess;
import com.provisioningops.devhost.RunningApp;
import com.provisioningops.sandbox.GraphSandbox;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Many rounds of job polls, poll slices and log polls running over each other while jobs flip
 * between healthy, quarantined (critical and warning) and failing. A webhook subscriber and a
 * polling-trigger client must each end with the newest change of every alert exactly once, and the
 * alert book, the fleet view and the delivery records must agree. Bounded: 12 rounds, under a
 * minute.
 */
class SoakIT {
  /** How long the alert book must stand still before the soak judges its state. */
  private static final Duration SETTLED = Duration.ofSeconds(3);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ROUNDS = 12;
  private final GraphSandbox graph = RunningApp.graph();
  private final List<String> keysReceived = new CopyOnWriteArrayList<>();
  private final List<JsonNode> polled = new ArrayList<>();

  @Test
  void overlappingPollsWhileJobsFlipDeliverTheNewestChangeOfEveryAlertExactlyOnce()
      throws Exception {
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          keysReceived.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    receiver.start();
    List<String> flipped = new ArrayList<>();
    Map<String, JsonNode> before = new HashMap<>();
    try (RunningApp app =
        RunningApp.startOnOwnStorage(
            Map.of(
                "POLL_PARTITION_SIZE", "4",
                "DELIVERY_BACKOFF", "PT1S",
                "LOG_BACKFILL", "PT1H",
                "LOG_RUN_BUDGET", "PT30S"),
            DevHostProcess.Jvm.TESTS)) {
      assertThat(app.runFunction("DiscoveryTimer").statusCode()).isEqualTo(202);
      Instant started = Instant.now();
      HttpResponse<String> subscribed =
          app.post(
              "/api/alerts/subscriptions",
              "{\"callbackUrl\":\"http://127.0.0.1:"
                  + receiver.getAddress().getPort()
                  + "/soak\",\"kind\":\"webhook\"}",
              "x-functions-key",
              RunningApp.FUNCTION_KEY);
      assertThat(subscribed.statusCode()).as(subscribed.body()).isEqualTo(201);
      String subscriptionId = JSON.readTree(subscribed.body()).path("id").asText();
      String location = trigger(app, app.getWithKey("/api/alerts/poll"));

      flipped.addAll(healthyJobs(3));
      flipped.forEach(job -> before.put(job, graph.tenant().jobJson(job)));
      Random random = new Random(17);
      for (int round = 0; round < ROUNDS; round++) {
        for (String job : flipped) {
          flip(job, random.nextInt(4));
        }
        List<CompletableFuture<HttpResponse<String>>> runs = new ArrayList<>();
        // Log polls every third round: Graph's audit limit (5 requests per 10 s) paces them.
        List<String> timers =
            round % 3 == 0
                ? List.of("JobPollTimer", "JobPollTimer", "LogPollTimer")
                : List.of("JobPollTimer", "JobPollTimer");
        for (String timer : timers) {
          runs.add(CompletableFuture.supplyAsync(() -> app.runFunction(timer)));
        }
        location = trigger(app, follow(app, location));
        for (var run : runs) {
          assertThat(run.get().statusCode()).isEqualTo(202);
        }
      }
      assertThat(app.runFunction("JobPollTimer").statusCode()).isEqualTo(202);

      // The last poll fans out to partition messages that may still run, so the book can still
      // change: wait until it has not changed for a few seconds and its newest change of every
      // alert has arrived, then judge that one state.
      Map<String, Integer> newest;
      try {
        newest = settledAndDelivered(app, started);
      } catch (AssertionError e) {
        app.output().stream()
            .filter(l -> l.contains("eliver") || l.contains("Timer") || l.contains("Partition"))
            .forEach(l -> System.out.println("HOST " + l));
        System.out.println("RECEIVED " + keysReceived);
        System.out.println("ALERTS " + app.getWithKey("/api/alerts?top=100").body());
        throw e;
      }
      Thread.sleep(2_000); // a second copy of anything would arrive meanwhile
      for (int i = 0; i < 5 && location != null; i++) {
        location = trigger(app, follow(app, location));
      }

      assertThat(newest).isNotEmpty();
      Map<String, Long> delivered = counts(keysReceived, k -> k);
      assertThat(delivered.values()).as("no change posted twice").allMatch(n -> n == 1);
      Map<String, Long> triggered =
          counts(polled, c -> c.path("id").asText() + "#" + c.path("changeSequence").asInt());
      assertThat(triggered.values())
          .as("no change handed to the trigger twice")
          .allMatch(n -> n == 1);
      for (var e : newest.entrySet()) {
        assertThat(delivered).as("webhook got " + key(e)).containsEntry(key(e), 1L);
        assertThat(triggered).as("trigger got " + key(e)).containsEntry(key(e), 1L);
      }
      thenTheFleetViewAgreesWithTheAlertBook(app);
      JsonNode subscription = subscription(app, subscriptionId);
      assertThat(subscription.path("healthy").asBoolean()).isTrue();
      assertThat(subscription.path("failedDeliveries").asInt()).isZero();
    } finally {
      receiver.stop(0);
      // The sandbox is shared with the other tests: each job goes back as it was.
      before.forEach(
          (job, json) ->
              graph
                  .tenant()
                  .addJob(
                      graph.tenant().servicePrincipalOf(job),
                      (com.fasterxml.jackson.databind.node.ObjectNode) json));
    }
  }

  private List<String> healthyJobs(int n) {
    List<String> out = new ArrayList<>();
    for (String id : graph.tenant().jobIds()) {
      JsonNode job = graph.tenant().jobJson(id);
      if (out.size() < n
          && job.path("status").path("code").asText().equals("Active")
          && job.path("status").path("quarantine").isNull()
          && job.path("status").path("countSuccessiveCompleteFailures").asInt() == 0
          && job.path("status").path("lastExecution").path("state").asText().equals("Succeeded")) {
        out.add(id);
      }
    }
    assertThat(out).hasSize(n);
    return out;
  }

  private void flip(String job, int to) {
    String sp = graph.tenant().servicePrincipalOf(job);
    graph.tenant().restart(sp, job, "Full");
    switch (to) {
      case 1 -> graph.tenant().quarantine(job, "TooManyDeletes");
      case 2 -> graph.tenant().quarantine(job, "EncounteredEscrowProportionThreshold");
      case 3 -> graph.tenant().fail(job, 3);
      default -> {
        // healthy
      }
    }
  }

  private static HttpResponse<String> follow(RunningApp app, String location) {
    URI uri = URI.create(location);
    return app.getWithKey(uri.getRawPath() + "?" + uri.getRawQuery());
  }

  /** Keeps what a poll of the trigger handed out; the next Location. */
  private String trigger(RunningApp app, HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isIn(200, 202);
    if (r.statusCode() == 200) {
      JSON.readTree(r.body()).path("value").forEach(polled::add);
    }
    return r.headers().firstValue("Location").orElseThrow();
  }

  /**
   * Every alert's id and newest change sequence, from the alert book's own list: those changed
   * after both readers began (neither is sent what came before it).
   */
  private static Map<String, Integer> newestChangeOfEveryAlert(RunningApp app, Instant since)
      throws Exception {
    Map<String, Integer> newest = new HashMap<>();
    String next = "/api/alerts?top=100";
    while (next != null) {
      JsonNode page = JSON.readTree(app.getWithKey(next).body());
      page.path("value")
          .forEach(
              a -> {
                if (Instant.parse(a.path("changedAt").asText()).isAfter(since)) {
                  newest.put(a.path("id").asText(), a.path("changeSequence").asInt());
                }
              });
      next =
          page.hasNonNull("nextLink")
              ? URI.create(page.path("nextLink").asText()).getRawPath()
                  + "?"
                  + URI.create(page.path("nextLink").asText()).getRawQuery()
              : null;
    }
    return newest;
  }

  private static void thenTheFleetViewAgreesWithTheAlertBook(RunningApp app) throws Exception {
    Map<String, List<String>> openRules = new ConcurrentHashMap<>();
    JsonNode open = JSON.readTree(app.getWithKey("/api/alerts?top=100&source=jobStatus").body());
    open.path("value")
        .forEach(
            a -> {
              if (!a.path("state").asText().equals("resolved")) {
                openRules
                    .computeIfAbsent(a.path("jobId").asText(), j -> new ArrayList<>())
                    .add(a.path("rule").asText());
              }
            });
    JsonNode fleet = JSON.readTree(app.getWithKey("/api/jobs?top=100").body());
    for (JsonNode job : fleet.path("value")) {
      String id = job.path("id").asText(job.path("jobId").asText());
      String state = job.path("health").path("state").asText();
      List<String> rules = openRules.getOrDefault(id, List.of());
      if (state.equals("quarantined") || state.equals("failing")) {
        assertThat(rules).as(id + " is " + state).containsExactly(state);
      } else if (state.equals("healthy")) {
        assertThat(rules).as(id + " is healthy").isEmpty();
      }
    }
  }

  private static JsonNode subscription(RunningApp app, String id) throws Exception {
    for (JsonNode s :
        JSON.readTree(app.getWithKey("/api/alerts/subscriptions").body()).path("value")) {
      if (s.path("id").asText().equals(id)) {
        return s;
      }
    }
    throw new AssertionError("no subscription " + id);
  }

  private static String key(Map.Entry<String, Integer> alert) {
    return alert.getKey() + "#" + alert.getValue();
  }

  private static <T> Map<String, Long> counts(List<T> items, Function<T, String> key) {
    return items.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
  }

  /**
   * The newest change of every alert once the book has stood still for {@link #SETTLED} and every
   * one of them was received; fails after 90 s naming what is still missing.
   */
  private Map<String, Integer> settledAndDelivered(RunningApp app, Instant started)
      throws Exception {
    Instant until = Instant.now().plus(Duration.ofSeconds(90));
    Map<String, Integer> newest = Map.of();
    Instant stillSince = Instant.now();
    while (Instant.now().isBefore(until)) {
      Map<String, Integer> now = newestChangeOfEveryAlert(app, started);
      if (!now.equals(newest)) {
        newest = now;
        stillSince = Instant.now();
      }
      boolean settled = Instant.now().isAfter(stillSince.plus(SETTLED));
      if (settled && missing(newest).isEmpty()) {
        return newest;
      }
      Thread.sleep(250);
    }
    assertThat(missing(newest)).as("newest changes not delivered").isEmpty();
    return newest;
  }

  private List<String> missing(Map<String, Integer> newest) {
    return newest.entrySet().stream()
        .map(SoakIT::key)
        .filter(k -> !keysReceived.contains(k))
        .toList();
  }
}
