package com.provisioningops.monitoring.jobs;

import com.provisioningops.provisioning.JobHealth;
import com.provisioningops.provisioning.JobHistory;
import com.provisioningops.provisioning.SynchronizationJob;
import java.time.Instant;
import java.util.List;

/**
 * A job the app knows of, and what the last poll saw of it.
 *
 * @param key the job
 * @param appDisplayName the enterprise app's name, when known
 * @param watched polled when true; unwatched jobs are skipped, not forgotten
 * @param health the verdict of the last successful read; null before the first
 * @param statusCode Graph's status code at the last successful read, to notice a job paused behind
 *     the app's back
 * @param lastReadAt when the saved health was read (polls write a record only when what it says
 *     changed; the poll checkpoint says when the fleet was last polled)
 * @param lastPolledAt when a poll last changed this record
 * @param readFailure why the last poll could not read it; null when it could
 * @param cycleStarts when its recent cycles began, oldest first, as polls saw them: its rhythm
 */
public record JobRecord(
    JobKey key,
    String appDisplayName,
    boolean watched,
    JobHealth health,
    SynchronizationJob.StatusCode statusCode,
    Instant lastReadAt,
    Instant lastPolledAt,
    String readFailure,
    List<Instant> cycleStarts) {

  public JobRecord {
    cycleStarts = cycleStarts == null ? List.of() : List.copyOf(cycleStarts);
  }

  /** A job just registered: watched, never read. */
  public static JobRecord registered(JobKey key, String appDisplayName) {
    return new JobRecord(key, appDisplayName, true, null, null, null, null, null, List.of());
  }

  /** What the polls so far saw, for the rules that judge change over time. */
  public JobHistory history() {
    return new JobHistory(statusCode, health, cycleStarts);
  }

  /**
   * This record after a poll read the job: its new health and status, read {@code now}, and the
   * history the verdict was reached with.
   */
  public JobRecord read(
      JobHealth newHealth, SynchronizationJob.StatusCode code, JobHistory seen, Instant now) {
    return new JobRecord(
        key, appDisplayName, watched, newHealth, code, now, now, null, seen.cycleStarts());
  }

  JobRecord unread(String why, Instant now) {
    return new JobRecord(
        key, appDisplayName, watched, health, statusCode, lastReadAt, now, why, cycleStarts);
  }
}
