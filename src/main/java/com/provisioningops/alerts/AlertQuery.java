package com.provisioningops.alerts;

import com.provisioningops.failure.Failure;
import com.provisioningops.provisioning.JobId;
import com.provisioningops.provisioning.PageSize;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Which alerts a caller asks for. Every value is checked here, so that what reaches the store is an
 * enum, a validated job id or a time, never the caller's text.
 *
 * @param state open, acknowledged or resolved; null for any
 * @param severity critical, warning or info; null for any
 * @param jobId one job's alerts; null for all
 * @param source where they were seen; null for any
 * @param since only alerts seen at or after this time; null for any
 * @param top page size, 1 to 100
 */
public record AlertQuery(
    Alert.State state,
    Alert.Severity severity,
    String jobId,
    Alert.Source source,
    Instant since,
    int top) {
  /** Largest page; the connector definition states the same bound. */
  public static final int MAX_TOP = 100;

  /**
   * Parses the query parameters of {@code GET alerts}.
   *
   * @throws Failure.InvalidInput naming the parameter that is not valid
   */
  public static AlertQuery parse(
      String state, String severity, String jobId, String source, String since, String top) {
    return new AlertQuery(
        AlertChangeFilter.value(Alert.State.class, "state", state),
        AlertChangeFilter.value(Alert.Severity.class, "severity", severity),
        jobId == null || jobId.isBlank() ? null : JobId.parse(jobId).value(),
        AlertChangeFilter.value(Alert.Source.class, "source", source),
        time(since),
        top(top));
  }

  /** True when the alert passes every filter of this query. */
  public boolean matches(Alert a) {
    return (state == null || a.state() == state)
        && (severity == null || a.severity() == severity)
        && (jobId == null || jobId.equals(a.jobId()))
        && (source == null || a.source() == source)
        && (since == null || !a.lastSeenAt().isBefore(since));
  }

  private static Instant time(String text) {
    // Absent means any time; present but blank is not a date-time, as the definition says.
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text.trim().toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw Failure.invalid("since must be a UTC time such as 2026-11-22T08:00:00Z.");
    }
  }

  private static int top(String text) {
    return PageSize.parse(text, 50, MAX_TOP);
  }
}
