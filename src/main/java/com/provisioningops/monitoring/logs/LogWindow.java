package com.provisioningops.monitoring.logs;

import com.provisioningops.provisioning.ProvisioningEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One window of the log being read: its events counted per job, each once (events {@code counted}
 * by earlier windows, or seen again in this one, are duplicates), the ids it saw, and the new
 * events of the jobs a {@link LogWatch} follows.
 */
final class LogWindow {
  final SeenEvents counted;
  final SeenEvents seen = SeenEvents.none();
  final Instant after;
  final Instant before;
  final Map<String, LogTally> logs = new HashMap<>();
  final List<ProvisioningEvent> watched = new ArrayList<>();
  private final Set<String> watchedJobs;
  long events;
  long duplicates;

  LogWindow(SeenEvents counted, Instant after, Instant before, Set<String> watchedJobs) {
    this.counted = counted;
    this.watchedJobs = watchedJobs;
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
    if (watchedJobs.contains(e.jobId())) {
      watched.add(e);
    }
    events++;
  }

  /** Job-buckets this window touched: what its journal costs to store. */
  long cells() {
    return logs.values().stream().mapToLong(LogTally::bucketCount).sum();
  }
}
