package com.provisioningops.monitoring;

import java.time.Instant;

/**
 * Something wrong that somebody should know about, from its first sighting until it clears.
 *
 * @param id stable for this alert's whole life: {@code <partition>~<fingerprint>~<opened>}
 * @param fingerprint job + rule + reason: at most one active alert per fingerprint
 * @param source where it was seen
 * @param partition the job id, or {@code tenant} for tenant-wide conditions
 * @param jobId the job, when it concerns one
 * @param servicePrincipalId the job's service principal, when it concerns one
 * @param appDisplayName the enterprise app's name, when known
 * @param rule the rule that raised it: a health state such as {@code quarantined}, or a tenant rule
 * @param severity how urgent
 * @param state open until acknowledged or resolved
 * @param title one line
 * @param detail what is wrong and what to do
 * @param errorCode Graph's error code, when it gave one
 * @param troubleshootingUrl Microsoft's troubleshooting link, when it gave one
 * @param nextAttempt when Microsoft tries a quarantined job again, when it said
 * @param tenantActionable whether the tenant can fix the error itself, when Graph said
 * @param firstSeenAt first sighting
 * @param lastSeenAt latest sighting
 * @param occurrences sightings so far
 * @param acknowledgedAt when an admin acknowledged it
 * @param acknowledgedBy who
 * @param resolvedAt when the condition cleared
 * @param version the store's concurrency token
 */
public record Alert(
    String id,
    String fingerprint,
    Source source,
    String partition,
    String jobId,
    String servicePrincipalId,
    String appDisplayName,
    String rule,
    Severity severity,
    State state,
    String title,
    String detail,
    String errorCode,
    String troubleshootingUrl,
    Instant nextAttempt,
    Boolean tenantActionable,
    Instant firstSeenAt,
    Instant lastSeenAt,
    long occurrences,
    Instant acknowledgedAt,
    String acknowledgedBy,
    Instant resolvedAt,
    String version) {

  /** Where an alert was seen. */
  public enum Source {
    jobStatus,
    provisioningLogs,
    app
  }

  /** Most urgent first. */
  public enum Severity {
    critical,
    warning,
    info;

    boolean worseThan(Severity other) {
      return ordinal() < other.ordinal();
    }
  }

  /** An alert's lifecycle. */
  public enum State {
    open,
    acknowledged,
    resolved
  }

  public boolean active() {
    return state != State.resolved;
  }

  static String idOf(String partition, String fingerprint, Instant opened) {
    return partition + "~" + fingerprint + "~" + opened.getEpochSecond();
  }

  /** The partition an alert id names, or null when it is not an alert id. */
  public static String partitionOf(String id) {
    int at = id == null ? -1 : id.indexOf('~');
    return at <= 0 ? null : id.substring(0, at);
  }

  Alert seenAgain(Sighting s, Instant now) {
    boolean worse = s.severity().worseThan(severity);
    return new Alert(
        id,
        fingerprint,
        source,
        partition,
        jobId,
        servicePrincipalId,
        s.appDisplayName() != null ? s.appDisplayName() : appDisplayName,
        rule,
        worse || state == State.open ? s.severity() : severity,
        // A worse severity re-opens an acknowledged alert: the admin saw something milder.
        worse ? State.open : state,
        s.title(),
        s.detail(),
        s.errorCode(),
        s.troubleshootingUrl(),
        s.nextAttempt(),
        s.tenantActionable(),
        firstSeenAt,
        now,
        occurrences + 1,
        acknowledgedAt,
        acknowledgedBy,
        null,
        version);
  }

  Alert resolved(Instant now) {
    return new Alert(
        id,
        fingerprint,
        source,
        partition,
        jobId,
        servicePrincipalId,
        appDisplayName,
        rule,
        severity,
        State.resolved,
        title,
        detail,
        errorCode,
        troubleshootingUrl,
        nextAttempt,
        tenantActionable,
        firstSeenAt,
        lastSeenAt,
        occurrences,
        acknowledgedAt,
        acknowledgedBy,
        now,
        version);
  }

  Alert acknowledged(String who, Instant now) {
    return new Alert(
        id,
        fingerprint,
        source,
        partition,
        jobId,
        servicePrincipalId,
        appDisplayName,
        rule,
        severity,
        State.acknowledged,
        title,
        detail,
        errorCode,
        troubleshootingUrl,
        nextAttempt,
        tenantActionable,
        firstSeenAt,
        lastSeenAt,
        occurrences,
        now,
        who,
        resolvedAt,
        version);
  }

  /** The same alert under the concurrency token the store gave it. */
  public Alert withVersion(String newVersion) {
    return new Alert(
        id,
        fingerprint,
        source,
        partition,
        jobId,
        servicePrincipalId,
        appDisplayName,
        rule,
        severity,
        state,
        title,
        detail,
        errorCode,
        troubleshootingUrl,
        nextAttempt,
        tenantActionable,
        firstSeenAt,
        lastSeenAt,
        occurrences,
        acknowledgedAt,
        acknowledgedBy,
        resolvedAt,
        newVersion);
  }

  static Alert opened(Sighting s, Instant now) {
    return new Alert(
        idOf(s.partition(), s.fingerprint(), now),
        s.fingerprint(),
        s.source(),
        s.partition(),
        s.jobId(),
        s.servicePrincipalId(),
        s.appDisplayName(),
        s.rule(),
        s.severity(),
        State.open,
        s.title(),
        s.detail(),
        s.errorCode(),
        s.troubleshootingUrl(),
        s.nextAttempt(),
        s.tenantActionable(),
        now,
        now,
        1,
        null,
        null,
        null,
        null);
  }
}
