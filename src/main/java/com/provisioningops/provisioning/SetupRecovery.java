package com.provisioningops.provisioning;

import com.provisioningops.failure.Failure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Finds running setups that nothing is carrying on (their message was lost, poisoned before the
 * state was stored, or never sent because a process died) and queues them again at their current
 * turn, so every setup ends without a caller. A setup counts as stalled when it has not changed for
 * {@code SETUP_CLAIM_TTL} past the time its next try was due; re-queuing one that was merely slow
 * is harmless, since claims and turns keep a second message from doing any step twice.
 */
public final class SetupRecovery {
  /** Setups re-queued per run at most, oldest first: a backlog drains over a few runs. */
  static final int MAX_PER_RUN = 100;

  private final SetupStore store;
  private final SetupQueue queue;
  private final Clock clock;
  private final Duration claimTtl;

  public SetupRecovery(SetupStore store, SetupQueue queue, Clock clock, Duration claimTtl) {
    this.store = store;
    this.queue = queue;
    this.clock = clock;
    this.claimTtl = claimTtl;
  }

  /**
   * Re-queues the stalled setups.
   *
   * @return how many were re-queued
   * @throws Failure.Unavailable when storage or the queue fails; the next run tries again
   */
  public int revive() {
    Instant now = clock.instant();
    int revived = 0;
    for (SetupState s : store.running(MAX_PER_RUN)) {
      if (stalledAt(s).plus(claimTtl).isBefore(now)) {
        queue.enqueue(s.setupId(), s.turn(), Duration.ZERO);
        revived++;
      }
    }
    return revived;
  }

  /** When something should last have happened to the setup: its last change or its next try. */
  private static Instant stalledAt(SetupState s) {
    Instant at = s.updatedAt();
    if (s.notBefore() != null && s.notBefore().isAfter(at)) {
      at = s.notBefore();
    }
    if (s.claim() != null && s.claim().until().isAfter(at)) {
      at = s.claim().until();
    }
    return at;
  }
}
