package com.provisioningops.alerts;

import com.provisioningops.failure.Failure;
import com.provisioningops.provisioning.JobId;

/**
 * Which alert changes a trigger or a subscription wants. Every value is checked here, so what is
 * stored or compared is an enum or a validated job id, never the caller's text.
 *
 * @param atLeast this severity or worse ({@code critical} only, {@code warning} and {@code
 *     critical}, or everything); null for everything
 * @param source only alerts from here; null for any
 * @param jobId only this job's alerts; null for all
 */
public record AlertChangeFilter(Alert.Severity atLeast, Alert.Source source, String jobId) {
  public static final AlertChangeFilter ALL = new AlertChangeFilter(null, null, null);

  /**
   * Reads a trigger's or a subscription's filter.
   *
   * @throws Failure.InvalidInput naming the value that is not valid
   */
  public static AlertChangeFilter parse(String severity, String source, String jobId) {
    return new AlertChangeFilter(
        value(Alert.Severity.class, "severity", severity),
        value(Alert.Source.class, "source", source),
        jobId == null || jobId.isBlank() ? null : JobId.parse(jobId).value());
  }

  public boolean matches(Alert a) {
    return (atLeast == null || a.severity().ordinal() <= atLeast.ordinal())
        && (source == null || a.source() == source)
        && (jobId == null || jobId.equals(a.jobId()));
  }

  /**
   * The enum value a query parameter names, ignoring case; null when the parameter is absent.
   *
   * @throws Failure.InvalidInput naming the values the definition lists
   */
  static <E extends Enum<E>> E value(Class<E> type, String name, String text) {
    // Absent means any; present but blank is none of the values the definition lists.
    if (text == null) {
      return null;
    }
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(text.trim())) {
        return e;
      }
    }
    StringBuilder allowed = new StringBuilder();
    for (E e : type.getEnumConstants()) {
      allowed.append(allowed.isEmpty() ? "" : ", ").append(e.name());
    }
    throw Failure.invalid(name + " must be one of " + allowed + ".");
  }
}
