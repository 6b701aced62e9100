package com.provisioningops.monitoring.logs;

import com.provisioningops.alerts.AlertBook;
import java.time.Duration;
import java.time.Instant;

/**
 * What one run did, for its summary line and checkpoint.
 *
 * @param events events counted
 * @param duplicates events read again (overlap, repeated pages) and not counted
 * @param pages pages read
 * @param requests HTTP requests to Graph
 * @param throttled of those, answered 429
 * @param windows windows committed
 * @param watermark where the monitor now stands; null before its first window
 * @param lag how far the watermark is behind now
 * @param stop why the run stopped: caught up, out of time, or what failed
 */
public record LogRunSummary(
    long events,
    long duplicates,
    int pages,
    int requests,
    int throttled,
    int windows,
    Instant watermark,
    Duration lag,
    String stop,
    AlertBook.Changes alerts,
    Duration duration) {
  @Override
  public String toString() {
    return "events "
        + events
        + ", duplicates skipped "
        + duplicates
        + ", pages "
        + pages
        + ", Graph requests "
        + requests
        + ", throttled "
        + throttled
        + ", windows "
        + windows
        + ", watermark "
        + watermark
        + ", lag "
        + (lag == null ? "-" : lag.toSeconds() + " s")
        + ", alerts opened "
        + alerts.opened()
        + " updated "
        + alerts.updated()
        + " resolved "
        + alerts.resolved()
        + ", "
        + stop
        + ", "
        + duration.toMillis()
        + " ms";
  }
}
