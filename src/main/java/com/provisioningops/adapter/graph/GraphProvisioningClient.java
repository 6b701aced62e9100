package com.provisioningops.adapter.graph;

import com.microsoft.graph.applicationtemplates.item.instantiate.InstantiatePostRequestBody;
import com.microsoft.graph.models.ApplicationServicePrincipal;
import com.microsoft.graph.models.ApplicationTemplateCollectionResponse;
import com.microsoft.graph.models.BaseCollectionPaginationCountResponse;
import com.microsoft.graph.models.ProvisioningObjectSummary;
import com.microsoft.graph.models.ProvisioningObjectSummaryCollectionResponse;
import com.microsoft.graph.models.SynchronizationError;
import com.microsoft.graph.models.SynchronizationJobApplicationParameters;
import com.microsoft.graph.models.SynchronizationJobCollectionResponse;
import com.microsoft.graph.models.SynchronizationJobRestartCriteria;
import com.microsoft.graph.models.SynchronizationJobRestartScope;
import com.microsoft.graph.models.SynchronizationJobSubject;
import com.microsoft.graph.models.SynchronizationQuarantine;
import com.microsoft.graph.models.SynchronizationSchedule;
import com.microsoft.graph.models.SynchronizationSecret;
import com.microsoft.graph.models.SynchronizationSecretKeyStringValuePair;
import com.microsoft.graph.models.SynchronizationStatus;
import com.microsoft.graph.models.SynchronizationTaskExecution;
import com.microsoft.graph.serviceprincipals.item.synchronization.jobs.JobsRequestBuilder;
import com.microsoft.graph.serviceprincipals.item.synchronization.jobs.item.provisionondemand.ProvisionOnDemandPostRequestBody;
import com.microsoft.graph.serviceprincipals.item.synchronization.jobs.item.restart.RestartPostRequestBody;
import com.microsoft.graph.serviceprincipals.item.synchronization.jobs.item.validatecredentials.ValidateCredentialsPostRequestBody;
import com.microsoft.graph.serviceprincipals.item.synchronization.secrets.SecretsPutRequestBody;
import com.microsoft.kiota.ApiException;
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
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

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
  /** Graph writes "never" as the smallest date. */
  private static final Instant NEVER_BEFORE = Instant.parse("1900-01-01T00:00:00Z");

  private final GraphConnection graph;

  public GraphProvisioningClient(GraphConnection graph) {
    this.graph = graph;
  }

  @Override
  public SynchronizationJob getJob(ServicePrincipalId servicePrincipal, JobId job) {
    com.microsoft.graph.models.SynchronizationJob found =
        GraphErrors.call(
            "Reading job " + job + " of service principal " + servicePrincipal,
            () ->
                graph
                    .client
                    .servicePrincipals()
                    .byServicePrincipalId(servicePrincipal.value())
                    .synchronization()
                    .jobs()
                    .bySynchronizationJobId(job.value())
                    .get());
    return toJob(found);
  }

  @Override
  public List<SynchronizationJob> listJobs(ServicePrincipalId servicePrincipal) {
    JobsRequestBuilder jobs =
        graph
            .client
            .servicePrincipals()
            .byServicePrincipalId(servicePrincipal.value())
            .synchronization()
            .jobs();
    String what = "Listing the jobs of service principal " + servicePrincipal;
    List<SynchronizationJob> all = new ArrayList<>();
    SynchronizationJobCollectionResponse page = GraphErrors.call(what, () -> jobs.get());
    while (page != null) {
      if (page.getValue() != null) {
        page.getValue().forEach(j -> all.add(toJob(j)));
      }
      String next = page.getOdataNextLink();
      // Graph's nextLink is followed verbatim: it carries the skip token and every option.
      page = next == null ? null : GraphErrors.call(what, () -> jobs.withUrl(next).get());
    }
    return all;
  }

  @Override
  public void saveCredentials(ServicePrincipalId servicePrincipal, List<Credential> credentials) {
    SecretsPutRequestBody body = new SecretsPutRequestBody();
    body.setValue(pairs(credentials));
    GraphErrors.call(
        "Saving credentials on service principal " + servicePrincipal,
        () ->
            graph
                .client
                .servicePrincipals()
                .byServicePrincipalId(servicePrincipal.value())
                .synchronization()
                .secrets()
                .put(body));
  }

  @Override
  public CredentialCheck validateCredentials(
      ServicePrincipalId servicePrincipal,
      JobId job,
      List<Credential> credentials,
      boolean useSavedCredentials) {
    ValidateCredentialsPostRequestBody body = new ValidateCredentialsPostRequestBody();
    body.setCredentials(pairs(credentials));
    body.setUseSavedCredentials(useSavedCredentials);
    List<String> keys = credentials.stream().map(Credential::key).toList();
    return GraphErrors.call(
        "Validating credentials of job " + job,
        () -> {
          try {
            graph
                .client
                .servicePrincipals()
                .byServicePrincipalId(servicePrincipal.value())
                .synchronization()
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

  private static List<SynchronizationSecretKeyStringValuePair> pairs(List<Credential> credentials) {
    List<SynchronizationSecretKeyStringValuePair> pairs = new ArrayList<>();
    for (Credential c : credentials) {
      SynchronizationSecretKeyStringValuePair pair = new SynchronizationSecretKeyStringValuePair();
      pair.setKey(SynchronizationSecret.forValue(c.key()));
      pair.setValue(c.value());
      pairs.add(pair);
    }
    return pairs;
  }

  @Override
  public Page<ApplicationTemplate> listApplicationTemplates(TemplateQuery query, String skipToken) {
    var templates = graph.client.applicationTemplates();
    return page(
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
        GraphProvisioningClient::toTemplate);
  }

  @Override
  public ApplicationTemplate getApplicationTemplate(String templateId) {
    return toTemplate(
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
            : instant(created.getApplication().getCreatedDateTime()));
  }

  /** Needs {@code Application.Read.All} or ownership of the app ({@code ...OwnedBy}). */
  @Override
  public Optional<InstantiatedApp> findInstantiatedApp(
      String templateId, String displayName, Instant createdSince) {
    String name = displayName.replace("'", "''");
    var apps =
        GraphErrors.call(
            "Looking up the app '" + displayName + "'",
            () ->
                graph
                    .client
                    .applications()
                    .get(
                        r -> {
                          r.queryParameters.filter = "displayName eq '" + name + "'";
                          r.queryParameters.select =
                              new String[] {
                                "id",
                                "appId",
                                "displayName",
                                "createdDateTime",
                                "applicationTemplateId"
                              };
                        }));
    if (apps.getValue() == null) {
      return Optional.empty();
    }
    Optional<com.microsoft.graph.models.Application> oldest =
        apps.getValue().stream()
            .filter(a -> templateId.equalsIgnoreCase(a.getApplicationTemplateId()))
            .filter(
                a ->
                    a.getCreatedDateTime() != null
                        && !instant(a.getCreatedDateTime()).isBefore(createdSince))
            .min(java.util.Comparator.comparing(a -> instant(a.getCreatedDateTime())));
    if (oldest.isEmpty()) {
      return Optional.empty();
    }
    var app = oldest.get();
    var sps =
        GraphErrors.call(
            "Looking up the service principal of app " + app.getAppId(),
            () ->
                graph
                    .client
                    .servicePrincipals()
                    .get(
                        r -> {
                          r.queryParameters.filter = "appId eq '" + app.getAppId() + "'";
                          r.queryParameters.select = new String[] {"id", "appId"};
                        }));
    // A service principal not listed yet is still replicating: the caller waits for it.
    String sp =
        sps.getValue() == null || sps.getValue().isEmpty() ? null : sps.getValue().get(0).getId();
    return Optional.of(
        new InstantiatedApp(
            app.getId(), app.getAppId(), sp, displayName, instant(app.getCreatedDateTime())));
  }

  @Override
  public List<SynchronizationTemplate> listSynchronizationTemplates(
      ServicePrincipalId servicePrincipal) {
    var response =
        GraphErrors.call(
            "Listing the synchronization templates of service principal " + servicePrincipal,
            () ->
                graph
                    .client
                    .servicePrincipals()
                    .byServicePrincipalId(servicePrincipal.value())
                    .synchronization()
                    .templates()
                    .get());
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
    return toJob(
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
    EnumSet<SynchronizationJobRestartScope> scopes =
        EnumSet.noneOf(SynchronizationJobRestartScope.class);
    resetScope.forEach(s -> scopes.add(SynchronizationJobRestartScope.forValue(s)));
    SynchronizationJobRestartCriteria criteria = new SynchronizationJobRestartCriteria();
    criteria.setResetScope(scopes);
    RestartPostRequestBody body = new RestartPostRequestBody();
    body.setCriteria(criteria);
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
    return page(
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
        GraphProvisioningClient::toEvent);
  }

  /**
   * One page of a Graph collection: the first, or the one {@code skipToken} (a nextLink of the same
   * resource) points to.
   */
  private <R extends BaseCollectionPaginationCountResponse, S, T> Page<T> page(
      String what,
      String resource,
      String skipToken,
      Supplier<R> first,
      Function<String, R> next,
      Function<R, List<S>> values,
      Function<S, T> map) {
    R response =
        skipToken == null || skipToken.isBlank()
            ? GraphErrors.call(what, first)
            : GraphErrors.call(
                what, () -> next.apply(SkipTokens.nextLink(graph, resource, skipToken)));
    List<T> items = new ArrayList<>();
    List<S> raw = values.apply(response);
    if (raw != null) {
      raw.forEach(item -> items.add(map.apply(item)));
    }
    return new Page<>(items, Optional.ofNullable(response.getOdataNextLink()).map(SkipTokens::of));
  }

  @Override
  public OnDemandResult provisionOnDemand(
      ServicePrincipalId servicePrincipal, JobId job, ProvisionOnDemandRequest request) {
    SynchronizationJobSubject subject = new SynchronizationJobSubject();
    subject.setObjectId(request.objectId());
    subject.setObjectTypeName(request.objectTypeName());
    SynchronizationJobApplicationParameters parameters =
        new SynchronizationJobApplicationParameters();
    parameters.setRuleId(request.ruleId());
    parameters.setSubjects(List.of(subject));
    ProvisionOnDemandPostRequestBody body = new ProvisionOnDemandPostRequestBody();
    body.setParameters(List.of(parameters));
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

  private static ProvisioningEvent toEvent(ProvisioningObjectSummary e) {
    var status = e.getProvisioningStatusInfo();
    var error = status == null ? null : status.getErrorInformation();
    return new ProvisioningEvent(
        e.getId(),
        e.getActivityDateTime() == null ? null : e.getActivityDateTime().toInstant(),
        e.getJobId(),
        e.getCycleId(),
        e.getServicePrincipal() == null ? null : e.getServicePrincipal().getId(),
        e.getServicePrincipal() == null ? null : e.getServicePrincipal().getDisplayName(),
        e.getProvisioningAction() == null ? null : e.getProvisioningAction().getValue(),
        status == null || status.getStatus() == null ? null : status.getStatus().getValue(),
        error == null ? null : error.getErrorCode(),
        error == null || error.getErrorCategory() == null
            ? null
            : error.getErrorCategory().getValue(),
        error == null ? null : error.getReason(),
        error == null ? null : error.getRecommendedAction(),
        e.getSourceIdentity() == null ? null : e.getSourceIdentity().getId(),
        e.getSourceIdentity() == null ? null : e.getSourceIdentity().getDisplayName(),
        e.getTargetIdentity() == null ? null : e.getTargetIdentity().getId(),
        e.getDurationInMilliseconds());
  }

  private JobsRequestBuilder jobs(ServicePrincipalId servicePrincipal) {
    return graph
        .client
        .servicePrincipals()
        .byServicePrincipalId(servicePrincipal.value())
        .synchronization()
        .jobs();
  }

  private static ApplicationTemplate toTemplate(com.microsoft.graph.models.ApplicationTemplate t) {
    return new ApplicationTemplate(
        t.getId(),
        t.getDisplayName(),
        t.getDescription(),
        t.getPublisher(),
        t.getCategories() == null ? List.of() : t.getCategories(),
        t.getHomePageUrl(),
        t.getLogoUrl(),
        t.getSupportedProvisioningTypes() == null ? List.of() : t.getSupportedProvisioningTypes(),
        t.getSupportedSingleSignOnModes() == null ? List.of() : t.getSupportedSingleSignOnModes());
  }

  static SynchronizationJob toJob(com.microsoft.graph.models.SynchronizationJob j) {
    return new SynchronizationJob(
        j.getId(), j.getTemplateId(), toSchedule(j.getSchedule()), toStatus(j.getStatus()));
  }

  private static SynchronizationJob.Schedule toSchedule(SynchronizationSchedule s) {
    if (s == null) {
      return null;
    }
    return new SynchronizationJob.Schedule(
        s.getInterval() == null ? null : s.getInterval().toString(),
        s.getState() == null
            ? null
            : SynchronizationJob.ScheduleState.valueOf(s.getState().getValue()),
        instant(s.getExpiration()));
  }

  private static SynchronizationJob.Status toStatus(SynchronizationStatus s) {
    if (s == null) {
      return null;
    }
    return new SynchronizationJob.Status(
        s.getCode() == null
            ? SynchronizationJob.StatusCode.NotConfigured
            : SynchronizationJob.StatusCode.valueOf(s.getCode().getValue()),
        s.getCountSuccessiveCompleteFailures() == null ? 0 : s.getCountSuccessiveCompleteFailures(),
        Boolean.TRUE.equals(s.getEscrowsPruned()),
        toExecution(s.getLastExecution()),
        toExecution(s.getLastSuccessfulExecution()),
        toExecution(s.getLastSuccessfulExecutionWithExports()),
        toQuarantine(s.getQuarantine()),
        instant(s.getSteadyStateFirstAchievedTime()),
        instant(s.getSteadyStateLastAchievedTime()),
        s.getTroubleshootingUrl());
  }

  private static SynchronizationJob.Quarantine toQuarantine(SynchronizationQuarantine q) {
    if (q == null) {
      return null;
    }
    return new SynchronizationJob.Quarantine(
        instant(q.getCurrentBegan()),
        instant(q.getNextAttempt()),
        q.getReason() == null
            ? SynchronizationJob.QuarantineReason.Unknown
            : SynchronizationJob.QuarantineReason.valueOf(q.getReason().getValue()),
        instant(q.getSeriesBegan()),
        q.getSeriesCount() == null ? 0 : q.getSeriesCount(),
        toError(q.getError()));
  }

  private static SynchronizationJob.TaskExecution toExecution(SynchronizationTaskExecution e) {
    if (e == null) {
      return null;
    }
    return new SynchronizationJob.TaskExecution(
        e.getActivityIdentifier(),
        count(e.getCountEntitled()),
        count(e.getCountEscrowed()),
        count(e.getCountExported()),
        count(e.getCountImported()),
        toError(e.getError()),
        e.getState() == null
            ? null
            : SynchronizationJob.ExecutionResult.valueOf(e.getState().getValue()),
        instant(e.getTimeBegan()),
        instant(e.getTimeEnded()));
  }

  private static SynchronizationJob.SyncError toError(SynchronizationError e) {
    if (e == null || (e.getCode() == null && e.getMessage() == null)) {
      return null;
    }
    return new SynchronizationJob.SyncError(
        e.getCode(), e.getMessage(), Boolean.TRUE.equals(e.getTenantActionable()));
  }

  private static long count(Long value) {
    return value == null ? 0 : value;
  }

  private static Instant instant(OffsetDateTime time) {
    if (time == null) {
      return null;
    }
    Instant instant = time.toInstant();
    return instant.isBefore(NEVER_BEFORE) ? null : instant;
  }
}
