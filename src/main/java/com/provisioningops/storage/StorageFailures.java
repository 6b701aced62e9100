package com.provisioningops.storage;

import com.provisioningops.problem.Problem;
import com.provisioningops.problem.ProblemException;
import java.util.function.Supplier;

/**
 * Turns Table Storage failures the caller cannot fix into a retryable 503 problem, so that a
 * storage outage is never answered as an unexplained 500 and the caller knows to try again.
 */
final class StorageFailures {
  private StorageFailures() {}

  static <T> T call(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (ProblemException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ProblemException(
          Problem.of(
                  503,
                  "storage-unavailable",
                  "Storage is unavailable",
                  "The app could not "
                      + what
                      + " in Table Storage. Nothing was lost; try again shortly.")
              .withHeader("Retry-After", "30"));
    }
  }
}
