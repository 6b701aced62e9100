package com.provisioningops.monitoring.jobs;

import com.provisioningops.failure.Failure;
import com.provisioningops.provisioning.SynchronizationJob;
import java.util.List;
import java.util.Map;

/** Reads many jobs at once, the way a fleet poll needs: few requests, one answer per job. */
public interface FleetReader {

  /**
   * Reads every job; each key gets a reading, whatever happened to the others.
   *
   * @throws Failure never for a single job's trouble (that is its reading); only when nothing could
   *     be attempted
   */
  FleetRead read(List<JobKey> jobs);

  /**
   * One job's reading: the job, or why it could not be read this time.
   *
   * @param key the job
   * @param job Graph's job, when it was read
   * @param failure why not: {@code NotFound} (deleted), {@code Forbidden} (a permission is
   *     missing), {@code Throttled} (beyond the retry budget), {@code Unavailable}
   */
  record JobReading(JobKey key, SynchronizationJob job, Failure failure) {
    public boolean read() {
      return job != null;
    }
  }

  /**
   * A fleet read and what it cost.
   *
   * @param readings by job
   * @param graphRequests HTTP requests sent to Graph (a {@code $batch} counts once)
   * @param throttledItems items Graph throttled inside a batch, retried or not
   */
  record FleetRead(Map<JobKey, JobReading> readings, int graphRequests, int throttledItems) {
    public FleetRead {
      readings = Map.copyOf(readings);
    }
  }
}
