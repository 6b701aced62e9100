package com.provisioningops.monitoring.jobs;

import java.util.List;

/** Finds the tenant's provisioning jobs, which Graph cannot list directly. */
public interface FleetDiscovery {

  /**
   * Every job of every enterprise app.
   *
   * @throws com.provisioningops.failure.Failure when the apps cannot be listed (a service principal
   *     whose jobs cannot be read is skipped and counted)
   */
  Discovered discover();

  /** A job found, with its app's name. */
  record FoundJob(JobKey key, String appDisplayName) {}

  /**
   * What a discovery found.
   *
   * @param jobs every job found
   * @param apps enterprise apps listed
   * @param unreadApps apps whose jobs could not be read this time
   * @param graphRequests HTTP requests to Graph
   */
  record Discovered(List<FoundJob> jobs, int apps, int unreadApps, int graphRequests) {
    public Discovered {
      jobs = List.copyOf(jobs);
    }
  }
}
