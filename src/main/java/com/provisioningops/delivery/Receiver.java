package com.provisioningops.delivery;

import com.provisioningops.alerts.Alert;
import java.net.URI;

/** Posts an alert change to a subscriber's URL: once, with a timeout, following no redirect. */
public interface Receiver {
  /**
   * What the subscriber answered.
   *
   * @param status its HTTP status, or 0 when it did not answer (refused, timed out)
   * @param problem why it failed, in words safe to store (never the URL)
   */
  record Reply(int status, String problem) {
    boolean delivered() {
      return status >= 200 && status < 300;
    }
  }

  /**
   * Posts {@code alert} (with its job and status links) as {@code kind} asks, carrying {@code
   * idempotencyKey} so the receiver can drop a repeat.
   */
  Reply post(URI target, Subscription.Kind kind, Alert alert, String idempotencyKey);
}
