package com.provisioningops.monitoring.jobs;

import com.provisioningops.provisioning.JobId;
import com.provisioningops.provisioning.JobWatchlist;
import com.provisioningops.provisioning.ServicePrincipalId;
import com.provisioningops.provisioning.SynchronizationJob;

/** The provisioning core's watchlist, kept in the monitor's job registry. */
public final class RegistryWatchlist implements JobWatchlist {
  private final JobRegistry registry;

  public RegistryWatchlist(JobRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void watch(ServicePrincipalId servicePrincipal, JobId job, String appDisplayName) {
    registry.register(new JobKey(servicePrincipal, job), appDisplayName);
  }

  @Override
  public void pausedByApp(ServicePrincipalId servicePrincipal, JobId job) {
    registry.noteStatus(new JobKey(servicePrincipal, job), SynchronizationJob.StatusCode.Paused);
  }
}
