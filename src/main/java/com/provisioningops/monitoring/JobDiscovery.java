package com.provisioningops.monitoring;

import java.util.HashSet;
import java.util.Set;

/**
 * Adds the tenant's jobs to the registry: what discovery finds and the registry does not know yet
 * is registered (watched); known jobs, watched or not, are left as they are.
 */
public final class JobDiscovery {
  private final FleetDiscovery discovery;
  private final JobRegistry registry;

  public JobDiscovery(FleetDiscovery discovery, JobRegistry registry) {
    this.discovery = discovery;
    this.registry = registry;
  }

  /**
   * What one discovery did.
   *
   * @param found jobs found in the tenant
   * @param registered of those, new to the registry
   */
  public record Summary(int apps, int found, int registered, int unreadApps, int graphRequests) {
    @Override
    public String toString() {
      return "apps "
          + apps
          + ", jobs found "
          + found
          + ", newly watched "
          + registered
          + ", apps not read "
          + unreadApps
          + ", Graph requests "
          + graphRequests;
    }
  }

  public Summary run() {
    FleetDiscovery.Discovered found = discovery.discover();
    Set<JobKey> known = new HashSet<>();
    registry.all().forEach(r -> known.add(r.key()));
    int registered = 0;
    for (FleetDiscovery.FoundJob job : found.jobs()) {
      if (known.add(job.key())) {
        registry.register(job.key(), job.appDisplayName());
        registered++;
      }
    }
    return new Summary(
        found.apps(), found.jobs().size(), registered, found.unreadApps(), found.graphRequests());
  }
}
