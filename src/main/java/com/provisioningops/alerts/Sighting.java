package com.provisioningops.alerts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A condition seen in one run, before the {@link AlertBook} decides whether it opens an alert or
 * updates one.
 *
 * @param partition the job id, or {@code tenant}
 * @param reason what makes two sightings of one rule on one job the same (a quarantine reason, an
 *     error code); part of the fingerprint
 */
public record Sighting(
    Alert.Source source,
    String partition,
    String jobId,
    String servicePrincipalId,
    String appDisplayName,
    String rule,
    String reason,
    Alert.Severity severity,
    String title,
    String detail,
    String errorCode,
    String troubleshootingUrl,
    java.time.Instant nextAttempt,
    Boolean tenantActionable) {

  /** Characters kept of a detail: what Graph says is free text of any length. */
  public static final int MAX_TEXT = 8_000;

  /** Characters kept of a name, code, reason or title. */
  public static final int MAX_NAME = 512;

  /** Characters kept of a link. */
  public static final int MAX_URL = 2_048;

  /** Every text is cut to its bound, so an alert always fits a table entity (32K per text). */
  public Sighting {
    appDisplayName = bounded(appDisplayName, MAX_NAME);
    reason = bounded(reason, MAX_NAME);
    title = bounded(title, MAX_NAME);
    detail = bounded(detail, MAX_TEXT);
    errorCode = bounded(errorCode, MAX_NAME);
    troubleshootingUrl = bounded(troubleshootingUrl, MAX_URL);
  }

  private static String bounded(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  /** Job + rule + reason, hashed: short enough for a row key, and free of odd characters. */
  public String fingerprint() {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  (partition + "\n" + rule + "\n" + (reason == null ? "" : reason))
                      .getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
