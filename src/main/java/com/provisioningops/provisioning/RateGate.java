package com.provisioningops.provisioning;

import com.provisioningops.failure.Failure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Lets at most {@code limit} calls per key through in a sliding {@code window}; refuses the rest as
 * throttled, with the wait that frees a slot, so the app never hammers a Graph limit. Counts per
 * app instance.
 */
public final class RateGate {
  private final int limit;
  private final Duration window;
  private final Clock clock;
  private final Map<String, Deque<Instant>> calls = new HashMap<>();

  public RateGate(int limit, Duration window, Clock clock) {
    this.limit = limit;
    this.window = window;
    this.clock = clock;
  }

  /**
   * Takes a slot for {@code key}.
   *
   * @return the slots left in the window after this one
   * @throws Failure 429 with Retry-After when the window is full
   */
  public synchronized int acquire(String key, String what) {
    Instant now = clock.instant();
    Deque<Instant> recent = recent(key, now);
    if (recent.size() >= limit) {
      long wait =
          Math.max(1, Duration.between(now, recent.peekFirst().plus(window)).toSeconds() + 1);
      throw new Failure.Throttled(
          "rate-limited",
          "Too many requests",
          "Microsoft Graph allows "
              + limit
              + " "
              + what
              + " per "
              + (window.toSeconds() == 1 ? "second" : window.toSeconds() + " seconds")
              + "; try again in "
              + wait
              + " seconds.",
          null,
          Duration.ofSeconds(wait));
    }
    recent.addLast(now);
    return limit - recent.size();
  }

  /** The slots {@code key} has left in the window now. */
  public synchronized int remaining(String key) {
    return limit - recent(key, clock.instant()).size();
  }

  private Deque<Instant> recent(String key, Instant now) {
    Deque<Instant> recent = calls.computeIfAbsent(key, k -> new ArrayDeque<>());
    while (!recent.isEmpty() && !recent.peekFirst().isAfter(now.minus(window))) {
      recent.pollFirst();
    }
    return recent;
  }
}
