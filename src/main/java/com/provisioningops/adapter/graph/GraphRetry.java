package com.provisioningops.adapter.graph;

import com.microsoft.kiota.RequestOption;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.function.LongConsumer;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The one retry policy of the Graph client, in place of the SDK's retry handler (stacking both
 * would multiply attempts): retries 429, 503 and (for requests safe to repeat) 504, honouring
 * {@code Retry-After}, within a bounded number of attempts and a total wait budget. A throttled
 * answer whose {@code Retry-After} does not fit the budget goes back to the caller at once, so that
 * the API can answer 429 with it rather than hold a flow's request open.
 */
final class GraphRetry implements Interceptor {
  private final int maxAttempts;
  private final Duration budget;
  private final LongConsumer sleeper;

  GraphRetry(int maxAttempts, Duration budget) {
    this(maxAttempts, budget, GraphRetry::sleep);
  }

  GraphRetry(int maxAttempts, Duration budget, LongConsumer sleeper) {
    this.maxAttempts = maxAttempts;
    this.budget = budget;
    this.sleeper = sleeper;
  }

  /**
   * Marks a request whose caller paces itself and waits out a 429 on its own: a 429 goes straight
   * back to it (other retries still apply).
   */
  static final class CallerHandlesThrottling implements RequestOption {
    static final CallerHandlesThrottling INSTANCE = new CallerHandlesThrottling();

    @Override
    @SuppressWarnings("unchecked")
    public <T extends RequestOption> Class<T> getType() {
      return (Class<T>) CallerHandlesThrottling.class;
    }
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    boolean callerHandles429 = request.tag(CallerHandlesThrottling.class) != null;
    long waitedMillis = 0;
    for (int attempt = 1; ; attempt++) {
      Response response = chain.proceed(request);
      if (!retryable(response.code(), request.method())
          || (callerHandles429 && response.code() == 429)
          || attempt >= maxAttempts
          || !replayable(request)) {
        return response;
      }
      long delay = delayMillis(response, attempt);
      if (waitedMillis + delay > budget.toMillis()) {
        return response;
      }
      response.close();
      sleeper.accept(delay);
      waitedMillis += delay;
    }
  }

  /**
   * 429 and 503 say the request was not carried out, so any request may be sent again. A 504 says
   * only that the gateway stopped waiting: Graph may have done the work, so only requests that are
   * safe to repeat (GET, PUT, DELETE) are retried; a POST goes back to its caller, which looks for
   * what it may have made before trying again.
   */
  static boolean retryable(int status, String method) {
    if (status == 429 || status == 503) {
      return true;
    }
    return status == 504 && !method.equals("POST") && !method.equals("PATCH");
  }

  private static boolean replayable(Request request) {
    try {
      return request.body() == null || !request.body().isOneShot();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** {@code Retry-After} (seconds or an HTTP date) when given, else exponential from 1 s. */
  static long delayMillis(Response response, int attempt) {
    Duration retryAfter = retryAfter(response.header("Retry-After"));
    if (retryAfter != null) {
      return retryAfter.toMillis();
    }
    return 1000L << Math.min(attempt - 1, 5);
  }

  /** Parses a {@code Retry-After} value; null when absent or unreadable. */
  static Duration retryAfter(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
    } catch (NumberFormatException e) {
      try {
        Instant at =
            ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(Instant.now(), at);
        return d.isNegative() ? Duration.ZERO : d;
      } catch (RuntimeException unreadable) {
        return null;
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting to retry a Graph request", e);
    }
  }
}
