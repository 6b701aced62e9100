package com.provisioningops.adapter.graph;

import com.microsoft.graph.applicationtemplates.item.instantiate.InstantiatePostRequestBody;
import com.microsoft.graph.models.ApplicationServicePrincipal;
import com.microsoft.graph.models.ApplicationTemplateCollectionResponse;
import com.microsoft.graph.models.ProvisioningObjectSummaryCollectionResponse;
import com.microsoft.graph.models.SynchronizationJobCollectionResponse;
import com.microsoft.graph.serviceprincipals.item.synchronization.SynchronizationRequestBuilder;
import com.microsoft.graph.serviceprincipals.item.synchronization.jobs.JobsRequestBuilder;
import com.microsoft.graph.serviceprincipals.item.synchronization.jobs.item.provisionondemand.ProvisionOnDemandPostRequestBody;
import com.microsoft.graph.serviceprincipals.item.synchronization.jobs.item.restart.RestartPostRequestBody;
import com.microsoft.graph.serviceprincipals.item.synchronization.jobs.item.validatecredentials.ValidateCredentialsPostRequestBody;
import com.microsoft.graph.serviceprincipals.item.synchronization.secrets.SecretsPutRequestBody;
import com.microsoft.kiota.ApiException;
import com.microsoft.kiota.RequestInformation;
import com.provisioningops.provisioning.Actor;
import com.provisioningops.provisioning.ApplicationTemplate;
import com.provisioningops.provisioning.Credential;
import com.provisioningops.provisioning.CredentialCheck;
import com.provisioningops.provisioning.GraphProvisioning;
import com.provisioningops.provisioning.InstantiatedApp;
import com.provisioningops.provisioning.JobId;
import com.provisioningops.provisioning.LogQuery;
import com.provisioningops.provisioning.OnDemandResult;
import com.provisioningops.provisioning.Page;
import com.provisioningops.provisioning.ProvisionOnDemandRequest;
import com.provisioningops.provisioning.ProvisioningEvent;
import com.provisioningops.provisioning.ServicePrincipalId;
import com.provisioningops.provisioning.SynchronizationJob;
import com.provisioningops.provisioning.SynchronizationTemplate;
import com.provisioningops.provisioning.TemplateQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Provisioning through Microsoft Graph v1.0.
 *
 * <p>Needs {@code Synchronization.ReadWrite.All} (or {@code Application.ReadWrite.OwnedBy} for apps
 * the app owns).
 *
 * <p>Every method throws {@code Failure}: {@code NotFound} when the service principal or job does
 * not exist, {@code Forbidden} when a permission is missing, {@code Throttled} when Graph still
 * answers 429 after the retry budget, {@code Unavailable} when Graph fails or does not answer.
 */
public final class GraphProvisioningClient implements GraphProvisioning {
  private final GraphConnection graph;

  public GraphProvisioningClient(GraphConnection graph) {
    this.graph = graph;
  }

  /**
   * As a user: the delegated {@code Synchronization.ReadWrite.All} (and role) replace the above.
   */
  @Override
  public GraphProvisioning as(Actor actor) {
    return actor.isUser() ? new GraphProvisioningClient(graph.asUser(actor.token())) : this;
  }

  @Override
  public SynchronizationJob getJob(ServicePrincipalId servicePrincipal, JobId job) {
    // Read as raw JSON into the domain record (JobJson), as the fleet poll does: the SDK's parse
    // nodes load some 200 model classes on a cold instance's first job GET and cost CPU on every
    // later one.
    RequestInformation get =
        synchronization(servicePrincipal)
            .jobs()
            .bySynchronizationJobId(job.value())
            .toGetRequestInformation();
    return GraphErrors.call(
        "Reading job " + job + " of service principal " + servicePrincipal,
        () -> JobJson.read(graph.send(get)));
  }

  @Override
  public List<SynchronizationJob> listJobs(ServicePrincipalId servicePrincipal) {
    JobsRequestBuilder jobs = synchronization(servicePrincipal).jobs();
    String what = "Listing the jobs of service principal " + servicePrincipal;
    List<SynchronizationJob> all = new ArrayList<>();
    SynchronizationJobCollectionResponse page = GraphErrors.call(what, () -> jobs.get());
    while (page != null) {
      if (page.getValue() != null) {
        page.getValue().forEach(j -> all.add(GraphModels.toJob(j)));
      }
      String next = page.getOdataNextLink();
      // Graph's nextLink is followed verbatim: it carries the skip token and every option.
      page = next == null ? null : GraphErrors.call(what, () -> jobs.withUrl(next).get());
    }
    return all;
  }

  @Override
  public void saveCredentials(ServicePrincipalId servicePrincipal, List<Credential> credentials) {
    SecretsPutRequestBody body = GraphRequests.secrets(credentials);
    GraphErrors.call(
        "Saving credentials on service principal " + servicePrincipal,
        () -> synchronization(servicePrincipal).secrets().put(body));
  }

  @Override
  public CredentialCheck validateCredentials(
      ServicePrincipalId servicePrincipal,
      JobId job,
      List<Credential> credentials,
      boolean useSavedCredentials) {
    ValidateCredentialsPostRequestBody body =
        GraphRequests.validation(credentials, useSavedCredentials);
    List<String> keys = credentials.stream().map(Credential::key).toList();
    return GraphErrors.call(
        "Validating credentials of job " + job,
        () -> {
          try {
            synchronization(servicePrincipal)
                .jobs()
                .bySynchronizationJobId(job.value())
                .validateCredentials()
                .post(body);
            return new CredentialCheck(true, null, null, keys);
          } catch (ApiException e) {
            GraphErrors.GraphError error = GraphErrors.error(e);
            // The target app refusing the credentials is an answer, not a failure.
            if (error.status() != 400 && error.status() != 422) {
              throw e;
            }
            return new CredentialCheck(false, error.code(), error.message(), keys);
          }
        });
  }

  @Override
  public Page<ApplicationTemplate> listApplicationTemplates(TemplateQuery query, String skipToken) {
    var templates = graph.client.applicationTemplates();
    return SkipTokens.page(
        graph,
        "Searching the app gallery",
        "/applicationTemplates",
        skipToken,
        () ->
            templates.get(
                r -> {
                  r.queryParameters.filter = query.filter();
                  r.queryParameters.top = query.top();
                }),
        next -> templates.withUrl(next).get(),
        ApplicationTemplateCollectionResponse::getValue,
        GraphModels::toTemplate);
  }

  @Override
  public ApplicationTemplate getApplicationTemplate(String templateId) {
    return GraphModels.toTemplate(
        GraphErrors.call(
            "Reading gallery app " + templateId,
            () -> graph.client.applicationTemplates().byApplicationTemplateId(templateId).get()));
  }

  @Override
  public InstantiatedApp instantiate(String templateId, String displayName) {
    InstantiatePostRequestBody body = new InstantiatePostRequestBody();
    body.setDisplayName(displayName);
    ApplicationServicePrincipal created =
        GraphErrors.call(
            "Adding gallery app " + templateId,
            () ->
                graph
                    .client
                    .applicationTemplates()
                    .byApplicationTemplateId(templateId)
                    .instantiate()
                    .post(body));
    return new InstantiatedApp(
        created.getApplication() == null ? null : created.getApplication().getId(),
        created.getApplication() == null ? null : created.getApplication().getAppId(),
        created.getServicePrincipal() == null ? null : created.getServicePrincipal().getId(),
        displayName,
        created.getApplication() == null || created.getApplication().getCreatedDateTime() == null
            ? null
            : GraphModels.instant(created.getApplication().getCreatedDateTime()));
  }

  /** Needs {@code Application.Read.All} or ownership of the app ({@code ...OwnedBy}). */
  @Override
  public Optional<InstantiatedApp> findInstantiatedApp(
      String templateId, String displayName, Instant createdSince) {
    return new GraphApplications(graph).findInstantiated(templateId, displayName, createdSince);
  }

  @Override
  public List<SynchronizationTemplate> listSynchronizationTemplates(
      ServicePrincipalId servicePrincipal) {
    var response =
        GraphErrors.call(
            "Listing the synchronization templates of service principal " + servicePrincipal,
            () -> synchronization(servicePrincipal).templates().get());
    List<SynchronizationTemplate> templates = new ArrayList<>();
    if (response.getValue() != null) {
      for (var t : response.getValue()) {
        templates.add(
            new SynchronizationTemplate(
                t.getId(),
                t.getApplicationId() == null ? null : t.getApplicationId().toString(),
                Boolean.TRUE.equals(t.getDefault()),
                t.getDescription(),
                t.getFactoryTag()));
      }
    }
    return templates;
  }

  @Override
  public SynchronizationJob createJob(ServicePrincipalId servicePrincipal, String templateId) {
    com.microsoft.graph.models.SynchronizationJob body =
        new com.microsoft.graph.models.SynchronizationJob();
    body.setTemplateId(templateId);
    return GraphModels.toJob(
        GraphErrors.call(
            "Creating a " + templateId + " job on service principal " + servicePrincipal,
            () -> jobs(servicePrincipal).post(body)));
  }

  @Override
  public void start(ServicePrincipalId servicePrincipal, JobId job) {
    GraphErrors.call(
        "Starting job " + job,
        () -> {
          jobs(servicePrincipal).bySynchronizationJobId(job.value()).start().post();
          return null;
        });
  }

  @Override
  public void pause(ServicePrincipalId servicePrincipal, JobId job) {
    GraphErrors.call(
        "Pausing job " + job,
        () -> {
          jobs(servicePrincipal).bySynchronizationJobId(job.value()).pause().post();
          return null;
        });
  }

  @Override
  public void restart(ServicePrincipalId servicePrincipal, JobId job, Set<String> resetScope) {
    RestartPostRequestBody body = GraphRequests.restart(resetScope);
    GraphErrors.call(
        "Restarting job " + job,
        () -> {
          jobs(servicePrincipal).bySynchronizationJobId(job.value()).restart().post(body);
          return null;
        });
  }

  @Override
  public Page<ProvisioningEvent> provisioningEvents(LogQuery query, String skipToken) {
    var logs = graph.client.auditLogs().provisioning();
    return SkipTokens.page(
        graph,
        "Reading provisioning logs",
        "/auditLogs/provisioning",
        skipToken,
        () ->
            logs.get(
                r -> {
                  r.queryParameters.filter = query.graphFilter();
                  r.queryParameters.top = query.top();
                }),
        next -> logs.withUrl(next).get(),
        ProvisioningObjectSummaryCollectionResponse::getValue,
        GraphModels::toEvent);
  }

  @Override
  public OnDemandResult provisionOnDemand(
      ServicePrincipalId servicePrincipal, JobId job, ProvisionOnDemandRequest request) {
    ProvisionOnDemandPostRequestBody body = GraphRequests.onDemand(request);
    var result =
        GraphErrors.call(
            "Provisioning " + request.objectId() + " on demand with job " + job,
            () ->
                jobs(servicePrincipal)
                    .bySynchronizationJobId(job.value())
                    .provisionOnDemand()
                    .post(body));
    return new OnDemandResult(
        result == null ? null : result.getKey(), result == null ? null : result.getValue());
  }

  private JobsRequestBuilder jobs(ServicePrincipalId servicePrincipal) {
    return synchronization(servicePrincipal).jobs();
  }

  private SynchronizationRequestBuilder synchronization(ServicePrincipalId servicePrincipal) {
    return graph
        .client
        .servicePrincipals()
        .byServicePrincipalId(servicePrincipal.value())
        .synchronization();
  }
}
