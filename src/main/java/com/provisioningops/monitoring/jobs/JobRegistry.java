package com.provisioningops.monitoring.jobs;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The jobs the app watches, with each one's last snapshot. */
public interface JobRegistry {

  /** Every registered job, watched or not. */
  List<JobRecord> all();

  Optional<JobRecord> find(JobKey key);

  /** Registers a job (watched) unless it is known already; a known job keeps its state. */
  void register(JobKey key, String appDisplayName);

  /** Watches or unwatches a job, registering it first when it is unknown. */
  void setWatched(JobKey key, boolean watched);

  /**
   * Saves what polls saw, batched per service principal. Never changes whether a job is watched, so
   * a poll that read before an unwatch cannot undo it.
   */
  void saveSnapshots(Collection<JobRecord> records);

  /** Records a status the app itself gave a job (a pause), as if a poll had seen it. */
  void noteStatus(JobKey key, com.provisioningops.provisioning.SynchronizationJob.StatusCode code);

  /** Forgets a job that no longer exists. */
  void unregister(JobKey key);
}
