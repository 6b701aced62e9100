package com.provisioningops.monitoring.jobs;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The registry's contract in memory, counting snapshot writes. */
public final class MemoryJobRegistry implements JobRegistry {
  private final Map<JobKey, JobRecord> records = new LinkedHashMap<>();
  int writes;
  boolean failNextSave;

  @Override
  public synchronized List<JobRecord> all() {
    return new ArrayList<>(records.values());
  }

  @Override
  public synchronized Optional<JobRecord> find(JobKey key) {
    return Optional.ofNullable(records.get(key));
  }

  @Override
  public synchronized void register(JobKey key, String appDisplayName) {
    records.putIfAbsent(key, JobRecord.registered(key, appDisplayName));
  }

  @Override
  public synchronized void setWatched(JobKey key, boolean watched) {
    JobRecord r = records.getOrDefault(key, JobRecord.registered(key, null));
    records.put(
        key,
        new JobRecord(
            key,
            r.appDisplayName(),
            watched,
            r.health(),
            r.statusCode(),
            r.lastReadAt(),
            r.lastPolledAt(),
            r.readFailure(),
            r.cycleStarts()));
  }

  @Override
  public synchronized void saveSnapshots(Collection<JobRecord> changed) {
    if (failNextSave) {
      failNextSave = false;
      throw new IllegalStateException("process died");
    }
    for (JobRecord r : changed) {
      JobRecord current = records.get(r.key());
      boolean watched = current == null || current.watched();
      records.put(
          r.key(),
          new JobRecord(
              r.key(),
              r.appDisplayName(),
              watched,
              r.health(),
              r.statusCode(),
              r.lastReadAt(),
              r.lastPolledAt(),
              r.readFailure(),
              r.cycleStarts()));
      writes++;
    }
  }

  @Override
  public synchronized void noteStatus(
      JobKey key, com.provisioningops.provisioning.SynchronizationJob.StatusCode code) {
    JobRecord r = records.get(key);
    if (r != null) {
      records.put(
          key,
          new JobRecord(
              key,
              r.appDisplayName(),
              r.watched(),
              r.health(),
              code,
              r.lastReadAt(),
              r.lastPolledAt(),
              r.readFailure(),
              r.cycleStarts()));
    }
  }

  @Override
  public synchronized void unregister(JobKey key) {
    records.remove(key);
  }
}
