package com.provisioningops.storage;

import com.provisioningops.failure.Failure;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Turns storage failures the caller cannot fix into a retryable {@link Failure.Unavailable}, so
 * that a storage outage is never answered as an unexplained 500 and the caller knows to try again.
 */
final class StorageFailures {
  private StorageFailures() {}

  static <T> T call(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (Failure e) {
      throw e;
    } catch (RuntimeException e) {
      throw new Failure.Unavailable(
          "storage-unavailable",
          "Storage is unavailable",
          "The app could not " + what + " in Azure Storage. Nothing was lost; try again shortly.",
          null,
          Failure.Unavailable.Source.DEPENDENCY,
          true,
          Duration.ofSeconds(30));
    }
  }
}
