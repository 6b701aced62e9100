package com.provisioningops.uploads;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.provisioningops.failure.Failure;
import com.provisioningops.provisioning.Actor;
import com.provisioningops.provisioning.BulkUploadReceipt;
import com.provisioningops.provisioning.GraphProvisioning;
import com.provisioningops.provisioning.InboundProvisioning;
import com.provisioningops.provisioning.JobId;
import com.provisioningops.provisioning.Page;
import com.provisioningops.provisioning.RateGate;
import com.provisioningops.provisioning.ServicePrincipalId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * "Upload HR records": forwards a SCIM bulk request to a job's {@code bulkUpload} once per
 * idempotency key, refusing up front what Graph would accept and then drop, and records the upload
 * for {@link UploadTracking} to follow through the provisioning logs.
 *
 * <p>Exactly once: the upload's entry is created (claimed) before Graph is called and marked
 * accepted after. A caller that retries meets the entry: an accepted upload is answered again
 * without a second call; one still being handed over by a live caller is a 409 to retry; one whose
 * caller died mid-call (its claim expired) is sent again by the retry, which Graph's upsert by the
 * matching attribute makes harmless, and stays one upload.
 */
public final class BulkUploads {
  /** Graph's documented rate for {@code bulkUpload}: 40 requests per second. */
  public static final int REQUESTS_PER_SECOND = 40;

  /** Characters of an externalId the app follows. */
  public static final int MAX_EXTERNAL_ID = 128;

  /** Characters of an idempotency key. */
  public static final int MAX_KEY_LENGTH = 100;

  /** How long uploads are kept and followed. */
  public static final Duration RETENTION = Duration.ofDays(7);

  private static final ObjectMapper JSON =
      new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);
  private static final int TRIES = 5;
  private static final String GATE = "bulkUpload";

  private final UploadLedger ledger;
  private final InboundProvisioning inbound;
  private final GraphProvisioning graph;
  private final RateGate gate;
  private final Settings settings;
  private final Clock clock;

  /**
   * @param deadline how long after a request its records should reach the provisioning logs ({@code
   *     BULK_UPLOAD_DEADLINE})
   * @param claimTtl how long a caller's claim on handing an upload to Graph holds: longer than one
   *     Graph call with its retries
   */
  public record Settings(Duration deadline, Duration claimTtl) {}

  /**
   * What "Upload HR records" answers.
   *
   * @param upload the upload, as recorded
   * @param replayed true when an earlier call with the same idempotency key made it: nothing was
   *     sent again
   * @param requestsPerSecond Graph's documented bulkUpload rate, which the app keeps to
   * @param remainingThisSecond uploads this app instance may still send in the current second
   */
  public record Submitted(
      Upload upload, boolean replayed, int requestsPerSecond, int remainingThisSecond) {}

  public BulkUploads(
      UploadLedger ledger,
      InboundProvisioning inbound,
      GraphProvisioning graph,
      Settings settings,
      Clock clock) {
    this.ledger = ledger;
    this.inbound = inbound;
    this.graph = graph;
    this.gate = new RateGate(REQUESTS_PER_SECOND, Duration.ofSeconds(1), clock);
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * Forwards {@code request} to the job's {@code bulkUpload}, once per {@code idempotencyKey}
   * (without one, once per identical body and UTC day). Needs {@code
   * SynchronizationData-User.Upload} and {@code Synchronization.Read.All} (to check the job).
   *
   * @param by who sends it: the app, or the signed-in user on whose behalf Graph is called
   * @throws Failure.InvalidInput when the request breaks a rule of the SCIM bulk request
   * @throws Failure.Conflict when the job cannot process uploads (paused, quarantined, not running
   *     or not API-driven), the key was used with another body, or another call with this key is
   *     handing it to Graph right now
   * @throws Failure.Throttled beyond {@value #REQUESTS_PER_SECOND} uploads per second
   * @throws Failure.NotFound when Graph knows no such job
   * @throws Failure.Unavailable when Graph or storage fails; a retry with the same key is safe
   */
  public Submitted submit(
      Actor by, ServicePrincipalId sp, JobId job, String idempotencyKey, ScimBulkRequest request) {
    List<String> externalIds = BulkRequestRules.validate(request, idempotencyKey);
    byte[] body = BulkRequestRules.forwarded(request);
    String hash = BulkRequestRules.sha256(body);
    Instant now = clock.instant();
    String id = BulkRequestRules.uploadId(job, idempotencyKey, hash, now);
    for (int attempt = 0; attempt < TRIES; attempt++) {
      Optional<UploadLedger.Entry> existing = ledger.find(job.value(), id);
      UploadLedger.Entry claim;
      int remaining;
      if (existing.isPresent()) {
        UploadLedger.Entry e = existing.get();
        if (!e.requestHash().equals(hash)) {
          throw new Failure.Conflict(
              "idempotency-key-reused",
              "The idempotency key was used for another upload",
              "An earlier upload to this job used the same Idempotency-Key with a different body."
                  + " Use a new key for new records.",
              null,
              true);
        }
        if (e.upload().status() != Upload.Status.sending) {
          return answer(e.upload(), true);
        }
        if (e.claimedUntil() != null && e.claimedUntil().isAfter(clock.instant())) {
          throw new Failure.Conflict(
              "upload-in-progress",
              "This upload is being sent",
              "Another call with the same key is handing this upload to Microsoft Graph right"
                  + " now. Try again in a few seconds to get its outcome.",
              null,
              true);
        }
        // Its caller died or failed mid-call: this call sends it again and keeps the entry.
        remaining = gate.acquire(GATE, "bulk uploads");
        Optional<UploadLedger.Entry> taken =
            ledger.replace(e.with(e.upload(), clock.instant().plus(settings.claimTtl())));
        if (taken.isEmpty()) {
          continue;
        }
        claim = taken.get();
      } else {
        remaining = gate.acquire(GATE, "bulk uploads");
        checkCanProcess(sp, job);
        Upload fresh =
            new Upload(
                id,
                sp.value(),
                job.value(),
                Upload.Status.sending,
                now,
                null,
                now.plus(settings.deadline()),
                null,
                externalIds.size(),
                0,
                0,
                0,
                externalIds.size(),
                externalIds.stream().map(Upload.UploadRecord::pending).toList(),
                null);
        claim = new UploadLedger.Entry(fresh, hash, now.plus(settings.claimTtl()), null);
        if (!ledger.create(claim)) {
          continue; // another call with this key created it first: meet it as existing
        }
        claim = ledger.find(job.value(), id).orElse(claim);
      }
      return send(by, sp, job, claim, body, remaining);
    }
    throw Failure.Unavailable.dependency(
        "storage-contention",
        "The upload could not be recorded",
        "Other calls kept changing this upload; try again with the same key.",
        Duration.ofSeconds(2));
  }

  private Submitted send(
      Actor by,
      ServicePrincipalId sp,
      JobId job,
      UploadLedger.Entry claim,
      byte[] body,
      int remaining) {
    BulkUploadReceipt receipt;
    try {
      receipt = inbound.bulkUpload(by, sp, job, body);
    } catch (Failure.InvalidInput | Failure.NotFound | Failure.Forbidden | Failure.Conflict e) {
      // Graph refused it: nothing was accepted, so a corrected call may use the same key.
      ledger.delete(claim);
      throw e;
    } catch (Failure e) {
      // Graph may or may not have taken it: the entry stays, its claim released for a retry.
      ledger.replace(claim.with(claim.upload(), clock.instant()));
      throw e;
    }
    Upload accepted =
        claim
            .upload()
            .accepted(
                clock.instant(),
                receipt.statusLink() == null ? null : receipt.statusLink().toString());
    Optional<UploadLedger.Entry> saved = ledger.replace(claim.with(accepted, null));
    if (saved.isPresent()) {
      return new Submitted(saved.get().upload(), false, REQUESTS_PER_SECOND, remaining);
    }
    // Somebody changed it meanwhile (the tracker saw its records already): read what is stored.
    return ledger
        .find(job.value(), claim.upload().id())
        .map(e -> new Submitted(e.upload(), false, REQUESTS_PER_SECOND, remaining))
        .orElseGet(() -> new Submitted(accepted, false, REQUESTS_PER_SECOND, remaining));
  }

  private Submitted answer(Upload upload, boolean replayed) {
    return new Submitted(upload, replayed, REQUESTS_PER_SECOND, gate.remaining(GATE));
  }

  /**
   * One upload of a job.
   *
   * @throws Failure.NotFound when the job has no such upload (or it is older than seven days)
   */
  public Upload get(JobId job, String uploadId) {
    return (uploadId == null || !uploadId.matches(Upload.ID_PATTERN)
            ? Optional.<UploadLedger.Entry>empty()
            : ledger.find(job.value(), uploadId))
        .map(UploadLedger.Entry::upload)
        .orElseThrow(
            () ->
                Failure.notFound(
                    "This job has no upload " + uploadId + " (uploads are kept for seven days)."));
  }

  /** Every job's uploads of the last seven days, newest first: the status page's summary. */
  public List<Upload> recent() {
    List<Upload> all = new ArrayList<>();
    for (UploadLedger.Entry e : ledger.since(clock.instant().minus(RETENTION))) {
      all.add(e.upload());
    }
    all.sort(Comparator.comparing(Upload::requestedAt).reversed());
    return all;
  }

  /**
   * A job's uploads of the last seven days, newest first, {@code top} at a time.
   *
   * @param after the skipToken of the previous page: the last upload it held; null for the first
   * @throws Failure.InvalidInput for a token this method did not make
   */
  public Page<Upload> list(JobId job, int top, String after) {
    List<Upload> all = new ArrayList<>();
    for (UploadLedger.Entry e : ledger.ofJob(job.value(), clock.instant().minus(RETENTION))) {
      all.add(e.upload());
    }
    Comparator<Upload> newestFirst =
        Comparator.comparing(Upload::requestedAt).reversed().thenComparing(Upload::id);
    all.sort(newestFirst);
    int from = 0;
    if (after != null) {
      Upload last = afterToken(after, job);
      while (from < all.size() && newestFirst.compare(all.get(from), last) <= 0) {
        from++;
      }
    }
    List<Upload> page = all.subList(from, Math.min(all.size(), from + top));
    Optional<String> next =
        from + top < all.size()
            ? Optional.of(
                page.get(page.size() - 1).requestedAt().toEpochMilli()
                    + "|"
                    + page.get(page.size() - 1).id())
            : Optional.empty();
    return new Page<>(page, next);
  }

  private static Upload afterToken(String token, JobId job) {
    int bar = token.indexOf('|');
    try {
      Instant at = Instant.ofEpochMilli(Long.parseLong(token.substring(0, bar)));
      return new Upload(
          token.substring(bar + 1),
          null,
          job.value(),
          null,
          at,
          null,
          null,
          null,
          0,
          0,
          0,
          0,
          0,
          List.of(),
          null);
    } catch (RuntimeException e) {
      throw Failure.invalid("skipToken is not one this list made.");
    }
  }

  private void checkCanProcess(ServicePrincipalId sp, JobId job) {
    UploadTarget.check(job, graph.getJob(sp, job));
  }
}
