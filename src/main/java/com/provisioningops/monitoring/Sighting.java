package com.provisioningops.monitoring;

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
