package com.provisioningops.monitoring.logs;

import java.time.Instant;
import java.util.List;

/**
 * A job's provisioning events over a span (the job and fleet views show the last 24 hours the log
 * monitor has read), counted by the monitor: no Graph call per request.
 *
 * @param from the start of the span, to the 10-minute bucket
 * @param to the log monitor's watermark: events after it are not counted yet
 * @param success events that succeeded
 * @param failure events that failed
 * @param skipped events skipped (out of scope, or nothing to change)
 * @param warning events that succeeded with a warning
 * @param stagedDeletes deletes held back by the accidental-deletion guard
 * @param topErrorCodes the most frequent error codes of failed events, most first
 * @param lastEventAt the newest event of the job the monitor has read, whenever it was
 */
public record LogSummary(
    Instant from,
    Instant to,
    int success,
    int failure,
    int skipped,
    int warning,
    int stagedDeletes,
    List<CodeCount> topErrorCodes,
    Instant lastEventAt) {

  /** The job views' log summaries cover this span before the log monitor's watermark. */
  public static final java.time.Duration SPAN = java.time.Duration.ofHours(24);

  /**
   * One error code and how often it occurred.
   *
   * @param errorCode Graph's error code, such as AzureActiveDirectoryDuplicateUserPrincipalName
   * @param count failed events with this code over the span
   * @param reason Graph's reason, the last time it gave this code
   * @param recommendedAction what Graph recommends doing about it
   */
  public record CodeCount(String errorCode, int count, String reason, String recommendedAction) {}
}
