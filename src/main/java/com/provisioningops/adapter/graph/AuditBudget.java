package com.provisioningops.adapter.graph;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongConsumer;

/**
 * Graph's audit-log limit, kept on the app's side: at most 5 requests in any 10 seconds (plus a
 * small margin for clock and network jitter, so the service never counts six), and nothing before a
 * throttled answer's {@code Retry-After} has passed. Callers wait for a slot rather than fail.
 */
final class AuditBudget {
  static final int LIMIT = 5;
  static final Duration WINDOW = Duration.ofSeconds(10);

  /** Sends spread by network jitter could land inside Graph's window: keep this much apart. */
  static final Duration MARGIN = Duration.ofMillis(250);

  private final int limit;
  private final Duration window;
  private final Clock clock;
  private final LongConsumer sleeper;
  private final Deque<Instant> sent = new ArrayDeque<>();
  private Instant blockedUntil = Instant.MIN;

  AuditBudget(int limit, Clock clock, LongConsumer sleeper) {
    this(limit, WINDOW, clock, sleeper);
  }

  AuditBudget(int limit, Duration window, Clock clock, LongConsumer sleeper) {
    this.limit = limit;
    this.window = window;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  AuditBudget() {
    this(LIMIT, Clock.systemUTC(), AuditBudget::sleep);
  }

  /** No pacing, only {@code Retry-After}: for a sandbox with its throttle off (benchmarks). */
  static AuditBudget unlimited() {
    return new AuditBudget(Integer.MAX_VALUE, Clock.systemUTC(), AuditBudget::sleep);
  }

  /**
   * Waits for a slot and takes it.
   *
   * @return false, without waiting, when no slot frees before {@code deadline}
   */
  boolean acquire(Instant deadline) {
    while (true) {
      Instant slot;
      synchronized (this) {
        Instant now = clock.instant();
        while (!sent.isEmpty() && !sent.peekFirst().plus(window).plus(MARGIN).isAfter(now)) {
          sent.pollFirst();
        }
        slot = sent.size() < limit ? now : sent.peekFirst().plus(window).plus(MARGIN);
        if (blockedUntil.isAfter(slot)) {
          slot = blockedUntil;
        }
        if (slot.isAfter(deadline)) {
          return false;
        }
        if (!slot.isAfter(now)) {
          if (limit != Integer.MAX_VALUE) {
            sent.addLast(now);
          }
          return true;
        }
      }
      sleeper.accept(Math.max(1, Duration.between(clock.instant(), slot).toMillis()));
    }
  }

  /** Holds every request back until {@code wait} from now has passed (a 429's Retry-After). */
  synchronized void holdFor(Duration wait) {
    Instant until = clock.instant().plus(wait);
    if (until.isAfter(blockedUntil)) {
      blockedUntil = until;
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for Graph's audit-log limit", e);
    }
  }
}
