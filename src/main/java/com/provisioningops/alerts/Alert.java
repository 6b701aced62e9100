package com.provisioningops.alerts;

import java.time.Instant;

/**
 * Something wrong that somebody should know about, from its first sighting until it clears.
 *
 * @param id stable for this alert's whole life: {@code <partition>~<fingerprint>~<opened>}
 * @param fingerprint job + rule + reason: at most one active alert per fingerprint
 * @param source where it was seen: jobStatus, provisioningLogs or app
 * @param partition the job id, or {@code tenant} for tenant-wide conditions
 * @param jobId the job, when it concerns one
 * @param servicePrincipalId the job's service principal, when it concerns one
 * @param appDisplayName the enterprise app's name, when known
 * @param rule the rule that raised it: a health state such as {@code quarantined}, or a tenant rule
 * @param reason what makes this sighting of the rule this one: the quarantine reason, or Graph's
 *     error code
 * @param severity how urgent: critical, warning or info
 * @param state open until acknowledged or resolved
 * @param title what happened, in one line
 * @param detail what is wrong and, after "What to do:", what to do about it
 * @param whatToDo what to do about it, on its own (the end of {@code detail}); absent when there is
 *     nothing to do
 * @param errorCode Graph's error code, when it gave one
 * @param troubleshootingUrl Microsoft's troubleshooting link, when it gave one
 * @param nextAttempt when Microsoft tries a quarantined job again, when it said
 * @param tenantActionable whether the tenant can fix the error itself, when Graph said
 * @param firstSeenAt when the monitor first saw the condition
 * @param lastSeenAt when the monitor last saw the condition
 * @param occurrences how many times the monitor has seen it so far
 * @param acknowledgedAt when an admin acknowledged it
 * @param acknowledgedBy who acknowledged the alert: a signed-in user, or "function key"
 * @param resolvedAt when the condition cleared
 * @param jobLink this API's URL of the job, filled in when the alert is answered
 * @param statusLink this API's status page, filled in when the alert is answered
 * @param change the last change flows and subscribers are told of: opened, severity changed or
 *     resolved
 * @param changeSequence that change's number in this alert's life (1 when opened): alert id +
 *     sequence names one change, so a receiver can drop a repeat
 * @param changedAt when that change happened
 * @param version the store's concurrency token: changes with every change to the alert
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
    String reason,
    Severity severity,
    State state,
    String title,
    String detail,
    String whatToDo,
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
    String jobLink,
    String statusLink,
    Change change,
    long changeSequence,
    Instant changedAt,
    String version) {

  /** The partition of conditions that concern the whole tenant rather than one job. */
  public static final String TENANT = "tenant";

  /** What changed last in an alert's life. */
  public enum Change {
    opened,
    severityChanged,
    resolved
  }

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

  /**
   * One incarnation of a condition: the millisecond it opened tells a re-opened alert from the one
   * it follows, so its changes get keys (alert id and sequence) of their own. (Alerts opened before
   * carry whole seconds there, which a re-opening within the same second shared.)
   */
  /** What an alert id looks like: partition, fingerprint hash and opening time. */
  public static final String ID_PATTERN = "[^~]{1,200}~[0-9a-f]{1,64}~[0-9]{1,16}";

  static String idOf(String partition, String fingerprint, Instant opened) {
    return partition + "~" + fingerprint + "~" + opened.toEpochMilli();
  }

  /** What is wrong, without what to do about it: {@code detail} less its {@code whatToDo}. */
  public String problem() {
    if (detail == null || whatToDo == null) {
      return detail;
    }
    String tail = Sighting.WHAT_TO_DO + whatToDo;
    return detail.endsWith(tail) ? detail.substring(0, detail.length() - tail.length()) : detail;
  }

  /** The partition an alert id names, or null when it is not an alert id. */
  public static String partitionOf(String id) {
    int at = id == null ? -1 : id.indexOf('~');
    return at <= 0 ? null : id.substring(0, at);
  }

  Alert seenAgain(Sighting s, Instant now) {
    boolean worse = s.severity().worseThan(severity);
    Draft d = new Draft(this);
    d.appDisplayName = s.appDisplayName() != null ? s.appDisplayName() : appDisplayName;
    d.severity = worse || state == State.open ? s.severity() : severity;
    // A worse severity re-opens an acknowledged alert: the admin saw something milder.
    d.state = worse ? State.open : state;
    d.title = s.title();
    d.detail = s.detail();
    d.whatToDo = s.whatToDo();
    d.errorCode = s.errorCode();
    d.troubleshootingUrl = s.troubleshootingUrl();
    d.nextAttempt = s.nextAttempt();
    d.tenantActionable = s.tenantActionable();
    d.lastSeenAt = now;
    d.occurrences = occurrences + 1;
    d.resolvedAt = null;
    if (d.severity != severity) {
      d.changed(Change.severityChanged, now);
    }
    return d.build();
  }

  Alert resolved(Instant now) {
    Draft d = new Draft(this);
    d.state = State.resolved;
    d.resolvedAt = now;
    d.changed(Change.resolved, now);
    return d.build();
  }

  Alert acknowledged(String who, Instant now) {
    Draft d = new Draft(this);
    d.state = State.acknowledged;
    d.acknowledgedAt = now;
    d.acknowledgedBy = who;
    return d.build();
  }

  /** The same alert with this API's links to its job and to the status page. */
  public Alert withLinks(String job, String status) {
    Draft d = new Draft(this);
    d.jobLink = job;
    d.statusLink = status;
    return d.build();
  }

  /** The same alert under the concurrency token the store gave it. */
  public Alert withVersion(String newVersion) {
    Draft d = new Draft(this);
    d.version = newVersion;
    return d.build();
  }

  /** A copy to change a few fields of: the one place besides {@link #opened} that lists them. */
  private static final class Draft {
    private final Alert from;
    private String appDisplayName;
    private Severity severity;
    private State state;
    private String title;
    private String detail;
    private String whatToDo;
    private String errorCode;
    private String troubleshootingUrl;
    private Instant nextAttempt;
    private Boolean tenantActionable;
    private Instant lastSeenAt;
    private long occurrences;
    private Instant acknowledgedAt;
    private String acknowledgedBy;
    private Instant resolvedAt;
    private String jobLink;
    private String statusLink;
    private Change change;
    private long changeSequence;
    private Instant changedAt;
    private String version;

    void changed(Change what, Instant at) {
      change = what;
      changeSequence = changeSequence + 1;
      changedAt = at;
    }

    Draft(Alert a) {
      from = a;
      appDisplayName = a.appDisplayName;
      severity = a.severity;
      state = a.state;
      title = a.title;
      detail = a.detail;
      whatToDo = a.whatToDo;
      errorCode = a.errorCode;
      troubleshootingUrl = a.troubleshootingUrl;
      nextAttempt = a.nextAttempt;
      tenantActionable = a.tenantActionable;
      lastSeenAt = a.lastSeenAt;
      occurrences = a.occurrences;
      acknowledgedAt = a.acknowledgedAt;
      acknowledgedBy = a.acknowledgedBy;
      resolvedAt = a.resolvedAt;
      jobLink = a.jobLink;
      statusLink = a.statusLink;
      change = a.change == null ? Change.opened : a.change;
      changeSequence = Math.max(1, a.changeSequence);
      changedAt = a.changedAt == null ? a.firstSeenAt : a.changedAt;
      version = a.version;
    }

    Alert build() {
      return new Alert(
          from.id,
          from.fingerprint,
          from.source,
          from.partition,
          from.jobId,
          from.servicePrincipalId,
          appDisplayName,
          from.rule,
          from.reason,
          severity,
          state,
          title,
          detail,
          whatToDo,
          errorCode,
          troubleshootingUrl,
          nextAttempt,
          tenantActionable,
          from.firstSeenAt,
          lastSeenAt,
          occurrences,
          acknowledgedAt,
          acknowledgedBy,
          resolvedAt,
          jobLink,
          statusLink,
          change,
          changeSequence,
          changedAt,
          version);
    }
  }

  /** A new open alert for a first sighting at {@code now}. */
  public static Alert opened(Sighting s, Instant now) {
    return new Alert(
        idOf(s.partition(), s.fingerprint(), now),
        s.fingerprint(),
        s.source(),
        s.partition(),
        s.jobId(),
        s.servicePrincipalId(),
        s.appDisplayName(),
        s.rule(),
        s.reason(),
        s.severity(),
        State.open,
        s.title(),
        s.detail(),
        s.whatToDo(),
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
        null,
        null,
        Change.opened,
        1,
        now,
        null);
  }
}
