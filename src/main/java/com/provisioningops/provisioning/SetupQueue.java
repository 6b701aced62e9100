package com.provisioningops.provisioning;

import java.time.Duration;

/**
 * The work list of setups with steps left to run. Delivery is at least once: a setup's message may
 * arrive twice or after the setup finished, and the worker copes.
 */
public interface SetupQueue {

  /**
   * Asks for the setup's next steps to run after {@code delay} (zero: as soon as possible).
   *
   * @param turn the number the message carries; the worker drops messages older than the setup's
   *     current turn
   */
  void enqueue(String setupId, int turn, Duration delay);
}
