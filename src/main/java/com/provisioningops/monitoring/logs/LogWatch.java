package com.provisioningops.monitoring.logs;

import com.provisioningops.alerts.Sighting;
import com.provisioningops.provisioning.ProvisioningEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Follows particular records through the provisioning logs for the {@link LogMonitor}: it is shown
 * each window's new events of the jobs it follows before the window is committed, so a run that
 * dies in between shows them again (observing must be idempotent), and is asked for its sightings
 * when the monitor judges, at the watermark, so nothing is called missing that was not yet read.
 */
public interface LogWatch {
  /** Jobs whose events it wants, read once per run. */
  Set<String> jobs();

  /**
   * The new events of a window, of the jobs it follows, before the window commits.
   *
   * @throws com.provisioningops.failure.Failure.Unavailable when its store fails: the window is
   *     then not committed, and the next run reads it again
   */
  void observe(List<ProvisioningEvent> events);

  /** What is wrong as of {@code watermark}, by job id (the alert partition). */
  Map<String, List<Sighting>> sightings(Instant watermark);

  /** Follows nothing. */
  LogWatch NONE =
      new LogWatch() {
        @Override
        public Set<String> jobs() {
          return Set.of();
        }

        @Override
        public void observe(List<ProvisioningEvent> events) {}

        @Override
        public Map<String, List<Sighting>> sightings(Instant watermark) {
          return Map.of();
        }
      };
}
