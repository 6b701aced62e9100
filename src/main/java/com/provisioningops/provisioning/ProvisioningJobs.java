package com.provisioningops.provisioning;

import com.provisioningops.failure.Failure;
import java.time.Clock;

/**
 * Synchronization jobs with their health, and the actions on them: the connector's job actions.
 * Every action answers the job's new state, since Graph answers most of them with an empty 204.
 */
public final class ProvisioningJobs {
  private final GraphProvisioning graph;
  private final HealthRules rules;
  private final JobWatchlist watchlist;
  private final Clock clock;
  private final RateGate onDemand;

  public ProvisioningJobs(
      GraphProvisioning graph, HealthRules rules, JobWatchlist watchlist, Clock clock) {
    this(graph, rules, watchlist, clock, new RateGate(5, java.time.Duration.ofSeconds(10), clock));
  }

  private ProvisioningJobs(
      GraphProvisioning graph,
      HealthRules rules,
      JobWatchlist watchlist,
      Clock clock,
      RateGate onDemand) {
    this.graph = graph;
    this.rules = rules;
    this.watchlist = watchlist;
    this.clock = clock;
    this.onDemand = onDemand;
  }

  /**
   * The same jobs, changed as {@code actor} (see {@link GraphProvisioning#as}); the on-demand rate
   * stays shared.
   */
  public ProvisioningJobs as(Actor actor) {
    return new ProvisioningJobs(graph.as(actor), rules, watchlist, clock, onDemand);
  }

  /**
   * One job and its health.
   *
   * @throws Failure when Graph refuses (404 for an unknown job) or fails
   */
  public JobView get(ServicePrincipalId servicePrincipal, JobId jobId) {
    SynchronizationJob job = graph.getJob(servicePrincipal, jobId);
    return new JobView(
        servicePrincipal.value(), job, rules.assess(job, JobHistory.UNKNOWN, clock.instant()));
  }

  /** Every job of a service principal, each with its health. */
  public java.util.List<JobView> list(ServicePrincipalId servicePrincipal) {
    return graph.listJobs(servicePrincipal).stream()
        .map(
            j ->
                new JobView(
                    servicePrincipal.value(),
                    j,
                    rules.assess(j, JobHistory.UNKNOWN, clock.instant())))
        .toList();
  }

  /**
   * Creates a job from a synchronization template; Graph creates it disabled.
   *
   * @throws Failure.InvalidInput for a missing or malformed template id
   */
  public JobView create(ServicePrincipalId servicePrincipal, CreateJobRequest request) {
    String template =
        request == null || request.templateId() == null ? "" : request.templateId().trim();
    if (!template.matches(CreateJobRequest.TEMPLATE_ID)) {
      throw Failure.invalid(
          "templateId is required: one of the service principal's synchronization templates,"
              + " such as scim.");
    }
    SynchronizationJob job = graph.createJob(servicePrincipal, template);
    watchlist.watch(servicePrincipal, new JobId(job.id()), null);
    return new JobView(
        servicePrincipal.value(), job, rules.assess(job, JobHistory.UNKNOWN, clock.instant()));
  }

  /**
   * Starts a job. Refuses one that is already active unless {@code force}: Microsoft warns that
   * calling start repeatedly can stop the service.
   *
   * @throws Failure.Conflict for an active job without force
   */
  public JobView start(ServicePrincipalId servicePrincipal, JobId job, StartJobRequest request) {
    SynchronizationJob current = graph.getJob(servicePrincipal, job);
    boolean force = request != null && Boolean.TRUE.equals(request.force());
    if (!force
        && current.status() != null
        && current.status().code() == SynchronizationJob.StatusCode.Active) {
      throw new Failure.Conflict(
          "job-already-active",
          "The job is already running",
          "Job "
              + job
              + " is Active, so starting it again does nothing useful, and Microsoft warns"
              + " that repeated starts can stop the service. Send {\"force\": true} to start"
              + " it anyway, or restart it to reset its state.",
          null,
          false);
    }
    graph.start(servicePrincipal, job);
    return get(servicePrincipal, job);
  }

  /** Pauses a job. */
  public JobView pause(ServicePrincipalId servicePrincipal, JobId job) {
    graph.pause(servicePrincipal, job);
    watchlist.pausedByApp(servicePrincipal, job);
    return get(servicePrincipal, job);
  }

  /**
   * Restarts a job, resetting the given scopes; ForceDeletes and Full need {@code
   * confirmDestructive}.
   *
   * @throws Failure.InvalidInput for an unknown scope
   * @throws Failure.Conflict for a destructive scope without confirmation
   */
  public JobView restart(
      ServicePrincipalId servicePrincipal, JobId job, RestartJobRequest request) {
    java.util.Set<String> scopes =
        RestartScopes.parse(request == null ? null : request.resetScope());
    boolean destructive = scopes.contains("ForceDeletes") || scopes.contains("Full");
    if (destructive && (request.confirmDestructive() == null || !request.confirmDestructive())) {
      // A well-formed request the app holds back until confirmed: a conflict with the job's
      // safety, not a malformed request.
      throw new Failure.Conflict(
          "confirmation-required",
          "A destructive restart needs confirmation",
          "ForceDeletes and Full can delete or re-create accounts in the target app. Send"
              + " \"confirmDestructive\": true to go ahead.",
          null,
          false);
    }
    graph.restart(servicePrincipal, job, scopes);
    return get(servicePrincipal, job);
  }

  /**
   * Provisions one user or group now. At most 5 per 10 seconds per job leave the app, as Graph
   * allows; more are refused with 429 and Retry-After.
   *
   * @throws Failure.InvalidInput for a missing object or rule id, 429 past the limit
   */
  public OnDemandResult provisionOnDemand(
      ServicePrincipalId servicePrincipal, JobId job, ProvisionOnDemandRequest request) {
    if (request == null || request.objectId() == null || request.objectId().isBlank()) {
      throw Failure.invalid("objectId is required: the user's or group's object id.");
    }
    if (request.ruleId() == null || request.ruleId().isBlank()) {
      throw Failure.invalid("ruleId is required: the synchronization rule from the job's schema.");
    }
    String type = request.objectTypeName() == null ? "User" : request.objectTypeName();
    if (!type.equals("User") && !type.equals("Group")) {
      throw Failure.invalid("objectTypeName must be User or Group.");
    }
    onDemand.acquire(job.value(), "on-demand provisioning requests per job");
    return graph.provisionOnDemand(
        servicePrincipal,
        job,
        new ProvisionOnDemandRequest(request.objectId().trim(), type, request.ruleId().trim()));
  }
}
