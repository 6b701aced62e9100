package com.provisioningops.uploads;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where uploads are recorded: one entry per job and upload id, each write conditioned on the
 * version read, so two callers or runs at once never both win.
 *
 * <p>Every method throws {@code Failure.Unavailable} when the store fails.
 */
public interface UploadLedger {

  /**
   * An upload as stored.
   *
   * @param upload the upload
   * @param requestHash SHA-256 of the request body: a key reused with another body is refused
   * @param claimedUntil while a caller hands the upload to Graph, until when its claim holds
   * @param version the store's concurrency token; null for an entry not yet stored
   */
  record Entry(Upload upload, String requestHash, Instant claimedUntil, String version) {
    Entry with(Upload changed, Instant claim) {
      return new Entry(changed, requestHash, claim, version);
    }
  }

  /** The entry of upload {@code id} of {@code jobId}; empty when there is none. */
  Optional<Entry> find(String jobId, String id);

  /** Stores a new entry; false when one with its id exists already. */
  boolean create(Entry entry);

  /**
   * Replaces {@code entry} if it is still the version read.
   *
   * @return the stored entry with its new version; empty when somebody changed it meanwhile
   */
  Optional<Entry> replace(Entry entry);

  /** Deletes {@code entry} if it is still the version read. */
  void delete(Entry entry);

  /** A job's uploads requested at or after {@code since}. */
  List<Entry> ofJob(String jobId, Instant since);

  /** Every job's uploads requested at or after {@code since}. */
  List<Entry> since(Instant since);

  /**
   * Forgets uploads requested before {@code before}.
   *
   * @return how many were deleted
   */
  int purgeBefore(Instant before);
}
