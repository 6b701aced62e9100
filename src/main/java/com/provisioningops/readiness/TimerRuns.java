package com.provisioningops.readiness;

import java.time.Clock;
import java.util.Optional;

/**
 * Records when each timer function last ran, so health and the status page can tell a stalled timer
 * from a quiet tenant.
 */
public final class TimerRuns {
  private final Checkpoints checkpoints;
  private final Clock clock;

  public TimerRuns(Checkpoints checkpoints, Clock clock) {
    this.checkpoints = checkpoints;
    this.clock = clock;
  }

  /** Records that {@code timer} ran now, as invocation {@code invocationId}. */
  public Checkpoint recordRun(String timer, String invocationId) {
    Checkpoint run = new Checkpoint(key(timer), clock.instant(), "invocation " + invocationId);
    checkpoints.save(run);
    return run;
  }

  /** Records that {@code timer} ran now and what it did, in one line. */
  public Checkpoint recordRun(String timer, String invocationId, String summary) {
    Checkpoint run =
        new Checkpoint(key(timer), clock.instant(), summary + " (invocation " + invocationId + ")");
    checkpoints.save(run);
    return run;
  }

  /** When {@code timer} last ran, if it ever did. */
  public Optional<Checkpoint> lastRun(String timer) {
    return checkpoints.find(key(timer));
  }

  private static String key(String timer) {
    return "timer:" + timer;
  }
}
