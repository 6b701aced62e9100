package com.provisioningops.monitoring.logs;

import com.provisioningops.provisioning.ProvisioningEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * One window of the log being read: its events counted per job, each once (events {@code counted}
 * by earlier windows, or seen again in this one, are duplicates), and the ids it saw.
 */
final class LogWindow {
  final SeenEvents counted;
  final SeenEvents seen = SeenEvents.none();
  final Instant after;
  final Instant before;
  final Map<String, LogTally> logs = new HashMap<>();
  long events;
  long duplicates;

  LogWindow(SeenEvents counted, Instant after, Instant before) {
    this.counted = counted;
    this.after = after;
    this.before = before;
  }

  void count(ProvisioningEvent e) {
    if (e.id() == null || e.jobId() == null || e.activityDateTime() == null) {
      return;
    }
    if (counted.contains(e.id()) || !seen.add(e.id(), e.activityDateTime())) {
      duplicates++;
      return;
    }
    logs.computeIfAbsent(e.jobId(), LogTally::new).count(e);
    events++;
  }

  /** Job-buckets this window touched: what its journal costs to store. */
  long cells() {
    return logs.values().stream().mapToLong(LogTally::bucketCount).sum();
  }
}
