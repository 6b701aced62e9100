package com.provisioningops.adapter.storage;

import com.provisioningops.monitoring.jobs.PollPartitions;

/**
 * The {@code poll-partitions} queue: messages {@code {"slice": i, "of": n}}, base64-encoded as the
 * Functions queue trigger expects.
 *
 * <p>Needs the Storage Queue Data Message Sender role on the account.
 *
 * <p>Every method throws {@code Failure.Unavailable} when the queue cannot be written.
 */
public final class StoragePollPartitions implements PollPartitions {
  public static final String NAME = "poll-partitions";
  private final Queues queues;

  public StoragePollPartitions(Queues queues) {
    this.queues = queues;
  }

  @Override
  public void enqueue(int slice, int of) {
    StorageFailures.call(
        "queue a poll partition",
        () -> queues.get(NAME).sendMessage("{\"slice\":" + slice + ",\"of\":" + of + "}"));
  }
}
