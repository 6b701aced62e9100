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
 * @param detail what is wrong, then {@link #WHAT_TO_DO} and {@code whatToDo} when there is one
 * @param whatToDo what to do about it, on its own, for renderers that show it apart
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
    String whatToDo,
    String errorCode,
    String troubleshootingUrl,
    java.time.Instant nextAttempt,
    Boolean tenantActionable) {

  /** Characters kept of a detail: what Graph says is free text of any length. */
  public static final int MAX_TEXT = 8_000;

  /** Characters kept of a name, code, reason or title. */
  public static final int MAX_NAME = 512;

  /** Where {@code detail} turns from what is wrong to what to do. */
  public static final String WHAT_TO_DO = " What to do: ";

  /** Characters kept of a link. */
  public static final int MAX_URL = 2_048;

  /** Every text is cut to its bound, so an alert always fits a table entity (32K per text). */
  public Sighting {
    appDisplayName = bounded(appDisplayName, MAX_NAME);
    reason = bounded(reason, MAX_NAME);
    title = bounded(title, MAX_NAME);
    detail = bounded(detail, MAX_TEXT);
    whatToDo = bounded(whatToDo, MAX_TEXT);
    errorCode = bounded(errorCode, MAX_NAME);
    troubleshootingUrl = bounded(troubleshootingUrl, MAX_URL);
  }

  /** A sighting of {@code rule} at {@code severity}; say what it is about with the builder. */
  public static Builder of(Alert.Source source, String rule, Alert.Severity severity) {
    return new Builder(source, rule, severity);
  }

  /** Names each part of a sighting: about a job or the tenant, then what was seen. */
  public static final class Builder {
    private final Alert.Source source;
    private final String rule;
    private final Alert.Severity severity;
    private String partition;
    private String jobId;
    private String servicePrincipalId;
    private String appDisplayName;
    private String reason = "";
    private String title;
    private String detail;
    private String whatToDo;
    private String errorCode;
    private String troubleshootingUrl;
    private java.time.Instant nextAttempt;
    private Boolean tenantActionable;

    private Builder(Alert.Source source, String rule, Alert.Severity severity) {
      this.source = source;
      this.rule = rule;
      this.severity = severity;
    }

    /** About one job (its partition). */
    public Builder job(String jobId, String servicePrincipalId, String appDisplayName) {
      this.partition = jobId;
      this.jobId = jobId;
      this.servicePrincipalId = servicePrincipalId;
      this.appDisplayName = appDisplayName;
      return this;
    }

    /** About the whole tenant ({@link Alert#TENANT}). */
    public Builder tenant() {
      this.partition = Alert.TENANT;
      return this;
    }

    /** What makes two sightings of this rule on this job the same; none by default. */
    public Builder reason(String reason) {
      this.reason = reason;
      return this;
    }

    public Builder title(String title) {
      this.title = title;
      return this;
    }

    public Builder detail(String detail) {
      this.detail = detail;
      return this;
    }

    /**
     * What is wrong and what to do about it: the detail reads {@code problem}, then "What to do:"
     * and {@code whatToDo} (when there is something to do), which renderers may also show apart.
     */
    public Builder problem(String problem, String whatToDo) {
      this.detail = whatToDo == null ? problem : problem + WHAT_TO_DO + whatToDo;
      this.whatToDo = whatToDo;
      return this;
    }

    public Builder errorCode(String errorCode) {
      this.errorCode = errorCode;
      return this;
    }

    public Builder troubleshootingUrl(String troubleshootingUrl) {
      this.troubleshootingUrl = troubleshootingUrl;
      return this;
    }

    public Builder nextAttempt(java.time.Instant nextAttempt) {
      this.nextAttempt = nextAttempt;
      return this;
    }

    public Builder tenantActionable(Boolean tenantActionable) {
      this.tenantActionable = tenantActionable;
      return this;
    }

    /**
     * @throws IllegalStateException when neither a job nor the tenant was named
     */
    public Sighting build() {
      if (partition == null) {
        throw new IllegalStateException("A sighting is about a job or the tenant: name which.");
      }
      return new Sighting(
          source,
          partition,
          jobId,
          servicePrincipalId,
          appDisplayName,
          rule,
          reason,
          severity,
          title,
          detail,
          whatToDo,
          errorCode,
          troubleshootingUrl,
          nextAttempt,
          tenantActionable);
    }
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
