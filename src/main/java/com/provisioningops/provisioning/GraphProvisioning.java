package com.provisioningops.provisioning;

import com.provisioningops.failure.Failure;

/**
 * What the provisioning core needs from Microsoft Graph. Every method throws {@link Failure} when
 * Graph refuses or cannot be reached.
 */
public interface GraphProvisioning {

  /**
   * This port making its calls as {@code actor}: itself for the app's identity, or on behalf of a
   * signed-in user, whose rights Graph then checks. Never falls back to the app for a user.
   *
   * @throws IllegalStateException for a user when the app is not set up to call Graph as users
   */
  GraphProvisioning as(Actor actor);

  /**
   * Reads one synchronization job.
   *
   * @throws Failure.NotFound when the service principal or job does not exist
   */
  SynchronizationJob getJob(ServicePrincipalId servicePrincipal, JobId job);

  /**
   * Every synchronization job of a service principal, across all of Graph's pages.
   *
   * @throws Failure.NotFound when the service principal does not exist
   */
  java.util.List<SynchronizationJob> listJobs(ServicePrincipalId servicePrincipal);

  /**
   * Saves credentials on the service principal's synchronization ({@code PUT
   * …/synchronization/secrets}).
   */
  void saveCredentials(ServicePrincipalId servicePrincipal, java.util.List<Credential> credentials);

  /**
   * Tests credentials against the target app ({@code validateCredentials}); a refusal by the target
   * app is an invalid check, not a failure.
   */
  CredentialCheck validateCredentials(
      ServicePrincipalId servicePrincipal,
      JobId job,
      java.util.List<Credential> credentials,
      boolean useSavedCredentials);

  /**
   * One page of the app gallery. {@code skipToken} continues a previous page.
   *
   * @throws Failure when Graph refuses the query or fails
   */
  Page<ApplicationTemplate> listApplicationTemplates(TemplateQuery query, String skipToken);

  /** One gallery app. */
  ApplicationTemplate getApplicationTemplate(String templateId);

  /** Adds a gallery app to the tenant: a new application and service principal. */
  InstantiatedApp instantiate(String templateId, String displayName);

  /**
   * The app an earlier {@link #instantiate} call added, found by its display name and template
   * among the applications created since {@code createdSince}; empty when there is none. When
   * several match (somebody added the same app under the same name at the same time), the oldest.
   */
  java.util.Optional<InstantiatedApp> findInstantiatedApp(
      String templateId, String displayName, java.time.Instant createdSince);

  /** The synchronization templates a service principal offers. */
  java.util.List<SynchronizationTemplate> listSynchronizationTemplates(
      ServicePrincipalId servicePrincipal);

  /** Creates a (disabled) job from a synchronization template. */
  SynchronizationJob createJob(ServicePrincipalId servicePrincipal, String templateId);

  /** Starts a job. */
  void start(ServicePrincipalId servicePrincipal, JobId job);

  /** Pauses a job. */
  void pause(ServicePrincipalId servicePrincipal, JobId job);

  /** Restarts a job, resetting the given scopes ({@code synchronizationJobRestartScope} names). */
  void restart(ServicePrincipalId servicePrincipal, JobId job, java.util.Set<String> resetScope);

  /** One page of provisioning events for the Graph-side filters of {@code query}. */
  Page<ProvisioningEvent> provisioningEvents(LogQuery query, String skipToken);

  /** Provisions one user or group now. */
  OnDemandResult provisionOnDemand(
      ServicePrincipalId servicePrincipal, JobId job, ProvisionOnDemandRequest request);
}
