package com.provisioningops.monitoring.jobs;

/**
 * Hands slices of a large fleet poll to other instances: a fleet above {@code POLL_PARTITION_SIZE}
 * jobs is polled as {@code of} slices, each run from its own queue message.
 */
public interface PollPartitions {

  /**
   * Asks for slice {@code slice} of {@code of} to be polled.
   *
   * @throws com.provisioningops.failure.Failure.Unavailable when the queue cannot be written
   */
  void enqueue(int slice, int of);
}
