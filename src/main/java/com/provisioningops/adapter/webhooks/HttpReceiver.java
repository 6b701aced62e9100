package com.provisioningops.adapter.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.provisioningops.alerts.Alert;
import com.provisioningops.delivery.Receiver;
import com.provisioningops.delivery.Subscription;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Posts alert changes over HTTPS with the JDK client: one try per call (the queue retries), a
 * timeout, and no redirect followed (a 3xx is a failed delivery, so a receiver cannot bounce the
 * app to an internal address). Flows and webhooks get the alert as JSON; Teams gets an {@link
 * TeamsCard}. Every post carries {@code Idempotency-Key: <alertId>#<changeSequence>}.
 */
public final class HttpReceiver implements Receiver {
  static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final HttpClient client;
  private final Duration timeout;

  public HttpReceiver(Duration timeout) {
    this.timeout = timeout;
    this.client =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(timeout)
            .build();
  }

  @Override
  public Reply post(URI target, Subscription.Kind kind, Alert alert, String idempotencyKey) {
    String body;
    try {
      body =
          JSON.writeValueAsString(
              kind == Subscription.Kind.teams
                  ? TeamsCard.envelope(alert)
                  : alert.withVersion(null));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write alert " + alert.id(), e);
    }
    HttpRequest request =
        HttpRequest.newBuilder(target)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", idempotencyKey)
            .header("User-Agent", "ProvisioningOps")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
      int status = response.statusCode();
      if (status >= 300 && status < 400) {
        return new Reply(status, "a redirect, which the app does not follow");
      }
      return new Reply(status, null);
    } catch (HttpTimeoutException e) {
      return new Reply(0, "the receiver did not answer within " + timeout.toSeconds() + " s");
    } catch (IOException e) {
      return new Reply(
          0, "the receiver could not be reached (" + e.getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Reply(0, "interrupted");
    }
  }
}
