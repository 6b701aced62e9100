package com.provisioningops.uploads;

import java.time.Instant;
import java.util.List;

/**
 * One SCIM bulk request forwarded to a job's {@code bulkUpload}, and how far the provisioning logs
 * show it processed.
 *
 * @param id this upload's id: the same for every call made with the same idempotency key
 * @param servicePrincipalId the API-driven provisioning app
 * @param jobId its provisioning job
 * @param status sending, accepted, processing, processed, partlyFailed or notProcessed
 * @param requestedAt when the app first took the request
 * @param acceptedAt when Microsoft Graph accepted it (202); absent while the app could not confirm
 *     that
 * @param deadline when every record should have reached the provisioning logs ({@code
 *     BULK_UPLOAD_DEADLINE} after the request)
 * @param completedAt when the last of its records reached the provisioning logs
 * @param operations how many records the upload holds
 * @param succeeded records the provisioning logs show processed without error
 * @param failed records the provisioning logs show failed
 * @param skipped records the provisioning service skipped (for example out of scope)
 * @param pending records not yet in the provisioning logs
 * @param records each record: its externalId and what the provisioning logs say of it
 * @param graphStatusLink where Microsoft Graph said the processing can be followed
 */
public record Upload(
    String id,
    String servicePrincipalId,
    String jobId,
    Status status,
    Instant requestedAt,
    Instant acceptedAt,
    Instant deadline,
    Instant completedAt,
    int operations,
    int succeeded,
    int failed,
    int skipped,
    int pending,
    List<UploadRecord> records,
    String graphStatusLink) {

  /** The form of an upload id: 32 lowercase hex digits. */
  public static final String ID_PATTERN = "[0-9a-f]{32}";

  /** Where an upload stands. */
  public enum Status {
    /** The app is handing it to Graph, or could not confirm Graph took it. */
    sending,
    /** Graph took it; none of its records is in the provisioning logs yet. */
    accepted,
    /** Some of its records are in the provisioning logs. */
    processing,
    /** Every record is in the provisioning logs, none failed. */
    processed,
    /** Every record is in the provisioning logs, some failed. */
    partlyFailed,
    /** Its deadline passed before every record reached the provisioning logs. */
    notProcessed
  }

  /**
   * One HR record of the upload.
   *
   * @param externalId the record's externalId: how the provisioning logs name it
   * @param result pending until the provisioning logs show it, then success, failure, skipped or
   *     warning
   * @param at when the provisioning service processed it
   * @param errorCode Microsoft's error code when it failed
   * @param reason why it failed, as the provisioning logs say
   * @param recommendedAction what Microsoft recommends doing about the failure
   */
  public record UploadRecord(
      String externalId,
      String result,
      Instant at,
      String errorCode,
      String reason,
      String recommendedAction) {

    static final String PENDING = "pending";

    static UploadRecord pending(String externalId) {
      return new UploadRecord(externalId, PENDING, null, null, null, null);
    }

    boolean isPending() {
      return PENDING.equals(result);
    }
  }

  /**
   * The same upload with {@code now} as its records, and the counts and status that follow: every
   * record seen makes it processed or partly failed; a record seen makes a sent or accepted upload
   * processing; an overdue one stays not processed until every record is seen.
   */
  Upload withRecords(List<UploadRecord> now) {
    int ok = 0;
    int bad = 0;
    int out = 0;
    int open = 0;
    Instant last = null;
    for (UploadRecord r : now) {
      switch (r.result()) {
        case UploadRecord.PENDING -> open++;
        case "failure" -> bad++;
        case "skipped" -> out++;
        default -> ok++;
      }
      if (r.at() != null && (last == null || r.at().isAfter(last))) {
        last = r.at();
      }
    }
    Status s;
    if (open == 0) {
      s = bad > 0 ? Status.partlyFailed : Status.processed;
    } else if (status == Status.notProcessed || open == now.size()) {
      s = status == Status.processed || status == Status.partlyFailed ? Status.accepted : status;
    } else {
      s = Status.processing;
    }
    return with(s, acceptedAt, open > 0 ? null : last, ok, bad, out, open, now, graphStatusLink);
  }

  /** The same upload, accepted by Graph at {@code at}. */
  Upload accepted(Instant at, String statusLink) {
    Status s = status == Status.sending ? Status.accepted : status;
    return with(s, at, completedAt, succeeded, failed, skipped, pending, records, statusLink)
        .withRecords(records);
  }

  /** The same upload, past its deadline with records still pending. */
  Upload overdue() {
    return with(
        Status.notProcessed,
        acceptedAt,
        completedAt,
        succeeded,
        failed,
        skipped,
        pending,
        records,
        graphStatusLink);
  }

  private Upload with(
      Status s,
      Instant accepted,
      Instant completed,
      int ok,
      int bad,
      int out,
      int open,
      List<UploadRecord> now,
      String link) {
    return new Upload(
        id,
        servicePrincipalId,
        jobId,
        s,
        requestedAt,
        accepted,
        deadline,
        completed,
        operations,
        ok,
        bad,
        out,
        open,
        List.copyOf(now),
        link);
  }
}
