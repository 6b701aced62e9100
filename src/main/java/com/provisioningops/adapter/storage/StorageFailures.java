package com.provisioningops.adapter.storage;

import com.azure.data.tables.models.TableErrorCode;
import com.azure.data.tables.models.TableServiceException;
import com.provisioningops.failure.Failure;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Turns storage failures the caller cannot fix into a retryable {@link Failure.Unavailable}, so
 * that a storage outage is never answered as an unexplained 500 and the caller knows to try again;
 * and a value over the service's size limits into a non-retryable {@link Failure.InvalidInput},
 * since trying again would fail the same way.
 */
final class StorageFailures {
  private StorageFailures() {}

  static <T> T call(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (Failure e) {
      throw e;
    } catch (TableServiceException e) {
      if (tooLarge(e)) {
        throw new Failure.InvalidInput(
            "too-large-to-store",
            "Too large to store",
            "What the app was asked to "
                + what
                + " is larger than Azure Table Storage holds (32,768 characters per text, 1 MiB"
                + " per record). Shorten the longest values and send it again.");
      }
      throw unavailable(what);
    } catch (RuntimeException e) {
      throw unavailable(what);
    }
  }

  /** A limit of the service, not an outage: trying again would fail the same way. */
  private static boolean tooLarge(TableServiceException e) {
    TableErrorCode code = e.getValue() == null ? null : e.getValue().getErrorCode();
    return TableErrorCode.PROPERTY_VALUE_TOO_LARGE.equals(code)
        || TableErrorCode.ENTITY_TOO_LARGE.equals(code)
        || TableErrorCode.KEY_VALUE_TOO_LARGE.equals(code)
        || e.getResponse().getStatusCode() == 413;
  }

  private static Failure.Unavailable unavailable(String what) {
    return Failure.Unavailable.dependency(
        "storage-unavailable",
        "Storage is unavailable",
        "The app could not " + what + " in Azure Storage. Nothing was lost; try again shortly.",
        Duration.ofSeconds(30));
  }
}
