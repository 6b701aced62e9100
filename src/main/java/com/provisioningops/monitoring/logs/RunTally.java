package com.provisioningops.monitoring.logs;

import com.provisioningops.alerts.AlertBook;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** What one log-monitor run did so far, and the summary it ends with. */
final class RunTally {
  long events;
  long duplicates;
  int pages;
  int requests;
  int throttled;
  int windows;
  long readNanos;
  long readEvents;
  double eventsPerSpanSecond;
  boolean leaseLost;
  String stop = "caught up";
  private final List<String> notes = new ArrayList<>();

  void note(String n) {
    notes.add(n);
  }

  LogRunSummary summary(LogCursor cursor, String why, Instant started, Instant now) {
    return summary(cursor, why, started, new AlertBook.Changes(0, 0, 0), now);
  }

  LogRunSummary summary(
      LogCursor cursor, String why, Instant started, AlertBook.Changes changes, Instant now) {
    Collection<String> all = new ArrayList<>(notes);
    all.add(why);
    return new LogRunSummary(
        events,
        duplicates,
        pages,
        requests,
        throttled,
        windows,
        cursor.watermark(),
        cursor.watermark() == null ? null : Duration.between(cursor.watermark(), now),
        String.join("; ", all),
        changes,
        Duration.between(started, now));
  }
}
