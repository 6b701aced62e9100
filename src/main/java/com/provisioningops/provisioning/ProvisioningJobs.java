package com.provisioningops.provisioning;

import java.time.Clock;

/** Reads synchronization jobs with their health: the connector's "Get job" action. */
public final class ProvisioningJobs {
  private final GraphProvisioning graph;
  private final HealthRules rules;
  private final Clock clock;

  public ProvisioningJobs(GraphProvisioning graph, HealthRules rules, Clock clock) {
    this.graph = graph;
    this.rules = rules;
    this.clock = clock;
  }

  /**
   * One job and its health.
   *
   * @throws GraphFailure when Graph refuses (404 for an unknown job) or fails
   */
  public JobView get(ServicePrincipalId servicePrincipal, JobId jobId) {
    SynchronizationJob job = graph.getJob(servicePrincipal, jobId);
    return new JobView(servicePrincipal.value(), job, rules.assess(job, null, clock.instant()));
  }
}
