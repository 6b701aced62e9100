package com.provisioningops.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.data.tables.models.TableEntity;
import com.azure.storage.queue.QueueClientBuilder;
import com.azure.storage.queue.QueueMessageEncoding;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.provisioningops.devhost.Azurite;
import com.provisioningops.devhost.Ports;
import com.provisioningops.devhost.RunningApp;
import com.provisioningops.sandbox.GraphSandbox;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Alert delivery through the packaged app and a real local receiver: subscribe, a change posted
 * once with its idempotency key, unsubscribe; a receiver that fails then recovers; one that never
 * does (parked, subscription unhealthy, the alert kept); a 410; refused targets and a redirect.
 * Storage of its own; deliveries retry after 1 s, 3 tries.
 */
class AlertDeliveryIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Azurite storage;
  private static RunningApp app;
  private static HttpServer receiver;
  private static final List<Received> received = new CopyOnWriteArrayList<>();
  private static final Map<String, List<Integer>> script = new ConcurrentHashMap<>();
  private final GraphSandbox graph = RunningApp.graph();
  private final List<String> quarantined = new ArrayList<>();

  /** One post the receiver got. */
  record Received(String path, String idempotencyKey, JsonNode body) {}

  @BeforeAll
  static void start() throws Exception {
    storage = Azurite.start(Path.of("").toAbsolutePath(), Ports.free(), Ports.free(), null);
    app =
        RunningApp.start(
            Map.of(
                "AzureWebJobsStorage", storage.connectionString(),
                "DELIVERY_BACKOFF", "PT1S",
                "DELIVERY_MAX_ATTEMPTS", "3"));
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          byte[] body = exchange.getRequestBody().readAllBytes();
          received.add(
              new Received(
                  path,
                  exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                  JSON.readTree(new String(body, StandardCharsets.UTF_8))));
          List<Integer> plan = script.getOrDefault(path, List.of(200));
          int n = (int) received.stream().filter(r -> r.path().equals(path)).count();
          int status = plan.get(Math.min(n, plan.size()) - 1);
          if (status == 302) {
            exchange
                .getResponseHeaders()
                .add("Location", "http://127.0.0.1:" + port() + "/elsewhere");
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    receiver.start();
    assertThat(app.runFunction("DiscoveryTimer").statusCode()).isEqualTo(202);
    assertThat(app.runFunction("JobPollTimer").statusCode()).isEqualTo(202);
  }

  @AfterAll
  static void stop() {
    receiver.stop(0);
    app.close();
    storage.close();
  }

  @BeforeEach
  void noSubscriptions() throws Exception {
    for (JsonNode s :
        JSON.readTree(app.getWithKey("/api/alerts/subscriptions").body()).path("value")) {
      app.delete(pathAndQuery(s.path("unsubscribeUrl").asText()));
    }
    received.clear();
    script.clear();
  }

  @AfterEach
  void healJobs() {
    for (String job : quarantined) {
      graph.tenant().restart(graph.tenant().servicePrincipalOf(job), job, "QuarantineState");
    }
    assertThat(app.runFunction("JobPollTimer").statusCode()).isEqualTo(202);
  }

  private static int port() {
    return receiver.getAddress().getPort();
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  private static HttpResponse<String> subscribe(String body) {
    return app.post("/api/alerts/subscriptions", body, "x-functions-key", RunningApp.FUNCTION_KEY);
  }

  private String subscribed(String path, String kind) throws Exception {
    HttpResponse<String> r =
        subscribe(
            "{\"callbackUrl\":\""
                + url(path)
                + "\",\"kind\":\""
                + kind
                + "\",\"severity\":\"critical\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return JSON.readTree(r.body()).path("id").asText();
  }

  /** Quarantines a healthy job and polls: one critical alert opens. */
  private String givenACriticalAlert(String scenario) {
    String job = graph.tenant().jobInScenario(scenario);
    graph.tenant().quarantine(job, "TooManyDeletes");
    quarantined.add(job);
    assertThat(app.runFunction("JobPollTimer").statusCode()).isEqualTo(202);
    return job;
  }

  private static void waitFor(String what, BooleanSupplier done) throws InterruptedException {
    Instant until = Instant.now().plus(Duration.ofSeconds(30));
    while (!done.getAsBoolean()) {
      assertThat(Instant.now()).as("waiting for " + what).isBefore(until);
      Thread.sleep(200);
    }
  }

  private static List<Received> at(String path) {
    return received.stream().filter(r -> r.path().equals(path)).toList();
  }

  private static JsonNode subscription(String id) throws Exception {
    for (JsonNode s :
        JSON.readTree(app.getWithKey("/api/alerts/subscriptions").body()).path("value")) {
      if (s.path("id").asText().equals(id)) {
        return s;
      }
    }
    return null;
  }

  @Test
  void aFlowSubscribesGetsEachChangeOnceWithItsKeyAndUnsubscribes() throws Exception {
    HttpResponse<String> r =
        subscribe(
            "{\"callbackUrl\":\""
                + url("/flow?sig=s3cr3t-signature")
                + "\",\"severity\":\"critical\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    String location = r.headers().firstValue("Location").orElseThrow();
    JsonNode view = JSON.readTree(r.body());
    assertThat(location)
        .contains("/api/alerts/subscriptions/" + view.path("id").asText() + "?sig=")
        .doesNotContain(RunningApp.FUNCTION_KEY);
    assertThat(view.path("callbackUrl").asText()).isEqualTo("http://127.0.0.1/…");
    assertThat(r.body()).doesNotContain("s3cr3t-signature");
    for (TableEntity e : app.tables().getTableClient("subscriptions").listEntities()) {
      assertThat(e.getProperties().toString()).doesNotContain("s3cr3t-signature");
    }
    assertThat(
            subscribe(
                    "{\"callbackUrl\":\""
                        + url("/flow?sig=s3cr3t-signature")
                        + "\",\"severity\":\"critical\"}")
                .headers()
                .firstValue("Location"))
        .as("subscribing again (a retry) gives the same subscription")
        .contains(location);

    String job = givenACriticalAlert("healthy");
    waitFor("the change to arrive", () -> !at("/flow").isEmpty());
    Thread.sleep(1500); // a second copy would arrive meanwhile
    assertThat(at("/flow")).hasSize(1);
    Received got = at("/flow").get(0);
    assertThat(got.body().path("jobId").asText()).isEqualTo(job);
    assertThat(got.body().path("change").asText()).isEqualTo("opened");
    assertThat(got.idempotencyKey()).isEqualTo(got.body().path("id").asText() + "#1");
    assertThat(got.body().path("statusLink").asText()).endsWith("/api/status");
    assertThat(app.output()).noneMatch(line -> line.contains("s3cr3t-signature"));

    // Power Automate deletes the Location as it was given, without the connection's API key.
    HttpResponse<String> gone = app.delete(pathAndQuery(location));
    assertThat(gone.statusCode()).isEqualTo(204);
    assertThat(app.delete(pathAndQuery(location)).statusCode()).as("a second call").isEqualTo(204);
    assertThat(subscription(view.path("id").asText())).isNull();
    assertThat(RunningApp.appVault().secretNames())
        .noneMatch(n -> n.contains(view.path("id").asText()));
  }

  @Test
  void theLocationDeletesItsOwnSubscriptionWithoutAKeyAndNothingElseDoes() throws Exception {
    String mine = subscribed("/mine", "webhook");
    String other = subscribed("/other", "webhook");
    String myUrl = subscription(mine).path("unsubscribeUrl").asText();
    String otherSig = URI.create(subscription(other).path("unsubscribeUrl").asText()).getRawQuery();

    HttpResponse<String> noSig = app.delete("/api/alerts/subscriptions/" + mine);
    HttpResponse<String> keyOnly =
        app.delete("/api/alerts/subscriptions/" + mine, "x-functions-key", RunningApp.FUNCTION_KEY);
    HttpResponse<String> borrowed =
        app.delete("/api/alerts/subscriptions/" + mine + "?" + otherSig);
    HttpResponse<String> edited = app.delete(pathAndQuery(myUrl) + "x");

    for (HttpResponse<String> refused : List.of(noSig, keyOnly, borrowed, edited)) {
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    }
    assertThat(subscription(mine)).isNotNull();
    assertThat(app.delete(pathAndQuery(myUrl)).statusCode()).isEqualTo(204);
    assertThat(subscription(mine)).isNull();
    assertThat(subscription(other)).as("only that one").isNotNull();
  }

  private static String pathAndQuery(String url) {
    URI uri = URI.create(url);
    return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }

  @Test
  void aReceiverThatFailsThenRecoversGetsTheChangeOnce() throws Exception {
    script.put("/flaky", List.of(500, 503, 200));
    String id = subscribed("/flaky", "webhook");

    givenACriticalAlert("healthy");

    waitFor("the third try", () -> at("/flaky").size() >= 3);
    Thread.sleep(2500);
    List<Received> tries = at("/flaky");
    assertThat(tries).hasSize(3);
    assertThat(tries)
        .extracting(Received::idempotencyKey)
        .containsOnly(tries.get(0).idempotencyKey());
    JsonNode s = subscription(id);
    assertThat(s.path("healthy").asBoolean()).isTrue();
    assertThat(s.path("lastDeliveredAt").asText()).isNotBlank();
  }

  @Test
  void aReceiverThatNeverRecoversIsParkedAndMarkedUnhealthyAndTheAlertStays() throws Exception {
    script.put("/down", List.of(503));
    String id = subscribed("/down", "webhook");

    String job = givenACriticalAlert("healthy");

    waitFor(
        "the subscription to be marked unhealthy",
        () -> {
          try {
            return !subscription(id).path("healthy").asBoolean();
          } catch (Exception e) {
            return false;
          }
        });
    assertThat(at("/down")).hasSize(3);
    JsonNode s = subscription(id);
    assertThat(s.path("failedDeliveries").asInt()).isEqualTo(1);
    assertThat(s.path("lastError").asText()).contains("503");
    var poison =
        new QueueClientBuilder()
            .connectionString(storage.connectionString())
            .queueName("deliveries-poison")
            .messageEncoding(QueueMessageEncoding.BASE64)
            .buildClient();
    assertThat(poison.peekMessages(10, null, null).stream().map(m -> m.getBody().toString()))
        .anyMatch(m -> m.contains(id) && m.contains("503"));
    JsonNode alerts = JSON.readTree(app.getWithKey("/api/alerts?state=open&jobId=" + job).body());
    assertThat(alerts.path("value").size()).isEqualTo(1);
    assertThat(app.get("/api/status", "x-functions-key", RunningApp.FUNCTION_KEY).body())
        .contains(id)
        .contains("unhealthy");
  }

  @Test
  void aReceiverAnswering410IsUnsubscribed() throws Exception {
    script.put("/deleted-flow", List.of(410));
    String id = subscribed("/deleted-flow", "powerAutomate");

    givenACriticalAlert("healthy");

    waitFor("the post", () -> !at("/deleted-flow").isEmpty());
    waitFor(
        "the subscription to go",
        () -> {
          try {
            return subscription(id) == null;
          } catch (Exception e) {
            return false;
          }
        });
    assertThat(at("/deleted-flow")).hasSize(1);
  }

  @Test
  void aRedirectIsNotFollowed() throws Exception {
    script.put("/bounce", List.of(302));
    String id = subscribed("/bounce", "webhook");

    givenACriticalAlert("healthy");

    waitFor("every try", () -> at("/bounce").size() >= 3);
    Thread.sleep(1500);
    assertThat(at("/elsewhere")).isEmpty();
    assertThat(subscription(id).path("lastError").asText()).contains("302");
  }

  @Test
  void privateMetadataAndPlainHttpTargetsAreRefused() {
    for (String target :
        List.of(
            "https://10.1.2.3/hook",
            "https://169.254.169.254/metadata/instance",
            "https://[fd00::1]/hook",
            "http://8.8.8.8/hook",
            "ftp://127.0.0.1/hook")) {
      HttpResponse<String> r = subscribe("{\"callbackUrl\":\"" + target + "\"}");
      assertThat(r.statusCode()).as(target).isEqualTo(400);
      assertThat(r.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/problem+json");
    }
    assertThat(subscribe("{\"kind\":\"teams\"}").statusCode()).isEqualTo(400);
  }

  @Test
  void aTeamsChannelGetsAnAdaptiveCard() throws Exception {
    subscribed("/teams", "teams");

    String job = givenACriticalAlert("healthy");

    waitFor("the card", () -> !at("/teams").isEmpty());
    JsonNode message = at("/teams").get(0).body();
    assertThat(message.path("type").asText()).isEqualTo("message");
    JsonNode attachment = message.path("attachments").get(0);
    assertThat(attachment.path("contentType").asText())
        .isEqualTo("application/vnd.microsoft.card.adaptive");
    JsonNode card = attachment.path("content");
    assertThat(card.path("type").asText()).isEqualTo("AdaptiveCard");
    assertThat(card.toString()).contains(job, "critical", "What to do");
    assertThat(card.path("actions").findValuesAsText("title"))
        .contains("Open the job", "Status page");
  }
}
