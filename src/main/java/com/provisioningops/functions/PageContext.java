package com.provisioningops.functions;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one rendering of the status page shares: the moment it describes, and the function key it
 * was opened with ({@code ?code=}), carried into its links so that they open too (empty when the
 * key came in a header).
 */
record PageContext(Instant now, String keyQuery) {

  static PageContext of(Instant now, String functionKey) {
    return new PageContext(
        now,
        functionKey == null || functionKey.isEmpty()
            ? ""
            : "?code=" + URLEncoder.encode(functionKey, StandardCharsets.UTF_8));
  }

  String jobLink(String servicePrincipalId, String jobId) {
    return "/api/servicePrincipals/"
        + servicePrincipalId
        + "/synchronization/jobs/"
        + jobId
        + keyQuery;
  }

  private static final Pattern INSTANT =
      Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d(:\\d\\d(\\.\\d+)?)?Z");

  /**
   * {@code escaped} with every UTC timestamp in it (Graph's and the app's sentences carry them, to
   * the nanosecond) read as a relative time with the exact one on hover.
   */
  String withTimes(String escaped) {
    Matcher m = INSTANT.matcher(escaped);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      try {
        replacement = ago(Instant.parse(m.group()));
      } catch (DateTimeParseException notAnInstant) {
        replacement = m.group();
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    return m.appendTail(out).toString();
  }

  /** "5 min ago" (or "in 3 days"), the exact UTC time on hover. */
  String ago(Instant at) {
    Instant exact = at.truncatedTo(ChronoUnit.SECONDS);
    long seconds = Duration.between(at, now).getSeconds();
    long s = Math.abs(seconds);
    String amount =
        s < 60
            ? s + " s"
            : s < 3600 ? s / 60 + " min" : s < 172_800 ? s / 3600 + " h" : s / 86_400 + " days";
    String text = s < 5 ? "just now" : seconds >= 0 ? amount + " ago" : "in " + amount;
    return "<time datetime=\"" + exact + "\" title=\"" + exact + "\">" + text + "</time>";
  }
}
