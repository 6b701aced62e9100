package com.provisioningops.uploads;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.provisioningops.failure.Failure;
import com.provisioningops.provisioning.JobId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/** What a SCIM bulk request must be, the body Graph gets from it, and the upload id it makes. */
final class BulkRequestRules {
  private static final ObjectMapper JSON =
      new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private BulkRequestRules() {}

  /** The request's externalIds, in order, after checking every rule the definition states. */
  static List<String> validate(ScimBulkRequest r, String idempotencyKey) {
    if (idempotencyKey != null
        && (idempotencyKey.isBlank() || idempotencyKey.length() > BulkUploads.MAX_KEY_LENGTH)) {
      throw Failure.invalid(
          "Idempotency-Key must be 1 to "
              + BulkUploads.MAX_KEY_LENGTH
              + " characters when it is given.");
    }
    if (r.schemas() != null && !r.schemas().stream().allMatch(ScimBulkRequest.SCHEMA::equals)) {
      throw Failure.invalid("schemas must be [\"" + ScimBulkRequest.SCHEMA + "\"] when given.");
    }
    List<ScimBulkRequest.Operation> ops = r.Operations();
    if (ops == null || ops.isEmpty() || ops.size() > ScimBulkRequest.MAX_OPERATIONS) {
      throw Failure.invalid(
          "Operations must hold 1 to " + ScimBulkRequest.MAX_OPERATIONS + " records.");
    }
    if (r.failOnErrors() != null && r.failOnErrors() < 0) {
      throw Failure.invalid("failOnErrors must not be negative.");
    }
    List<String> ids = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < ops.size(); i++) {
      ScimBulkRequest.Operation op = ops.get(i);
      String at = "Operations[" + i + "]";
      if (op == null) {
        throw Failure.invalid(at + " is null.");
      }
      if (!"POST".equals(op.method())) {
        throw Failure.invalid(at + ".method must be POST.");
      }
      if (!"/Users".equals(op.path())) {
        throw Failure.invalid(at + ".path must be /Users.");
      }
      if (op.bulkId() != null && op.bulkId().length() > 200) {
        throw Failure.invalid(at + ".bulkId may be at most 200 characters.");
      }
      Object externalId = op.data() == null ? null : op.data().get("externalId");
      if (!(externalId instanceof String text)
          || text.isBlank()
          || text.length() > BulkUploads.MAX_EXTERNAL_ID) {
        throw Failure.invalid(
            at
                + ".data.externalId must be text of 1 to "
                + BulkUploads.MAX_EXTERNAL_ID
                + " characters: it is how the provisioning logs name the record.");
      }
      if (!seen.add(text)) {
        throw Failure.invalid(
            at + ".data.externalId repeats an earlier record's: send each person once.");
      }
      ids.add(text);
    }
    return ids;
  }

  /** The body Graph gets: the request as sent, with the bulk request schema filled in. */
  static byte[] forwarded(ScimBulkRequest r) {
    ScimBulkRequest complete =
        r.schemas() == null || r.schemas().isEmpty()
            ? new ScimBulkRequest(List.of(ScimBulkRequest.SCHEMA), r.Operations(), r.failOnErrors())
            : r;
    try {
      return JSON.writeValueAsBytes(complete);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A bulk request that was read cannot be written", e);
    }
  }

  /**
   * The upload's id: from the job and the idempotency key, or without one from the body and the UTC
   * day, so a flow's retry is the same upload and tomorrow's identical sync is a new one.
   */
  static String uploadId(JobId job, String key, String bodyHash, Instant now) {
    String basis =
        key != null
            ? "key\n" + key
            : "body\n" + bodyHash + "\n" + now.atZone(ZoneOffset.UTC).toLocalDate();
    return sha256((job.value() + "\n" + basis).getBytes(StandardCharsets.UTF_8)).substring(0, 32);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
