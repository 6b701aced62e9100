package com.provisioningops.provisioning;

import com.provisioningops.failure.Failure;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;

/**
 * A provisioning-log query. Time, job and service principal filter at Graph (the filters it
 * supports); status, action and identity name are applied by the app to each page, so a page may
 * hold fewer events than {@code top}.
 *
 * @param jobId only this job, or null
 * @param servicePrincipal only this enterprise app, or null
 * @param status success, failure, skipped or warning, or null
 * @param action create, update, delete, disable, stagedDelete or other, or null
 * @param identityContains text the source identity's name contains, or null
 * @param since events after this time, or null
 * @param until events before this time, or null
 * @param top page size, 1 to 100
 */
public record LogQuery(
    JobId jobId,
    ServicePrincipalId servicePrincipal,
    String status,
    String action,
    String identityContains,
    Instant since,
    Instant until,
    int top) {
  /** The longest {@code identityContains} text: Graph filters with it, so it stays short. */
  public static final int MAX_IDENTITY = 100;

  /** Largest page; the connector definition states the same bound. */
  public static final int MAX_TOP = 100;

  private static final Set<String> STATUSES = Set.of("success", "failure", "skipped", "warning");
  private static final Set<String> ACTIONS =
      Set.of("create", "update", "delete", "disable", "stagedDelete", "other");

  /**
   * Reads the caller's query parameters.
   *
   * @throws Failure.InvalidInput naming the parameter that is not valid
   */
  public static LogQuery parse(
      String jobId,
      String servicePrincipalId,
      String status,
      String action,
      String identityContains,
      String since,
      String until,
      String top,
      Instant now) {
    String s = blankToNull(status);
    if (s != null && !STATUSES.contains(s)) {
      throw Failure.invalid("status must be one of success, failure, skipped, warning.");
    }
    String a = blankToNull(action);
    if (a != null && !ACTIONS.contains(a)) {
      throw Failure.invalid(
          "action must be one of create, update, delete, disable, stagedDelete, other.");
    }
    String identity = blankToNull(identityContains);
    if (identity != null && identity.length() > MAX_IDENTITY) {
      throw Failure.invalid("identityContains must be at most 100 characters.");
    }
    Instant from = instant("since", since);
    Instant to = instant("until", until);
    // Microsoft keeps 30 days of provisioning logs: an earlier since reads all there is, and a
    // since after until reads nothing. Neither is an error a flow could avoid by reading the
    // definition, so neither is one.
    if (from != null && from.isBefore(now.minus(Duration.ofDays(30)))) {
      from = now.minus(Duration.ofDays(30));
    }
    int size = PageSize.parse(top, 50, MAX_TOP);
    return new LogQuery(
        blankToNull(jobId) == null ? null : JobId.parse(jobId),
        blankToNull(servicePrincipalId) == null
            ? null
            : ServicePrincipalId.parse(servicePrincipalId),
        s,
        a,
        identity,
        from,
        to,
        size);
  }

  /** The OData {@code $filter} for the clauses Graph supports; null when none. */
  public String graphFilter() {
    StringBuilder f = new StringBuilder();
    if (since != null) {
      and(f).append("activityDateTime gt ").append(since);
    }
    if (until != null) {
      and(f).append("activityDateTime lt ").append(until);
    }
    if (jobId != null) {
      and(f).append("jobId eq ").append(TemplateQuery.quote(jobId.value()));
    }
    if (servicePrincipal != null) {
      and(f)
          .append("servicePrincipal/id eq ")
          .append(TemplateQuery.quote(servicePrincipal.value()));
    }
    return f.isEmpty() ? null : f.toString();
  }

  /** Whether an event passes the filters the app applies itself. */
  public boolean matches(ProvisioningEvent e) {
    return (status == null || status.equals(e.status()))
        && (action == null || action.equals(e.action()))
        && (identityContains == null
            || (e.sourceIdentityName() != null
                && e.sourceIdentityName()
                    .toLowerCase(Locale.ROOT)
                    .contains(identityContains.toLowerCase(Locale.ROOT))));
  }

  private static StringBuilder and(StringBuilder f) {
    return f.isEmpty() ? f : f.append(" and ");
  }

  private static Instant instant(String name, String text) {
    // Absent means no bound; present but blank is not a date-time, as the definition says.
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw Failure.invalid(name + " must be a UTC time such as 2026-11-22T08:00:00Z.");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
