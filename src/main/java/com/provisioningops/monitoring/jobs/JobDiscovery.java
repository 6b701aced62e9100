package com.provisioningops.monitoring.jobs;

import com.provisioningops.failure.Failure;
import com.provisioningops.provisioning.GraphProvisioning;
import com.provisioningops.provisioning.LogQuery;
import com.provisioningops.provisioning.Page;
import com.provisioningops.provisioning.ProvisioningEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Adds the tenant's jobs to the registry: what discovery finds among the enterprise apps, and the
 * jobs seen in the last {@code window} of provisioning logs (which catches apps the listing
 * missed), is registered (watched) when the registry does not know it yet; known jobs, watched or
 * not, are left as they are.
 */
public final class JobDiscovery {
  /** Log pages read per run: under the audit logs' limit of 5 requests per 10 seconds. */
  static final int MAX_LOG_PAGES = 4;

  private final FleetDiscovery discovery;
  private final JobRegistry registry;
  private final GraphProvisioning logs;
  private final Duration window;
  private final Clock clock;

  /**
   * @param logs where provisioning logs are read
   * @param window how far back the logs are read each run (the discovery interval)
   */
  public JobDiscovery(
      FleetDiscovery discovery,
      JobRegistry registry,
      GraphProvisioning logs,
      Duration window,
      Clock clock) {
    this.discovery = discovery;
    this.registry = registry;
    this.logs = logs;
    this.window = window;
    this.clock = clock;
  }

  /**
   * What one discovery did.
   *
   * @param found jobs found in the tenant
   * @param registered of those, new to the registry
   */
  public record Summary(
      int apps,
      int found,
      int fromLogs,
      int registered,
      int unreadApps,
      int graphRequests,
      String logsProblem) {
    @Override
    public String toString() {
      return "apps "
          + apps
          + ", jobs found "
          + found
          + " (in logs "
          + fromLogs
          + "), newly watched "
          + registered
          + ", apps not read "
          + unreadApps
          + ", Graph requests "
          + graphRequests
          + (logsProblem == null ? "" : ", logs not read: " + logsProblem);
    }
  }

  public Summary run() {
    FleetDiscovery.Discovered found = discovery.discover();
    Map<JobKey, String> jobs = new LinkedHashMap<>();
    found.jobs().forEach(j -> jobs.put(j.key(), j.appDisplayName()));
    int requests = found.graphRequests();
    int fromLogs = 0;
    String logsProblem = null;
    try {
      LogQuery recent =
          LogQuery.parse(
              null,
              null,
              null,
              null,
              null,
              clock.instant().minus(window).toString(),
              null,
              "100",
              clock.instant());
      String skipToken = null;
      for (int page = 0; page < MAX_LOG_PAGES; page++) {
        Page<ProvisioningEvent> events = logs.provisioningEvents(recent, skipToken);
        requests++;
        for (ProvisioningEvent e : events.value()) {
          Optional<JobKey> key = JobKey.found(e.servicePrincipalId(), e.jobId());
          if (key.isPresent() && !jobs.containsKey(key.get())) {
            jobs.put(key.get(), e.servicePrincipalName());
            fromLogs++;
          }
        }
        if (events.skipToken().isEmpty()) {
          break;
        }
        skipToken = events.skipToken().get();
      }
    } catch (Failure f) {
      // Logs need AuditLog.Read.All and Entra ID P1/P2: without them discovery still works.
      logsProblem = f.detail();
    }
    Set<JobKey> known = new HashSet<>();
    registry.all().forEach(r -> known.add(r.key()));
    int registered = 0;
    for (var job : jobs.entrySet()) {
      if (known.add(job.getKey())) {
        registry.register(job.getKey(), job.getValue());
        registered++;
      }
    }
    return new Summary(
        found.apps(), jobs.size(), fromLogs, registered, found.unreadApps(), requests, logsProblem);
  }
}
