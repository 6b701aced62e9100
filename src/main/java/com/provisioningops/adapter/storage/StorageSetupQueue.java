package com.provisioningops.adapter.storage;

import com.azure.storage.queue.QueueClient;
import com.provisioningops.provisioning.SetupQueue;
import java.time.Duration;

/**
 * The {@code setups} queue. Messages are {@code {"setupId": "…", "turn": n}}, base64-encoded as the
 * Functions queue trigger expects; a delay becomes the message's initial invisibility.
 *
 * <p>Needs the Storage Queue Data Message Sender role on the account.
 *
 * <p>Every method throws {@code Failure.Unavailable} when the queue cannot be written.
 */
public final class StorageSetupQueue implements SetupQueue {
  public static final String NAME = "setups";

  /** Storage caps a message's invisibility at seven days; setups never wait nearly as long. */
  private static final Duration LONGEST_DELAY = Duration.ofHours(1);

  private final Queues queues;

  public StorageSetupQueue(Queues queues) {
    this.queues = queues;
  }

  @Override
  public void enqueue(String setupId, int turn, Duration delay) {
    // Storage counts invisibility in whole seconds: round up, or a short wait becomes none.
    long seconds = Math.max(0, (delay.toMillis() + 999) / 1000);
    Duration visibility = Duration.ofSeconds(Math.min(seconds, LONGEST_DELAY.toSeconds()));
    QueueClient queue = queues.get(NAME);
    StorageFailures.call(
        "queue a setup step",
        () ->
            queue.sendMessageWithResponse(
                "{\"setupId\":\"" + setupId + "\",\"turn\":" + turn + "}",
                visibility,
                null,
                null,
                null));
  }
}
