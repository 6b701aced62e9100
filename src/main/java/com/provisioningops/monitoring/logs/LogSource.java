package com.provisioningops.monitoring.logs;

import com.provisioningops.failure.Failure;
import com.provisioningops.provisioning.ProvisioningEvent;
import java.time.Instant;
import java.util.function.Consumer;

/** The tenant's provisioning logs, read by time window, one page per call, as a stream. */
public interface LogSource {
  /**
   * Reads the page {@code nextLink} names, or the first page of events after {@code after} and
   * before {@code before}, handing each event to {@code sink} as it is parsed. Keeps within Graph's
   * audit-log limit, waiting for room (and for a throttled answer's {@code Retry-After}) but never
   * past {@code deadline}: when the limit leaves no room before it, the page comes back {@code
   * cutShort}, with no events.
   *
   * @throws Failure.Forbidden when the app may not read provisioning logs
   * @throws Failure.Unavailable when Graph fails or does not answer
   */
  LogPage read(
      Instant after,
      Instant before,
      String nextLink,
      Instant deadline,
      Consumer<ProvisioningEvent> sink);

  /**
   * What one page took.
   *
   * @param nextLink the next page, verbatim; null after the last
   * @param events events on the page
   * @param requests HTTP requests sent, retries included
   * @param throttled of those, answered 429
   * @param cutShort true when the deadline came before the page could be read
   */
  record LogPage(String nextLink, int events, int requests, int throttled, boolean cutShort) {}
}
